package oracle

// The generator: valid, of the habits the tests rely on, and exercising
// every clause of docs/questions.md and docs/health.md.

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
)

func TestRandomOrgsAreValid(t *testing.T) {
	for seed := range seeds {
		s := seedOrg(seed)
		require.Empty(t, Validate(s, DefaultLengths), "seed %d", seed)
		require.Empty(t, generatorHabits(s), "seed %d", seed)
	}
	assert.Equal(t, seedOrg(7), seedOrg(7), "the same seed, the same org")
}

// generatorHabits lists where s departs from what RandomOrg promises beyond
// validity: times on Instants, limits on LimitGrid, volumes and rates on
// their grids (so sums are exact), no touchpoint escalating to itself.
func generatorHabits(s *graph.Snapshot) []string {
	var out []string
	for _, x := range s.Mandates {
		for _, at := range []*time.Time{x.ValidFrom, x.ValidUntil} {
			if at != nil && !slices.Contains(Instants, *at) {
				out = append(out, fmt.Sprintf("mandate %s: a time off the grid", x.ID))
			}
		}
		if x.Limit != nil && !slices.Contains(LimitGrid, *x.Limit) {
			out = append(out, fmt.Sprintf("mandate %s: a limit off the grid", x.ID))
		}
	}
	for _, tp := range s.Touchpoints {
		if slices.Contains(tp.EscalatesTo, tp.ID) {
			out = append(out, fmt.Sprintf("touchpoint %s escalates to itself", tp.ID))
		}
		for _, h := range tp.Handles {
			if !slices.Contains(Volumes, h.Volume) || !slices.Contains(Rates, h.SelfServiceRate) {
				out = append(out, fmt.Sprintf("touchpoint %s: a volume or rate off the grid", tp.ID))
			}
		}
	}
	return out
}

func TestQueryTimesAndAmounts(t *testing.T) {
	s := &graph.Snapshot{Mandates: []graph.Mandate{validIn(withLimit(personMandate("x", "m", "p"), 250), ptr(time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)), nil)}}
	ts := QueryTimes(s)
	for _, want := range append(slices.Clone(Instants), time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)) {
		assert.Contains(t, ts, want)
		assert.Contains(t, ts, want.Add(-time.Second))
	}
	assert.True(t, ts[0].Before(Instants[0]))
	assert.True(t, ts[len(ts)-1].After(Instants[len(Instants)-1]))
	for i := 1; i < len(ts); i++ {
		assert.True(t, ts[i-1].Before(ts[i]), "sorted, no duplicates")
	}
	as := QueryAmounts(s)
	require.Nil(t, as[0])
	var vals []float64
	for _, a := range as[1:] {
		vals = append(vals, *a)
	}
	for _, want := range []float64{0, 0.01, 100, 100.01, 250, 250.01, 5000, 5000.01} {
		assert.Contains(t, vals, want)
	}
}

