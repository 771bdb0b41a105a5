package scim

import (
	"context"
	"strings"

	"github.com/orgnet/orgnet/graph"
)

// fakeStore holds an org in memory for tests of the protocol layer: it
// answers lookups by id and records the writes it is sent.
type fakeStore struct {
	people  map[string]graph.PersonRecord
	teams   map[string]graph.TeamRecord
	members map[string]map[string]graph.MembershipRole // team → person → role
	writes  []graph.WriteRequest
	reads   []string // what was read: "people", "teams", "teams+members", "memberships:<n>"
}

func (f *fakeStore) FindPeople(ctx context.Context, flt *graph.Filter, w graph.Window) (graph.PeoplePage, error) {
	f.reads = append(f.reads, "people")
	var out []graph.PersonRecord
	for _, p := range f.people {
		if flt == nil || f.holds(*flt, &p, nil, nil) {
			out = append(out, p)
		}
	}
	return graph.PeoplePage{Total: len(out), People: out}, nil
}

func (f *fakeStore) FindTeams(ctx context.Context, flt *graph.Filter, w graph.Window, parts graph.TeamParts) (graph.TeamsPage, error) {
	switch {
	case parts.Members:
		f.reads = append(f.reads, "teams+members")
	case parts.Leads:
		f.reads = append(f.reads, "teams+leads")
	default:
		f.reads = append(f.reads, "teams")
	}
	var out []graph.TeamRecord
	for _, t := range f.teams {
		if flt == nil || f.holds(*flt, nil, &t, nil) {
			for p, r := range f.members[t.ID] {
				if r == graph.RoleLead && (parts.Leads || parts.Members) {
					t.Leads = append(t.Leads, p)
				}
				if parts.Members {
					t.Members = append(t.Members, graph.TeamMember{Person: p, Role: r})
				}
			}
			out = append(out, t)
		}
	}
	return graph.TeamsPage{Total: len(out), Teams: out}, nil
}

func (f *fakeStore) TeamMembershipsOf(ctx context.Context, team string, people []string) ([]graph.TeamMember, error) {
	f.reads = append(f.reads, "memberships")
	var out []graph.TeamMember
	for _, p := range people {
		if r, ok := f.members[team][p]; ok {
			out = append(out, graph.TeamMember{Person: p, Role: r})
		}
	}
	return out, nil
}

func (f *fakeStore) Write(ctx context.Context, w graph.WriteRequest) (graph.WriteOutcome, error) {
	f.writes = append(f.writes, w)
	return graph.WriteOutcome{}, nil
}

// holds evaluates a graph.Filter on a person or team in memory: the
// reference the store's compiled Cypher is held to (two-valued: an absent
// field compares false, so ne and not hold for it).
func (f *fakeStore) holds(flt graph.Filter, p *graph.PersonRecord, t *graph.TeamRecord, m *graph.TeamMember) bool {
	switch flt.Op {
	case graph.FilterAnd:
		for _, a := range flt.Args {
			if !f.holds(a, p, t, m) {
				return false
			}
		}
		return true
	case graph.FilterOr:
		for _, a := range flt.Args {
			if f.holds(a, p, t, m) {
				return true
			}
		}
		return false
	case graph.FilterNot:
		return !f.holds(flt.Args[0], p, t, m)
	case graph.FilterConst:
		return flt.Holds
	case graph.FilterAny:
		for person, role := range f.members[t.ID] {
			if f.holds(flt.Args[0], p, t, &graph.TeamMember{Person: person, Role: role, Name: f.people[person].Name}) {
				return true
			}
		}
		return false
	}
	v := fieldValue(flt.Field, p, t, m)
	if flt.Op == graph.FilterPresent {
		return v != nil && v != ""
	}
	if v == nil {
		return flt.Compare == graph.CompareNe
	}
	return compareAny(v, flt.Compare, flt.Value, flt.FoldCase)
}

func fieldValue(f graph.FilterField, p *graph.PersonRecord, t *graph.TeamRecord, m *graph.TeamMember) any {
	opt := func(s *string) any {
		if s == nil {
			return nil
		}
		return *s
	}
	switch f {
	case graph.FieldPersonID:
		return p.ID
	case graph.FieldPersonUserName:
		return opt(p.UserName)
	case graph.FieldPersonExternalID:
		return opt(p.ExternalID)
	case graph.FieldPersonName:
		return p.Name
	case graph.FieldPersonEmail:
		return opt(p.Email)
	case graph.FieldPersonTitle:
		return opt(p.Title)
	case graph.FieldPersonActive:
		return p.Active
	case graph.FieldPersonManager:
		return opt(p.Manager)
	case graph.FieldTeamID:
		return t.ID
	case graph.FieldTeamName:
		return t.Name
	case graph.FieldTeamExternalID:
		return opt(t.ExternalID)
	case graph.FieldTeamKind:
		return string(t.Kind)
	case graph.FieldTeamParent:
		return opt(t.Parent)
	case graph.FieldMemberPerson:
		return m.Person
	case graph.FieldMemberName:
		return m.Name
	case graph.FieldMemberRole:
		return string(m.Role)
	}
	panic("unknown field " + string(f))
}

func compareAny(have any, op graph.CompareOp, want any, fold bool) bool {
	switch h := have.(type) {
	case bool:
		w, ok := want.(bool)
		if !ok {
			return op == graph.CompareNe
		}
		switch op {
		case graph.CompareEq:
			return h == w
		case graph.CompareNe:
			return h != w
		}
		return false
	case string:
		w, ok := want.(string)
		if !ok {
			return op == graph.CompareNe
		}
		if fold {
			h, w = graph.FoldCase(h), graph.FoldCase(w)
		}
		switch op {
		case graph.CompareEq:
			return h == w
		case graph.CompareNe:
			return h != w
		case graph.CompareContains:
			return strings.Contains(h, w)
		case graph.CompareStartsWith:
			return strings.HasPrefix(h, w)
		case graph.CompareEndsWith:
			return strings.HasSuffix(h, w)
		case graph.CompareGt:
			return h > w
		case graph.CompareGe:
			return h >= w
		case graph.CompareLt:
			return h < w
		case graph.CompareLe:
			return h <= w
		}
	}
	return false
}
