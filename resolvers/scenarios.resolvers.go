package resolvers

import (
	"context"
	"encoding/json"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// CreateScenario is the resolver for the createScenario field.
func (r *mutationResolver) CreateScenario(ctx context.Context, name string, description *string) (*graph.Scenario, error) {
	return r.Store.CreateScenario(ctx, name, description, principalName(ctx))
}

// ChangeScenario is the resolver for the changeScenario field.
func (r *mutationResolver) ChangeScenario(ctx context.Context, id string, upsert *OrgSnapshotInput, delete []*graph.EntityKey, removeMemberships []*graph.MembershipKey) (*graph.Scenario, error) {
	step := graph.ScenarioStep{}
	if upsert != nil {
		snap, problems := snapshotIn(*upsert)
		if len(problems) > 0 {
			for i := range problems {
				problems[i].Path = "upsert." + problems[i].Path
			}
			return nil, graph.BadInput(problems)
		}
		step.Upsert = *snap
	}
	for _, d := range delete {
		step.Delete = append(step.Delete, *d)
	}
	for _, m := range removeMemberships {
		step.RemoveMemberships = append(step.RemoveMemberships, *m)
	}
	return r.Store.ChangeScenario(ctx, id, step, principalName(ctx))
}

// UndoScenarioStep is the resolver for the undoScenarioStep field.
func (r *mutationResolver) UndoScenarioStep(ctx context.Context, id string) (*graph.Scenario, error) {
	return r.Store.UndoScenarioStep(ctx, id)
}

// DiscardScenario is the resolver for the discardScenario field.
func (r *mutationResolver) DiscardScenario(ctx context.Context, id string) (*graph.Scenario, error) {
	return r.Store.DiscardScenario(ctx, id)
}

// ApplyScenario is the resolver for the applyScenario field.
func (r *mutationResolver) ApplyScenario(ctx context.Context, id string, ifVersion *int, idempotencyKey *string) (*graph.WriteOutcome, error) {
	w := writeRequest(ctx, graph.Change{}, graph.ViaScenario, ifVersion, idempotencyKey)
	out, err := r.Store.ApplyScenario(ctx, id, w.IfVersion, w.IdempotencyKey)
	if err != nil {
		return nil, err
	}
	noteWritten(ctx, out.Version)
	return &out, nil
}

// Scenario is the resolver for the scenario field.
func (r *queryResolver) Scenario(ctx context.Context, id string) (*graph.Scenario, error) {
	return one(ctx, id, r.Store.Scenarios)
}

// Scenarios is the resolver for the scenarios field.
func (r *queryResolver) Scenarios(ctx context.Context, status *graph.ScenarioStatus) ([]*graph.Scenario, error) {
	list, err := r.Store.ListScenarios(ctx, status)
	return pointers(list), err
}

// CompareScenario is the resolver for the compareScenario field.
func (r *queryResolver) CompareScenario(ctx context.Context, id string, against *string, at *time.Time, amount *float64) (*graph.Comparison, error) {
	return r.Store.CompareScenario(ctx, id, against, atOrNow(ctx, at), amount)
}

// Conflicts is the resolver for the conflicts field.
func (r *scenarioResolver) Conflicts(ctx context.Context, obj *graph.Scenario) ([]*graph.ScenarioConflict, error) {
	return r.conflicts(ctx, obj)
}

// Scenario is the resolver for the scenario field.
func (r *scenarioComparisonResolver) Scenario(ctx context.Context, obj *graph.Comparison) (*graph.Scenario, error) {
	return one(ctx, obj.Scenario, r.Store.Scenarios)
}

// Against is the resolver for the against field.
func (r *scenarioComparisonResolver) Against(ctx context.Context, obj *graph.Comparison) (*graph.Scenario, error) {
	if obj.Against == nil {
		return nil, nil
	}
	return one(ctx, *obj.Against, r.Store.Scenarios)
}

// Upsert is the resolver for the upsert field.
func (r *scenarioStepResolver) Upsert(ctx context.Context, obj *graph.ScenarioStep) (json.RawMessage, error) {
	return json.Marshal(obj.Upsert)
}

// Scenario returns ScenarioResolver implementation.
func (r *Resolver) Scenario() ScenarioResolver { return &scenarioResolver{r} }

// ScenarioComparison returns ScenarioComparisonResolver implementation.
func (r *Resolver) ScenarioComparison() ScenarioComparisonResolver {
	return &scenarioComparisonResolver{r}
}

// ScenarioStep returns ScenarioStepResolver implementation.
func (r *Resolver) ScenarioStep() ScenarioStepResolver { return &scenarioStepResolver{r} }

type (
	scenarioResolver           struct{ *Resolver }
	scenarioComparisonResolver struct{ *Resolver }
	scenarioStepResolver       struct{ *Resolver }
)
