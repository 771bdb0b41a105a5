package oracle

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/orgnet/orgnet/graph"
)

// RandomStep is a random scenario step over org (docs/scenarios.md): one to
// four of the things a reorganization planner does — move a person to
// another manager or deactivate them, move a team, hand a mandate to
// another holder, change its limit, grant a new one (often delegated),
// restaff a touchpoint or change what it handles, add a new person in a
// team, add or remove memberships, delete an entity. Each is drawn from
// what org holds, so most steps are valid; some are not (a manager cycle,
// a widened delegated limit, a deletion others still refer to), and the
// tests count on both. n numbers the ids of new entities, so that they
// differ from step to step; now and then a new id is one org already has.
func RandomStep(rng *rand.Rand, org *graph.Snapshot, n int) graph.ScenarioStep {
	var st graph.ScenarioStep
	people, teams, matters, mandates, tps := org.People, org.Teams, org.Matters, org.Mandates, org.Touchpoints
	newID := func(prefix string, existing []string) string {
		if len(existing) > 0 && rng.IntN(12) == 0 {
			return pick(rng, existing)
		}
		return fmt.Sprintf("%s-new%d-%d", prefix, n, rng.IntN(1000))
	}
	holder := func() graph.Holder {
		if len(teams) > 0 && (len(people) == 0 || rng.IntN(2) == 0) {
			return graph.Holder{Type: graph.HolderTeam, ID: pick(rng, teams).ID}
		}
		return graph.Holder{Type: graph.HolderPerson, ID: pick(rng, people).ID}
	}
	for range 1 + rng.IntN(4) {
		switch r := rng.IntN(13); {
		case r == 0 && len(people) > 1: // another manager, or none
			p := pick(rng, people)
			if rng.IntN(4) == 0 {
				p.Manager = nil
			} else {
				p.Manager = ptr(pick(rng, people).ID)
			}
			st.Upsert.People = append(st.Upsert.People, p)
		case r == 1 && len(people) > 0: // deactivated or back
			p := pick(rng, people)
			p.Active = !p.Active
			st.Upsert.People = append(st.Upsert.People, p)
		case r == 2 && len(teams) > 1: // a team moved
			t := pick(rng, teams)
			if rng.IntN(4) == 0 {
				t.Parent = nil
			} else {
				t.Parent = ptr(pick(rng, teams).ID)
			}
			st.Upsert.Teams = append(st.Upsert.Teams, t)
		case r == 3 && len(mandates) > 0 && len(people)+len(teams) > 0: // a mandate handed on
			x := pick(rng, mandates)
			x.Holder = holder()
			st.Upsert.Mandates = append(st.Upsert.Mandates, x)
		case r == 4 && len(mandates) > 0: // a limit changed, or lifted
			x := pick(rng, mandates)
			if rng.IntN(4) == 0 {
				x.Limit = nil
			} else {
				x.Limit = ptr(pick(rng, LimitGrid))
			}
			st.Upsert.Mandates = append(st.Upsert.Mandates, x)
		case r == 5 && len(matters) > 0 && len(people)+len(teams) > 0: // a new mandate
			x := graph.Mandate{ID: newID("x", ids(mandates, graph.Mandate.Key)), Name: "Granted in a scenario", Holder: holder()}
			if len(mandates) > 0 && rng.IntN(2) == 0 {
				src := pick(rng, mandates)
				x.DelegatedFrom = ptr(src.ID)
				x.Matter = src.Matter
				if src.Limit != nil || rng.IntN(3) == 0 {
					x.Limit = ptr(pick(rng, LimitGrid))
				}
			} else {
				x.Matter = pick(rng, matters).ID
				if rng.IntN(2) == 0 {
					x.Limit = ptr(pick(rng, LimitGrid))
				}
			}
			st.Upsert.Mandates = append(st.Upsert.Mandates, x)
		case r == 6 && len(tps) > 0 && len(people)+len(teams) > 0: // restaffed
			tp := pick(rng, tps)
			tp.StaffedBy = nil
			for range rng.IntN(3) {
				if h := holder(); !slices.Contains(tp.StaffedBy, h) {
					tp.StaffedBy = append(tp.StaffedBy, h)
				}
			}
			st.Upsert.Touchpoints = append(st.Upsert.Touchpoints, tp)
		case r == 7 && len(tps) > 0 && len(matters) > 0: // handles more, or other volumes
			tp := pick(rng, tps)
			tp.Handles = slices.Clone(tp.Handles)
			m := pick(rng, matters).ID
			i := slices.IndexFunc(tp.Handles, func(h graph.Handling) bool { return h.Matter == m })
			h := graph.Handling{Matter: m, Volume: pick(rng, Volumes), SelfServiceRate: pick(rng, Rates)}
			if i < 0 {
				tp.Handles = append(tp.Handles, h)
			} else {
				tp.Handles[i] = h
			}
			st.Upsert.Touchpoints = append(st.Upsert.Touchpoints, tp)
		case r == 8 && len(teams) > 0: // a new person in a team
			p := graph.Person{ID: newID("p", ids(people, graph.Person.Key)), Name: "Hired in a scenario", Active: true}
			if len(people) > 0 && rng.IntN(3) != 0 {
				p.Manager = ptr(pick(rng, people).ID)
			}
			st.Upsert.People = append(st.Upsert.People, p)
			st.Upsert.Memberships = append(st.Upsert.Memberships, graph.Membership{Person: p.ID, Team: pick(rng, teams).ID, Role: graph.RoleMember})
		case r == 9 && len(people) > 0 && len(teams) > 0: // joins a team, or changes role
			role := graph.RoleMember
			if rng.IntN(4) == 0 {
				role = graph.RoleLead
			}
			st.Upsert.Memberships = append(st.Upsert.Memberships, graph.Membership{Person: pick(rng, people).ID, Team: pick(rng, teams).ID, Role: role})
		case r == 10 && len(org.Memberships) > 0: // leaves a team
			m := pick(rng, org.Memberships)
			if rng.IntN(2) == 0 {
				st.RemoveMemberships = append(st.RemoveMemberships, m.Key())
			} else {
				st.Delete = append(st.Delete, graph.EntityKey{Type: graph.EntityMembership, ID: graph.MembershipID(m.Person, m.Team)})
			}
		case r == 11: // an entity deleted: often refused while others refer to it
			var choices []graph.EntityKey
			for _, x := range mandates {
				choices = append(choices, graph.EntityKey{Type: graph.EntityMandate, ID: x.ID})
			}
			for _, p := range people {
				choices = append(choices, graph.EntityKey{Type: graph.EntityPerson, ID: p.ID})
			}
			for _, tp := range tps {
				choices = append(choices, graph.EntityKey{Type: graph.EntityTouchpoint, ID: tp.ID})
			}
			for _, m := range matters {
				choices = append(choices, graph.EntityKey{Type: graph.EntityMatter, ID: m.ID})
			}
			for _, t := range teams {
				choices = append(choices, graph.EntityKey{Type: graph.EntityTeam, ID: t.ID})
			}
			if len(choices) > 0 {
				st.Delete = append(st.Delete, pick(rng, choices))
			}
		case r == 12 && len(matters) > 1: // a matter moved
			m := pick(rng, matters)
			m.Parent = ptr(pick(rng, matters).ID)
			st.Upsert.Matters = append(st.Upsert.Matters, m)
		}
	}
	return dedupStep(st)
}

