package graph

import (
	"cmp"
	"math"
	"slices"
	"sync"
	"time"
)

// Net is an org laid out for the figures that look at the whole org at
// once (org health, docs/health.md): every entity by a dense index, the
// links both ways as adjacency lists, and the teams in the order of a
// depth-first walk of their forest, so that desc(t) (docs/questions.md §2.2)
// is one contiguous range of positions. It is built from a snapshot the
// store has just read from the database inside the request's transaction
// and lives as long as that request: it is a way of computing an answer,
// not a copy of the org kept between requests.
//
// A Net is safe for concurrent use once built.
type Net struct {
	org *Snapshot

	// People, by their index in org.People.
	personIdx map[string]int32
	manager   []int32 // -1: none
	reports   csr     // person → people reporting to them
	teamsOf   csr     // person → positions of the teams they are a member of

	// Teams, by position: pos[i] is the position of org.Teams[i], team[p]
	// the org.Teams index at position p, and the teams at positions
	// [p, end[p]) are desc of the team at p.
	teamIdx  map[string]int32 // id → org.Teams index
	pos, end []int32
	team     []int32
	parent   []int32 // by position; -1: a root
	depth    []int32 // by position; 1 for a root
	members  csr     // position → people with a membership there

	// Matters, by index in org.Matters.
	matterIdx    map[string]int32
	matterParent []int32
	over         csr // matter → mandates over it

	// Mandates, by index in org.Mandates.
	mandateIdx   map[string]int32
	source       []int32   // -1: not delegated
	holderPerson []int32   // -1: not held by a person
	holderTeam   []int32   // position; -1: not held by a team
	heldByPerson csr       // person → mandates they hold
	heldByTeam   csr       // position → mandates the team holds
	limit        []float64 // lim(X) of docs/questions.md §2.5; +Inf: unlimited

	// The route graph of docs/questions.md §2.11: people at [0, P), teams
	// at P + position, touchpoints at P + T + index.
	links csr

	mu      sync.Mutex
	instant time.Time
	stand   *standing
}

// csr is an adjacency list: the neighbours of i are to[at[i]:at[i+1]].
type csr struct {
	at []int32
	to []int32
}

func (c csr) of(i int32) []int32 { return c.to[c.at[i]:c.at[i+1]] }

// buildCSR makes the adjacency list of n nodes from edges (from, to).
func buildCSR(n int, edges [][2]int32) csr {
	c := csr{at: make([]int32, n+1), to: make([]int32, len(edges))}
	for _, e := range edges {
		c.at[e[0]+1]++
	}
	for i := range n {
		c.at[i+1] += c.at[i]
	}
	fill := slices.Clone(c.at[:n])
	for _, e := range edges {
		c.to[fill[e[0]]] = e[1]
		fill[e[0]]++
	}
	return c
}

