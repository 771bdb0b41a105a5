package resolvers

import (
	"context"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// EffectiveLimit is the resolver for the effectiveLimit field.
func (r *mandateResolver) EffectiveLimit(ctx context.Context, obj *graph.Mandate) (*float64, error) {
	status, err := r.mandateStatus(ctx, obj, atOrNow(ctx, nil))
	return status.EffectiveLimit, err
}

// Effective is the resolver for the effective field.
func (r *mandateResolver) Effective(ctx context.Context, obj *graph.Mandate, at *time.Time) (bool, error) {
	status, err := r.mandateStatus(ctx, obj, atOrNow(ctx, at))
	return status.Effective, err
}

// WhoCanAct is the resolver for the whoCanAct field.
func (r *matterResolver) WhoCanAct(ctx context.Context, obj *graph.Matter, amount *float64, at *time.Time) ([]*graph.Actor, error) {
	q := question(ctx, amount, at)
	actors, err := loadFor(ctx, obj, fieldKey("whoCanAct", q.Amount, q.At), func(ctx context.Context, matters []*graph.Matter) (map[string][]graph.Actor, error) {
		return r.Store.WhoCanAct(ctx, ids(matters), q)
	})
	return pointers(actors), err
}

// WhoCanActConnection is the resolver for the whoCanActConnection field.
func (r *matterResolver) WhoCanActConnection(ctx context.Context, obj *graph.Matter, amount *float64, at *time.Time, first *int, after *string) (*ActorConnection, error) {
	q := question(ctx, amount, at)
	return pagedLoad(ctx, obj, fieldKey("whoCanActConnection", q.Amount, q.At), first, after,
		func(ctx context.Context, ids []string, p graph.Page) (map[string]graph.Conn[graph.Actor], error) {
			return r.Store.WhoCanActPage(ctx, ids, q, p)
		}, actorConnection)
}

// WhoCanAct is the resolver for the whoCanAct field.
func (r *queryResolver) WhoCanAct(ctx context.Context, matter string, amount *float64, at *time.Time) ([]*graph.Actor, error) {
	actors, err := r.Store.WhoCanAct(ctx, []string{matter}, question(ctx, amount, at))
	return pointers(actors[matter]), err
}

// WhoCanActConnection is the resolver for the whoCanActConnection field.
func (r *queryResolver) WhoCanActConnection(ctx context.Context, matter string, amount *float64, at *time.Time, first *int, after *string) (*ActorConnection, error) {
	p, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	pages, err := r.Store.WhoCanActPage(ctx, []string{matter}, question(ctx, amount, at), p)
	if err != nil {
		return nil, err
	}
	return actorConnection(pages[matter], p), nil
}

// CanAct is the resolver for the canAct field.
func (r *queryResolver) CanAct(ctx context.Context, person string, matter string, amount *float64, at *time.Time) (*graph.Decision, error) {
	d, err := r.Store.CanAct(ctx, person, matter, question(ctx, amount, at))
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// ActionableMatters is the resolver for the actionableMatters field.
func (r *queryResolver) ActionableMatters(ctx context.Context, person string, amount *float64, at *time.Time) ([]*graph.MatterGrant, error) {
	matters, err := r.Store.ActionableMatters(ctx, person, question(ctx, amount, at))
	return pointers(matters), err
}

// ActionableMattersConnection is the resolver for the actionableMattersConnection field.
func (r *queryResolver) ActionableMattersConnection(ctx context.Context, person string, amount *float64, at *time.Time, first *int, after *string) (*MatterGrantConnection, error) {
	p, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	page, err := r.Store.ActionableMattersPage(ctx, person, question(ctx, amount, at), p)
	if err != nil {
		return nil, err
	}
	return matterGrantConnection(page, p), nil
}

// CustomerDistance is the resolver for the customerDistance field.
func (r *queryResolver) CustomerDistance(ctx context.Context, touchpoint string, matter string, amount *float64, at *time.Time) (*graph.Route, error) {
	return r.Store.CustomerDistance(ctx, touchpoint, matter, question(ctx, amount, at))
}

// FrontLine is the resolver for the frontLine field.
func (r *touchpointResolver) FrontLine(ctx context.Context, obj *graph.Touchpoint, first *int, after *string) (*PersonConnection, error) {
	return pagedLoad(ctx, obj, "frontLine", first, after, r.Store.FrontLine, personConnection)
}
