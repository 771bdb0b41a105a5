package oracle

import (
	"slices"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// Org is an organization indexed for the reference model's questions. It
// reads the snapshot it was made from and never changes it; change the
// snapshot and make a new Org. An Org caches team members as it answers,
// so it is not safe for concurrent use.
type Org struct {
	s *graph.Snapshot

	people      map[string]*graph.Person
	teams       map[string]*graph.Team
	matters     map[string]*graph.Matter
	mandates    map[string]*graph.Mandate
	touchpoints map[string]*graph.Touchpoint

	subTeams map[string][]string         // team → the teams whose parent it is
	joined   map[string][]string         // team → the people with a membership in it
	over     map[string][]*graph.Mandate // matter → the mandates over it
	members  map[string]map[string]bool  // cache of Members
	adj      map[Node][]Node             // cache of adjacency
}

// New indexes s. Of several entities sharing an id (which validation
// refuses) the first counts.
func New(s *graph.Snapshot) *Org {
	o := &Org{
		s:           s,
		people:      map[string]*graph.Person{},
		teams:       map[string]*graph.Team{},
		matters:     map[string]*graph.Matter{},
		mandates:    map[string]*graph.Mandate{},
		touchpoints: map[string]*graph.Touchpoint{},
		subTeams:    map[string][]string{},
		joined:      map[string][]string{},
		over:        map[string][]*graph.Mandate{},
		members:     map[string]map[string]bool{},
	}
	index(o.people, s.People, func(p *graph.Person) string { return p.ID })
	index(o.teams, s.Teams, func(t *graph.Team) string { return t.ID })
	index(o.matters, s.Matters, func(m *graph.Matter) string { return m.ID })
	index(o.mandates, s.Mandates, func(x *graph.Mandate) string { return x.ID })
	index(o.touchpoints, s.Touchpoints, func(tp *graph.Touchpoint) string { return tp.ID })
	for _, t := range s.Teams {
		if t.Parent != nil {
			o.subTeams[*t.Parent] = append(o.subTeams[*t.Parent], t.ID)
		}
	}
	for _, m := range s.Memberships {
		o.joined[m.Team] = append(o.joined[m.Team], m.Person)
	}
	for i := range s.Mandates {
		x := &s.Mandates[i]
		o.over[x.Matter] = append(o.over[x.Matter], x)
	}
	return o
}

func index[T any](byID map[string]*T, items []T, id func(*T) string) {
	for i := range items {
		if _, dup := byID[id(&items[i])]; !dup {
			byID[id(&items[i])] = &items[i]
		}
	}
}

// Snapshot is the organization o answers about.
func (o *Org) Snapshot() *graph.Snapshot { return o.s }

const cyclePanic = "oracle: a cycle of parents, managers or delegations (an invalid organization)"

// chainGuard bounds every walk up a parent, manager or delegation chain, so
// that an organization with a cycle fails loudly instead of hanging.
func (o *Org) chainGuard(steps int) {
	if steps > len(o.s.People)+len(o.s.Teams)+len(o.s.Matters)+len(o.s.Mandates)+1 {
		panic(cyclePanic)
	}
}

// Active answers docs/questions.md §2.1: whether person exists and is active. An
// inactive person never acts, never staffs and never lies on a route.
func (o *Org) Active(person string) bool {
	p := o.people[person]
	return p != nil && p.Active
}

// Effective answers docs/questions.md §2.4: (validFrom absent or ≤ at) and (validUntil
// absent or at < validUntil) and, if the mandate is delegated, its source
// is effective at at — the whole chain up to its root. An unknown mandate is
// not effective.
func (o *Org) Effective(mandate string, at time.Time) bool {
	for steps := 0; ; steps++ {
		o.chainGuard(steps)
		x := o.mandates[mandate]
		if x == nil {
			return false
		}
		if x.ValidFrom != nil && at.Before(*x.ValidFrom) {
			return false
		}
		if x.ValidUntil != nil && !at.Before(*x.ValidUntil) {
			return false
		}
		if x.DelegatedFrom == nil {
			return true
		}
		mandate = *x.DelegatedFrom
	}
}

// EffectiveLimit answers docs/questions.md §2.5: lim(X) = min(X.limit, lim(source)),
// the least limit along the delegation chain; nil is unlimited.
func (o *Org) EffectiveLimit(mandate string) *float64 {
	var lim *float64
	for steps := 0; ; steps++ {
		o.chainGuard(steps)
		x := o.mandates[mandate]
		if x == nil {
			return lim
		}
		if x.Limit != nil && (lim == nil || *x.Limit < *lim) {
			l := *x.Limit
			lim = &l
		}
		if x.DelegatedFrom == nil {
			return lim
		}
		mandate = *x.DelegatedFrom
	}
}

// TeamClosure answers desc(t) of docs/questions.md §2.2: t and every team whose parent
// chain reaches t. It walks down from t through the teams whose parent is
// each team found; the self-tests check this against walking up from every
// team.
func (o *Org) TeamClosure(team string) map[string]bool {
	out := map[string]bool{}
	if o.teams[team] == nil {
		return out
	}
	queue := []string{team}
	for len(queue) > 0 {
		t := queue[0]
		queue = queue[1:]
		if out[t] { // back at a team: only a cycle of parents leads here
			panic(cyclePanic)
		}
		out[t] = true
		queue = append(queue, o.subTeams[t]...)
	}
	return out
}

// Members answers members(t) of docs/questions.md §2.2: the active people with a
// membership (any role) in a team of desc(t).
func (o *Org) Members(team string) map[string]bool {
	if m, ok := o.members[team]; ok {
		return m
	}
	out := map[string]bool{}
	for t := range o.TeamClosure(team) {
		for _, p := range o.joined[t] {
			if o.Active(p) {
				out[p] = true
			}
		}
	}
	o.members[team] = out
	return out
}

// Covers answers docs/questions.md §2.3: whether a mandate over mandateMatter covers
// matter — matter is mandateMatter or its parent chain reaches it.
func (o *Org) Covers(mandateMatter, matter string) bool {
	for steps := 0; ; steps++ {
		o.chainGuard(steps)
		if matter == mandateMatter {
			return true
		}
		m := o.matters[matter]
		if m == nil || m.Parent == nil {
			return false
		}
		matter = *m.Parent
	}
}

// covering lists the mandates that cover matter: those over it or over a
// matter its parent chain reaches (docs/questions.md §2.3, read upwards); the self-tests
// check it against Covers for every mandate.
func (o *Org) covering(matter string) []*graph.Mandate {
	var out []*graph.Mandate
	for steps := 0; o.matters[matter] != nil; steps++ {
		o.chainGuard(steps)
		out = append(out, o.over[matter]...)
		parent := o.matters[matter].Parent
		if parent == nil {
			break
		}
		matter = *parent
	}
	return out
}

// sortedKeys is a set's members in order.
func sortedKeys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