func TestRandomOrgsExerciseTheSpec(t *testing.T) {
	if testing.Short() {
		t.Skip("walks 200 orgs")
	}
	seen := map[string]int{}
	see := func(feature string, cond bool) {
		if cond {
			seen[feature]++
		} else if _, ok := seen[feature]; !ok {
			seen[feature] = 0
		}
	}
	healthTimes := []time.Time{mid24, y2026.AddDate(0, 6, 0)}
	for seed := range seeds {
		s := seedOrg(seed)
		o := New(s)
		active := o.Active

		see("a person and a team share an id", slices.ContainsFunc(s.People, func(p graph.Person) bool { return o.teams[p.ID] != nil }))
		see("inactive person", slices.ContainsFunc(s.People, func(p graph.Person) bool { return !p.Active }))
		see("inactive manager of an active person", slices.ContainsFunc(s.People, func(p graph.Person) bool {
			return p.Active && p.Manager != nil && !active(*p.Manager)
		}))
		see("inactive person holder", slices.ContainsFunc(s.Mandates, func(x graph.Mandate) bool {
			return x.Holder.Type == graph.HolderPerson && !active(x.Holder.ID)
		}))
		see("inactive staff", slices.ContainsFunc(s.Touchpoints, func(tp graph.Touchpoint) bool {
			return slices.ContainsFunc(tp.StaffedBy, func(h graph.Holder) bool { return h.Type == graph.HolderPerson && !active(h.ID) })
		}))
		see("team staff", slices.ContainsFunc(s.Touchpoints, func(tp graph.Touchpoint) bool {
			return slices.ContainsFunc(tp.StaffedBy, func(h graph.Holder) bool { return h.Type == graph.HolderTeam })
		}))
		see("self-service touchpoint with neither staff nor escalation", slices.ContainsFunc(s.Touchpoints, func(tp graph.Touchpoint) bool {
			return tp.SelfService && len(tp.StaffedBy) == 0 && len(tp.EscalatesTo) == 0
		}))
		see("person in a team and its sub-team", slices.ContainsFunc(s.Memberships, func(m graph.Membership) bool {
			p := o.teams[m.Team].Parent
			return p != nil && slices.Contains(s.Memberships, graph.Membership{Person: m.Person, Team: *p, Role: graph.RoleMember}) ||
				p != nil && slices.Contains(s.Memberships, graph.Membership{Person: m.Person, Team: *p, Role: graph.RoleLead})
		}))
		see("person in 3 teams", slices.ContainsFunc(s.People, func(p graph.Person) bool {
			n := 0
			for _, m := range s.Memberships {
				if m.Person == p.ID {
					n++
				}
			}
			return n >= 3
		}))
		h0 := o.Health(mid24)
		see("team tree 4 deep", h0.UnitDepth == 4)
		see("matter tree 3 deep", slices.ContainsFunc(s.Matters, func(m graph.Matter) bool {
			return m.Parent != nil && o.matters[*m.Parent].Parent != nil
		}))
		see("layers ≥ 4", h0.Layers >= 4)
		see("span median between two counts", h0.SpanOfControl.Median != nil && *h0.SpanOfControl.Median != float64(int(*h0.SpanOfControl.Median)))

		maxLinks := 0
		for _, x := range s.Mandates {
			n := 0
			for cur := x; cur.DelegatedFrom != nil; n++ {
				cur = *o.mandates[*cur.DelegatedFrom]
			}
			maxLinks = max(maxLinks, n)
		}
		see("delegation chain ≥ 3", maxLinks >= 3)
		see("delegation chain of 4", maxLinks == 4)
		see("team-held mandate", slices.ContainsFunc(s.Mandates, func(x graph.Mandate) bool { return x.Holder.Type == graph.HolderTeam }))
		see("person-held mandate", slices.ContainsFunc(s.Mandates, func(x graph.Mandate) bool { return x.Holder.Type == graph.HolderPerson }))
		see("unlimited mandate", slices.ContainsFunc(s.Mandates, func(x graph.Mandate) bool { return x.Limit == nil }))
		see("limit 0", slices.ContainsFunc(s.Mandates, func(x graph.Mandate) bool { return x.Limit != nil && *x.Limit == 0 }))
		see("strictly shrinking delegated limit", slices.ContainsFunc(s.Mandates, func(x graph.Mandate) bool {
			if x.DelegatedFrom == nil || x.Limit == nil {
				return false
			}
			source := o.EffectiveLimit(*x.DelegatedFrom)
			return source != nil && *x.Limit < *source
		}))
		see("expired source", slices.ContainsFunc(s.Mandates, func(x graph.Mandate) bool {
			return x.DelegatedFrom != nil && slices.ContainsFunc(QueryTimes(s), func(at time.Time) bool {
				own := (x.ValidFrom == nil || !at.Before(*x.ValidFrom)) && (x.ValidUntil == nil || at.Before(*x.ValidUntil))
				return own && !o.Effective(x.ID, at)
			})
		}))
		see("TEAM grant through a sub-team", slices.ContainsFunc(s.Matters, func(m graph.Matter) bool {
			for _, a := range o.WhoCanAct(m.ID, nil, mid24) {
				for _, g := range a.Grants {
					if g.Via == ViaTeam && !slices.Contains(s.Memberships, graph.Membership{Person: a.Person, Team: g.Team, Role: graph.RoleMember}) &&
						!slices.Contains(s.Memberships, graph.Membership{Person: a.Person, Team: g.Team, Role: graph.RoleLead}) {
						return true
					}
				}
			}
			return false
		}))
		see("escalation cycle", hasEscalationCycle(s))
		see("volume 0", slices.ContainsFunc(s.Touchpoints, func(tp graph.Touchpoint) bool {
			return slices.ContainsFunc(tp.Handles, func(h graph.Handling) bool { return h.Volume == 0 })
		}))
		see("rate 0 and rate 1", slices.ContainsFunc(s.Touchpoints, func(tp graph.Touchpoint) bool {
			return slices.ContainsFunc(tp.Handles, func(h graph.Handling) bool { return h.SelfServiceRate == 0 })
		}) && slices.ContainsFunc(s.Touchpoints, func(tp graph.Touchpoint) bool {
			return slices.ContainsFunc(tp.Handles, func(h graph.Handling) bool { return h.SelfServiceRate == 1 })
		}))
		for _, at := range healthTimes {
			h := o.Health(at)
			see("nil distance", slices.ContainsFunc(h.Handlings, func(hh HandlingHealth) bool { return hh.Distance == nil }))
			see("distance 1", slices.ContainsFunc(h.Handlings, func(hh HandlingHealth) bool { return hh.Distance != nil && *hh.Distance == 1 }))
			see("distance ≥ 3", slices.ContainsFunc(h.Handlings, func(hh HandlingHealth) bool { return hh.Distance != nil && *hh.Distance >= 3 }))
			see("front line can act", slices.ContainsFunc(h.Handlings, func(hh HandlingHealth) bool { return hh.FrontLineCanAct }))
			see("orphan matter", len(h.OrphanMatters) > 0)
			see("single-actor matter", len(h.SingleActorMatters) > 0)
			see("empowerment strictly between 0 and 1", h.Empowerment != nil && *h.Empowerment > 0 && *h.Empowerment < 1)
		}
	}
	t.Logf("features over %d orgs: %v", seeds, seen)
	for feature, n := range seen {
		assert.Positive(t, n, "no generated org has: %s", feature)
	}
}

func hasEscalationCycle(s *graph.Snapshot) bool {
	o := New(s)
	for _, tp := range s.Touchpoints {
		// can tp reach itself by escalations?
		seen := map[string]bool{}
		stack := slices.Clone(tp.EscalatesTo)
		for len(stack) > 0 {
			cur := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if cur == tp.ID {
				return true
			}
			if !seen[cur] {
				seen[cur] = true
				stack = append(stack, o.touchpoints[cur].EscalatesTo...)
			}
		}
	}
	return false
}
