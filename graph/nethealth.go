package graph

import (
	"slices"
	"strings"
	"time"
)

// Org health (docs/health.md) computed over a Net: one breadth-first search
// per touchpoint answers the distance of every matter it handles at once,
// and who can act on a matter is a set of people and of team ranges
// (cover), so that whether someone can act is a lookup, not a list.

// Health answers orgHealth at the instant at (docs/health.md): every
// handling with its residual, whether its front line can act, its distance
// and a shortest route; the matters nobody or only one person can act on;
// and the shape of the org. People on routes and single actors are as the
// Net's snapshot holds them (the store reads people lean, and fills them in
// whole with FillPeople).
func (n *Net) Health(at time.Time) *OrgHealth {
	s := n.at(at)
	h := &OrgHealth{At: at, OrphanMatters: []Matter{}, SingleActorMatters: []SingleActor{}, Handlings: []HandlingHealth{}, net: n}
	w := n.newWalk()
	for i := range n.org.Touchpoints {
		h.Handlings = append(h.Handlings, n.touchpointHandlings(s, w, int32(i))...)
	}
	h.Breakdown(slices.Clone(n.org.Touchpoints))

	seen := newStamps(len(n.org.People))
	for m := range n.org.Matters {
		count, first := 0, int32(-1)
		n.actors(n.cover(s, int32(m)), seen.mark, seen.next(), func(p int32) bool {
			count++
			if first < 0 {
				first = p
			}
			return count < 2
		})
		switch count {
		case 0:
			h.OrphanMatters = append(h.OrphanMatters, n.org.Matters[m])
		case 1:
			h.SingleActorMatters = append(h.SingleActorMatters, SingleActor{Matter: n.org.Matters[m], Person: n.org.People[first]})
		}
	}
	slices.SortFunc(h.OrphanMatters, func(a, b Matter) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(h.SingleActorMatters, func(a, b SingleActor) int { return strings.Compare(a.Matter.ID, b.Matter.ID) })

	h.Layers = n.layers()
	for _, d := range n.depth {
		h.UnitDepth = max(h.UnitDepth, int(d))
	}
	h.SpanOfControl = n.span()
	return h
}

// touchpointHandlings answers the handlings of touchpoint i: one search
// from it, level by level, until each matter it handles has met someone
// who can act on it (or the search has reached all it can).
func (n *Net) touchpointHandlings(s *standing, w *walk, i int32) []HandlingHealth {
	tp := n.org.Touchpoints[i]
	out := make([]HandlingHealth, len(tp.Handles))
	var pending []int // indexes into out still without a route
	covers := make([]*cover, len(tp.Handles))
	for k, hd := range tp.Handles {
		out[k] = HandlingHealth{Touchpoint: tp, Residual: hd.Residual()}
		m, ok := n.matterIdx[hd.Matter]
		if !ok {
			out[k].Matter = Matter{ID: hd.Matter}
			continue
		}
		out[k].Matter = n.org.Matters[m]
		covers[k] = n.cover(s, m)
		out[k].FrontLineCanAct = n.frontLineActs(tp, covers[k])
		pending = append(pending, k)
	}
	if len(pending) == 0 {
		return out
	}
	n.search(w, n.touchpointNode(i), -1, func(p int32) bool {
		kept := pending[:0]
		for _, k := range pending {
			if n.acts(covers[k], p) {
				out[k].Route = n.route(w, p)
				d := out[k].Route.Hops
				out[k].Distance = &d
			} else {
				kept = append(kept, k)
			}
		}
		pending = kept
		return len(pending) > 0
	})
	return out
}

func (n *Net) touchpointNode(i int32) int32 {
	return int32(len(n.org.People)+len(n.org.Teams)) + i
}

// frontLineActs says whether someone on the front line of tp
// (docs/questions.md §2.10) can act on the matter c covers.
func (n *Net) frontLineActs(tp Touchpoint, c *cover) bool {
	var ranges []span // the staffing teams and the teams below them
	for _, h := range tp.StaffedBy {
		switch h.Type {
		case HolderPerson:
			if p, ok := n.personIdx[h.ID]; ok && n.acts(c, p) {
				return true
			}
		case HolderTeam:
			if t, ok := n.teamIdx[h.ID]; ok {
				ranges = append(ranges, span{n.pos[t], n.end[n.pos[t]]})
			}
		}
	}
	if len(ranges) == 0 {
		return false
	}
	// Quick answers first: an active member of a team that is both on the
	// front line and covered, or a person holder with a membership on it.
	for _, r := range ranges {
		for _, sp := range c.spans {
			for t := max(r.from, sp.from); t < min(r.to, sp.to); t++ {
				if slices.ContainsFunc(n.members.of(t), n.active) {
					return true
				}
			}
		}
	}
	inRanges := func(p int32) bool {
		return slices.ContainsFunc(n.teamsOf.of(p), func(t int32) bool {
			return slices.ContainsFunc(ranges, func(r span) bool { return r.from <= t && t < r.to })
		})
	}
	if slices.ContainsFunc(c.people, inRanges) {
		return true
	}
	// Then a front-line member who can act through another membership.
	for _, r := range ranges {
		for t := r.from; t < r.to; t++ {
			if slices.ContainsFunc(n.members.of(t), func(p int32) bool { return n.acts(c, p) }) {
				return true
			}
		}
	}
	return false
}

// walk is the state of one breadth-first search over the route graph:
// each node's distance from the start and the node it was reached from.
type walk struct {
	seen  *stamps
	dist  []int32
	pred  []int32
	queue []int32
}

func (n *Net) newWalk() *walk {
	size := len(n.links.at) - 1
	return &walk{seen: newStamps(size), dist: make([]int32, size), pred: make([]int32, size)}
}

// search walks the route graph of docs/questions.md §2.11 breadth first
// from node start, never entering the person avoid (-1: none) or an
// inactive person, and calls found with each person it reaches, nearest
// first, until found returns false.
func (n *Net) search(w *walk, start, avoid int32, found func(p int32) bool) {
	now := w.seen.next()
	P := int32(len(n.org.People))
	w.seen.mark[start], w.dist[start], w.pred[start] = now, 0, -1
	w.queue = append(w.queue[:0], start)
	for head := 0; head < len(w.queue); head++ {
		v := w.queue[head]
		for _, x := range n.links.of(v) {
			if w.seen.mark[x] == now || x == avoid || (x < P && !n.active(x)) {
				continue
			}
			w.seen.mark[x], w.dist[x], w.pred[x] = now, w.dist[v]+1, v
			w.queue = append(w.queue, x)
			if x < P && !found(x) {
				return
			}
		}
	}
}

// route is the route the last search took to person p, touchpoint first.
func (n *Net) route(w *walk, p int32) *Route {
	P, T := int32(len(n.org.People)), int32(len(n.org.Teams))
	r := &Route{Hops: int(w.dist[p]), Actor: n.org.People[p], Path: make([]RouteNode, w.dist[p]+1)}
	for v, k := p, int(w.dist[p]); k >= 0; v, k = w.pred[v], k-1 {
		switch {
		case v < P:
			person := n.org.People[v]
			r.Path[k] = &person
		case v < P+T:
			team := n.org.Teams[n.team[v-P]]
			r.Path[k] = &team
		default:
			tp := n.org.Touchpoints[v-P-T]
			r.Path[k] = &tp
		}
	}
	return r
}

// layers is the longest chain of active people linked by manager, in
// people; an inactive person ends a chain (docs/health.md).
func (n *Net) layers() int {
	depth := make([]int32, len(n.org.People)) // 0: not yet known
	best := 0
	var chain []int32
	for p := range n.org.People {
		if !n.active(int32(p)) {
			continue
		}
		chain = chain[:0]
		x := int32(p)
		for x >= 0 && n.active(x) && depth[x] == 0 && len(chain) <= len(depth) {
			chain = append(chain, x)
			x = n.manager[x]
		}
		d := int32(0)
		if x >= 0 && n.active(x) {
			d = depth[x]
		}
		for i := len(chain) - 1; i >= 0; i-- {
			d++
			depth[chain[i]] = d
		}
		best = max(best, int(depth[p]))
	}
	return best
}

// span is the span of control over active people with active direct
// reports (docs/health.md).
func (n *Net) span() Span {
	var counts []int
	for p := range n.org.People {
		if !n.active(int32(p)) {
			continue
		}
		c := 0
		for _, r := range n.reports.of(int32(p)) {
			if n.active(r) {
				c++
			}
		}
		if c > 0 {
			counts = append(counts, c)
		}
	}
	if len(counts) == 0 {
		return Span{}
	}
	slices.Sort(counts)
	sum := 0
	for _, c := range counts {
		sum += c
	}
	mean := float64(sum) / float64(len(counts))
	mid := len(counts) / 2
	median := float64(counts[mid])
	if len(counts)%2 == 0 {
		median = float64(counts[mid-1]+counts[mid]) / 2
	}
	return Span{Max: counts[len(counts)-1], Mean: &mean, Median: &median}
}

// Units pages the teams of kind (nil: any), by id, each described with the
// teams below it at at (docs/health.md, Units). Teams come whole.
func (n *Net) Units(at time.Time, kind *TeamKind, p Page) Conn[UnitHealth] {
	s := n.at(at)
	var ids []int32
	for i, t := range n.org.Teams {
		if kind == nil || t.Kind == *kind {
			ids = append(ids, int32(i))
		}
	}
	slices.SortFunc(ids, func(a, b int32) int { return strings.Compare(n.org.Teams[a].ID, n.org.Teams[b].ID) })
	start, _ := slices.BinarySearchFunc(ids, p.After, func(i int32, after string) int {
		if n.org.Teams[i].ID <= after {
			return -1
		}
		return 1
	})
	first := p.Size()
	conn := Conn[UnitHealth]{Total: len(ids), HasNext: start+first < len(ids), Items: []UnitHealth{}}
	in := newStamps(len(n.org.People))
	depth := make([]int32, len(n.org.People))
	for _, i := range ids[start:min(len(ids), start+first)] {
		conn.Items = append(conn.Items, n.unit(s, i, in, depth))
	}
	return conn
}

// unit describes team i with the teams below it; in and depth are scratch
// space, one slot per person.
func (n *Net) unit(s *standing, i int32, in *stamps, depth []int32) UnitHealth {
	u := UnitHealth{At: s.at, Team: n.org.Teams[i], net: n}
	q := n.pos[i]
	now := in.next()
	var people []int32
	for t := q; t < n.end[q]; t++ {
		for _, p := range n.members.of(t) {
			if in.mark[p] != now && n.active(p) {
				in.mark[p], depth[p] = now, 0
				people = append(people, p)
			}
		}
	}
	u.People = len(people)
	var chain []int32
	for _, p := range people {
		chain = chain[:0]
		x := p
		for x >= 0 && in.mark[x] == now && depth[x] == 0 && len(chain) <= len(people) {
			chain = append(chain, x)
			x = n.manager[x]
		}
		d := int32(0)
		if x >= 0 && in.mark[x] == now {
			d = depth[x]
		}
		for k := len(chain) - 1; k >= 0; k-- {
			d++
			depth[chain[k]] = d
		}
		u.Layers = max(u.Layers, int(depth[p]))
	}
	for t := q; t < n.end[q]; t++ {
		for _, md := range n.heldByTeam.of(t) {
			if s.effective[md] {
				u.Mandates++
			}
		}
	}
	for _, p := range people {
		for _, md := range n.heldByPerson.of(p) {
			if s.effective[md] {
				u.Mandates++
			}
		}
	}
	return u
}

// ExclusiveMatters answers, for each team of teamIDs, the matters somebody
// can act on at at and only people of the team or the teams below it can,
// by matter id. Every id is a key of the answer (an unknown team has no
// matters). Matters come whole.
func (n *Net) ExclusiveMatters(teamIDs []string, at time.Time) map[string][]Matter {
	s := n.at(at)
	out := make(map[string][]Matter, len(teamIDs))
	order := make([]int32, len(n.org.Matters))
	for m := range order {
		order[m] = int32(m)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(n.org.Matters[a].ID, n.org.Matters[b].ID) })
	for _, id := range teamIDs {
		out[id] = []Matter{}
		i, ok := n.teamIdx[id]
		if !ok {
			continue
		}
		for _, m := range order {
			if n.exclusive(n.cover(s, m), n.pos[i]) {
				out[id] = append(out[id], n.org.Matters[m])
			}
		}
	}
	return out
}

