package oracle

// docs/questions.md §2.11: the route graph. It is written twice on purpose: adjacency
// (for the breadth-first search) enumerates the edges entity by entity;
// IsNode and IsEdge (for CheckRoute) decide one node or one pair from the
// clause's wording. The self-tests check that the two agree.

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// Kinds of route nodes. A node's kind is part of its identity: a person and
// a team may share an id.
const (
	KindTouchpoint = "Touchpoint"
	KindTeam       = "Team"
	KindPerson     = "Person"
)

// Node is a node of the route graph of docs/questions.md §2.11.
type Node struct {
	Kind string // KindTouchpoint, KindTeam or KindPerson
	ID   string
}

// String writes the node as "Kind:id", the notation of the rule cases.
func (n Node) String() string { return n.Kind + ":" + n.ID }

// TouchpointNode, TeamNode and PersonNode make nodes.
func TouchpointNode(id string) Node { return Node{KindTouchpoint, id} }
func TeamNode(id string) Node       { return Node{KindTeam, id} }
func PersonNode(id string) Node     { return Node{KindPerson, id} }

// Route is the answer of customerDistance (docs/questions.md §2.11).
type Route struct {
	Hops int
	// Actors are every person who can act at exactly Hops, sorted: a route
	// to any of them is a right answer.
	Actors []string
	// Path is one shortest path, touchpoint first, to Actors[0].
	Path []Node
}

// adjacency is the graph of §2.11: nodes are touchpoints, teams and active
// people; edges TP → TP' per escalatesTo (one way), TP → holder per
// staffing holder (one way; none to an inactive person), person — team per
// membership of an active person (both ways, direct memberships only),
// team — parent (both ways), person — manager when both are active (both
// ways). Nothing but escalatesTo enters a touchpoint. Each node's
// neighbours are sorted, so the search is deterministic.
func (o *Org) adjacency() map[Node][]Node {
	if o.adj != nil {
		return o.adj
	}
	adj := map[Node][]Node{}
	add := func(a, b Node) {
		if !slices.Contains(adj[a], b) {
			adj[a] = append(adj[a], b)
		}
	}
	for _, tp := range o.s.Touchpoints {
		from := TouchpointNode(tp.ID)
		for _, e := range tp.EscalatesTo {
			if o.touchpoints[e] != nil {
				add(from, TouchpointNode(e))
			}
		}
		for _, h := range tp.StaffedBy {
			switch {
			case h.Type == graph.HolderPerson && o.Active(h.ID):
				add(from, PersonNode(h.ID))
			case h.Type == graph.HolderTeam && o.teams[h.ID] != nil:
				add(from, TeamNode(h.ID))
			}
		}
	}
	for _, m := range o.s.Memberships {
		if o.Active(m.Person) && o.teams[m.Team] != nil {
			add(PersonNode(m.Person), TeamNode(m.Team))
			add(TeamNode(m.Team), PersonNode(m.Person))
		}
	}
	for _, t := range o.s.Teams {
		if t.Parent != nil && o.teams[*t.Parent] != nil {
			add(TeamNode(t.ID), TeamNode(*t.Parent))
			add(TeamNode(*t.Parent), TeamNode(t.ID))
		}
	}
	for _, p := range o.s.People {
		if p.Active && p.Manager != nil && o.Active(*p.Manager) {
			add(PersonNode(p.ID), PersonNode(*p.Manager))
			add(PersonNode(*p.Manager), PersonNode(p.ID))
		}
	}
	for _, ns := range adj {
		slices.SortFunc(ns, func(a, b Node) int { return strings.Compare(a.String(), b.String()) })
	}
	o.adj = adj
	return adj
}

// IsNode answers whether n is a node of the §2.11 graph: an existing
// touchpoint or team, or an existing ACTIVE person (§2.1: an inactive
// person never lies on a route).
func (o *Org) IsNode(n Node) bool {
	switch n.Kind {
	case KindTouchpoint:
		return o.touchpoints[n.ID] != nil
	case KindTeam:
		return o.teams[n.ID] != nil
	case KindPerson:
		return o.Active(n.ID)
	}
	return false
}

