package resolvers

import (
	"context"

	"github.com/orgnet/orgnet/graph"
)

// ImportOrg is the resolver for the importOrg field.
func (r *mutationResolver) ImportOrg(ctx context.Context, snapshot OrgSnapshotInput, mode graph.ImportMode) (*graph.ImportReport, error) {
	snap, problems := snapshotIn(snapshot)
	if len(problems) > 0 {
		// Report the unparsable times together with whatever else the
		// import would be rejected for.
		_, more, err := r.Store.Preview(ctx, snap, mode)
		if err != nil {
			return nil, err
		}
		return nil, graph.BadInput(append([]graph.Problem(problems), more...))
	}
	report, err := r.Store.Import(ctx, snap, mode, nil)
	if err != nil {
		return nil, err
	}
	return &report, nil
}

// CreatePerson is the resolver for the createPerson field.
func (r *mutationResolver) CreatePerson(ctx context.Context, input PersonInput) (*graph.Person, error) {
	return put(ctx, r.Store, graph.MustBeNew, "people", graph.Snapshot{People: []graph.Person{personIn(&input)}}, input.ID, r.Store.People)
}

// UpdatePerson is the resolver for the updatePerson field.
func (r *mutationResolver) UpdatePerson(ctx context.Context, input PersonInput) (*graph.Person, error) {
	return put(ctx, r.Store, graph.MustExist, "people", graph.Snapshot{People: []graph.Person{personIn(&input)}}, input.ID, r.Store.People)
}

// DeletePerson is the resolver for the deletePerson field.
func (r *mutationResolver) DeletePerson(ctx context.Context, id string) (string, error) {
	return remove(ctx, r.Store, "people", graph.Removal{People: []string{id}}, id)
}

// CreateTeam is the resolver for the createTeam field.
func (r *mutationResolver) CreateTeam(ctx context.Context, input TeamInput) (*graph.Team, error) {
	return put(ctx, r.Store, graph.MustBeNew, "teams", graph.Snapshot{Teams: []graph.Team{teamIn(&input)}}, input.ID, r.Store.Teams)
}

// UpdateTeam is the resolver for the updateTeam field.
func (r *mutationResolver) UpdateTeam(ctx context.Context, input TeamInput) (*graph.Team, error) {
	return put(ctx, r.Store, graph.MustExist, "teams", graph.Snapshot{Teams: []graph.Team{teamIn(&input)}}, input.ID, r.Store.Teams)
}

// DeleteTeam is the resolver for the deleteTeam field.
func (r *mutationResolver) DeleteTeam(ctx context.Context, id string) (string, error) {
	return remove(ctx, r.Store, "teams", graph.Removal{Teams: []string{id}}, id)
}

// CreateMatter is the resolver for the createMatter field.
func (r *mutationResolver) CreateMatter(ctx context.Context, input MatterInput) (*graph.Matter, error) {
	return put(ctx, r.Store, graph.MustBeNew, "matters", graph.Snapshot{Matters: []graph.Matter{matterIn(&input)}}, input.ID, r.Store.Matters)
}

// UpdateMatter is the resolver for the updateMatter field.
func (r *mutationResolver) UpdateMatter(ctx context.Context, input MatterInput) (*graph.Matter, error) {
	return put(ctx, r.Store, graph.MustExist, "matters", graph.Snapshot{Matters: []graph.Matter{matterIn(&input)}}, input.ID, r.Store.Matters)
}

// DeleteMatter is the resolver for the deleteMatter field.
func (r *mutationResolver) DeleteMatter(ctx context.Context, id string) (string, error) {
	return remove(ctx, r.Store, "matters", graph.Removal{Matters: []string{id}}, id)
}

// CreateMandate is the resolver for the createMandate field.
func (r *mutationResolver) CreateMandate(ctx context.Context, input MandateInput) (*graph.Mandate, error) {
	return putMandate(ctx, r.Store, graph.MustBeNew, &input)
}

// UpdateMandate is the resolver for the updateMandate field.
func (r *mutationResolver) UpdateMandate(ctx context.Context, input MandateInput) (*graph.Mandate, error) {
	return putMandate(ctx, r.Store, graph.MustExist, &input)
}

// DeleteMandate is the resolver for the deleteMandate field.
func (r *mutationResolver) DeleteMandate(ctx context.Context, id string) (string, error) {
	return remove(ctx, r.Store, "mandates", graph.Removal{Mandates: []string{id}}, id)
}

// CreateTouchpoint is the resolver for the createTouchpoint field.
func (r *mutationResolver) CreateTouchpoint(ctx context.Context, input TouchpointInput) (*graph.Touchpoint, error) {
	return put(ctx, r.Store, graph.MustBeNew, "touchpoints", graph.Snapshot{Touchpoints: []graph.Touchpoint{touchpointIn(&input)}}, input.ID, r.Store.Touchpoints)
}

// UpdateTouchpoint is the resolver for the updateTouchpoint field.
func (r *mutationResolver) UpdateTouchpoint(ctx context.Context, input TouchpointInput) (*graph.Touchpoint, error) {
	return put(ctx, r.Store, graph.MustExist, "touchpoints", graph.Snapshot{Touchpoints: []graph.Touchpoint{touchpointIn(&input)}}, input.ID, r.Store.Touchpoints)
}

// DeleteTouchpoint is the resolver for the deleteTouchpoint field.
func (r *mutationResolver) DeleteTouchpoint(ctx context.Context, id string) (string, error) {
	return remove(ctx, r.Store, "touchpoints", graph.Removal{Touchpoints: []string{id}}, id)
}

// AddMembership is the resolver for the addMembership field.
func (r *mutationResolver) AddMembership(ctx context.Context, input MembershipInput) (*graph.Member, error) {
	m := membershipIn(&input)
	if _, err := r.Store.Apply(ctx, graph.Change{Put: graph.Snapshot{Memberships: []graph.Membership{m}}}); err != nil {
		return nil, asInput(err, "memberships")
	}
	return r.Store.Membership(ctx, m.Person, m.Team)
}

// RemoveMembership is the resolver for the removeMembership field.
func (r *mutationResolver) RemoveMembership(ctx context.Context, person string, team string) (bool, error) {
	_, err := r.Store.Apply(ctx, graph.Change{Remove: graph.Removal{Memberships: []graph.Membership{{Person: person, Team: team}}}})
	if err != nil {
		return false, err
	}
	return true, nil
}

// Mutation returns MutationResolver implementation.
func (r *Resolver) Mutation() MutationResolver { return &mutationResolver{r} }

type mutationResolver struct{ *Resolver }