// NewNet lays out org. References to ids that are not in org (which an org
// orgnet accepted never has) are left out.
func NewNet(org *Snapshot) *Net {
	n := &Net{org: org}
	P, T := len(org.People), len(org.Teams)

	n.personIdx = make(map[string]int32, P)
	for i, p := range org.People {
		n.personIdx[p.ID] = int32(i)
	}
	n.manager = make([]int32, P)
	var reportEdges [][2]int32
	for i, p := range org.People {
		n.manager[i] = -1
		if p.Manager != nil {
			if m, ok := n.personIdx[*p.Manager]; ok {
				n.manager[i] = m
				reportEdges = append(reportEdges, [2]int32{m, int32(i)})
			}
		}
	}
	n.reports = buildCSR(P, reportEdges)

	n.layTeams()
	var memberEdges, teamEdges [][2]int32
	for _, m := range org.Memberships {
		p, okP := n.personIdx[m.Person]
		t, okT := n.teamIdx[m.Team]
		if okP && okT {
			memberEdges = append(memberEdges, [2]int32{p, n.pos[t]})
			teamEdges = append(teamEdges, [2]int32{n.pos[t], p})
		}
	}
	n.teamsOf = buildCSR(P, memberEdges)
	n.members = buildCSR(T, teamEdges)

	n.matterIdx = make(map[string]int32, len(org.Matters))
	for i, m := range org.Matters {
		n.matterIdx[m.ID] = int32(i)
	}
	n.matterParent = make([]int32, len(org.Matters))
	for i, m := range org.Matters {
		n.matterParent[i] = -1
		if m.Parent != nil {
			if up, ok := n.matterIdx[*m.Parent]; ok {
				n.matterParent[i] = up
			}
		}
	}

	M := len(org.Mandates)
	n.mandateIdx = make(map[string]int32, M)
	for i, md := range org.Mandates {
		n.mandateIdx[md.ID] = int32(i)
	}
	n.source, n.holderPerson, n.holderTeam = make([]int32, M), make([]int32, M), make([]int32, M)
	var overEdges, personHeld, teamHeld [][2]int32
	for i, md := range org.Mandates {
		n.source[i], n.holderPerson[i], n.holderTeam[i] = -1, -1, -1
		if md.DelegatedFrom != nil {
			if s, ok := n.mandateIdx[*md.DelegatedFrom]; ok {
				n.source[i] = s
			}
		}
		if m, ok := n.matterIdx[md.Matter]; ok {
			overEdges = append(overEdges, [2]int32{m, int32(i)})
		}
		switch md.Holder.Type {
		case HolderPerson:
			if p, ok := n.personIdx[md.Holder.ID]; ok {
				n.holderPerson[i] = p
				personHeld = append(personHeld, [2]int32{p, int32(i)})
			}
		case HolderTeam:
			if t, ok := n.teamIdx[md.Holder.ID]; ok {
				n.holderTeam[i] = n.pos[t]
				teamHeld = append(teamHeld, [2]int32{n.pos[t], int32(i)})
			}
		}
	}
	n.over = buildCSR(len(org.Matters), overEdges)
	n.limit = n.effectiveLimits()
	n.heldByPerson = buildCSR(P, personHeld)
	n.heldByTeam = buildCSR(T, teamHeld)

	// The route graph: membership, team-parent and manager links both ways;
	// escalations and staffing one way, from the touchpoint.
	var edges [][2]int32
	for p := range P {
		for _, t := range n.teamsOf.of(int32(p)) {
			edges = append(edges, [2]int32{int32(p), int32(P) + t}, [2]int32{int32(P) + t, int32(p)})
		}
		if m := n.manager[p]; m >= 0 {
			edges = append(edges, [2]int32{int32(p), m}, [2]int32{m, int32(p)})
		}
	}
	for q := range T {
		if up := n.parent[q]; up >= 0 {
			edges = append(edges, [2]int32{int32(P + q), int32(P) + up}, [2]int32{int32(P) + up, int32(P + q)})
		}
	}
	tpIdx := make(map[string]int32, len(org.Touchpoints))
	for i, tp := range org.Touchpoints {
		tpIdx[tp.ID] = int32(i)
	}
	for i, tp := range org.Touchpoints {
		from := int32(P + T + i)
		for _, to := range tp.EscalatesTo {
			if j, ok := tpIdx[to]; ok {
				edges = append(edges, [2]int32{from, int32(P+T) + j})
			}
		}
		for _, h := range tp.StaffedBy {
			if node, ok := n.holderNode(h); ok {
				edges = append(edges, [2]int32{from, node})
			}
		}
	}
	n.links = buildCSR(P+T+len(org.Touchpoints), edges)
	return n
}

// layTeams orders the teams by a depth-first walk of their forest.
func (n *Net) layTeams() {
	org := n.org
	T := len(org.Teams)
	n.teamIdx = make(map[string]int32, T)
	for i, t := range org.Teams {
		n.teamIdx[t.ID] = int32(i)
	}
	up := make([]int32, T)
	var childEdges [][2]int32
	for i, t := range org.Teams {
		up[i] = -1
		if t.Parent != nil {
			if p, ok := n.teamIdx[*t.Parent]; ok {
				up[i] = p
				childEdges = append(childEdges, [2]int32{p, int32(i)})
			}
		}
	}
	children := buildCSR(T, childEdges)
	n.pos, n.end, n.team = make([]int32, T), make([]int32, T), make([]int32, T)
	n.parent, n.depth = make([]int32, T), make([]int32, T)
	seen := make([]bool, T)
	next := int32(0)
	type frame struct{ team, child int32 }
	walk := func(root int32) {
		stack := []frame{{root, 0}}
		seen[root] = true
		n.pos[root], n.team[next] = next, root
		n.depth[next] = 1
		next++
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			kids := children.of(f.team)
			if int(f.child) == len(kids) {
				n.end[n.pos[f.team]] = next
				stack = stack[:len(stack)-1]
				continue
			}
			c := kids[f.child]
			f.child++
			if seen[c] {
				continue
			}
			seen[c] = true
			n.pos[c], n.team[next] = next, c
			n.depth[next] = n.depth[n.pos[f.team]] + 1
			next++
			stack = append(stack, frame{c, 0})
		}
	}
	for i := range T {
		if up[i] < 0 {
			walk(int32(i))
		}
	}
	for i := range T { // only teams in a cycle of parents are left
		if !seen[i] {
			walk(int32(i))
		}
	}
	for i := range T {
		n.parent[n.pos[i]] = -1
		if up[i] >= 0 && n.depth[n.pos[i]] > 1 {
			n.parent[n.pos[i]] = n.pos[up[i]]
		}
	}
}

