package resolvers

import (
	"context"
	"errors"
	"time"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
)

// Reverts is the resolver for the reverts field.
func (r *changeResolver) Reverts(ctx context.Context, obj *graph.ChangeRecord) (*graph.ChangeRecord, error) {
	return refLoad(ctx, obj, "reverts", func(c *graph.ChangeRecord) *string { return c.Reverts }, r.Store.ChangesByID)
}

// Entries is the resolver for the entries field.
func (r *changeResolver) Entries(ctx context.Context, obj *graph.ChangeRecord, first *int, after *string) (*ChangeEntryConnection, error) {
	return pagedLoad(ctx, obj, "entries", first, after, r.Store.ChangeEntries, changeEntryConnection)
}

// Version is the resolver for the version field.
func (r *mandateResolver) Version(ctx context.Context, obj *graph.Mandate) (int, error) {
	return entityVersion(ctx, obj, "Mandate", r.Store)
}

// Version is the resolver for the version field.
func (r *matterResolver) Version(ctx context.Context, obj *graph.Matter) (int, error) {
	return entityVersion(ctx, obj, "Matter", r.Store)
}

// RevertChange is the resolver for the revertChange field.
func (r *mutationResolver) RevertChange(ctx context.Context, id string, ifVersion *int, idempotencyKey *string) (*graph.ChangeRecord, error) {
	w := writeRequest(ctx, graph.Change{}, graph.ViaRevert, ifVersion, idempotencyKey)
	out, err := r.Store.RevertChange(ctx, id, w.IfVersion, w.IdempotencyKey)
	if err != nil {
		return nil, err
	}
	noteWritten(ctx, out.Version)
	return recorded(ctx, r.Store, out)
}

// ApproveWrite is the resolver for the approveWrite field.
func (r *mutationResolver) ApproveWrite(ctx context.Context, id string, idempotencyKey *string) (*graph.WriteOutcome, error) {
	out, err := r.Store.ApproveWrite(ctx, id, keyOf(ctx, idempotencyKey))
	if err != nil {
		return nil, err
	}
	noteWritten(ctx, out.Version)
	return &out, nil
}

// RejectWrite is the resolver for the rejectWrite field.
func (r *mutationResolver) RejectWrite(ctx context.Context, id string) (string, error) {
	if err := r.Store.RejectWrite(ctx, id); err != nil {
		return "", err
	}
	return id, nil
}

// Report is the resolver for the report field.
func (r *pendingWriteResolver) Report(ctx context.Context, obj *graph.PendingWrite) (*graph.WriteOutcome, error) {
	return &graph.WriteOutcome{ImportReport: obj.Report, Version: obj.Version}, nil
}

// Version is the resolver for the version field.
func (r *personResolver) Version(ctx context.Context, obj *graph.Person) (int, error) {
	return entityVersion(ctx, obj, "Person", r.Store)
}

// Role is the resolver for the role field.
func (r *principalResolver) Role(ctx context.Context, obj *graph.Principal) (string, error) {
	return string(obj.Role), nil
}

// OrgVersion is the resolver for the orgVersion field.
func (r *queryResolver) OrgVersion(ctx context.Context) (int, error) {
	if s := stateOf(ctx); s != nil && s.read != nil {
		return int(*s.read), nil
	}
	v, err := r.Store.OrgVersion(ctx)
	return int(v), err
}

// Changes is the resolver for the changes field.
func (r *queryResolver) Changes(ctx context.Context, first *int, after *string, since *time.Time, until *time.Time, entity *string, via *graph.Via) (*ChangeConnection, error) {
	p, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	c, err := r.Store.Changes(ctx, store.ChangeFilter{Since: since, Until: until, Entity: entity, Via: via}, p)
	if err != nil {
		return nil, err
	}
	return changeConnection(c, p), nil
}

// Change is the resolver for the change field.
func (r *queryResolver) Change(ctx context.Context, id string) (*graph.ChangeRecord, error) {
	return one(ctx, id, r.Store.ChangesByID)
}

// PendingWrites is the resolver for the pendingWrites field.
func (r *queryResolver) PendingWrites(ctx context.Context) ([]*graph.PendingWrite, error) {
	list, err := r.Store.PendingWrites(ctx)
	return pointers(list), err
}

// OrgChanged is the resolver for the orgChanged field.
func (r *subscriptionResolver) OrgChanged(ctx context.Context) (<-chan *graph.ChangeRecord, error) {
	if r.Feed == nil {
		return nil, errors.New("the live feed is not running")
	}
	sub, err := r.Feed.Subscribe(ctx)
	if err != nil {
		return nil, err
	}
	if s := stateOf(ctx); s != nil {
		s.mu.Lock()
		s.sub = sub
		s.mu.Unlock()
	}
	return sub.C, nil
}

// Version is the resolver for the version field.
func (r *teamResolver) Version(ctx context.Context, obj *graph.Team) (int, error) {
	return entityVersion(ctx, obj, "Team", r.Store)
}

// Version is the resolver for the version field.
func (r *touchpointResolver) Version(ctx context.Context, obj *graph.Touchpoint) (int, error) {
	return entityVersion(ctx, obj, "Touchpoint", r.Store)
}

// Change returns ChangeResolver implementation.
func (r *Resolver) Change() ChangeResolver { return &changeResolver{r} }

// PendingWrite returns PendingWriteResolver implementation.
func (r *Resolver) PendingWrite() PendingWriteResolver { return &pendingWriteResolver{r} }

// Principal returns PrincipalResolver implementation.
func (r *Resolver) Principal() PrincipalResolver { return &principalResolver{r} }

// Subscription returns SubscriptionResolver implementation.
func (r *Resolver) Subscription() SubscriptionResolver { return &subscriptionResolver{r} }

type (
	changeResolver       struct{ *Resolver }
	pendingWriteResolver struct{ *Resolver }
	principalResolver    struct{ *Resolver }
	subscriptionResolver struct{ *Resolver }
)
