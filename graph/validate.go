package graph

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Validate checks a whole organization against the rules of docs/writes.md, with
// the default Limits, and returns every problem found, with paths into s
// ("mandates[4].limit"). A nil result means s may be written as it is.
func Validate(s *Snapshot) []Problem { return Limits{}.Validate(s) }

// Validate is Validate with l's lengths for ids and names.
func (l Limits) Validate(s *Snapshot) []Problem {
	return validate(s, l, func(section string, i int) string { return fmt.Sprintf("%s[%d]", section, i) })
}

// validate checks s; name gives the path of the i-th entity of a section, so
// that a merged org can name entities by where they came from. A rule that
// relates entities decides too what a write must read to be checked
// without the whole org (Neighborhood, incremental.go).
func validate(s *Snapshot, l Limits, name func(section string, i int) string) []Problem {
	v := &validator{s: s, limits: l, name: name}
	v.index()
	v.people()
	v.teams()
	v.memberships()
	v.matters()
	v.mandates()
	v.touchpoints()
	v.cycles()
	v.delegations()
	return v.problems
}

type validator struct {
	s        *Snapshot
	limits   Limits
	name     func(section string, i int) string
	problems []Problem

	// id → first index, for the well-formed ids: a blank or malformed id is
	// reported once, at the entity, and takes no part in the rules that
	// relate entities (duplicates, cycles, delegations).
	peopleAt, teamsAt, mattersAt, mandatesAt, touchpointsAt map[string]int
}

