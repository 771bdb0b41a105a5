package store_test

// The reference org: an in-memory org of SPEC §1, its snapshot JSON (SPEC §3)
// and a generator of random valid orgs. It shares no code with package graph
// on purpose: the reference model in reference_model_test.go is the
// independent oracle the randomized tests compare the database answers with.

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"time"
)

// Enum values of SPEC §1, spelled as in the contract.
const (
	refPERSON = "PERSON"
	refTEAM   = "TEAM"
	refUNIT   = "UNIT"
	refMEMBER = "MEMBER"
	refLEAD   = "LEAD"
)

var refChannels = []string{"WEB", "APP", "CHAT", "PHONE", "EMAIL", "BRANCH", "SOCIAL", "OTHER"}

// refTimes are the only instants validity windows of generated orgs are drawn
// from, so that tests can ask exactly at a boundary.
var refTimes = []time.Time{
	time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
	time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
	time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
}

// refLimitGrid are the only limits of generated orgs, so that tests can ask
// exactly at a limit.
var refLimitGrid = []float64{0, 100, 500, 1000, 5000}

// Volumes are integers and rates are binary fractions, so residuals
// (volume × (1 − rate)) and their sums are exact in float64.
var (
	refVolumes = []float64{0, 10, 40, 100, 250}
	refRates   = []float64{0, 0.25, 0.5, 0.75, 1}
)

type refPerson struct {
	ID      string
	Name    string
	Email   *string
	Title   *string
	Manager *string
	Active  bool
}

type refTeam struct {
	ID     string
	Name   string
	Kind   string // UNIT | TEAM
	Parent *string
}

type refMembership struct {
	Person string
	Team   string
	Role   string // MEMBER | LEAD
}

type refMatter struct {
	ID     string
	Name   string
	Parent *string
}

type refHolder struct {
	Type string // PERSON | TEAM
	ID   string
}

type refMandate struct {
	ID            string
	Name          string
	Matter        string
	Holder        refHolder
	Limit         *float64
	DelegatedFrom *string
	ValidFrom     *time.Time
	ValidUntil    *time.Time
}

type refHandling struct {
	Matter          string
	Volume          float64
	SelfServiceRate float64
}

type refTouchpoint struct {
	ID          string
	Name        string
	Channel     string
	SelfService bool
	StaffedBy   []refHolder
	EscalatesTo []string
	Handles     []refHandling
}

// refOrg is a whole org of SPEC §1.
type refOrg struct {
	People      []refPerson
	Teams       []refTeam
	Memberships []refMembership
	Matters     []refMatter
	Mandates    []refMandate
	Touchpoints []refTouchpoint
}

// ---------------------------------------------------------------------------
// Snapshot JSON (SPEC §3): our own wire types, field names exactly as in §1.

type refWirePerson struct {
	ID      string  `json:"id"`
	Name    string  `json:"name"`
	Email   *string `json:"email,omitempty"`
	Title   *string `json:"title,omitempty"`
	Manager *string `json:"manager,omitempty"`
	Active  bool    `json:"active"`
}

type refWireTeam struct {
	ID     string  `json:"id"`
	Name   string  `json:"name"`
	Kind   string  `json:"kind"`
	Parent *string `json:"parent,omitempty"`
}

type refWireMembership struct {
	Person string `json:"person"`
	Team   string `json:"team"`
	Role   string `json:"role"`
}

type refWireMatter struct {
	ID     string  `json:"id"`
	Name   string  `json:"name"`
	Parent *string `json:"parent,omitempty"`
}

type refWireHolder struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

type refWireMandate struct {
	ID            string        `json:"id"`
	Name          string        `json:"name"`
	Matter        string        `json:"matter"`
	Holder        refWireHolder `json:"holder"`
	Limit         *float64      `json:"limit,omitempty"`
	DelegatedFrom *string       `json:"delegatedFrom,omitempty"`
	ValidFrom     *string       `json:"validFrom,omitempty"`
	ValidUntil    *string       `json:"validUntil,omitempty"`
}

type refWireHandling struct {
	Matter          string  `json:"matter"`
	Volume          float64 `json:"volume"`
	SelfServiceRate float64 `json:"selfServiceRate"`
}

type refWireTouchpoint struct {
	ID          string            `json:"id"`
	Name        string            `json:"name"`
	Channel     string            `json:"channel"`
	SelfService bool              `json:"selfService"`
	StaffedBy   []refWireHolder   `json:"staffedBy"`
	EscalatesTo []string          `json:"escalatesTo"`
	Handles     []refWireHandling `json:"handles"`
}

type refWireSnapshot struct {
	People      []refWirePerson     `json:"people"`
	Teams       []refWireTeam       `json:"teams"`
	Memberships []refWireMembership `json:"memberships"`
	Matters     []refWireMatter     `json:"matters"`
	Mandates    []refWireMandate    `json:"mandates"`
	Touchpoints []refWireTouchpoint `json:"touchpoints"`
}

func refTimeString(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.UTC().Format(time.RFC3339Nano)
	return &s
}