// IsEdge answers whether a → b is an edge of the §2.11 graph in that
// direction; both ends must be nodes (IsNode).
func (o *Org) IsEdge(a, b Node) bool {
	switch {
	case b.Kind == KindTouchpoint: // entered only by escalatesTo
		return a.Kind == KindTouchpoint && slices.Contains(o.touchpoints[a.ID].EscalatesTo, b.ID)
	case a.Kind == KindTouchpoint: // TP → staffing holder
		return slices.Contains(o.touchpoints[a.ID].StaffedBy, graph.Holder{Type: graph.HolderType(strings.ToUpper(b.Kind)), ID: b.ID})
	case a.Kind == KindPerson && b.Kind == KindTeam:
		return slices.ContainsFunc(o.s.Memberships, func(m graph.Membership) bool { return m.Person == a.ID && m.Team == b.ID })
	case a.Kind == KindTeam && b.Kind == KindPerson:
		return slices.ContainsFunc(o.s.Memberships, func(m graph.Membership) bool { return m.Person == b.ID && m.Team == a.ID })
	case a.Kind == KindTeam && b.Kind == KindTeam:
		ta, tb := o.teams[a.ID], o.teams[b.ID]
		return (ta.Parent != nil && *ta.Parent == b.ID) || (tb.Parent != nil && *tb.Parent == a.ID)
	case a.Kind == KindPerson && b.Kind == KindPerson:
		pa, pb := o.people[a.ID], o.people[b.ID]
		return (pa.Manager != nil && *pa.Manager == b.ID) || (pb.Manager != nil && *pb.Manager == a.ID)
	}
	return false
}

// Distances answers the hop count of every node reachable from touchpoint
// tp, with the node each was first reached from (the search's parents).
func (o *Org) Distances(tp string) (hops map[Node]int, from map[Node]Node) {
	adj := o.adjacency()
	start := TouchpointNode(tp)
	hops = map[Node]int{start: 0}
	from = map[Node]Node{}
	queue := []Node{start}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, m := range adj[n] {
			if _, seen := hops[m]; !seen {
				hops[m] = hops[n] + 1
				from[m] = n
				queue = append(queue, m)
			}
		}
	}
	return hops, from
}

// CustomerDistance answers customerDistance (docs/questions.md §2.11): the hop count of
// a shortest path from touchpoint tp to any person in whoCanAct(matter,
// amount, at), every such person at that count, and one such path; nil
// when nobody reachable can act or tp is unknown.
func (o *Org) CustomerDistance(tp, matter string, amount *float64, at time.Time) *Route {
	if o.touchpoints[tp] == nil {
		return nil
	}
	hops, from := o.Distances(tp)
	var route *Route
	for _, a := range o.WhoCanAct(matter, amount, at) { // sorted by person
		d, ok := hops[PersonNode(a.Person)]
		switch {
		case !ok:
		case route == nil || d < route.Hops:
			route = &Route{Hops: d, Actors: []string{a.Person}}
		case d == route.Hops:
			route.Actors = append(route.Actors, a.Person)
		}
	}
	if route != nil {
		n := PersonNode(route.Actors[0])
		route.Path = []Node{n}
		for n != TouchpointNode(tp) {
			n = from[n]
			route.Path = append([]Node{n}, route.Path...)
		}
	}
	return route
}

// CheckRoute checks a route answered for customerDistance(tp, matter,
// amount, at) (docs/questions.md §2.11): it starts at touchpoint tp; every node is a node
// of the graph (no inactive person, nothing unknown); every consecutive pair
// is an edge in the direction walked (so no touchpoint is entered except by
// escalatesTo); it ends at a person who can act; its hop count len(path)-1
// is the shortest. An empty path means "no route" and is right iff there is
// none. The error says what is wrong.
func (o *Org) CheckRoute(tp, matter string, amount *float64, at time.Time, path []Node) error {
	want := o.CustomerDistance(tp, matter, amount, at)
	if len(path) == 0 {
		if want != nil {
			return fmt.Errorf("no route, but the reference has %d hops to %v", want.Hops, want.Actors)
		}
		return nil
	}
	if want == nil {
		return fmt.Errorf("a route of %d hops, but nobody reachable from touchpoint %q can act on %q", len(path)-1, tp, matter)
	}
	if start := TouchpointNode(tp); path[0] != start {
		return fmt.Errorf("the route starts at %v, not at %v", path[0], start)
	}
	for i, n := range path {
		if !o.IsNode(n) {
			return fmt.Errorf("node %d (%v) is not a node of the route graph (unknown, or an inactive person)", i, n)
		}
	}
	for i := 1; i < len(path); i++ {
		if !o.IsEdge(path[i-1], path[i]) {
			return fmt.Errorf("hop %d: %v → %v is not an edge of the route graph", i, path[i-1], path[i])
		}
	}
	last := path[len(path)-1]
	if last.Kind != KindPerson {
		return fmt.Errorf("the route ends at %v, not at a person", last)
	}
	if ok, _ := o.CanAct(last.ID, matter, amount, at); !ok {
		return fmt.Errorf("the route ends at %v, who cannot act on %q", last, matter)
	}
	if hops := len(path) - 1; hops != want.Hops {
		return fmt.Errorf("the route has %d hops; the shortest has %d (to %v)", hops, want.Hops, want.Actors)
	}
	return nil
}
