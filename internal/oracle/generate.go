package oracle

// Random valid organizations for the randomized tests, and the instants and
// amounts worth asking them about.

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// Instants are the only instants the validity windows of generated orgs
// are drawn from, so that tests can ask exactly at a boundary.
var Instants = []time.Time{
	time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
	time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
	time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
}

// LimitGrid are the only limits of generated orgs, so that tests can ask
// exactly at a limit.
var LimitGrid = []float64{0, 100, 500, 1000, 5000}

// Volumes and Rates are the only handling volumes and self-service rates of
// generated orgs: volumes are integers and rates binary fractions, so
// residuals (volume × (1 − rate)) and their sums are exact in float64.
var (
	Volumes = []float64{0, 10, 40, 100, 250}
	Rates   = []float64{0, 0.25, 0.5, 0.75, 1}
)

// QueryTimes are the instants worth asking s at: before and after everything,
// every validity boundary of the org and of Instants exactly, one second
// before each, and the midpoints between consecutive boundaries.
func QueryTimes(s *graph.Snapshot) []time.Time {
	var bounds []time.Time
	bounds = append(bounds, Instants...)
	for _, x := range s.Mandates {
		for _, t := range []*time.Time{x.ValidFrom, x.ValidUntil} {
			if t != nil {
				bounds = append(bounds, t.UTC())
			}
		}
	}
	sort.Slice(bounds, func(i, j int) bool { return bounds[i].Before(bounds[j]) })
	bounds = slices.CompactFunc(bounds, func(a, b time.Time) bool { return a.Equal(b) })
	out := []time.Time{bounds[0].AddDate(-1, 0, 0)}
	for i, b := range bounds {
		out = append(out, b.Add(-time.Second), b)
		if i+1 < len(bounds) {
			out = append(out, b.Add(bounds[i+1].Sub(b)/2))
		}
	}
	out = append(out, bounds[len(bounds)-1].AddDate(1, 0, 0))
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return slices.CompactFunc(out, func(a, b time.Time) bool { return a.Equal(b) })
}

// QueryAmounts are the amounts worth asking s with: none, 0, every limit value
// of the grid and of the org exactly and 0.01 above it, and a large amount.
func QueryAmounts(s *graph.Snapshot) []*float64 {
	vals := append([]float64{}, LimitGrid...)
	for _, x := range s.Mandates {
		if x.Limit != nil {
			vals = append(vals, *x.Limit)
		}
	}
	n := len(vals)
	for _, v := range vals[:n] {
		vals = append(vals, v+0.01)
	}
	vals = append(vals, 0, 1e6)
	sort.Float64s(vals)
	vals = slices.Compact(vals)
	out := []*float64{nil}
	for _, v := range vals {
		out = append(out, &v)
	}
	return out
}