// exclusive says whether someone can act on the matter c covers and
// everyone who can is a member of the team at position q or a team below
// it. Members of covered teams inside that range are inside; only the
// others need looking at, and the first outside settles it.
func (n *Net) exclusive(c *cover, q int32) bool {
	from, to := q, n.end[q]
	inside := func(p int32) bool {
		return slices.ContainsFunc(n.teamsOf.of(p), func(t int32) bool { return from <= t && t < to })
	}
	some := len(c.people) > 0
	for _, p := range c.people {
		if !inside(p) {
			return false
		}
	}
	for _, sp := range c.spans {
		for t := sp.from; t < sp.to; t++ {
			if from <= t && t < to {
				if !some {
					some = slices.ContainsFunc(n.members.of(t), n.active)
				} else {
					t = max(t, min(sp.to, to)-1) // the rest of the range is inside too
				}
				continue
			}
			for _, p := range n.members.of(t) {
				if n.active(p) {
					some = true
					if !inside(p) {
						return false
					}
				}
			}
		}
	}
	return some
}

// Stranded answers the searches of a key-people plan (see PlanKeyPeople) at
// at: for each reroute and each person it avoids, whether the handling
// would have no route to someone who can act were that person inactive
// (docs/health.md, Key people).
func (n *Net) Stranded(reroutes []Reroute, at time.Time) map[Stranded]bool {
	s := n.at(at)
	w := n.newWalk()
	out := map[Stranded]bool{}
	tpIdx := make(map[string]int32, len(n.org.Touchpoints))
	for i, tp := range n.org.Touchpoints {
		tpIdx[tp.ID] = int32(i)
	}
	for _, r := range reroutes {
		tp, okTP := tpIdx[r.Touchpoint]
		m, okM := n.matterIdx[r.Matter]
		for _, id := range r.Avoid {
			gone, okP := n.personIdx[id]
			reachable := false
			if okTP && okM && okP {
				c := n.cover(s, m)
				n.search(w, n.touchpointNode(tp), gone, func(p int32) bool {
					reachable = n.acts(c, p)
					return !reachable
				})
			}
			if !reachable {
				out[Stranded{Touchpoint: r.Touchpoint, Matter: r.Matter, Person: id}] = true
			}
		}
	}
	return out
}
