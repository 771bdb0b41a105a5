package scim

import (
	"context"
	"sort"
	"strings"

	"github.com/orgnet/orgnet/graph"
)

// memberChanges works out what a request does to a team's memberships
// while reading as little of them as it can: the state of the people an
// operation names is read for those people alone, and every member only
// when an operation concerns them all (replacing or removing all members,
// or a filter on something other than the member's id). A one-member
// change of a team of thousands reads one membership (docs/scim.md).
type memberChanges struct {
	ctx        context.Context
	store      Store
	team       string
	leads      []string // the team's leads before the request, once read
	leadsKnown bool

	was   map[string]graph.MembershipRole // original role of each person known ("" = not a member)
	all   bool                            // was holds every member
	names map[string]string               // member names, when all were read
	now   map[string]graph.MembershipRole // the role each touched person ends with
}

func newMemberChanges(ctx context.Context, s Store, team string, isNew bool) *memberChanges {
	return &memberChanges{ctx: ctx, store: s, team: team, was: map[string]graph.MembershipRole{}, all: isNew, leadsKnown: isNew,
		names: map[string]string{}, now: map[string]graph.MembershipRole{}}
}

// knowLeads reads who leads the team, when an operation concerns every
// lead; it walks the team's memberships for their role.
func (m *memberChanges) knowLeads() error {
	if m.leadsKnown {
		return nil
	}
	byID := graph.Compare(graph.FieldTeamID, graph.CompareEq, m.team, false)
	page, err := m.store.FindTeams(m.ctx, &byID, graph.Window{Count: 1}, graph.TeamParts{Leads: true})
	if err != nil {
		return err
	}
	if len(page.Teams) == 1 {
		m.leads = page.Teams[0].Leads
		for _, id := range m.leads {
			if _, known := m.was[id]; !known {
				m.was[id] = graph.RoleLead
			}
		}
	}
	m.leadsKnown = true
	return nil
}

