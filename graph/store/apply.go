package store

import (
	"context"
	"fmt"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// Applying a scenario (docs/scenarios.md) writes its steps to the live org
// through Write, in one transaction, as one change via SCENARIO. What is
// the scenario's own is here, for the write transaction to call after it
// has taken the org's lock: the scenario marked applied, then the change
// to write, refused while the scenario has conflicts.

// markScenarioApplied marks an open scenario applied; no row when it is
// not open.
const markScenarioApplied = `
	MATCH (s:Scenario {id: $id}) WHERE s.status = 'OPEN'
	SET s.status = 'APPLIED', s.appliedAt = $at, s.appliedBy = $by
	RETURN s.id AS id`

// scenarioChange marks the open scenario id applied by by, in tx, and
// answers the one change that applies it to the org as tx sees it: its
// steps' net change (graph.ComposeSteps), less removals of what is not
// there. Marking it first takes the scenario's lock before its steps are
// read, so that no step is added or undone between the read and the
// commit; a refusal rolls the mark back with the rest. NOT_FOUND for an
// unknown scenario, BAD_INPUT for one that is not open, CONFLICT (listing
// them) while an entity a step named has changed live since the step was
// made.
func scenarioChange(ctx context.Context, tx runner, id string, by graph.Principal) (graph.Change, error) {
	recs, err := run(ctx, tx, markScenarioApplied, map[string]any{"id": id, "at": time.Now().UTC(), "by": by.Name})
	if err != nil {
		return graph.Change{}, fmt.Errorf("mark scenario %q applied: %w", id, err)
	}
	sc, err := readScenario(ctx, tx, id)
	if err != nil {
		return graph.Change{}, err
	}
	if len(recs) == 0 {
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

// ApplyScenario writes the open scenario id to the live org
// (docs/scenarios.md) through Write, as the principal ctx carries, who must
// be an admin (FORBIDDEN otherwise): in one transaction, after the org's
// lock, its steps' net change is planned and validated against the live org
// as it is then (BAD_INPUT with every problem, nothing written), written
// and recorded as one change via SCENARIO, and the scenario marked APPLIED.
// ifVersion and idempotencyKey are honoured as by every write. CONFLICT
// while the scenario has conflicts; NOT_FOUND, BAD_INPUT (not open) as
// scenarioChange says.
func (s *Store) ApplyScenario(ctx context.Context, id string, ifVersion *int64, idempotencyKey string) (graph.WriteOutcome, error) {
	ctx = live(ctx)
	by := graph.PrincipalFromContext(ctx)
	if by.Role != graph.AdminRole {
		return graph.WriteOutcome{}, &graph.Error{Code: graph.CodeForbidden, Message: "only an admin may apply a scenario"}
	}
	// No deletion guard: it holds no admin's write.
	job := writeJob{req: graph.WriteRequest{Via: graph.ViaScenario, Principal: by, IfVersion: ifVersion, IdempotencyKey: idempotencyKey}, applies: id}
	job.prepare = func(ctx context.Context, tx runner, w *graph.WriteRequest) error {
		change, err := scenarioChange(ctx, tx, id, by)
		w.Change = change
		return err
	}
	return s.write(ctx, job)
}
