package oracle

// docs/writes.md's rules for a whole organization, restated rule by rule as plain
// loops, to check orgnet's validator against. Where a problem is reported
// follows orgnet's own conventions, so that the two can be compared path
// for path:
//   - one problem per field at most, the first of: empty (only white space),
//     then malformed (invalid UTF-8, a control character, too long, and for
//     ids white space at either end; for names only invisible characters);
//   - a reference is checked for existence only when it is well formed;
//   - an entity's blank or malformed id takes no part in the rules relating
//     entities (duplicates, cycles, delegations); of several entities with
//     one id the first counts and the later ones are duplicates;
//   - a cycle is reported once, at the link of its member listed first;
//   - a delegation's matter is compared with its source's only when both
//     exist, and its limit only when the source's chain has no cycle and
//     no wrong limit.

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/orgnet/orgnet/graph"
)

// Violation is one broken rule: where, as a path into the snapshot
// ("mandates[4].limit"), and which rule, in a few words.
type Violation struct {
	Path string
	Rule string
}

// Lengths are the most characters an id and a name may have.
type Lengths struct{ ID, Name int }

// DefaultLengths are docs/writes.md's: 256 for an id, 1 000 for a name.
var DefaultLengths = Lengths{ID: 256, Name: 1000}

// Validate answers whether s breaks a rule of docs/writes.md, listing every
// violation; none means orgnet must accept s.
func Validate(s *graph.Snapshot, lengths Lengths) []Violation {
	c := &checker{lengths: lengths}

	// Ids: present, well formed, unique within their type.
	people := c.ids("people", len(s.People), func(i int) string { return s.People[i].ID })
	teams := c.ids("teams", len(s.Teams), func(i int) string { return s.Teams[i].ID })
	matters := c.ids("matters", len(s.Matters), func(i int) string { return s.Matters[i].ID })
	mandates := c.ids("mandates", len(s.Mandates), func(i int) string { return s.Mandates[i].ID })
	touchpoints := c.ids("touchpoints", len(s.Touchpoints), func(i int) string { return s.Touchpoints[i].ID })

	holder := func(path string, h graph.Holder) {
		switch h.Type {
		case graph.HolderPerson:
			c.ref(path+".id", h.ID, people)
		case graph.HolderTeam:
			c.ref(path+".id", h.ID, teams)
		default:
			c.bad(path+".type", "unknown holder type")
			if !emptyText(h.ID) {
				c.idText(path+".id", h.ID)
			}
		}
	}
	optRef := func(path string, id *string, known map[string]int) {
		if id != nil {
			c.ref(path, *id, known)
		}
	}

	for i, p := range s.People {
		at := fmt.Sprintf("people[%d]", i)
		c.name(at, p.Name)
		optRef(at+".manager", p.Manager, people)
	}
	for i, t := range s.Teams {
		at := fmt.Sprintf("teams[%d]", i)
		c.name(at, t.Name)
		if t.Kind != graph.TeamKindUnit && t.Kind != graph.TeamKindTeam {
			c.bad(at+".kind", "unknown team kind")
		}
		optRef(at+".parent", t.Parent, teams)
	}
	pairs := map[[2]string]bool{}
	for i, m := range s.Memberships {
		at := fmt.Sprintf("memberships[%d]", i)
		c.ref(at+".person", m.Person, people)
		c.ref(at+".team", m.Team, teams)
		if m.Role != graph.RoleMember && m.Role != graph.RoleLead {
			c.bad(at+".role", "unknown role")
		}
		if pair := [2]string{m.Person, m.Team}; pairs[pair] {
			c.bad(at, "a person is in a team once")
		} else {
			pairs[pair] = true
		}
	}
	for i, m := range s.Matters {
		at := fmt.Sprintf("matters[%d]", i)
		c.name(at, m.Name)
		optRef(at+".parent", m.Parent, matters)
	}
	for i, x := range s.Mandates {
		at := fmt.Sprintf("mandates[%d]", i)
		c.name(at, x.Name)
		c.ref(at+".matter", x.Matter, matters)
		holder(at+".holder", x.Holder)
		if x.Limit != nil && !(*x.Limit >= 0) { // NaN fails too
			c.bad(at+".limit", "negative limit")
		}
		optRef(at+".delegatedFrom", x.DelegatedFrom, mandates)
		if x.ValidFrom != nil && x.ValidUntil != nil && !x.ValidFrom.Before(*x.ValidUntil) {
			c.bad(at+".validUntil", "validUntil ≤ validFrom")
		}
	}
	for i, tp := range s.Touchpoints {
		at := fmt.Sprintf("touchpoints[%d]", i)
		c.name(at, tp.Name)
		known := false
		for _, ch := range graph.Channels {
			known = known || tp.Channel == ch
		}
		if !known {
			c.bad(at+".channel", "unknown channel")
		}
		staff := map[graph.Holder]bool{}
		for j, h := range tp.StaffedBy {
			p := fmt.Sprintf("%s.staffedBy[%d]", at, j)
			holder(p, h)
			if staff[h] {
				c.bad(p, "staffed twice by one holder")
			}
			staff[h] = true
		}
		escalations := map[string]bool{}
		for j, to := range tp.EscalatesTo {
			p := fmt.Sprintf("%s.escalatesTo[%d]", at, j)
			c.ref(p, to, touchpoints)
			if escalations[to] {
				c.bad(p, "escalates twice to one touchpoint")
			}
			escalations[to] = true
		}
		handled := map[string]bool{}
		for j, h := range tp.Handles {
			p := fmt.Sprintf("%s.handles[%d]", at, j)
			c.ref(p+".matter", h.Matter, matters)
			if handled[h.Matter] {
				c.bad(p+".matter", "handles one matter twice")
			}
			handled[h.Matter] = true
			if !(h.Volume >= 0) {
				c.bad(p+".volume", "negative volume")
			}
			if !(h.SelfServiceRate >= 0 && h.SelfServiceRate <= 1) {
				c.bad(p+".selfServiceRate", "selfServiceRate outside [0, 1]")
			}
		}
	}

	// Cycles: following links from an entity must not lead back to it.
	c.cycles("teams", "parent", teams, func(i int) *string { return s.Teams[i].Parent })
	c.cycles("matters", "parent", matters, func(i int) *string { return s.Matters[i].Parent })
	c.cycles("people", "manager", people, func(i int) *string { return s.People[i].Manager })
	c.cycles("mandates", "delegatedFrom", mandates, func(i int) *string { return s.Mandates[i].DelegatedFrom })

	// Delegations: within the source's matter, within its effective limit.
	for i, x := range s.Mandates {
		if x.DelegatedFrom == nil {
			continue
		}
		src, ok := mandates[*x.DelegatedFrom]
		if !ok {
			continue
		}
		source := s.Mandates[src]
		_, matterKnown := matters[x.Matter]
		_, sourceMatterKnown := matters[source.Matter]
		if matterKnown && sourceMatterKnown && !below(s, matters, x.Matter, source.Matter) {
			c.bad(fmt.Sprintf("mandates[%d].matter", i), "delegated outside its source's matter")
		}
		if lim, ok := chainLimit(s, mandates, src); ok && lim != nil && (x.Limit == nil || *x.Limit > *lim) {
			c.bad(fmt.Sprintf("mandates[%d].limit", i), "delegated limit above its source's effective limit")
		}
	}
	return c.violations
}

