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

// FieldMiddleware is the one field middleware of a request: it answers a
// resolver in its field's scope, so that whatever the resolver asks of the
// store is answered there, and registers the entities in the field's result
// as cohorts (batch.go). It is one middleware, not one per concern, because
// gqlgen runs the chain for every field of an answer, scalars included: each
// layer is a closure and a call per field. A plain field (a struct field
// read, neither resolver nor method) has no scope to set and asks nothing
// of the store, so it only registers what its value may hold.
func FieldMiddleware(ctx context.Context, next graphql.Resolver) (any, error) {
	return fieldMiddleware(ctx, next, true)
}

func fieldMiddleware(ctx context.Context, next graphql.Resolver, direct bool) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !(fc.IsResolver || fc.IsMethod) {
		res, err := next(ctx)
		if err == nil && mayHoldEntities(res) {
			registerCohorts(ctx, scopeOf(ctx), res)
		}
		return res, err
	}
	scope := scopeOf(ctx)
	res, err := next(store.InScenario(ctx, scope))
	if err == nil && mayHoldEntities(res) {
		registerCohorts(ctx, scope, res)
		if !direct {
			return res, err
		}
		if answer, ok := directAnswer(ctx, fc, res); ok {
			return answer, nil
		}
	}
	return res, err
}