// snapshotJSON is the org as one SPEC §3 snapshot document: the six lists
// always present (empty lists as []), absent optionals omitted, `active`
// always written, times RFC 3339 in UTC.
func (o *refOrg) snapshotJSON() []byte {
	w := refWireSnapshot{
		People:      []refWirePerson{},
		Teams:       []refWireTeam{},
		Memberships: []refWireMembership{},
		Matters:     []refWireMatter{},
		Mandates:    []refWireMandate{},
		Touchpoints: []refWireTouchpoint{},
	}
	for _, p := range o.People {
		w.People = append(w.People, refWirePerson(p))
	}
	for _, t := range o.Teams {
		w.Teams = append(w.Teams, refWireTeam(t))
	}
	for _, m := range o.Memberships {
		w.Memberships = append(w.Memberships, refWireMembership(m))
	}
	for _, m := range o.Matters {
		w.Matters = append(w.Matters, refWireMatter(m))
	}
	for _, x := range o.Mandates {
		w.Mandates = append(w.Mandates, refWireMandate{
			ID: x.ID, Name: x.Name, Matter: x.Matter,
			Holder:        refWireHolder(x.Holder),
			Limit:         x.Limit,
			DelegatedFrom: x.DelegatedFrom,
			ValidFrom:     refTimeString(x.ValidFrom),
			ValidUntil:    refTimeString(x.ValidUntil),
		})
	}
	for _, tp := range o.Touchpoints {
		wt := refWireTouchpoint{
			ID: tp.ID, Name: tp.Name, Channel: tp.Channel, SelfService: tp.SelfService,
			StaffedBy:   []refWireHolder{},
			EscalatesTo: append([]string{}, tp.EscalatesTo...),
			Handles:     []refWireHandling{},
		}
		for _, h := range tp.StaffedBy {
			wt.StaffedBy = append(wt.StaffedBy, refWireHolder(h))
		}
		for _, h := range tp.Handles {
			wt.Handles = append(wt.Handles, refWireHandling(h))
		}
		w.Touchpoints = append(w.Touchpoints, wt)
	}
	b, err := json.MarshalIndent(w, "", "  ")
	if err != nil {
		panic(err) // only plain strings, bools and finite numbers
	}
	return b
}

// ---------------------------------------------------------------------------
// Query helpers.

