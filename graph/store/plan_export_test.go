package store

import (
	"context"

	"github.com/orgnet/orgnet/graph"
)

// Planned is what planning a change gave.
type Planned struct {
	Plan     graph.Plan
	Problems []graph.Problem
}

// PlanBothWays plans change from the whole org and from its neighborhood,
// in one read transaction, so that tests can hold the two side by side.
func PlanBothWays(ctx context.Context, s *Store, change graph.Change) (whole, around Planned, err error) {
	type both struct{ whole, around Planned }
	b, err := read(ctx, s, func(tx runner) (both, error) {
		var b both
		var err error
		if b.whole.Plan, b.whole.Problems, err = planWhole(ctx, tx, change, false); err != nil {
			return b, err
		}
		b.around.Plan, b.around.Problems, err = planAround(ctx, tx, change)
		return b, err
	})
	return b.whole, b.around, err
}

// PlanFromWholeOrg makes planWrite plan every change from the whole org,
// or, with false, from its neighborhood, until restore is called.
func PlanFromWholeOrg(whole bool) (restore func()) {
	planning = planAround
	if whole {
		planning = func(ctx context.Context, tx runner, change graph.Change) (graph.Plan, []graph.Problem, error) {
			return planWhole(ctx, tx, change, false)
		}
	}
	return func() { planning = nil }
}

// KeyNodesMax is the most keys a change keeps as ChangeKey nodes.
const KeyNodesMax = keyNodesMax