func ptr[T any](v T) *T                    { return &v }
func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// RandomOrg is a random org, valid per docs/writes.md, of about size people
// (tests use 5–40). It is built so that every clause of docs/questions.md and docs/health.md is
// exercised with high probability: team trees 1–4 deep; people in several
// teams including a team and its sub-team; ~15 % inactive people (managers,
// holders and staff among them); matter trees up to 3 deep; person- and
// team-held mandates; delegation chains of up to 4 delegations with
// non-increasing limits; limits absent and present, drawn from LimitGrid;
// validity windows on Instants; touchpoints with and without staff (people
// and teams), escalations including cycles, self-service touchpoints with
// neither staff nor escalation; volumes including 0 and rates including 0
// and 1. Ids are shuffled against the structure, the lists are shuffled (so
// references point forward as well as back), and in about a quarter of the
// orgs every entity type uses the same ids ("id01", …), so that a person, a
// team, a matter and a touchpoint share an id.
func RandomOrg(rng *rand.Rand, size int) *graph.Snapshot {
	size = max(size, 1)
	shared := rng.IntN(4) == 0
	ids := func(prefix string, n int) []string {
		if shared {
			prefix = "id"
		}
		out := make([]string, n)
		for i, k := range rng.Perm(n) {
			out[i] = fmt.Sprintf("%s%02d", prefix, k+1)
		}
		return out
	}
	o := &graph.Snapshot{}

	// People; person i's manager is an earlier person, so managers have no cycle.
	pids := ids("p", size)
	for i := range size {
		p := graph.Person{ID: pids[i], Name: fmt.Sprintf("Person %d", i+1), Active: rng.IntN(100) >= 15}
		if rng.IntN(2) == 0 {
			p.Email = ptr(fmt.Sprintf("person%d@example.org", i+1))
		}
		if rng.IntN(3) == 0 {
			p.Title = ptr(pick(rng, []string{"Advisor", "Lead", "Director", "Specialist"}))
		}
		if i > 0 && rng.IntN(10) < 8 {
			j := rng.IntN(i) // any earlier person, or, for deep chains, a recent one
			if rng.IntN(2) == 0 {
				j = i - 1 - rng.IntN(min(i, 3))
			}
			p.Manager = ptr(pids[j])
		}
		o.People = append(o.People, p)
	}

	// Teams: a forest at most 4 teams deep; team i's parent is an earlier team.
	nTeams := 2 + size/4
	tids := ids("t", nTeams)
	teamDepth := make([]int, nTeams)
	for i := range nTeams {
		t := graph.Team{ID: tids[i], Name: fmt.Sprintf("Team %d", i+1), Kind: graph.TeamKindUnit}
		if rng.IntN(5) < 2 {
			t.Kind = graph.TeamKindTeam
		}
		teamDepth[i] = 1
		if i > 0 && rng.IntN(4) != 0 {
			var eligible []int
			for j := range i {
				if teamDepth[j] < 4 {
					eligible = append(eligible, j)
				}
			}
			j := pick(rng, eligible)
			if rng.IntN(2) == 0 { // prefer the deepest eligible: deep trees
				for _, k := range eligible {
					if teamDepth[k] > teamDepth[j] {
						j = k
					}
				}
			}
			t.Parent = ptr(tids[j])
			teamDepth[i] = teamDepth[j] + 1
		}
		o.Teams = append(o.Teams, t)
	}

	// Memberships: each person in 0–3 distinct teams; often a team and one of
	// its sub-teams.
	for i := range size {
		var in []int
		for range rng.IntN(4) {
			j := rng.IntN(nTeams)
			if rng.IntN(2) == 0 && len(in) > 0 { // a sub-team or the parent of a team already joined
				first := o.Teams[in[0]]
				var near []int
				for k, t := range o.Teams {
					if (t.Parent != nil && *t.Parent == first.ID) || (first.Parent != nil && *first.Parent == t.ID) {
						near = append(near, k)
					}
				}
				if len(near) > 0 {
					j = pick(rng, near)
				}
			}
			if !slices.Contains(in, j) {
				in = append(in, j)
			}
		}
		for _, j := range in {
			role := graph.RoleMember
			if rng.IntN(5) == 0 {
				role = graph.RoleLead
			}
			o.Memberships = append(o.Memberships, graph.Membership{Person: pids[i], Team: tids[j], Role: role})
		}
	}

	// Matters: a forest at most 3 deep.
	nMatters := 3 + size/4
	mids := ids("m", nMatters)
	matterParent := make([]int, nMatters)
	matterDepth := make([]int, nMatters)
	for i := range nMatters {
		m := graph.Matter{ID: mids[i], Name: fmt.Sprintf("Matter %d", i+1)}
		matterParent[i], matterDepth[i] = -1, 1
		if i > 0 && rng.IntN(3) != 0 {
			var eligible []int
			for j := range i {
				if matterDepth[j] < 3 {
					eligible = append(eligible, j)
				}
			}
			j := pick(rng, eligible)
			m.Parent = ptr(mids[j])
			matterParent[i], matterDepth[i] = j, matterDepth[j]+1
		}
		o.Matters = append(o.Matters, m)
	}
	// subtree(i): matter i and its descendants, as indexes.
	subtree := func(i int) []int {
		var out []int
		for k := range nMatters {
			for c := k; c >= 0; c = matterParent[c] {
				if c == i {
					out = append(out, k)
					break
				}
			}
		}
		return out
	}

	// Mandates: a delegated mandate's source is an earlier mandate, so
	// delegations have no cycle; its matter is in the source's subtree; its
	// limit is at most the source's effective limit.
	nMandates := 2 + size
	xids := ids("x", nMandates)
	xMatter := make([]int, nMandates)
	xLinks := make([]int, nMandates)    // delegations between it and its root
	xEff := make([]*float64, nMandates) // its effective limit (docs/questions.md §2.5)
	for i := range nMandates {
		x := graph.Mandate{ID: xids[i], Name: fmt.Sprintf("Mandate %d", i+1)}
		delegated := false
		if i > 0 && rng.IntN(100) < 50 {
			var eligible []int
			for j := range i {
				if xLinks[j] < 4 {
					eligible = append(eligible, j)
				}
			}
			if len(eligible) > 0 {
				src := pick(rng, eligible)
				if rng.IntN(2) == 0 { // the latest eligible one: long chains
					src = eligible[len(eligible)-1]
				}
				delegated = true
				x.DelegatedFrom = ptr(xids[src])
				xMatter[i] = pick(rng, subtree(xMatter[src]))
				xLinks[i] = xLinks[src] + 1
				if xEff[src] == nil {
					if rng.IntN(5) >= 2 {
						x.Limit = ptr(pick(rng, LimitGrid))
					}
				} else {
					var le []float64
					for _, v := range LimitGrid {
						if v <= *xEff[src] {
							le = append(le, v)
						}
					}
					x.Limit = ptr(pick(rng, le))
				}
				xEff[i] = x.Limit
				if xEff[src] != nil && (xEff[i] == nil || *xEff[src] < *xEff[i]) {
					xEff[i] = xEff[src]
				}
			}
		}
		if !delegated {
			xMatter[i] = rng.IntN(nMatters)
			if rng.IntN(3) != 0 {
				x.Limit = ptr(pick(rng, LimitGrid))
			}
			xEff[i] = x.Limit
		}
		x.Matter = mids[xMatter[i]]
		if rng.IntN(2) == 0 {
			x.Holder = graph.Holder{Type: graph.HolderPerson, ID: pick(rng, pids)}
		} else {
			x.Holder = graph.Holder{Type: graph.HolderTeam, ID: pick(rng, tids)}
		}
		switch r := rng.IntN(10); {
		case r < 4: // always valid
		case r < 6:
			x.ValidFrom = ptr(pick(rng, Instants))
		case r < 8:
			x.ValidUntil = ptr(pick(rng, Instants))
		default:
			a := rng.IntN(len(Instants) - 1)
			b := a + 1 + rng.IntN(len(Instants)-1-a)
			x.ValidFrom, x.ValidUntil = ptr(Instants[a]), ptr(Instants[b])
		}
		o.Mandates = append(o.Mandates, x)
	}

	// Touchpoints.
	nTPs := 2 + size/5
	tpids := ids("tp", nTPs)
	for i := range nTPs {
		tp := graph.Touchpoint{
			ID: tpids[i], Name: fmt.Sprintf("Touchpoint %d", i+1),
			Channel:     pick(rng, graph.Channels),
			SelfService: rng.IntN(10) < 4,
		}
		nStaff := 1 + rng.IntN(3)
		if (tp.SelfService && rng.IntN(2) == 0) || rng.IntN(10) == 0 {
			nStaff = 0
		}
		for range nStaff {
			h := graph.Holder{Type: graph.HolderPerson, ID: pick(rng, pids)}
			if rng.IntN(5) < 2 {
				h = graph.Holder{Type: graph.HolderTeam, ID: pick(rng, tids)}
			}
			if !slices.Contains(tp.StaffedBy, h) {
				tp.StaffedBy = append(tp.StaffedBy, h)
			}
		}
		for _, k := range rng.Perm(nMatters)[:1+rng.IntN(min(4, nMatters))] {
			tp.Handles = append(tp.Handles, graph.Handling{
				Matter:          mids[k],
				Volume:          pick(rng, Volumes),
				SelfServiceRate: pick(rng, Rates),
			})
		}
		o.Touchpoints = append(o.Touchpoints, tp)
	}
	escalate := func(from, to int) {
		if from != to && !slices.Contains(o.Touchpoints[from].EscalatesTo, tpids[to]) {
			o.Touchpoints[from].EscalatesTo = append(o.Touchpoints[from].EscalatesTo, tpids[to])
		}
	}
	for i := range nTPs {
		tp := &o.Touchpoints[i]
		if tp.SelfService && len(tp.StaffedBy) == 0 && rng.IntN(2) == 0 {
			continue // self-service with nothing behind it
		}
		for range rng.IntN(3) {
			escalate(i, rng.IntN(nTPs))
		}
	}
	if rng.IntN(3) == 0 { // a sure escalation cycle
		a, b := rng.IntN(nTPs), rng.IntN(nTPs)
		escalate(a, b)
		escalate(b, a)
	}

	rng.Shuffle(len(o.People), func(i, j int) { o.People[i], o.People[j] = o.People[j], o.People[i] })
	rng.Shuffle(len(o.Teams), func(i, j int) { o.Teams[i], o.Teams[j] = o.Teams[j], o.Teams[i] })
	rng.Shuffle(len(o.Memberships), func(i, j int) {
		o.Memberships[i], o.Memberships[j] = o.Memberships[j], o.Memberships[i]
	})
	rng.Shuffle(len(o.Matters), func(i, j int) { o.Matters[i], o.Matters[j] = o.Matters[j], o.Matters[i] })
	rng.Shuffle(len(o.Mandates), func(i, j int) { o.Mandates[i], o.Mandates[j] = o.Mandates[j], o.Mandates[i] })
	rng.Shuffle(len(o.Touchpoints), func(i, j int) {
		o.Touchpoints[i], o.Touchpoints[j] = o.Touchpoints[j], o.Touchpoints[i]
	})
	return o
}
