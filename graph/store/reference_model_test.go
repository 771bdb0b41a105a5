package store_test

// The reference model: SPEC §2 (who can act) and §2b (org health), to the
// letter, as plain loops and a BFS over a refOrg in memory. It is the oracle
// the randomized tests compare the database's answers with, so it favours
// being obviously correct over being fast, and it shares no code with
// package graph.
//
// Readings of clauses the SPEC leaves open (each repeated at its function):
//   - Grants (§2.7, §2.8): one grant per (person, granting mandate). A
//     person-held mandate gives a DIRECT grant with no team; a team-held one a
//     TEAM grant naming the holding team, also when the person's membership
//     is in a sub-team of it, and only once however many teams of desc(team)
//     the person is in. With an amount, only mandates that allow it grant.
//   - Amounts (§2.7): A ≤ lim(X), inclusive; an absent limit allows any amount.
//   - Routes (§2.11): the person—team edges are the direct memberships only
//     (not the team closure of §2.2), so a member of a sub-team of a staffing
//     team is 3 hops away, although they are on the front line (§2.10). A
//     staffing edge to a team exists whether or not the team has active
//     members; a staffing edge to an inactive person does not exist.
//   - layers (§2b): the longest reporting chain p1 → manager → manager …
//     counted in people, using only manager links whose both ends are active:
//     an inactive person breaks the chain in two (A ← inactive B ← C gives
//     chains of 1). 0 when nobody is active.
//   - unitDepth (§2b): the longest root-to-leaf chain of the team forest, in
//     teams, of any kind; 0 with no teams.
//   - spanOfControl (§2b): the count is of ACTIVE direct reports; max is 0
//     and mean/median nil when nobody active has an active report; the
//     median of an even count is the mean of the two middle values.
//   - Health (§2b): everything at T with no amount; frontLineCanAct uses the
//     front line of §2.10; empowerment and strandedVolume sum over every
//     handling of every touchpoint; orphan and single-actor matters range
//     over all matters. Lists are sorted by id (handlings by touchpoint then
//     matter) — the comparing test must sort the service's answer the same way.

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// refGrant is one granting mandate (SPEC §2.8 / §4 Grant).
type refGrant struct {
	Mandate string
	Via     string   // DIRECT | TEAM
	Team    string   // the holding team for TEAM; empty for DIRECT
	Limit   *float64 // lim(mandate), nil = unlimited
}

// refActor is one entry of whoCanAct (SPEC §2.8 / §4 Actor).
type refActor struct {
	Person string
	Limit  *float64 // the best limit over Grants; nil = unlimited
	Grants []refGrant
}

// refMatterGrant is one entry of actionableMatters (SPEC §2.9 / §4 MatterGrant).
type refMatterGrant struct {
	Matter string
	Limit  *float64
	Grants []refGrant
}

// refNode is a node of the route graph of SPEC §2.11. Kind is part of its
// identity: a person and a team may share an id.
type refNode struct {
	Kind string // Touchpoint | Team | Person
	ID   string
}

func (n refNode) String() string { return n.Kind + ":" + n.ID }

const (
	refKindTouchpoint = "Touchpoint"
	refKindTeam       = "Team"
	refKindPerson     = "Person"
)

// refRoute is the answer of customerDistance (SPEC §2.11).
type refRoute struct {
	Hops   int
	Actors []string  // every person of whoCanAct at exactly Hops, sorted: any of them is a right answer
	Path   []refNode // one shortest path, touchpoint first, to Actors[0]
}

type refSingleActor struct {
	Matter string
	Person string
}

type refSpan struct {
	Max    int
	Mean   *float64
	Median *float64
}

type refHandlingHealth struct {
	Touchpoint      string
	Matter          string
	Residual        float64
	FrontLineCanAct bool
	Distance        *int
}

// refHealth is the answer of orgHealth (SPEC §2b).
type refHealth struct {
	Empowerment          *float64
	StrandedVolume       float64
	MeanCustomerDistance *float64
	OrphanMatters        []string
	SingleActorMatters   []refSingleActor
	Layers               int
	UnitDepth            int
	SpanOfControl        refSpan
	Handlings            []refHandlingHealth
}

// ---------------------------------------------------------------------------
// Lookups. A refView indexes the org by id for one question; the org itself
// stays a plain value the tests build by hand.

