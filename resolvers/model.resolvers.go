package resolvers

import (
	"context"

	"github.com/orgnet/orgnet/graph"
)

// Matter is the resolver for the matter field.
func (r *mandateResolver) Matter(ctx context.Context, obj *graph.Mandate) (*graph.Matter, error) {
	return refLoad(ctx, obj, "matter", func(m *graph.Mandate) *string { return &m.Matter }, r.Store.Matters)
}

// Holder is the resolver for the holder field.
func (r *mandateResolver) Holder(ctx context.Context, obj *graph.Mandate) (graph.HolderNode, error) {
	return loadFor(ctx, obj, "holder", func(ctx context.Context, mandates []*graph.Mandate) (map[string]graph.HolderNode, error) {
		holders := make([]graph.Holder, len(mandates))
		for i, m := range mandates {
			holders[i] = m.Holder
		}
		found, err := r.holders(ctx, holders)
		out := make(map[string]graph.HolderNode, len(mandates))
		for _, m := range mandates {
			if h := found[m.Holder]; h != nil {
				out[m.ID] = h
			}
		}
		return out, err
	})
}

// DelegatedFrom is the resolver for the delegatedFrom field.
func (r *mandateResolver) DelegatedFrom(ctx context.Context, obj *graph.Mandate) (*graph.Mandate, error) {
	return refLoad(ctx, obj, "delegatedFrom", func(m *graph.Mandate) *string { return m.DelegatedFrom }, r.Store.Mandates)
}

// Delegations is the resolver for the delegations field.
func (r *mandateResolver) Delegations(ctx context.Context, obj *graph.Mandate, first *int, after *string) (*MandateConnection, error) {
	return pagedLoad(ctx, obj, "delegations", first, after, r.Store.Delegations, mandateConnection)
}

// Parent is the resolver for the parent field.
func (r *matterResolver) Parent(ctx context.Context, obj *graph.Matter) (*graph.Matter, error) {
	return refLoad(ctx, obj, "parent", func(m *graph.Matter) *string { return m.Parent }, r.Store.Matters)
}

// Children is the resolver for the children field.
func (r *matterResolver) Children(ctx context.Context, obj *graph.Matter, first *int, after *string) (*MatterConnection, error) {
	return pagedLoad(ctx, obj, "children", first, after, r.Store.MatterChildren, matterConnection)
}

// Mandates is the resolver for the mandates field.
func (r *matterResolver) Mandates(ctx context.Context, obj *graph.Matter, first *int, after *string) (*MandateConnection, error) {
	return pagedLoad(ctx, obj, "mandates", first, after, r.Store.MatterMandates, mandateConnection)
}

// HandledAt is the resolver for the handledAt field.
func (r *matterResolver) HandledAt(ctx context.Context, obj *graph.Matter) ([]*graph.TouchpointHandling, error) {
	list, err := loadFor(ctx, obj, "handledAt", func(ctx context.Context, matters []*graph.Matter) (map[string][]graph.TouchpointHandling, error) {
		return r.Store.HandledAt(ctx, ids(matters))
	})
	return pointers(list), err
}

// Manager is the resolver for the manager field.
func (r *personResolver) Manager(ctx context.Context, obj *graph.Person) (*graph.Person, error) {
	// By a query of its own rather than obj.Manager: the people of a link
	// are projected without their manager (graph/store, links.go).
	return loadFor(ctx, obj, "manager", func(ctx context.Context, people []*graph.Person) (map[string]*graph.Person, error) {
		found, err := r.Store.Managers(ctx, ids(people))
		return pointersByID(found), err
	})
}

// Reports is the resolver for the reports field.
func (r *personResolver) Reports(ctx context.Context, obj *graph.Person, first *int, after *string) (*PersonConnection, error) {
	return pagedLoad(ctx, obj, "reports", first, after, r.Store.Reports, personConnection)
}

// Memberships is the resolver for the memberships field.
func (r *personResolver) Memberships(ctx context.Context, obj *graph.Person, first *int, after *string) (*MembershipConnection, error) {
	return pagedLoad(ctx, obj, "memberships", first, after, r.Store.PersonMemberships,
		func(c graph.Conn[graph.Member], p graph.Page) *MembershipConnection {
			return membershipConnection(c, p, func(m graph.Member) string { return m.Team.ID })
		})
}

// Mandates is the resolver for the mandates field.
func (r *personResolver) Mandates(ctx context.Context, obj *graph.Person, first *int, after *string) (*MandateConnection, error) {
	// When the request asks for the mandates' matters, they come in the
	// same query and answer the matter field without one of its own.
	over := fieldSelects(ctx, []string{"edges", "node", "matter"}, []string{"nodes", "matter"})
	return pagedLoad(ctx, obj, "mandates", first, after,
		func(ctx context.Context, personIDs []string, p graph.Page) (map[string]graph.Conn[graph.Mandate], error) {
			if !over {
				return r.Store.PersonMandates(ctx, personIDs, p)
			}
			conns, matters, err := r.Store.PersonMandatesOver(ctx, personIDs, p)
			if err != nil {
				return nil, err
			}
			primeLinked(ctx, conns, "Mandate", "matter", func(md graph.Mandate) string { return md.ID }, matters)
			return conns, nil
		}, mandateConnection)
}