// dedupStep keeps the last of each entity a step upserts twice, and drops
// removals of what it upserts: a step names each entity once.
func dedupStep(st graph.ScenarioStep) graph.ScenarioStep {
	st.Upsert.People = lastByID(st.Upsert.People, graph.Person.Key)
	st.Upsert.Teams = lastByID(st.Upsert.Teams, graph.Team.Key)
	st.Upsert.Matters = lastByID(st.Upsert.Matters, graph.Matter.Key)
	st.Upsert.Mandates = lastByID(st.Upsert.Mandates, graph.Mandate.Key)
	st.Upsert.Touchpoints = lastByID(st.Upsert.Touchpoints, graph.Touchpoint.Key)
	st.Upsert.Memberships = lastByID(st.Upsert.Memberships, func(m graph.Membership) string { return graph.MembershipID(m.Person, m.Team) })
	upserted := map[graph.EntityKey]bool{}
	for _, k := range (graph.ScenarioStep{Upsert: st.Upsert}).Touches() {
		upserted[k] = true
	}
	st.Delete = lastByID(slices.DeleteFunc(st.Delete, func(k graph.EntityKey) bool { return upserted[k] }),
		func(k graph.EntityKey) string { return string(k.Type) + "\x00" + k.ID })
	st.RemoveMemberships = lastByID(slices.DeleteFunc(st.RemoveMemberships, func(k graph.MembershipKey) bool {
		return upserted[graph.EntityKey{Type: graph.EntityMembership, ID: graph.MembershipID(k.Person, k.Team)}]
	}), func(k graph.MembershipKey) string { return graph.MembershipID(k.Person, k.Team) })
	for _, d := range st.Delete { // a membership named both ways is named once
		if d.Type == graph.EntityMembership {
			st.RemoveMemberships = slices.DeleteFunc(st.RemoveMemberships, func(k graph.MembershipKey) bool { return graph.MembershipID(k.Person, k.Team) == d.ID })
		}
	}
	return st
}

