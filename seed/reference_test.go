package seed

import (
	"math"
	"slices"
	"strings"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// refOrg answers the questions of SPEC §2 over a snapshot in memory, just
// enough to check the facts the demo organization claims. It is a test
// oracle written independently of the database code.
type refOrg struct {
	s            *graph.Snapshot
	people       map[string]graph.Person
	teamParent   map[string]string
	teamChildren map[string][]string
	matterParent map[string]string
	mandates     map[string]graph.Mandate
	teamMembers  map[string][]string // team → people with a membership in it
	personTeams  map[string][]string // person → teams they are in
	reports      map[string][]string // manager → direct reports
	touchpoints  map[string]graph.Touchpoint
	teams        map[string]bool
}

func newRefOrg(s *graph.Snapshot) *refOrg {
	o := &refOrg{
		s: s, people: map[string]graph.Person{}, teamParent: map[string]string{}, teamChildren: map[string][]string{},
		matterParent: map[string]string{}, mandates: map[string]graph.Mandate{}, teamMembers: map[string][]string{},
		personTeams: map[string][]string{}, reports: map[string][]string{}, touchpoints: map[string]graph.Touchpoint{},
		teams: map[string]bool{},
	}
	for _, p := range s.People {
		o.people[p.ID] = p
		if p.Manager != nil {
			o.reports[*p.Manager] = append(o.reports[*p.Manager], p.ID)
		}
	}
	for _, t := range s.Teams {
		o.teams[t.ID] = true
		if t.Parent != nil {
			o.teamParent[t.ID] = *t.Parent
			o.teamChildren[*t.Parent] = append(o.teamChildren[*t.Parent], t.ID)
		}
	}
	for _, m := range s.Matters {
		if m.Parent != nil {
			o.matterParent[m.ID] = *m.Parent
		}
	}
	for _, m := range s.Mandates {
		o.mandates[m.ID] = m
	}
	for _, m := range s.Memberships {
		o.teamMembers[m.Team] = append(o.teamMembers[m.Team], m.Person)
		o.personTeams[m.Person] = append(o.personTeams[m.Person], m.Team)
	}
	for _, t := range s.Touchpoints {
		o.touchpoints[t.ID] = t
	}
	return o
}

func (o *refOrg) active(person string) bool { p, ok := o.people[person]; return ok && p.Active }

// effective is SPEC §2.4: the window holds at `at`, and so does the source's.
func (o *refOrg) effective(id string, at time.Time) bool {
	m := o.mandates[id]
	if m.ValidFrom != nil && m.ValidFrom.After(at) || m.ValidUntil != nil && !at.Before(*m.ValidUntil) {
		return false
	}
	return m.DelegatedFrom == nil || o.effective(*m.DelegatedFrom, at)
}

// limit is lim(X) of SPEC §2.5; +Inf when unlimited.
func (o *refOrg) limit(id string) float64 {
	m := o.mandates[id]
	lim := math.Inf(1)
	if m.Limit != nil {
		lim = *m.Limit
	}
	if m.DelegatedFrom != nil {
		lim = math.Min(lim, o.limit(*m.DelegatedFrom))
	}
	return lim
}

// covers is SPEC §2.3: a mandate over ancestor covers matter.
func (o *refOrg) covers(ancestor, matter string) bool {
	for {
		if matter == ancestor {
			return true
		}
		parent, ok := o.matterParent[matter]
		if !ok {
			return false
		}
		matter = parent
	}
}

// members is members(t) of SPEC §2.2: active people in t or a team below it.
func (o *refOrg) members(team string) []string {
	var out []string
	for _, p := range o.teamMembers[team] {
		if o.active(p) {
			out = append(out, p)
		}
	}
	for _, c := range o.teamChildren[team] {
		out = append(out, o.members(c)...)
	}
	return out
}

// whoCanAct is SPEC §2.8 without the grants: the people who can act on
// matter for amount (negative: no amount) at `at`.
func (o *refOrg) whoCanAct(matter string, amount float64, at time.Time) map[string]bool {
	who := map[string]bool{}
	for _, m := range o.s.Mandates {
		if !o.covers(m.Matter, matter) || !o.effective(m.ID, at) || amount >= 0 && amount > o.limit(m.ID) {
			continue
		}
		switch m.Holder.Type {
		case graph.HolderPerson:
			if o.active(m.Holder.ID) {
				who[m.Holder.ID] = true
			}
		case graph.HolderTeam:
			for _, p := range o.members(m.Holder.ID) {
				who[p] = true
			}
		}
	}
	return who
}

// route is an answer of customerDistance: hops, every person who can act at
// that distance (sorted) and one shortest path to the first of them.
type route struct {
	hops   int
	actors []string
	path   []string
}

// customerDistance is SPEC §2.11 by breadth-first search. Nodes are keyed
// "tp:", "team:" and "person:" and named by id in paths. ok is false when
// nobody reachable can act.
func (o *refOrg) customerDistance(tp, matter string, amount float64, at time.Time) (r route, ok bool) {
	who := o.whoCanAct(matter, amount, at)
	start := "tp:" + tp
	prev := map[string]string{start: ""}
	layer := []string{start}
	for hops := 0; len(layer) > 0; hops++ {
		for _, n := range layer {
			if id, isPerson := strings.CutPrefix(n, "person:"); isPerson && who[id] {
				r.actors = append(r.actors, id)
			}
		}
		if len(r.actors) > 0 {
			slices.Sort(r.actors)
			for n := "person:" + r.actors[0]; n != ""; n = prev[n] {
				r.path = append([]string{stripKind(n)}, r.path...)
			}
			r.hops = hops
			return r, true
		}
		var next []string
		for _, n := range layer {
			for _, m := range o.neighbours(n) {
				if _, seen := prev[m]; !seen {
					prev[m] = n
					next = append(next, m)
				}
			}
		}
		layer = next
	}
	return route{}, false
}

func (o *refOrg) neighbours(node string) []string {
	var out []string
	person := func(id string) {
		if o.active(id) {
			out = append(out, "person:"+id)
		}
	}
	if id, ok := strings.CutPrefix(node, "tp:"); ok {
		t := o.touchpoints[id]
		for _, to := range t.EscalatesTo {
			out = append(out, "tp:"+to)
		}
		for _, h := range t.StaffedBy {
			if h.Type == graph.HolderPerson {
				person(h.ID)
			} else {
				out = append(out, "team:"+h.ID)
			}
		}
	}
	if id, ok := strings.CutPrefix(node, "team:"); ok {
		for _, p := range o.teamMembers[id] {
			person(p)
		}
		if parent, ok := o.teamParent[id]; ok {
			out = append(out, "team:"+parent)
		}
		for _, c := range o.teamChildren[id] {
			out = append(out, "team:"+c)
		}
	}
	if id, ok := strings.CutPrefix(node, "person:"); ok {
		for _, t := range o.personTeams[id] {
			out = append(out, "team:"+t)
		}
		if m := o.people[id].Manager; m != nil {
			person(*m)
		}
		for _, r := range o.reports[id] {
			person(r)
		}
	}
	return out
}

func stripKind(n string) string {
	for _, k := range []string{"tp:", "team:", "person:"} {
		if id, ok := strings.CutPrefix(n, k); ok {
			return id
		}
	}
	return n
}

// isWalk reports whether ids, touchpoint first, follow edges of the graph of
// SPEC §2.11. An id names a touchpoint if there is one, else a team if there
// is one, else a person.
func (o *refOrg) isWalk(ids []string) bool {
	key := func(id string) string {
		switch {
		case o.touchpoints[id].ID != "":
			return "tp:" + id
		case o.teams[id]:
			return "team:" + id
		default:
			return "person:" + id
		}
	}
	if len(ids) == 0 || !strings.HasPrefix(key(ids[0]), "tp:") {
		return false
	}
	for i := 1; i < len(ids); i++ {
		if !slices.Contains(o.neighbours(key(ids[i-1])), key(ids[i])) {
			return false
		}
	}
	return true
}