type refView struct {
	o        *refOrg
	people   map[string]*refPerson
	teams    map[string]*refTeam
	matters  map[string]*refMatter
	mandates map[string]*refMandate
	tps      map[string]*refTouchpoint
}

func (o *refOrg) view() *refView {
	v := &refView{
		o:        o,
		people:   map[string]*refPerson{},
		teams:    map[string]*refTeam{},
		matters:  map[string]*refMatter{},
		mandates: map[string]*refMandate{},
		tps:      map[string]*refTouchpoint{},
	}
	for i := range o.People {
		v.people[o.People[i].ID] = &o.People[i]
	}
	for i := range o.Teams {
		v.teams[o.Teams[i].ID] = &o.Teams[i]
	}
	for i := range o.Matters {
		v.matters[o.Matters[i].ID] = &o.Matters[i]
	}
	for i := range o.Mandates {
		v.mandates[o.Mandates[i].ID] = &o.Mandates[i]
	}
	for i := range o.Touchpoints {
		v.tps[o.Touchpoints[i].ID] = &o.Touchpoints[i]
	}
	return v
}

// active: SPEC §2.1. An unknown person is not active.
func (v *refView) active(person string) bool {
	p := v.people[person]
	return p != nil && p.Active
}

// chainGuard bounds every walk up a parent/source/manager chain, so a
// hand-built invalid org with a cycle fails loudly instead of hanging.
func (v *refView) chainGuard(steps int) {
	if steps > len(v.o.People)+len(v.o.Teams)+len(v.o.Matters)+len(v.o.Mandates)+1 {
		panic("reference model: cycle in a parent, manager or delegation chain (invalid org)")
	}
}

// ---------------------------------------------------------------------------
// SPEC §2.1–§2.6.

// effective: SPEC §2.4. (validFrom absent or ≤ T) and (validUntil absent or
// T < validUntil) and, if delegated, the source is effective at T — the
// whole chain up to its root. An unknown mandate is not effective.
func (o *refOrg) effective(mandate string, at time.Time) bool { return o.view().effective(mandate, at) }