// Staffs is the resolver for the staffs field.
func (r *personResolver) Staffs(ctx context.Context, obj *graph.Person) ([]*graph.Touchpoint, error) {
	return staffs(ctx, r.Store, obj, graph.HolderPerson)
}

// Person is the resolver for the person field.
func (r *queryResolver) Person(ctx context.Context, id string, scenario *string) (*graph.Person, error) {
	return one(ctx, id, r.Store.People)
}

// Team is the resolver for the team field.
func (r *queryResolver) Team(ctx context.Context, id string, scenario *string) (*graph.Team, error) {
	return one(ctx, id, r.Store.Teams)
}

// Matter is the resolver for the matter field.
func (r *queryResolver) Matter(ctx context.Context, id string, scenario *string) (*graph.Matter, error) {
	return one(ctx, id, r.Store.Matters)
}

// Mandate is the resolver for the mandate field.
func (r *queryResolver) Mandate(ctx context.Context, id string, scenario *string) (*graph.Mandate, error) {
	return one(ctx, id, r.Store.Mandates)
}

// Touchpoint is the resolver for the touchpoint field.
func (r *queryResolver) Touchpoint(ctx context.Context, id string, scenario *string) (*graph.Touchpoint, error) {
	return one(ctx, id, r.Store.Touchpoints)
}

// People is the resolver for the people field.
func (r *queryResolver) People(ctx context.Context, first *int, after *string, nameContains *string, active *bool, scenario *string) (*PersonConnection, error) {
	return listed(ctx, first, after, graph.ListFilter{NameContains: nameContains, Active: active}, r.Store.ListPeople, personConnection)
}

// Teams is the resolver for the teams field.
func (r *queryResolver) Teams(ctx context.Context, first *int, after *string, nameContains *string, kind *graph.TeamKind, scenario *string) (*TeamConnection, error) {
	return listed(ctx, first, after, graph.ListFilter{NameContains: nameContains, Kind: kind}, r.Store.ListTeams, teamConnection)
}

// Matters is the resolver for the matters field.
func (r *queryResolver) Matters(ctx context.Context, first *int, after *string, nameContains *string, roots *bool, scenario *string) (*MatterConnection, error) {
	return listed(ctx, first, after, graph.ListFilter{NameContains: nameContains, Roots: roots}, r.Store.ListMatters, matterConnection)
}

// Mandates is the resolver for the mandates field.
func (r *queryResolver) Mandates(ctx context.Context, first *int, after *string, nameContains *string, scenario *string) (*MandateConnection, error) {
	return listed(ctx, first, after, graph.ListFilter{NameContains: nameContains}, r.Store.ListMandates, mandateConnection)
}

// Touchpoints is the resolver for the touchpoints field.
func (r *queryResolver) Touchpoints(ctx context.Context, first *int, after *string, nameContains *string, channel *graph.Channel, selfService *bool, scenario *string) (*TouchpointConnection, error) {
	return listed(ctx, first, after, graph.ListFilter{NameContains: nameContains, Channel: channel, SelfService: selfService}, r.Store.ListTouchpoints, touchpointConnection)
}

// Parent is the resolver for the parent field.
func (r *teamResolver) Parent(ctx context.Context, obj *graph.Team) (*graph.Team, error) {
	return refLoad(ctx, obj, "parent", func(t *graph.Team) *string { return t.Parent }, r.Store.Teams)
}

// Children is the resolver for the children field.
func (r *teamResolver) Children(ctx context.Context, obj *graph.Team, first *int, after *string) (*TeamConnection, error) {
	return pagedLoad(ctx, obj, "children", first, after, r.Store.TeamChildren, teamConnection)
}

// Members is the resolver for the members field.
func (r *teamResolver) Members(ctx context.Context, obj *graph.Team, first *int, after *string, role *graph.MembershipRole) (*MembershipConnection, error) {
	// When the request asks for the members' managers, they come in the
	// same query and answer the manager field without one of its own.
	managed := fieldSelects(ctx, []string{"edges", "node", "person", "manager"}, []string{"nodes", "person", "manager"})
	return pagedLoad(ctx, obj, fieldKey("members", role), first, after,
		func(ctx context.Context, teamIDs []string, p graph.Page) (map[string]graph.Conn[graph.Member], error) {
			if !managed {
				return r.Store.TeamMembers(ctx, teamIDs, role, p)
			}
			conns, managers, err := r.Store.TeamMembersManaged(ctx, teamIDs, role, p)
			if err != nil {
				return nil, err
			}
			primeLinked(ctx, conns, "Person", "manager", func(m graph.Member) string { return m.Person.ID }, managers)
			return conns, nil
		},
		func(c graph.Conn[graph.Member], p graph.Page) *MembershipConnection {
			return membershipConnection(c, p, func(m graph.Member) string { return m.Person.ID })
		})
}