type checker struct {
	lengths    Lengths
	violations []Violation
}

func (c *checker) bad(path, rule string) { c.violations = append(c.violations, Violation{path, rule}) }

// ids indexes a section's well-formed ids by their first entity.
func (c *checker) ids(section string, n int, id func(int) string) map[string]int {
	first := map[string]int{}
	for i := range n {
		at := fmt.Sprintf("%s[%d].id", section, i)
		switch _, dup := first[id(i)]; {
		case emptyText(id(i)):
			c.bad(at, "empty id")
		case !c.idText(at, id(i)):
		case dup:
			c.bad(at, "duplicate id")
		default:
			first[id(i)] = i
		}
	}
	return first
}

// ref checks a reference: present, well formed, to an existing id.
func (c *checker) ref(path, id string, known map[string]int) {
	if emptyText(id) {
		c.bad(path, "missing reference")
		return
	}
	if !c.idText(path, id) {
		return
	}
	if _, ok := known[id]; !ok {
		c.bad(path, "unknown id")
	}
}

// idText checks a non-empty id's text, reporting what is wrong with it;
// true when it is well formed.
func (c *checker) idText(path, id string) bool {
	if rule := malformed(id, c.lengths.ID); rule != "" {
		c.bad(path, rule)
		return false
	}
	if strings.TrimSpace(id) != id {
		c.bad(path, "white space around an id")
		return false
	}
	return true
}

