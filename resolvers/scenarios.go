package resolvers

import (
	"context"

	"github.com/orgnet/orgnet/graph"
)

// Helpers of the scenario resolvers (scenarios.resolvers.go is generated).

// principalName names who asks, for the scenarios and steps they make.
func principalName(ctx context.Context) string { return graph.PrincipalFromContext(ctx).Name }

// conflicts loads the conflicts of the scenario's whole cohort in one
// query.
func (r *scenarioResolver) conflicts(ctx context.Context, obj *graph.Scenario) ([]*graph.ScenarioConflict, error) {
	found, err := loadFor(ctx, obj, "conflicts", func(ctx context.Context, scenarios []*graph.Scenario) (map[string][]graph.ScenarioConflict, error) {
		list := make([]graph.Scenario, len(scenarios))
		for i, sc := range scenarios {
			list[i] = *sc
		}
		return r.Store.ScenarioConflicts(ctx, list)
	})
	return pointers(found), err
}