// Mandates is the resolver for the mandates field.
func (r *teamResolver) Mandates(ctx context.Context, obj *graph.Team, first *int, after *string) (*MandateConnection, error) {
	return pagedLoad(ctx, obj, "mandates", first, after, r.Store.TeamMandates, mandateConnection)
}

// Staffs is the resolver for the staffs field.
func (r *teamResolver) Staffs(ctx context.Context, obj *graph.Team) ([]*graph.Touchpoint, error) {
	return staffs(ctx, r.Store, obj, graph.HolderTeam)
}

// StaffedBy is the resolver for the staffedBy field.
func (r *touchpointResolver) StaffedBy(ctx context.Context, obj *graph.Touchpoint) ([]graph.HolderNode, error) {
	return loadFor(ctx, obj, "staffedBy", func(ctx context.Context, tps []*graph.Touchpoint) (map[string][]graph.HolderNode, error) {
		var all []graph.Holder
		for _, tp := range tps {
			all = append(all, tp.StaffedBy...)
		}
		found, err := r.holders(ctx, all)
		out := make(map[string][]graph.HolderNode, len(tps))
		for _, tp := range tps {
			for _, h := range tp.StaffedBy {
				if node := found[h]; node != nil {
					out[tp.ID] = append(out[tp.ID], node)
				}
			}
		}
		return out, err
	})
}

// EscalatesTo is the resolver for the escalatesTo field.
func (r *touchpointResolver) EscalatesTo(ctx context.Context, obj *graph.Touchpoint) ([]*graph.Touchpoint, error) {
	return loadFor(ctx, obj, "escalatesTo", func(ctx context.Context, tps []*graph.Touchpoint) (map[string][]*graph.Touchpoint, error) {
		var all []string
		for _, tp := range tps {
			all = append(all, tp.EscalatesTo...)
		}
		found, err := r.Store.Touchpoints(ctx, all)
		out := make(map[string][]*graph.Touchpoint, len(tps))
		for _, tp := range tps {
			for _, to := range tp.EscalatesTo {
				if t, ok := found[to]; ok {
					out[tp.ID] = append(out[tp.ID], &t)
				}
			}
		}
		return out, err
	})
}

// EscalatedFrom is the resolver for the escalatedFrom field.
func (r *touchpointResolver) EscalatedFrom(ctx context.Context, obj *graph.Touchpoint) ([]*graph.Touchpoint, error) {
	list, err := loadFor(ctx, obj, "escalatedFrom", func(ctx context.Context, tps []*graph.Touchpoint) (map[string][]graph.Touchpoint, error) {
		return r.Store.EscalatedFrom(ctx, ids(tps))
	})
	return pointers(list), err
}

// Handles is the resolver for the handles field.
func (r *touchpointResolver) Handles(ctx context.Context, obj *graph.Touchpoint) ([]*graph.MatterHandling, error) {
	return loadFor(ctx, obj, "handles", func(ctx context.Context, tps []*graph.Touchpoint) (map[string][]*graph.MatterHandling, error) {
		var all []string
		for _, tp := range tps {
			for _, h := range tp.Handles {
				all = append(all, h.Matter)
			}
		}
		found, err := r.Store.Matters(ctx, all)
		out := make(map[string][]*graph.MatterHandling, len(tps))
		for _, tp := range tps {
			for _, h := range tp.Handles {
				if m, ok := found[h.Matter]; ok {
					out[tp.ID] = append(out[tp.ID], &graph.MatterHandling{Matter: m, Volume: h.Volume, SelfServiceRate: h.SelfServiceRate})
				}
			}
		}
		return out, err
	})
}

// Mandate returns MandateResolver implementation.
func (r *Resolver) Mandate() MandateResolver { return &mandateResolver{r} }

// Matter returns MatterResolver implementation.
func (r *Resolver) Matter() MatterResolver { return &matterResolver{r} }

// Person returns PersonResolver implementation.
func (r *Resolver) Person() PersonResolver { return &personResolver{r} }

// Query returns QueryResolver implementation.
func (r *Resolver) Query() QueryResolver { return &queryResolver{r} }

// Team returns TeamResolver implementation.
func (r *Resolver) Team() TeamResolver { return &teamResolver{r} }

// Touchpoint returns TouchpointResolver implementation.
func (r *Resolver) Touchpoint() TouchpointResolver { return &touchpointResolver{r} }

type (
	mandateResolver    struct{ *Resolver }
	matterResolver     struct{ *Resolver }
	personResolver     struct{ *Resolver }
	queryResolver      struct{ *Resolver }
	teamResolver       struct{ *Resolver }
	touchpointResolver struct{ *Resolver }
)