func lastByID[T any](items []T, key func(T) string) []T {
	var out []T
	at := map[string]int{}
	for _, it := range items {
		if i, ok := at[key(it)]; ok {
			out[i] = it
			continue
		}
		at[key(it)] = len(out)
		out = append(out, it)
	}
	return out
}

func ids[T any](items []T, key func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = key(it)
	}
	return out
}

// ApplyStep is what a scenario step leaves of org (docs/scenarios.md): a
// MERGE of its upsert (Merge), then its removals, a removed person or team
// taking its memberships along. It checks nothing: Validate says whether
// the result is a valid org, and Missing whether the step removes what is
// not there.
func ApplyStep(org *graph.Snapshot, st graph.ScenarioStep) *graph.Snapshot {
	out := Merge(org, &st.Upsert)
	gone := map[graph.EntityKey]bool{}
	for _, d := range st.Delete {
		gone[d] = true
	}
	for _, m := range st.RemoveMemberships {
		gone[graph.EntityKey{Type: graph.EntityMembership, ID: graph.MembershipID(m.Person, m.Team)}] = true
	}
	keep := func(t graph.EntityType) func(id string) bool {
		return func(id string) bool { return !gone[graph.EntityKey{Type: t, ID: id}] }
	}
	out.People = filter(out.People, func(p graph.Person) bool { return keep(graph.EntityPerson)(p.ID) })
	out.Teams = filter(out.Teams, func(t graph.Team) bool { return keep(graph.EntityTeam)(t.ID) })
	out.Matters = filter(out.Matters, func(m graph.Matter) bool { return keep(graph.EntityMatter)(m.ID) })
	out.Mandates = filter(out.Mandates, func(x graph.Mandate) bool { return keep(graph.EntityMandate)(x.ID) })
	out.Touchpoints = filter(out.Touchpoints, func(tp graph.Touchpoint) bool { return keep(graph.EntityTouchpoint)(tp.ID) })
	out.Memberships = filter(out.Memberships, func(m graph.Membership) bool {
		return keep(graph.EntityPerson)(m.Person) && keep(graph.EntityTeam)(m.Team) &&
			keep(graph.EntityMembership)(graph.MembershipID(m.Person, m.Team))
	})
	return out
}

// Missing lists what st removes that org does not hold.
func Missing(org *graph.Snapshot, st graph.ScenarioStep) []graph.EntityKey {
	have := map[graph.EntityKey]bool{}
	for _, p := range org.People {
		have[graph.EntityKey{Type: graph.EntityPerson, ID: p.ID}] = true
	}
	for _, t := range org.Teams {
		have[graph.EntityKey{Type: graph.EntityTeam, ID: t.ID}] = true
	}
	for _, m := range org.Matters {
		have[graph.EntityKey{Type: graph.EntityMatter, ID: m.ID}] = true
	}
	for _, x := range org.Mandates {
		have[graph.EntityKey{Type: graph.EntityMandate, ID: x.ID}] = true
	}
	for _, tp := range org.Touchpoints {
		have[graph.EntityKey{Type: graph.EntityTouchpoint, ID: tp.ID}] = true
	}
	for _, m := range org.Memberships {
		have[graph.EntityKey{Type: graph.EntityMembership, ID: graph.MembershipID(m.Person, m.Team)}] = true
	}
	var out []graph.EntityKey
	for _, d := range st.Delete {
		if !have[d] {
			out = append(out, d)
		}
	}
	for _, m := range st.RemoveMemberships {
		if k := (graph.EntityKey{Type: graph.EntityMembership, ID: graph.MembershipID(m.Person, m.Team)}); !have[k] {
			out = append(out, k)
		}
	}
	return out
}

func filter[T any](items []T, keep func(T) bool) []T {
	out := make([]T, 0, len(items))
	for _, it := range items {
		if keep(it) {
			out = append(out, it)
		}
	}
	return out
}