// holderNode is the node of the route graph of a staffing holder: a team,
// or an active person.
func (n *Net) holderNode(h Holder) (int32, bool) {
	switch h.Type {
	case HolderPerson:
		if p, ok := n.personIdx[h.ID]; ok && n.org.People[p].Active {
			return p, true
		}
	case HolderTeam:
		if t, ok := n.teamIdx[h.ID]; ok {
			return int32(len(n.org.People)) + n.pos[t], true
		}
	}
	return 0, false
}

func (n *Net) active(p int32) bool { return n.org.People[p].Active }

// standing is where every mandate stands at one instant, and, matter by
// matter as they are asked for, who can act on it (with no amount).
type standing struct {
	at        time.Time
	effective []bool
	covers    []*cover // by matter; nil until asked for
	mu        sync.Mutex
}

// at is the standing of the mandates at instant at, computed once per
// instant asked.
func (n *Net) at(at time.Time) *standing {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.stand != nil && n.instant.Equal(at) {
		return n.stand
	}
	s := &standing{at: at, effective: make([]bool, len(n.org.Mandates)), covers: make([]*cover, len(n.org.Matters))}
	known := make([]int8, len(n.org.Mandates)) // 0 unknown, 1 effective, 2 not
	for i := range n.org.Mandates {
		s.effective[i] = n.effectiveAt(int32(i), at, known)
	}
	n.instant, n.stand = at, s
	return s
}

// effectiveAt says whether mandate i and every mandate up its delegation
// chain are inside their windows at at (docs/questions.md §2.4), memoized in
// known (0 not yet known, 1 effective, 2 not).
func (n *Net) effectiveAt(i int32, at time.Time, known []int8) bool {
	var chain []int32
	above := true // whether what lies above the chain is effective
	x := i
	for x >= 0 && known[x] == 0 {
		if len(chain) > len(n.org.Mandates) { // a cycle: never in an accepted org
			above = false
			break
		}
		chain = append(chain, x)
		x = n.source[x]
	}
	if x >= 0 && known[x] != 0 {
		above = known[x] == 1
	}
	for j := len(chain) - 1; j >= 0; j-- {
		md := n.org.Mandates[chain[j]]
		above = above && inWindow(md, at)
		known[chain[j]] = 2
		if above {
			known[chain[j]] = 1
		}
	}
	return known[i] == 1
}

// inWindow says whether at lies in [validFrom, validUntil) of md.
func inWindow(md Mandate, at time.Time) bool {
	return (md.ValidFrom == nil || !at.Before(*md.ValidFrom)) && (md.ValidUntil == nil || at.Before(*md.ValidUntil))
}

// effectiveLimits is lim(X) of every mandate (docs/questions.md §2.5): the
// smallest limit along its delegation chain, +Inf when none has one. A
// chain that runs in a cycle (never in an accepted org) takes the smallest
// limit met before it closes; such a mandate is never effective anyway.
func (n *Net) effectiveLimits() []float64 {
	M := len(n.org.Mandates)
	lim := make([]float64, M)
	known := make([]bool, M)
	var chain []int32
	for i := range M {
		chain = chain[:0]
		x := int32(i)
		for x >= 0 && !known[x] && len(chain) <= M {
			chain = append(chain, x)
			x = n.source[x]
		}
		above := math.Inf(1)
		if x >= 0 && known[x] {
			above = lim[x]
		}
		for j := len(chain) - 1; j >= 0; j-- {
			if l := n.org.Mandates[chain[j]].Limit; l != nil {
				above = min(above, *l)
			}
			if !known[chain[j]] {
				lim[chain[j]], known[chain[j]] = above, true
			}
		}
	}
	return lim
}