// know reads the original state of the people in ids not yet known.
func (m *memberChanges) know(ids []string) error {
	if m.all {
		return nil
	}
	var unknown []string
	for _, id := range ids {
		if _, ok := m.was[id]; !ok {
			unknown = append(unknown, id)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	found, err := m.store.TeamMembershipsOf(m.ctx, m.team, unknown)
	if err != nil {
		return err
	}
	for _, id := range unknown {
		m.was[id] = ""
	}
	for _, f := range found {
		m.was[f.Person] = f.Role
	}
	return nil
}

// knowAll reads every member.
func (m *memberChanges) knowAll() error {
	if m.all {
		return nil
	}
	byID := graph.Compare(graph.FieldTeamID, graph.CompareEq, m.team, false)
	page, err := m.store.FindTeams(m.ctx, &byID, graph.Window{Count: 1}, graph.TeamParts{Members: true})
	if err != nil {
		return err
	}
	if len(page.Teams) == 1 {
		for _, mem := range page.Teams[0].Members {
			m.was[mem.Person] = mem.Role
			m.names[mem.Person] = mem.Name
			if mem.Role == graph.RoleLead {
				m.leads = append(m.leads, mem.Person)
			}
		}
	}
	m.all, m.leadsKnown = true, true
	return nil
}

// role is the role id has now ("" = not a member).
func (m *memberChanges) role(id string) graph.MembershipRole {
	if r, ok := m.now[id]; ok {
		return r
	}
	return m.was[id]
}

// current lists the members now, in id order; every member must be known.
func (m *memberChanges) current() []string {
	seen := map[string]bool{}
	var out []string
	for id := range m.was {
		if m.role(id) != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	for id := range m.now {
		if m.role(id) != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// currentLeads lists the leads now: the team's leads before, as changed.
func (m *memberChanges) currentLeads() ([]string, error) {
	if err := m.knowLeads(); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	for _, id := range append(append([]string(nil), m.leads...), keys(m.now)...) {
		if !seen[id] && m.role(id) == graph.RoleLead {
			seen[id] = true
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out, nil
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// apply carries out one operation on members or leads.
func (m *memberChanges) apply(op patchOp) error {
	leads := op.r.attr.Name == "leads"
	if op.r.sub != nil || (op.path.Filter != nil && op.op != "remove") {
		return invalidPath("Operations[%d]: %s are added, replaced or removed whole; their values do not change in place", op.index, op.r.attr.Name)
	}
	var ids []string
	if op.value != nil {
		var err error
		if ids, err = memberIDs(asList(op.value), op.r.attr.Name); err != nil {
			return err
		}
	}
	switch {
	case op.op == "add":
		return m.add(ids, leads)
	case op.op == "replace":
		return m.replace(ids, leads)
	case op.path.Filter != nil:
		return m.removeMatching(op)
	case op.value != nil:
		return m.remove(ids, leads)
	case leads:
		all, err := m.currentLeads()
		if err != nil {
			return err
		}
		return m.remove(all, true)
	default:
		if err := m.knowAll(); err != nil {
			return err
		}
		return m.remove(m.current(), false)
	}
}

// add makes each person a member (keeping a lead a lead) or, for leads, a
// lead.
func (m *memberChanges) add(ids []string, leads bool) error {
	if err := m.know(ids); err != nil {
		return err
	}
	for _, id := range ids {
		switch {
		case leads:
			m.now[id] = graph.RoleLead
		case m.role(id) == "":
			m.now[id] = graph.RoleMember
		}
	}
	return nil
}

// remove takes each person out of the team or, for leads, makes a lead a
// plain member. Removing someone who is not there changes nothing.
func (m *memberChanges) remove(ids []string, leads bool) error {
	if err := m.know(ids); err != nil {
		return err
	}
	for _, id := range ids {
		switch {
		case !leads:
			m.now[id] = ""
		case m.role(id) == graph.RoleLead:
			m.now[id] = graph.RoleMember
		}
	}
	return nil
}

// replace makes ids the members (or the leads) exactly.
func (m *memberChanges) replace(ids []string, leads bool) error {
	keep := map[string]bool{}
	for _, id := range ids {
		keep[id] = true
	}
	var drop []string
	if leads {
		current, err := m.currentLeads()
		if err != nil {
			return err
		}
		for _, id := range current {
			if !keep[id] {
				drop = append(drop, id)
			}
		}
	} else {
		if err := m.knowAll(); err != nil {
			return err
		}
		for _, id := range m.current() {
			if !keep[id] {
				drop = append(drop, id)
			}
		}
	}
	if err := m.remove(drop, leads); err != nil {
		return err
	}
	return m.add(ids, leads)
}

// removeMatching removes the members (or leads) a filter matches. A
// filter on ids alone ("members[value eq \"x\"]") reads those people;
// any other reads every member.
func (m *memberChanges) removeMatching(op patchOp) error {
	leads := op.r.attr.Name == "leads"
	if ids, ok := idsOfFilter(op.path.Filter); ok {
		return m.remove(ids, leads)
	}
	var candidates []string
	if leads {
		var err error
		if candidates, err = m.currentLeads(); err != nil {
			return err
		}
	} else {
		if err := m.knowAll(); err != nil {
			return err
		}
		candidates = m.current()
	}
	var hit []string
	for _, id := range candidates {
		v := doc{"value": id, "type": "User", "display": m.names[id]}
		ok, err := matches(op.path.Filter, v, op.r.attr)
		if err != nil {
			return err
		}
		if ok {
			hit = append(hit, id)
		}
	}
	return m.remove(hit, leads)
}

// idsOfFilter: the ids a filter of the form `value eq "a" or value eq
// "b"` names.
func idsOfFilter(f Filter) ([]string, bool) {
	switch x := f.(type) {
	case Compare:
		if x.Path.URN == "" && x.Path.Sub == "" && strings.EqualFold(x.Path.Name, "value") && x.Op == OpEq && x.Value.Kind == KindString {
			return []string{x.Value.Str}, true
		}
	case Or:
		l, ok1 := idsOfFilter(x.Left)
		r, ok2 := idsOfFilter(x.Right)
		if ok1 && ok2 {
			return append(l, r...), true
		}
	}
	return nil, false
}

// change is what the memberships must become: memberships to put (new
// ones, or a role changed) and to remove.
func (m *memberChanges) change() (put, remove []graph.Membership) {
	ids := keys(m.now)
	sort.Strings(ids)
	for _, id := range ids {
		was, now := m.was[id], m.now[id]
		switch {
		case now == was:
		case now == "":
			remove = append(remove, graph.Membership{Person: id, Team: m.team})
		default:
			put = append(put, graph.Membership{Person: id, Team: m.team, Role: now})
		}
	}
	return put, remove
}