// name checks an entity's name.
func (c *checker) name(at, name string) {
	path := at + ".name"
	switch {
	case emptyText(name):
		c.bad(path, "empty name")
	case malformed(name, c.lengths.Name) != "":
		c.bad(path, malformed(name, c.lengths.Name))
	case !strings.ContainsFunc(name, visible):
		c.bad(path, "only invisible characters")
	}
}

// emptyText: nothing but white space, or nothing at all.
func emptyText(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsSpace(r) })
}

// malformed says what makes s unacceptable as any id or name, or "".
func malformed(s string, maxChars int) string {
	switch {
	case strings.ToValidUTF8(s, "\uFFFD") != s:
		return "invalid UTF-8"
	case strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || 0x7f <= r && r < 0xa0 }):
		return "control character"
	case len([]rune(s)) > maxChars:
		return "too long"
	}
	return ""
}

// visible: a character a reader can see — not white space, not a format
// character (zero-width space, joiners, marks of direction …), not a
// variation selector or other default-ignorable code point, not the blank
// braille pattern.
func visible(r rune) bool {
	return !unicode.In(r, unicode.White_Space, unicode.Cf, unicode.Variation_Selector, unicode.Other_Default_Ignorable_Code_Point) && r != '\u2800'
}

// cycles reports each cycle of a link (parent, manager, source) once, at
// the link of its member listed first.
func (c *checker) cycles(section, field string, known map[string]int, link func(int) *string) {
	starts := slices.Sorted(maps.Values(known))
	for _, i := range starts {
		members := map[int]bool{}
		for cur, steps := i, 0; steps <= len(known); steps++ {
			next := link(cur)
			if next == nil {
				break
			}
			j, ok := known[*next]
			if !ok {
				break
			}
			members[j] = true
			if j == i { // back at the start: i is on a cycle, members is it
				least := i
				for m := range members {
					least = min(least, m)
				}
				if least == i {
					c.bad(fmt.Sprintf("%s[%d].%s", section, i, field), "cycle")
				}
				break
			}
			cur = j
		}
	}
}

// below: matter is ancestor or its parent chain reaches it.
func below(s *graph.Snapshot, matters map[string]int, matter, ancestor string) bool {
	seen := map[string]bool{}
	for !seen[matter] {
		if matter == ancestor {
			return true
		}
		seen[matter] = true
		i, ok := matters[matter]
		if !ok || s.Matters[i].Parent == nil {
			return false
		}
		matter = *s.Matters[i].Parent
	}
	return false
}

// chainLimit is the least limit along the delegation chain from mandate i
// (nil: unlimited); ok is false when the chain loops or a limit on it is
// wrong, leaving nothing sound to compare with.
func chainLimit(s *graph.Snapshot, mandates map[string]int, i int) (lim *float64, ok bool) {
	seen := map[int]bool{}
	for {
		if seen[i] {
			return nil, false
		}
		seen[i] = true
		x := s.Mandates[i]
		if x.Limit != nil {
			if !(*x.Limit >= 0) {
				return nil, false
			}
			if lim == nil || *x.Limit < *lim {
				lim = x.Limit
			}
		}
		if x.DelegatedFrom == nil {
			return lim, true
		}
		next, known := mandates[*x.DelegatedFrom]
		if !known {
			return lim, true
		}
		i = next
	}
}