// cover is who can act on one matter at an instant, with no amount
// (docs/questions.md §2.8): the active people holding a mandate in force
// that covers the matter, and the members of the teams at positions inside
// spans (the teams below the teams holding one).
type cover struct {
	people []int32 // sorted
	spans  []span  // sorted, disjoint, not adjacent
	teams  []int32 // the positions of the holding teams, sorted
}

// span is the team positions [from, to).
type span struct{ from, to int32 }

// cover is who can act on matter m with no amount, computed once per
// standing.
func (n *Net) cover(s *standing, m int32) *cover {
	s.mu.Lock()
	c := s.covers[m]
	s.mu.Unlock()
	if c != nil {
		return c
	}
	c = n.newCover(s, m, func(int32) bool { return true })
	s.mu.Lock()
	s.covers[m] = c
	s.mu.Unlock()
	return c
}

// coverFor is who can act on matter m for amount (nil: any amount): with
// an amount, only the mandates whose effective limit allows it grant
// (docs/questions.md §2.7, 4: unlimited, or amount ≤ lim).
func (n *Net) coverFor(s *standing, m int32, amount *float64) *cover {
	if amount == nil {
		return n.cover(s, m)
	}
	a := *amount
	return n.newCover(s, m, func(md int32) bool { return a <= n.limit[md] })
}

// newCover is who can act on matter m through the mandates in force that
// allows lets grant.
func (n *Net) newCover(s *standing, m int32, allows func(md int32) bool) *cover {
	c := &cover{}
	for x, steps := m, 0; x >= 0 && steps <= len(n.org.Matters); x, steps = n.matterParent[x], steps+1 {
		for _, md := range n.over.of(x) {
			if !s.effective[md] || !allows(md) {
				continue
			}
			if p := n.holderPerson[md]; p >= 0 && n.active(p) {
				c.people = append(c.people, p)
			}
			if t := n.holderTeam[md]; t >= 0 {
				c.spans = append(c.spans, span{t, n.end[t]})
				c.teams = append(c.teams, t)
			}
		}
	}
	slices.Sort(c.people)
	c.people = slices.Compact(c.people)
	slices.Sort(c.teams)
	c.teams = slices.Compact(c.teams)
	slices.SortFunc(c.spans, func(a, b span) int { return cmp.Compare(a.from, b.from) })
	merged := c.spans[:0]
	for _, sp := range c.spans {
		if k := len(merged) - 1; k >= 0 && sp.from <= merged[k].to {
			merged[k].to = max(merged[k].to, sp.to)
			continue
		}
		merged = append(merged, sp)
	}
	c.spans = merged
	return c
}

// inSpans says whether team position t lies in one of spans.
func inSpans(spans []span, t int32) bool {
	i, _ := slices.BinarySearchFunc(spans, t, func(s span, t int32) int {
		switch {
		case s.to <= t:
			return -1
		case s.from > t:
			return 1
		}
		return 0
	})
	return i < len(spans) && spans[i].from <= t && t < spans[i].to
}

// acts says whether person p can act on the matter c covers.
func (n *Net) acts(c *cover, p int32) bool {
	if !n.active(p) {
		return false
	}
	if _, ok := slices.BinarySearch(c.people, p); ok {
		return true
	}
	for _, t := range n.teamsOf.of(p) {
		if inSpans(c.spans, t) {
			return true
		}
	}
	return false
}

// actors calls yield for each person who can act on the matter c covers,
// once each, until yield returns false. seen is scratch space of one
// stamp per person; stamp must be new to it.
func (n *Net) actors(c *cover, seen []int32, stamp int32, yield func(p int32) bool) {
	for _, p := range c.people {
		if seen[p] != stamp {
			seen[p] = stamp
			if !yield(p) {
				return
			}
		}
	}
	for _, sp := range c.spans {
		for t := sp.from; t < sp.to; t++ {
			for _, p := range n.members.of(t) {
				if seen[p] != stamp && n.active(p) {
					seen[p] = stamp
					if !yield(p) {
						return
					}
				}
			}
		}
	}
}

// stamps is scratch space for one walk over people or nodes at a time:
// a slot holds the stamp of the last walk that marked it.
type stamps struct {
	mark []int32
	now  int32
}

func newStamps(n int) *stamps { return &stamps{mark: make([]int32, n)} }

// next starts a new walk.
func (s *stamps) next() int32 {
	s.now++
	return s.now
}
