package resolvers

import (
	"context"

	"github.com/orgnet/orgnet/graph"
)

// Change is the resolver for the change field.
func (r *importReportResolver) Change(ctx context.Context, obj *graph.WriteOutcome) (*graph.ChangeRecord, error) {
	if obj.ChangeID == "" {
		return nil, nil
	}
	return one(ctx, obj.ChangeID, r.Store.ChangesByID)
}

// ImportOrg is the resolver for the importOrg field.
func (r *mutationResolver) ImportOrg(ctx context.Context, snapshot OrgSnapshotInput, mode graph.ImportMode, ifVersion *int, idempotencyKey *string) (*graph.WriteOutcome, error) {
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
	w := writeRequest(ctx, graph.Change{Put: *snap}, graph.ViaImport, ifVersion, idempotencyKey)
	w.Replace = mode == graph.ImportReplace
	out, err := write(ctx, r.Store, w)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// CreatePerson is the resolver for the createPerson field.
func (r *mutationResolver) CreatePerson(ctx context.Context, input PersonInput, ifVersion *int, idempotencyKey *string) (*graph.Person, error) {
	return put(ctx, r.Store, graph.MustBeNew, "people", graph.Snapshot{People: []graph.Person{personIn(&input)}}, input.ID, ifVersion, idempotencyKey, r.Store.People)
}

// UpdatePerson is the resolver for the updatePerson field.
func (r *mutationResolver) UpdatePerson(ctx context.Context, input PersonInput, ifVersion *int, idempotencyKey *string) (*graph.Person, error) {
	return put(ctx, r.Store, graph.MustExist, "people", graph.Snapshot{People: []graph.Person{personIn(&input)}}, input.ID, ifVersion, idempotencyKey, r.Store.People)
}

// DeletePerson is the resolver for the deletePerson field.
func (r *mutationResolver) DeletePerson(ctx context.Context, id string, ifVersion *int, idempotencyKey *string) (string, error) {
	return remove(ctx, r.Store, "people", graph.Removal{People: []string{id}}, id, ifVersion, idempotencyKey)
}

// CreateTeam is the resolver for the createTeam field.
func (r *mutationResolver) CreateTeam(ctx context.Context, input TeamInput, ifVersion *int, idempotencyKey *string) (*graph.Team, error) {
	return put(ctx, r.Store, graph.MustBeNew, "teams", graph.Snapshot{Teams: []graph.Team{teamIn(&input)}}, input.ID, ifVersion, idempotencyKey, r.Store.Teams)
}

// UpdateTeam is the resolver for the updateTeam field.
func (r *mutationResolver) UpdateTeam(ctx context.Context, input TeamInput, ifVersion *int, idempotencyKey *string) (*graph.Team, error) {
	return put(ctx, r.Store, graph.MustExist, "teams", graph.Snapshot{Teams: []graph.Team{teamIn(&input)}}, input.ID, ifVersion, idempotencyKey, r.Store.Teams)
}

// DeleteTeam is the resolver for the deleteTeam field.
func (r *mutationResolver) DeleteTeam(ctx context.Context, id string, ifVersion *int, idempotencyKey *string) (string, error) {
	return remove(ctx, r.Store, "teams", graph.Removal{Teams: []string{id}}, id, ifVersion, idempotencyKey)
}

// CreateMatter is the resolver for the createMatter field.
func (r *mutationResolver) CreateMatter(ctx context.Context, input MatterInput, ifVersion *int, idempotencyKey *string) (*graph.Matter, error) {
	return put(ctx, r.Store, graph.MustBeNew, "matters", graph.Snapshot{Matters: []graph.Matter{matterIn(&input)}}, input.ID, ifVersion, idempotencyKey, r.Store.Matters)
}

// UpdateMatter is the resolver for the updateMatter field.
func (r *mutationResolver) UpdateMatter(ctx context.Context, input MatterInput, ifVersion *int, idempotencyKey *string) (*graph.Matter, error) {
	return put(ctx, r.Store, graph.MustExist, "matters", graph.Snapshot{Matters: []graph.Matter{matterIn(&input)}}, input.ID, ifVersion, idempotencyKey, r.Store.Matters)
}

// DeleteMatter is the resolver for the deleteMatter field.
func (r *mutationResolver) DeleteMatter(ctx context.Context, id string, ifVersion *int, idempotencyKey *string) (string, error) {
	return remove(ctx, r.Store, "matters", graph.Removal{Matters: []string{id}}, id, ifVersion, idempotencyKey)
}

// CreateMandate is the resolver for the createMandate field.
func (r *mutationResolver) CreateMandate(ctx context.Context, input MandateInput, ifVersion *int, idempotencyKey *string) (*graph.Mandate, error) {
	return putMandate(ctx, r.Store, graph.MustBeNew, &input, ifVersion, idempotencyKey)
}

// UpdateMandate is the resolver for the updateMandate field.
func (r *mutationResolver) UpdateMandate(ctx context.Context, input MandateInput, ifVersion *int, idempotencyKey *string) (*graph.Mandate, error) {
	return putMandate(ctx, r.Store, graph.MustExist, &input, ifVersion, idempotencyKey)
}

// DeleteMandate is the resolver for the deleteMandate field.
func (r *mutationResolver) DeleteMandate(ctx context.Context, id string, ifVersion *int, idempotencyKey *string) (string, error) {
	return remove(ctx, r.Store, "mandates", graph.Removal{Mandates: []string{id}}, id, ifVersion, idempotencyKey)
}

// CreateTouchpoint is the resolver for the createTouchpoint field.
func (r *mutationResolver) CreateTouchpoint(ctx context.Context, input TouchpointInput, ifVersion *int, idempotencyKey *string) (*graph.Touchpoint, error) {
	return put(ctx, r.Store, graph.MustBeNew, "touchpoints", graph.Snapshot{Touchpoints: []graph.Touchpoint{touchpointIn(&input)}}, input.ID, ifVersion, idempotencyKey, r.Store.Touchpoints)
}

// UpdateTouchpoint is the resolver for the updateTouchpoint field.
func (r *mutationResolver) UpdateTouchpoint(ctx context.Context, input TouchpointInput, ifVersion *int, idempotencyKey *string) (*graph.Touchpoint, error) {
	return put(ctx, r.Store, graph.MustExist, "touchpoints", graph.Snapshot{Touchpoints: []graph.Touchpoint{touchpointIn(&input)}}, input.ID, ifVersion, idempotencyKey, r.Store.Touchpoints)
}

// DeleteTouchpoint is the resolver for the deleteTouchpoint field.
func (r *mutationResolver) DeleteTouchpoint(ctx context.Context, id string, ifVersion *int, idempotencyKey *string) (string, error) {
	return remove(ctx, r.Store, "touchpoints", graph.Removal{Touchpoints: []string{id}}, id, ifVersion, idempotencyKey)
}

// AddMembership is the resolver for the addMembership field.
func (r *mutationResolver) AddMembership(ctx context.Context, input MembershipInput, ifVersion *int, idempotencyKey *string) (*graph.Member, error) {
	m := membershipIn(&input)
	change := graph.Change{Put: graph.Snapshot{Memberships: []graph.Membership{m}}}
	if _, err := write(ctx, r.Store, writeRequest(ctx, change, graph.ViaMutation, ifVersion, idempotencyKey)); err != nil {
		return nil, asInput(err, "memberships")
	}
	return r.Store.Membership(ctx, m.Person, m.Team)
}

// RemoveMembership is the resolver for the removeMembership field.
func (r *mutationResolver) RemoveMembership(ctx context.Context, person string, team string, ifVersion *int, idempotencyKey *string) (bool, error) {
	change := graph.Change{Remove: graph.Removal{Memberships: []graph.Membership{{Person: person, Team: team}}}}
	if _, err := write(ctx, r.Store, writeRequest(ctx, change, graph.ViaMutation, ifVersion, idempotencyKey)); err != nil {
		return false, err
	}
	return true, nil
}

// ImportReport returns ImportReportResolver implementation.
func (r *Resolver) ImportReport() ImportReportResolver { return &importReportResolver{r} }

// Mutation returns MutationResolver implementation.
func (r *Resolver) Mutation() MutationResolver { return &mutationResolver{r} }

type (
	importReportResolver struct{ *Resolver }
	mutationResolver     struct{ *Resolver }
)
