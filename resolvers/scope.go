package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/orgnet/orgnet/graph/store"
)

// A field is answered in a scope: the live org, or an open scenario
// (docs/scenarios.md). A root field's scenario argument sets it for the
// field and everything below it; under compareScenario, the fields of the
// org before (the comparison's before, a change's lost and left and the
// like) are in the scope it is compared against, the rest in the
// scenario's. Entities are batched by scope as well as by kind, so that a
// person asked about live and inside a scenario in one request is two.

// beforeSide names the comparison fields answered in the org before.
var beforeSide = map[string]bool{
	"before": true, "lost": true, "left": true, "managerBefore": true,
	"noLongerOrphan": true, "noLongerSingleActor": true,
}

// comparisonTypes are the types whose fields choose a side of a comparison.
var comparisonTypes = map[string]bool{
	"ScenarioComparison": true, "ActorChange": true, "HandlingChange": true, "PersonChange": true,
}

// scopeOf is the scenario ctx's field is answered in; "" for the live org.
func scopeOf(ctx context.Context) string {
	before := false
	sided := false
	for fc := graphql.GetFieldContext(ctx); fc != nil; fc = fc.Parent {
		if fc.Field.Field == nil {
			continue // an element of a list
		}
		if v, ok := fc.Args["scenario"]; ok {
			return idArg(v)
		}
		if fc.Field.Name == "compareScenario" {
			if before {
				return idArg(fc.Args["against"])
			}
			return idArg(fc.Args["id"])
		}
		if !sided && comparisonTypes[fc.Object] {
			sided, before = true, beforeSide[fc.Field.Name]
		}
	}
	return ""
}

func idArg(v any) string {
	switch id := v.(type) {
	case string:
		return id
	case *string:
		if id != nil {
			return *id
		}
	}
	return ""
}

// ScopeMiddleware hands every resolver a context in its field's scope,
// so that whatever it asks of the store is answered there.
func ScopeMiddleware(ctx context.Context, next graphql.Resolver) (any, error) {
	if fc := graphql.GetFieldContext(ctx); fc != nil && (fc.IsResolver || fc.IsMethod) {
		ctx = store.InScenario(ctx, scopeOf(ctx))
	}
	return next(ctx)
}
