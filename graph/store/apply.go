package store

import (
	"context"
	"fmt"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// Applying a scenario (docs/scenarios.md) writes its steps to the live org
// in one transaction as one change. What is the scenario's own is here,
// for the write transaction to call after it has taken the org's lock:
// the change to write, refused while the scenario has conflicts, and the
// scenario marked applied in the same transaction.

// markScenarioApplied marks an open scenario applied; no row when it is
// not open.
const markScenarioApplied = `
	MATCH (s:Scenario {id: $id}) WHERE s.status = 'OPEN'
	SET s.status = 'APPLIED', s.appliedAt = $at, s.appliedBy = $by
	RETURN s.id AS id`

// scenarioChange is the one change that applies the open scenario id to
// the org as tx sees it: its steps' net change (graph.ComposeSteps), less
// removals of what is not there. NOT_FOUND for an unknown scenario,
// BAD_INPUT for one that is not open, CONFLICT (listing them) while an
// entity a step named has changed live since the step was made.
func scenarioChange(ctx context.Context, tx runner, id string) (graph.Change, error) {
	sc, err := readScenario(ctx, tx, id)
	if err != nil {
		return graph.Change{}, err
	}
	if sc.Status != graph.ScenarioOpen {
		return graph.Change{}, notOpen(&sc)
	}
	states, err := readStates(ctx, tx, sc.Touched())
	if err != nil {
		return graph.Change{}, err
	}
	if conflicts := sc.Conflicts(states); len(conflicts) > 0 {
		return graph.Change{}, conflictsError(sc, conflicts)
	}
	return netChange(ctx, tx, sc)
}

// conflictsError is the CONFLICT of a scenario applied while the live org
// has moved under its steps.
func conflictsError(sc graph.Scenario, conflicts []graph.ScenarioConflict) error {
	problems := make([]graph.Problem, len(conflicts))
	for i, c := range conflicts {
		problems[i] = graph.Problem{Path: fmt.Sprintf("changes[%d]", c.Step-1),
			Message: fmt.Sprintf("%s %q has changed in the live org since this step was made: undo the step and make it again", c.Entity.Type, c.Entity.ID)}
	}
	e := graph.Conflict(fmt.Sprintf("scenario %q has %d conflicts with the live org", sc.ID, len(conflicts)), map[string]any{"problems": problems})
	e.Problems = problems
	return e
}

// ApplyScenario writes the open scenario id to the live org in one
// transaction (docs/scenarios.md): its steps' net change, planned and
// validated against the live org as it is then, as every write is
// (BAD_INPUT with every problem, nothing written), and the scenario
// marked APPLIED with it. CONFLICT while the scenario has conflicts;
// NOT_FOUND, BAD_INPUT as scenarioChange says.
func (s *Store) ApplyScenario(ctx context.Context, id string) (graph.ImportReport, error) {
	ctx = live(ctx)
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	return write(ctx, s, func(tx runner) (graph.ImportReport, error) {
		change, err := scenarioChange(ctx, tx, id)
		if err != nil {
			return graph.ImportReport{}, err
		}
		plan, problems, err := s.planWrite(ctx, tx, change, false)
		if err != nil {
			return graph.ImportReport{}, err
		}
		if len(problems) > 0 {
			return graph.ImportReport{}, graph.BadInput(problems)
		}
		if !plan.Empty() {
			if err := writePlan(ctx, tx, plan, func(Progress) {}); err != nil {
				return graph.ImportReport{}, err
			}
		}
		recs, err := run(ctx, tx, markScenarioApplied, map[string]any{"id": id, "at": time.Now().UTC(), "by": graph.PrincipalFromContext(ctx).Name})
		if err != nil {
			return graph.ImportReport{}, err
		}
		if len(recs) != 1 {
			return graph.ImportReport{}, fmt.Errorf("scenario %q: not marked applied", id)
		}
		return plan.Report, nil
	})
}
