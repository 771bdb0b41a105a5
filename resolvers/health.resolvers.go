package resolvers

import (
	"context"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// Units is the resolver for the units field.
func (r *orgHealthResolver) Units(ctx context.Context, obj *graph.OrgHealth, first *int, after *string, kind *graph.TeamKind) (*UnitHealthConnection, error) {
	p, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	if net := obj.Net(); net != nil { // the org this health was computed over
		return unitHealthConnection(net.Units(obj.At, kind, p), p), nil
	}
	units, err := r.Store.UnitHealth(ctx, obj.At, kind, p)
	if err != nil {
		return nil, err
	}
	return unitHealthConnection(units, p), nil
}

// KeyPeople is the resolver for the keyPeople field.
func (r *orgHealthResolver) KeyPeople(ctx context.Context, obj *graph.OrgHealth, first *int, after *string) (*KeyPersonConnection, error) {
	p, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	people, err := r.Store.KeyPeople(ctx, obj, p)
	if err != nil {
		return nil, err
	}
	return keyPersonConnection(people, p), nil
}

// OrgHealth is the resolver for the orgHealth field.
func (r *queryResolver) OrgHealth(ctx context.Context, at *time.Time) (*graph.OrgHealth, error) {
	return r.Store.OrgHealth(ctx, atOrNow(ctx, at))
}

// ExclusiveMatters is the resolver for the exclusiveMatters field.
func (r *unitHealthResolver) ExclusiveMatters(ctx context.Context, obj *graph.UnitHealth, first *int, after *string) (*MatterConnection, error) {
	p, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	matters, err := r.exclusiveMatters(ctx, obj)
	if err != nil {
		return nil, err
	}
	return matterConnection(slicePage(matters, p, graph.Matter.Key), p), nil
}

// OrgHealth returns OrgHealthResolver implementation.
func (r *Resolver) OrgHealth() OrgHealthResolver { return &orgHealthResolver{r} }

// UnitHealth returns UnitHealthResolver implementation.
func (r *Resolver) UnitHealth() UnitHealthResolver { return &unitHealthResolver{r} }

type (
	orgHealthResolver  struct{ *Resolver }
	unitHealthResolver struct{ *Resolver }
)
