package scim

import (
	"context"

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
		if flt == nil || (flt.Op == graph.FilterCompare && flt.Field == graph.FieldPersonID && flt.Value == p.ID) {
			out = append(out, p)
		}
	}
	return graph.PeoplePage{Total: len(out), People: out}, nil
}

func (f *fakeStore) FindTeams(ctx context.Context, flt *graph.Filter, w graph.Window, withMembers bool) (graph.TeamsPage, error) {
	if withMembers {
		f.reads = append(f.reads, "teams+members")
	} else {
		f.reads = append(f.reads, "teams")
	}
	var out []graph.TeamRecord
	for _, t := range f.teams {
		if flt == nil || (flt.Op == graph.FilterCompare && flt.Field == graph.FieldTeamID && flt.Value == t.ID) {
			t.Leads = nil
			for p, r := range f.members[t.ID] {
				if r == graph.RoleLead {
					t.Leads = append(t.Leads, p)
				}
				if withMembers {
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