// queryTimes are the instants worth asking at: before and after everything,
// every validity boundary of the org and of refTimes exactly, one second
// before each, and the midpoints between consecutive boundaries.
func (o *refOrg) queryTimes() []time.Time {
	var bounds []time.Time
	bounds = append(bounds, refTimes...)
	for _, x := range o.Mandates {
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

// queryAmounts are the amounts worth asking with: none, 0, every limit value
// of the grid and of the org exactly and 0.01 above it, and a large amount.
func (o *refOrg) queryAmounts() []*float64 {
	vals := append([]float64{}, refLimitGrid...)
	for _, x := range o.Mandates {
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

// ---------------------------------------------------------------------------
// Random valid orgs.

func refStr(s string) *string                 { return &s }
func refNum(f float64) *float64               { return &f }
func refAt(t time.Time) *time.Time            { return &t }
func refPick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// randomRefOrg is a random org, valid per SPEC §3, of about size people
// (tests use 5–40). It is built so that every clause of SPEC §2 and §2b is
// exercised with high probability: team trees 1–4 deep; people in several
// teams including a team and its sub-team; ~15 % inactive people (managers,
// holders and staff among them); matter trees up to 3 deep; person- and
// team-held mandates; delegation chains of up to 4 delegations with
// non-increasing limits; limits absent and present, drawn from refLimitGrid;
// validity windows on refTimes; touchpoints with and without staff (people
// and teams), escalations including cycles, self-service touchpoints with
// neither staff nor escalation; volumes including 0 and rates including 0
// and 1. Ids are shuffled against the structure, the lists are shuffled (so
// references point forward as well as back), and in about a quarter of the
// orgs every entity type uses the same ids ("id01", …), so that a person, a
// team, a matter and a touchpoint share an id.
func randomRefOrg(rng *rand.Rand, size int) *refOrg {
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
	o := &refOrg{}

	// People; person i's manager is an earlier person, so managers have no cycle.
	pids := ids("p", size)
	for i := range size {
		p := refPerson{ID: pids[i], Name: fmt.Sprintf("Person %d", i+1), Active: rng.IntN(100) >= 15}
		if rng.IntN(2) == 0 {
			p.Email = refStr(fmt.Sprintf("person%d@example.org", i+1))
		}
		if rng.IntN(3) == 0 {
			p.Title = refStr(refPick(rng, []string{"Advisor", "Lead", "Director", "Specialist"}))
		}
		if i > 0 && rng.IntN(10) < 8 {
			j := rng.IntN(i) // any earlier person, or, for deep chains, a recent one
			if rng.IntN(2) == 0 {
				j = i - 1 - rng.IntN(min(i, 3))
			}
			p.Manager = refStr(pids[j])
		}
		o.People = append(o.People, p)
	}

	// Teams: a forest at most 4 teams deep; team i's parent is an earlier team.
	nTeams := 2 + size/4
	tids := ids("t", nTeams)
	teamDepth := make([]int, nTeams)
	for i := range nTeams {
		t := refTeam{ID: tids[i], Name: fmt.Sprintf("Team %d", i+1), Kind: refUNIT}
		if rng.IntN(5) < 2 {
			t.Kind = refTEAM
		}
		teamDepth[i] = 1
		if i > 0 && rng.IntN(4) != 0 {
			var eligible []int
			for j := range i {
				if teamDepth[j] < 4 {
					eligible = append(eligible, j)
				}
			}
			j := refPick(rng, eligible)
			if rng.IntN(2) == 0 { // prefer the deepest eligible: deep trees
				for _, k := range eligible {
					if teamDepth[k] > teamDepth[j] {
						j = k
					}
				}
			}
			t.Parent = refStr(tids[j])
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
					j = refPick(rng, near)
				}
			}
			if !slices.Contains(in, j) {
				in = append(in, j)
			}
		}
		for _, j := range in {
			role := refMEMBER
			if rng.IntN(5) == 0 {
				role = refLEAD
			}
			o.Memberships = append(o.Memberships, refMembership{Person: pids[i], Team: tids[j], Role: role})
		}
	}

	// Matters: a forest at most 3 deep.
	nMatters := 3 + size/4
	mids := ids("m", nMatters)
	matterParent := make([]int, nMatters)
	matterDepth := make([]int, nMatters)
	for i := range nMatters {
		m := refMatter{ID: mids[i], Name: fmt.Sprintf("Matter %d", i+1)}
		matterParent[i], matterDepth[i] = -1, 1
		if i > 0 && rng.IntN(3) != 0 {
			var eligible []int
			for j := range i {
				if matterDepth[j] < 3 {
					eligible = append(eligible, j)
				}
			}
			j := refPick(rng, eligible)
			m.Parent = refStr(mids[j])
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
	xEff := make([]*float64, nMandates) // its effective limit (SPEC §2.5)
	for i := range nMandates {
		x := refMandate{ID: xids[i], Name: fmt.Sprintf("Mandate %d", i+1)}
		delegated := false
		if i > 0 && rng.IntN(100) < 50 {
			var eligible []int
			for j := range i {
				if xLinks[j] < 4 {
					eligible = append(eligible, j)
				}
			}
			if len(eligible) > 0 {
				src := refPick(rng, eligible)
				if rng.IntN(2) == 0 { // the latest eligible one: long chains
					src = eligible[len(eligible)-1]
				}
				delegated = true
				x.DelegatedFrom = refStr(xids[src])
				xMatter[i] = refPick(rng, subtree(xMatter[src]))
				xLinks[i] = xLinks[src] + 1
				if xEff[src] == nil {
					if rng.IntN(5) >= 2 {
						x.Limit = refNum(refPick(rng, refLimitGrid))
					}
				} else {
					var le []float64
					for _, v := range refLimitGrid {
						if v <= *xEff[src] {
							le = append(le, v)
						}
					}
					x.Limit = refNum(refPick(rng, le))
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
				x.Limit = refNum(refPick(rng, refLimitGrid))
			}
			xEff[i] = x.Limit
		}
		x.Matter = mids[xMatter[i]]
		if rng.IntN(2) == 0 {
			x.Holder = refHolder{Type: refPERSON, ID: refPick(rng, pids)}
		} else {
			x.Holder = refHolder{Type: refTEAM, ID: refPick(rng, tids)}
		}
		switch r := rng.IntN(10); {
		case r < 4: // always valid
		case r < 6:
			x.ValidFrom = refAt(refPick(rng, refTimes))
		case r < 8:
			x.ValidUntil = refAt(refPick(rng, refTimes))
		default:
			a := rng.IntN(len(refTimes) - 1)
			b := a + 1 + rng.IntN(len(refTimes)-1-a)
			x.ValidFrom, x.ValidUntil = refAt(refTimes[a]), refAt(refTimes[b])
		}
		o.Mandates = append(o.Mandates, x)
	}

	// Touchpoints.
	nTPs := 2 + size/5
	tpids := ids("tp", nTPs)
	for i := range nTPs {
		tp := refTouchpoint{
			ID: tpids[i], Name: fmt.Sprintf("Touchpoint %d", i+1),
			Channel:     refPick(rng, refChannels),
			SelfService: rng.IntN(10) < 4,
		}
		nStaff := 1 + rng.IntN(3)
		if (tp.SelfService && rng.IntN(2) == 0) || rng.IntN(10) == 0 {
			nStaff = 0
		}
		for range nStaff {
			h := refHolder{Type: refPERSON, ID: refPick(rng, pids)}
			if rng.IntN(5) < 2 {
				h = refHolder{Type: refTEAM, ID: refPick(rng, tids)}
			}
			if !slices.Contains(tp.StaffedBy, h) {
				tp.StaffedBy = append(tp.StaffedBy, h)
			}
		}
		for _, k := range rng.Perm(nMatters)[:1+rng.IntN(min(4, nMatters))] {
			tp.Handles = append(tp.Handles, refHandling{
				Matter:          mids[k],
				Volume:          refPick(rng, refVolumes),
				SelfServiceRate: refPick(rng, refRates),
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