func (v *refView) effective(mandate string, at time.Time) bool {
	for steps := 0; ; steps++ {
		v.chainGuard(steps)
		x := v.mandates[mandate]
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

// effLimit: SPEC §2.5. lim(X) = min(X.limit, lim(source)), nil = unlimited.
func (o *refOrg) effLimit(mandate string) *float64 { return o.view().effLimit(mandate) }

func (v *refView) effLimit(mandate string) *float64 {
	var lim *float64
	for steps := 0; ; steps++ {
		v.chainGuard(steps)
		x := v.mandates[mandate]
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

// teamDesc: SPEC §2.2. desc(t) = t and every team whose parent chain reaches t.
func (o *refOrg) teamDesc(team string) map[string]bool { return o.view().teamDesc(team) }

func (v *refView) teamDesc(team string) map[string]bool {
	out := map[string]bool{}
	for _, t := range v.o.Teams {
		cur := &t
		for steps := 0; cur != nil; steps++ {
			v.chainGuard(steps)
			if cur.ID == team {
				out[t.ID] = true
				break
			}
			if cur.Parent == nil {
				break
			}
			cur = v.teams[*cur.Parent]
		}
	}
	return out
}

// members: SPEC §2.2. members(t) = active people with a membership (any role)
// in a team of desc(t).
func (o *refOrg) members(team string) map[string]bool { return o.view().members(team) }

func (v *refView) members(team string) map[string]bool {
	desc := v.teamDesc(team)
	out := map[string]bool{}
	for _, m := range v.o.Memberships {
		if desc[m.Team] && v.active(m.Person) {
			out[m.Person] = true
		}
	}
	return out
}

// covers: SPEC §2.3. A mandate over matter X covers X and every matter whose
// parent chain reaches X.
func (o *refOrg) covers(mandateMatter, matter string) bool {
	return o.view().covers(mandateMatter, matter)
}

func (v *refView) covers(mandateMatter, matter string) bool {
	for steps := 0; ; steps++ {
		v.chainGuard(steps)
		if matter == mandateMatter {
			return true
		}
		m := v.matters[matter]
		if m == nil || m.Parent == nil {
			return false
		}
		matter = *m.Parent
	}
}

// amountOK: SPEC §2.7. A absent, or A ≤ lim (inclusive; nil lim = unlimited).
func refAmountOK(amount, lim *float64) bool {
	return amount == nil || lim == nil || *amount <= *lim
}

// grants: SPEC §2.6–§2.8, every (person, grant) with canAct(person, M, A, T):
// for each mandate X effective at T, covering M and allowing A, its
// exercisers: the holder if a person and active (DIRECT), members(team) if a
// team (TEAM, naming the holding team).
func (v *refView) grants(matter string, amount *float64, at time.Time) map[string][]refGrant {
	out := map[string][]refGrant{}
	if v.matters[matter] == nil {
		return out
	}
	for _, x := range v.o.Mandates {
		if !v.effective(x.ID, at) || !v.covers(x.Matter, matter) {
			continue
		}
		lim := v.effLimit(x.ID)
		if !refAmountOK(amount, lim) {
			continue
		}
		switch x.Holder.Type {
		case refPERSON:
			if v.active(x.Holder.ID) {
				out[x.Holder.ID] = append(out[x.Holder.ID], refGrant{Mandate: x.ID, Via: "DIRECT", Limit: lim})
			}
		case refTEAM:
			if v.teams[x.Holder.ID] == nil {
				continue
			}
			for p := range v.members(x.Holder.ID) {
				out[p] = append(out[p], refGrant{Mandate: x.ID, Via: "TEAM", Team: x.Holder.ID, Limit: lim})
			}
		}
	}
	for _, gs := range out {
		refSortGrants(gs)
	}
	return out
}

func refSortGrants(gs []refGrant) {
	sort.Slice(gs, func(i, j int) bool {
		a, b := gs[i], gs[j]
		if a.Mandate != b.Mandate {
			return a.Mandate < b.Mandate
		}
		if a.Via != b.Via {
			return a.Via < b.Via
		}
		return a.Team < b.Team
	})
}

// refBestLimit: SPEC §2.8, the max over the grants' limits, unlimited wins.
// Only meaningful for a non-empty list.
func refBestLimit(gs []refGrant) *float64 {
	var best *float64
	for i, g := range gs {
		if g.Limit == nil {
			return nil
		}
		if i == 0 || *g.Limit > *best {
			l := *g.Limit
			best = &l
		}
	}
	return best
}

// canAct: SPEC §2.7. True iff some mandate effective at T covers matter, is
// exercised by person and allows amount; with every such grant, sorted by
// (mandate, via, team). An inactive or unknown person never acts.
func (o *refOrg) canAct(person, matter string, amount *float64, at time.Time) (bool, []refGrant) {
	gs := o.view().grants(matter, amount, at)[person]
	return len(gs) > 0, gs
}

// whoCanAct: SPEC §2.8. Every person with canAct, sorted by person id, with
// their grants and best limit.
func (o *refOrg) whoCanAct(matter string, amount *float64, at time.Time) []refActor {
	return o.view().whoCanAct(matter, amount, at)
}

func (v *refView) whoCanAct(matter string, amount *float64, at time.Time) []refActor {
	out := []refActor{}
	for p, gs := range v.grants(matter, amount, at) {
		out = append(out, refActor{Person: p, Limit: refBestLimit(gs), Grants: gs})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Person < out[j].Person })
	return out
}

// actionableMatters: SPEC §2.9. Every matter M (so a mandate's matter and
// all its descendants) with canAct(person, M, A, T), sorted by matter id,
// with the best limit and the grants for that matter.
func (o *refOrg) actionableMatters(person string, amount *float64, at time.Time) []refMatterGrant {
	v := o.view()
	out := []refMatterGrant{}
	for _, m := range v.o.Matters {
		if gs := v.grants(m.ID, amount, at)[person]; len(gs) > 0 {
			out = append(out, refMatterGrant{Matter: m.ID, Limit: refBestLimit(gs), Grants: gs})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Matter < out[j].Matter })
	return out
}

// frontLine: SPEC §2.10. Active people staffing the touchpoint directly plus
// members(t) for every staffing team t; sorted, without duplicates.
func (o *refOrg) frontLine(touchpoint string) []string { return o.view().frontLine(touchpoint) }

func (v *refView) frontLine(touchpoint string) []string {
	set := map[string]bool{}
	if tp := v.tps[touchpoint]; tp != nil {
		for _, h := range tp.StaffedBy {
			switch h.Type {
			case refPERSON:
				if v.active(h.ID) {
					set[h.ID] = true
				}
			case refTEAM:
				if v.teams[h.ID] != nil {
					for p := range v.members(h.ID) {
						set[p] = true
					}
				}
			}
		}
	}
	return refSorted(set)
}

func refSorted(set map[string]bool) []string {
	out := []string{}
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ---------------------------------------------------------------------------
// SPEC §2.11: the route graph. It is written twice on purpose: adjacency (for
// the BFS) enumerates the edges entity by entity; isNode/isEdge (for
// checkRoute) decide one node or one pair from the clause's wording. The self
// test checks that the two agree on random orgs.

// adjacency: nodes are touchpoints, teams and active people; edges
// TP → TP' per escalatesTo (one way), TP → holder per staffing holder (one
// way; not to an inactive person), person — team per membership of an active
// person (both ways, direct memberships only), team — parent (both ways),
// person — manager when both are active (both ways). Nothing but escalatesTo
// enters a touchpoint.
func (v *refView) adjacency() map[refNode][]refNode {
	adj := map[refNode][]refNode{}
	add := func(a, b refNode) {
		if !slices.Contains(adj[a], b) {
			adj[a] = append(adj[a], b)
		}
	}
	for _, tp := range v.o.Touchpoints {
		from := refNode{refKindTouchpoint, tp.ID}
		for _, e := range tp.EscalatesTo {
			if v.tps[e] != nil {
				add(from, refNode{refKindTouchpoint, e})
			}
		}
		for _, h := range tp.StaffedBy {
			switch {
			case h.Type == refPERSON && v.active(h.ID):
				add(from, refNode{refKindPerson, h.ID})
			case h.Type == refTEAM && v.teams[h.ID] != nil:
				add(from, refNode{refKindTeam, h.ID})
			}
		}
	}
	for _, m := range v.o.Memberships {
		if v.active(m.Person) && v.teams[m.Team] != nil {
			p, t := refNode{refKindPerson, m.Person}, refNode{refKindTeam, m.Team}
			add(p, t)
			add(t, p)
		}
	}
	for _, t := range v.o.Teams {
		if t.Parent != nil && v.teams[*t.Parent] != nil {
			c, p := refNode{refKindTeam, t.ID}, refNode{refKindTeam, *t.Parent}
			add(c, p)
			add(p, c)
		}
	}
	for _, p := range v.o.People {
		if p.Active && p.Manager != nil && v.active(*p.Manager) {
			a, b := refNode{refKindPerson, p.ID}, refNode{refKindPerson, *p.Manager}
			add(a, b)
			add(b, a)
		}
	}
	for k, ns := range adj { // deterministic BFS order
		sort.Slice(ns, func(i, j int) bool { return ns[i].String() < ns[j].String() })
		adj[k] = ns
	}
	return adj
}

// isNode: a node of the §2.11 graph — an existing touchpoint or team, or an
// existing ACTIVE person (§2.1: an inactive person never lies on a route).
func (v *refView) isNode(n refNode) bool {
	switch n.Kind {
	case refKindTouchpoint:
		return v.tps[n.ID] != nil
	case refKindTeam:
		return v.teams[n.ID] != nil
	case refKindPerson:
		return v.active(n.ID)
	}
	return false
}

// isEdge: a → b is an edge of the §2.11 graph in that direction (both ends
// assumed to be nodes).
func (v *refView) isEdge(a, b refNode) bool {
	switch {
	case b.Kind == refKindTouchpoint: // entered only by escalatesTo
		return a.Kind == refKindTouchpoint && slices.Contains(v.tps[a.ID].EscalatesTo, b.ID)
	case a.Kind == refKindTouchpoint: // TP → staffing holder
		return slices.Contains(v.tps[a.ID].StaffedBy, refHolder{Type: strings.ToUpper(b.Kind), ID: b.ID})
	case a.Kind == refKindPerson && b.Kind == refKindTeam:
		return slices.ContainsFunc(v.o.Memberships, func(m refMembership) bool { return m.Person == a.ID && m.Team == b.ID })
	case a.Kind == refKindTeam && b.Kind == refKindPerson:
		return slices.ContainsFunc(v.o.Memberships, func(m refMembership) bool { return m.Person == b.ID && m.Team == a.ID })
	case a.Kind == refKindTeam && b.Kind == refKindTeam:
		ta, tb := v.teams[a.ID], v.teams[b.ID]
		return (ta.Parent != nil && *ta.Parent == b.ID) || (tb.Parent != nil && *tb.Parent == a.ID)
	case a.Kind == refKindPerson && b.Kind == refKindPerson:
		pa, pb := v.people[a.ID], v.people[b.ID]
		return (pa.Manager != nil && *pa.Manager == b.ID) || (pb.Manager != nil && *pb.Manager == a.ID)
	}
	return false
}

// bfs: hop counts and BFS parents from touchpoint tp over adjacency.
func (v *refView) bfs(tp string) (map[refNode]int, map[refNode]refNode) {
	adj := v.adjacency()
	start := refNode{refKindTouchpoint, tp}
	dist := map[refNode]int{start: 0}
	parent := map[refNode]refNode{}
	queue := []refNode{start}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, m := range adj[n] {
			if _, seen := dist[m]; !seen {
				dist[m] = dist[n] + 1
				parent[m] = n
				queue = append(queue, m)
			}
		}
	}
	return dist, parent
}

// customerDistance: SPEC §2.11. The hop count of a shortest path from
// touchpoint tp to any person in whoCanAct(M, A, T), every such person at
// that hop count, and one such path; nil when nobody reachable can act (or tp
// is unknown). See adjacency for the graph.
func (o *refOrg) customerDistance(tp, matter string, amount *float64, at time.Time) *refRoute {
	return o.view().customerDistance(tp, matter, amount, at)
}

func (v *refView) customerDistance(tp, matter string, amount *float64, at time.Time) *refRoute {
	if v.tps[tp] == nil {
		return nil
	}
	dist, parent := v.bfs(tp)
	var route *refRoute
	for _, a := range v.whoCanAct(matter, amount, at) { // sorted by person
		d, ok := dist[refNode{refKindPerson, a.Person}]
		switch {
		case !ok:
		case route == nil || d < route.Hops:
			route = &refRoute{Hops: d, Actors: []string{a.Person}}
		case d == route.Hops:
			route.Actors = append(route.Actors, a.Person)
		}
	}
	if route != nil {
		n := refNode{refKindPerson, route.Actors[0]}
		route.Path = []refNode{n}
		for n != (refNode{refKindTouchpoint, tp}) {
			n = parent[n]
			route.Path = append([]refNode{n}, route.Path...)
		}
	}
	return route
}

// checkRoute checks a route answered by the service for customerDistance(tp,
// matter, amount, at) (SPEC §2.11): it starts at touchpoint tp; every node is
// a node of the graph (no inactive person, nothing unknown); every
// consecutive pair is an edge in the direction walked (so no touchpoint is
// entered except by escalatesTo); it ends at a person who can act; its hop
// count len(path)-1 is the reference's shortest. An empty path means "no
// route" and is right iff the reference has none.
func (o *refOrg) checkRoute(tp, matter string, amount *float64, at time.Time, path []refNode) error {
	v := o.view()
	want := v.customerDistance(tp, matter, amount, at)
	if len(path) == 0 {
		if want != nil {
			return fmt.Errorf("no route, but the reference has %d hops to %v", want.Hops, want.Actors)
		}
		return nil
	}
	if want == nil {
		return fmt.Errorf("a route of %d hops, but nobody reachable from touchpoint %q can act on %q", len(path)-1, tp, matter)
	}
	if start := (refNode{refKindTouchpoint, tp}); path[0] != start {
		return fmt.Errorf("the route starts at %v, not at %v", path[0], start)
	}
	for i, n := range path {
		if !v.isNode(n) {
			return fmt.Errorf("node %d (%v) is not a node of the route graph (unknown, or an inactive person)", i, n)
		}
	}
	for i := 1; i < len(path); i++ {
		if !v.isEdge(path[i-1], path[i]) {
			return fmt.Errorf("hop %d: %v → %v is not an edge of the route graph", i, path[i-1], path[i])
		}
	}
	last := path[len(path)-1]
	if last.Kind != refKindPerson {
		return fmt.Errorf("the route ends at %v, not at a person", last)
	}
	if ok, _ := o.canAct(last.ID, matter, amount, at); !ok {
		return fmt.Errorf("the route ends at %v, who cannot act on %q", last, matter)
	}
	if hops := len(path) - 1; hops != want.Hops {
		return fmt.Errorf("the route has %d hops; the shortest has %d (to %v)", hops, want.Hops, want.Actors)
	}
	return nil
}

// ---------------------------------------------------------------------------
// SPEC §2b.

// health: SPEC §2b at T with no amount. See the readings at the top of this
// file for layers, unitDepth and spanOfControl.
func (o *refOrg) health(at time.Time) refHealth {
	v := o.view()
	h := refHealth{OrphanMatters: []string{}, SingleActorMatters: []refSingleActor{}, Handlings: []refHandlingHealth{}}

	// Handlings: residual = volume × (1 − selfServiceRate); frontLineCanAct =
	// some front-line person of TP is in whoCanAct(M); distance =
	// customerDistance(TP, M).
	var total, empowered, weight, weighted float64
	for _, tp := range o.Touchpoints {
		front := v.frontLine(tp.ID)
		for _, hd := range tp.Handles {
			hh := refHandlingHealth{
				Touchpoint: tp.ID, Matter: hd.Matter,
				Residual: hd.Volume * (1 - hd.SelfServiceRate),
			}
			for p := range v.grants(hd.Matter, nil, at) {
				hh.FrontLineCanAct = hh.FrontLineCanAct || slices.Contains(front, p)
			}
			if r := v.customerDistance(tp.ID, hd.Matter, nil, at); r != nil {
				d := r.Hops
				hh.Distance = &d
			}
			total += hh.Residual
			if hh.FrontLineCanAct {
				empowered += hh.Residual
			}
			if hh.Distance == nil {
				h.StrandedVolume += hh.Residual
			} else {
				weight += hh.Residual
				weighted += hh.Residual * float64(*hh.Distance)
			}
			h.Handlings = append(h.Handlings, hh)
		}
	}
	sort.SliceStable(h.Handlings, func(i, j int) bool {
		a, b := h.Handlings[i], h.Handlings[j]
		if a.Touchpoint != b.Touchpoint {
			return a.Touchpoint < b.Touchpoint
		}
		return a.Matter < b.Matter
	})
	// empowerment: Σ residual where frontLineCanAct ÷ Σ residual; nil when Σ residual is 0.
	if total != 0 {
		e := empowered / total
		h.Empowerment = &e
	}
	// meanCustomerDistance: residual-weighted mean over handlings with a
	// distance; nil when that weight is 0.
	if weight != 0 {
		m := weighted / weight
		h.MeanCustomerDistance = &m
	}

	// orphanMatters / singleActorMatters: over all matters, sorted by id.
	for _, m := range o.Matters {
		switch actors := v.whoCanAct(m.ID, nil, at); len(actors) {
		case 0:
			h.OrphanMatters = append(h.OrphanMatters, m.ID)
		case 1:
			h.SingleActorMatters = append(h.SingleActorMatters, refSingleActor{Matter: m.ID, Person: actors[0].Person})
		}
	}
	sort.Strings(h.OrphanMatters)
	sort.Slice(h.SingleActorMatters, func(i, j int) bool {
		return h.SingleActorMatters[i].Matter < h.SingleActorMatters[j].Matter
	})

	// layers: for each active person, the length in people of the chain up
	// through active managers; it stops at an inactive (or absent) manager.
	for _, p := range o.People {
		if !p.Active {
			continue
		}
		n := 1
		for cur := p; cur.Manager != nil && v.active(*cur.Manager); n++ {
			v.chainGuard(n)
			cur = *v.people[*cur.Manager]
		}
		h.Layers = max(h.Layers, n)
	}

	// unitDepth: for each team, the length in teams of its chain up to its root.
	for _, t := range o.Teams {
		n := 1
		for cur := t; cur.Parent != nil && v.teams[*cur.Parent] != nil; n++ {
			v.chainGuard(n)
			cur = *v.teams[*cur.Parent]
		}
		h.UnitDepth = max(h.UnitDepth, n)
	}

	// spanOfControl: per active person, the number of active direct reports;
	// over those with at least one.
	var spans []int
	for _, m := range o.People {
		if !m.Active {
			continue
		}
		n := 0
		for _, p := range o.People {
			if p.Active && p.Manager != nil && *p.Manager == m.ID {
				n++
			}
		}
		if n > 0 {
			spans = append(spans, n)
		}
	}
	if len(spans) > 0 {
		sort.Ints(spans)
		sum := 0
		for _, s := range spans {
			sum += s
		}
		mean := float64(sum) / float64(len(spans))
		median := float64(spans[len(spans)/2])
		if len(spans)%2 == 0 {
			median = float64(spans[len(spans)/2-1]+spans[len(spans)/2]) / 2
		}
		h.SpanOfControl = refSpan{Max: spans[len(spans)-1], Mean: &mean, Median: &median}
	}
	return h
}