func (v *validator) add(path, format string, args ...any) {
	v.problems = append(v.problems, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

// index maps ids to their first position, reporting empty, malformed and
// duplicate ids.
func (v *validator) index() {
	idsOf := func(section string, n int, id func(int) string) map[string]int {
		m := make(map[string]int, n)
		for i := 0; i < n; i++ {
			path := v.name(section, i) + ".id"
			switch first, dup := m[id(i)]; {
			case blank(id(i)):
				v.add(path, "must not be empty")
			case v.limits.idProblem(id(i)) != "":
				v.add(path, "%s", v.limits.idProblem(id(i)))
			case dup:
				v.add(path, "duplicate id %q (also at %s)", id(i), v.name(section, first))
			default:
				m[id(i)] = i
			}
		}
		return m
	}
	s := v.s
	v.peopleAt = idsOf("people", len(s.People), func(i int) string { return s.People[i].ID })
	v.teamsAt = idsOf("teams", len(s.Teams), func(i int) string { return s.Teams[i].ID })
	v.mattersAt = idsOf("matters", len(s.Matters), func(i int) string { return s.Matters[i].ID })
	v.mandatesAt = idsOf("mandates", len(s.Mandates), func(i int) string { return s.Mandates[i].ID })
	v.touchpointsAt = idsOf("touchpoints", len(s.Touchpoints), func(i int) string { return s.Touchpoints[i].ID })
}

func (v *validator) named(path, name string) {
	switch {
	case blank(name):
		v.add(path+".name", "must not be empty")
	case v.limits.nameProblem(name) != "":
		v.add(path+".name", "%s", v.limits.nameProblem(name))
	}
}

// ref reports a reference that is blank, malformed, or to an id missing
// from known.
func (v *validator) ref(path, kind, id string, known map[string]int) {
	if blank(id) {
		v.add(path, "must name a %s", kind)
		return
	}
	if p := v.limits.idProblem(id); p != "" {
		v.add(path, "%s", p)
		return
	}
	if _, ok := known[id]; !ok {
		v.add(path, "%s %q does not exist", kind, id)
	}
}

func (v *validator) holder(path string, h Holder) {
	switch h.Type {
	case HolderPerson:
		v.ref(path+".id", "person", h.ID, v.peopleAt)
	case HolderTeam:
		v.ref(path+".id", "team", h.ID, v.teamsAt)
	default:
		v.add(path+".type", "unknown holder type %q: must be PERSON or TEAM", h.Type)
		if p := v.limits.idProblem(h.ID); !blank(h.ID) && p != "" { // what it names is unknown, but not how it is written
			v.add(path+".id", "%s", p)
		}
	}
}

func (v *validator) people() {
	userNames := map[string]int{} // folded userName → first index
	for i, p := range v.s.People {
		path := v.name("people", i)
		v.named(path, p.Name)
		if p.Manager != nil {
			v.ref(path+".manager", "person", *p.Manager, v.peopleAt)
		}
		if p.UserName == nil {
			continue
		}
		if blank(*p.UserName) {
			v.add(path+".userName", "must not be empty when given")
			continue
		}
		key := FoldCase(*p.UserName)
		if first, dup := userNames[key]; dup {
			v.add(path+".userName", "%s: %q is %s's (at %s); userNames are unique regardless of case",
				UserNameTakenMessage, *p.UserName, v.s.People[first].ID, v.name("people", first))
			continue
		}
		userNames[key] = i
	}
}

func (v *validator) teams() {
	for i, t := range v.s.Teams {
		path := v.name("teams", i)
		v.named(path, t.Name)
		if t.Kind != TeamKindUnit && t.Kind != TeamKindTeam {
			v.add(path+".kind", "unknown team kind %q: must be UNIT or TEAM", t.Kind)
		}
		if t.Parent != nil {
			v.ref(path+".parent", "team", *t.Parent, v.teamsAt)
		}
	}
}

func (v *validator) memberships() {
	seen := map[MembershipKey]int{}
	for i, m := range v.s.Memberships {
		path := v.name("memberships", i)
		v.ref(path+".person", "person", m.Person, v.peopleAt)
		v.ref(path+".team", "team", m.Team, v.teamsAt)
		if m.Role != RoleMember && m.Role != RoleLead {
			v.add(path+".role", "unknown role %q: must be MEMBER or LEAD", m.Role)
		}
		k := m.Key()
		if first, dup := seen[k]; dup {
			v.add(path, "person %q is already in team %q (at %s)", m.Person, m.Team, v.name("memberships", first))
		} else {
			seen[k] = i
		}
	}
}

func (v *validator) matters() {
	for i, m := range v.s.Matters {
		path := v.name("matters", i)
		v.named(path, m.Name)
		if m.Parent != nil {
			v.ref(path+".parent", "matter", *m.Parent, v.mattersAt)
		}
	}
}

func (v *validator) mandates() {
	for i, m := range v.s.Mandates {
		path := v.name("mandates", i)
		v.named(path, m.Name)
		v.ref(path+".matter", "matter", m.Matter, v.mattersAt)
		v.holder(path+".holder", m.Holder)
		if m.Limit != nil && (math.IsNaN(*m.Limit) || *m.Limit < 0) {
			v.add(path+".limit", "must be a number ≥ 0, not %v", *m.Limit)
		}
		if m.DelegatedFrom != nil {
			v.ref(path+".delegatedFrom", "mandate", *m.DelegatedFrom, v.mandatesAt)
		}
		if m.ValidFrom != nil && m.ValidUntil != nil && !m.ValidUntil.After(*m.ValidFrom) {
			v.add(path+".validUntil", "must be after validFrom (%s)", m.ValidFrom.Format("2006-01-02T15:04:05Z07:00"))
		}
	}
}

func (v *validator) touchpoints() {
	for i, t := range v.s.Touchpoints {
		path := v.name("touchpoints", i)
		v.named(path, t.Name)
		if !validChannel(t.Channel) {
			v.add(path+".channel", "unknown channel %q: must be one of %s", t.Channel, channelList())
		}
		staff := map[Holder]bool{}
		for j, h := range t.StaffedBy {
			p := fmt.Sprintf("%s.staffedBy[%d]", path, j)
			v.holder(p, h)
			if staff[h] {
				v.add(p, "%s %q is listed twice", strings.ToLower(string(h.Type)), h.ID)
			}
			staff[h] = true
		}
		escalations := map[string]bool{}
		for j, to := range t.EscalatesTo {
			p := fmt.Sprintf("%s.escalatesTo[%d]", path, j)
			v.ref(p, "touchpoint", to, v.touchpointsAt)
			if escalations[to] {
				v.add(p, "touchpoint %q is listed twice", to)
			}
			escalations[to] = true
		}
		handled := map[string]bool{}
		for j, h := range t.Handles {
			p := fmt.Sprintf("%s.handles[%d]", path, j)
			v.ref(p+".matter", "matter", h.Matter, v.mattersAt)
			if handled[h.Matter] {
				v.add(p+".matter", "matter %q is listed twice", h.Matter)
			}
			handled[h.Matter] = true
			if math.IsNaN(h.Volume) || h.Volume < 0 {
				v.add(p+".volume", "must be a number ≥ 0, not %v", h.Volume)
			}
			if math.IsNaN(h.SelfServiceRate) || h.SelfServiceRate < 0 || h.SelfServiceRate > 1 {
				v.add(p+".selfServiceRate", "must be between 0 and 1, not %v", h.SelfServiceRate)
			}
		}
	}
}

func validChannel(c Channel) bool { return slices.Contains(Channels, c) }

func channelList() string {
	names := make([]string, len(Channels))
	for i, c := range Channels {
		names[i] = string(c)
	}
	return strings.Join(names, ", ")
}

// cycles reports each cycle of team parents, matter parents, managers and
// delegations once, at its member listed first.
func (v *validator) cycles() {
	s := v.s
	v.cyclesOf("teams", "parent", "team parents", len(s.Teams), v.teamsAt, func(i int) (string, *string) { return s.Teams[i].ID, s.Teams[i].Parent })
	v.cyclesOf("matters", "parent", "matter parents", len(s.Matters), v.mattersAt, func(i int) (string, *string) { return s.Matters[i].ID, s.Matters[i].Parent })
	v.cyclesOf("people", "manager", "managers", len(s.People), v.peopleAt, func(i int) (string, *string) { return s.People[i].ID, s.People[i].Manager })
	v.cyclesOf("mandates", "delegatedFrom", "delegations", len(s.Mandates), v.mandatesAt, func(i int) (string, *string) { return s.Mandates[i].ID, s.Mandates[i].DelegatedFrom })
}

// cyclesOf finds the cycles of a forest-to-be where each entity points to at
// most one other (its parent), walking each chain once.
func (v *validator) cyclesOf(section, field, what string, n int, known map[string]int, link func(int) (string, *string)) {
	const (
		unseen = iota
		onPath
		done
	)
	state := make([]uint8, n)
	for start := 0; start < n; start++ {
		var path []int
		i := start
		for {
			if id, _ := link(i); known[id] != i || state[i] == done { // a duplicate, reported already; or walked before
				break
			}
			if state[i] == onPath { // back at a node of this walk: the cycle is path[from:]
				from := 0
				for path[from] != i {
					from++
				}
				cycle := path[from:]
				first := cycle[0]
				names := make([]string, 0, len(cycle)+1)
				for _, c := range cycle {
					if c < first {
						first = c
					}
				}
				rot := 0
				for cycle[rot] != first {
					rot++
				}
				for k := range cycle {
					id, _ := link(cycle[(rot+k)%len(cycle)])
					names = append(names, fmt.Sprintf("%q", id))
				}
				names = append(names, names[0])
				v.add(v.name(section, first)+"."+field, "%s form a cycle: %s", what, strings.Join(names, " → "))
				break
			}
			state[i] = onPath
			path = append(path, i)
			_, parent := link(i)
			if parent == nil {
				break
			}
			next, ok := known[*parent]
			if !ok {
				break
			}
			i = next
		}
		for _, p := range path {
			state[p] = done
		}
	}
}

// delegations checks each delegated mandate against its source: the matter
// must be the source's matter or lie below it, and the limit must not exceed
// the source's effective limit. Chains with a cycle are left to cycles,
// wrong limits to mandates.
func (v *validator) delegations() {
	s := v.s
	for i, m := range s.Mandates {
		if m.DelegatedFrom == nil {
			continue
		}
		src, ok := v.mandatesAt[*m.DelegatedFrom]
		if !ok {
			continue
		}
		path := v.name("mandates", i)
		source := s.Mandates[src]
		_, known := v.mattersAt[m.Matter]
		_, sourceKnown := v.mattersAt[source.Matter] // else reported at the source
		if known && sourceKnown && !v.coversMatter(source.Matter, m.Matter) {
			v.add(path+".matter", "matter %q is neither the matter of its source mandate %q (%q) nor below it", m.Matter, source.ID, source.Matter)
		}
		lim, limited, sound := v.effectiveLimit(src)
		if !sound || !limited {
			continue
		}
		switch {
		case m.Limit == nil:
			v.add(path+".limit", "must be set: its source mandate %q has an effective limit of %s", source.ID, formatAmount(lim))
		case *m.Limit > lim:
			v.add(path+".limit", "%s is above the effective limit %s of its source mandate %q", formatAmount(*m.Limit), formatAmount(lim), source.ID)
		}
	}
}

// coversMatter reports whether matter is ancestor or lies below it.
func (v *validator) coversMatter(ancestor, matter string) bool {
	for steps := 0; steps <= len(v.s.Matters); steps++ {
		if matter == ancestor {
			return true
		}
		i, ok := v.mattersAt[matter]
		if !ok || v.s.Matters[i].Parent == nil {
			return false
		}
		matter = *v.s.Matters[i].Parent
	}
	return false // a cycle of matter parents, reported by cycles
}

// effectiveLimit is lim(X) of docs/questions.md §2.5 for the mandate at index i: the least
// limit along its delegation chain. sound is false when the chain loops or
// has a limit that is itself wrong (negative or not a number, reported at
// that mandate): there is then nothing sound to compare a delegation with.
func (v *validator) effectiveLimit(i int) (lim float64, limited, sound bool) {
	lim = math.Inf(1)
	for steps := 0; steps <= len(v.s.Mandates); steps++ {
		m := v.s.Mandates[i]
		if m.Limit != nil {
			if !(*m.Limit >= 0) {
				return 0, false, false
			}
			lim = math.Min(lim, *m.Limit)
			limited = true
		}
		if m.DelegatedFrom == nil {
			return lim, limited, true
		}
		next, ok := v.mandatesAt[*m.DelegatedFrom]
		if !ok {
			return lim, limited, true
		}
		i = next
	}
	return lim, limited, false
}

func formatAmount(f float64) string { return fmt.Sprintf("%g", f) }
