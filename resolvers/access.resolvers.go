package resolvers

import (
	"context"

	"github.com/orgnet/orgnet/graph"
)

// Viewer is the resolver for the viewer field: the principal the request
// was authenticated as (docs/access.md), asked of no database.
func (r *queryResolver) Viewer(ctx context.Context) (*graph.Principal, error) {
	p := graph.PrincipalFromContext(ctx)
	return &p, nil
}
