// Package resolvers is orgnet's GraphQL glue: gqlgen's generated code and thin
// resolvers that map arguments in, call the store, and map results and error
// codes out. No Cypher and no business rules live here.
package resolvers

//go:generate go tool -C .. gqlgen generate

import (
	"github.com/orgnet/orgnet/feed"
	"github.com/orgnet/orgnet/graph/store"
)

// Resolver is the root resolver; one serves every request.
type Resolver struct {
	Store *store.Store
	// Feed serves subscriptions to the org's changes.
	Feed *feed.Feed
}
