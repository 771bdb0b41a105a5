package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// Scenarios (docs/scenarios.md) are stored beside the org, never in it:
//
//	(:Scenario {id, name, description, createdBy, createdAt, status, steps})
//	  -[:STEP]->(:ScenarioStep {seq, at, by, change, assumed})
//
// A step's change (its upsert, deletions and membership removals) and the
// live state it assumed are JSON. No org query matches these labels, so
// live answers, org health, the export and a REPLACE import never see
// them.

// createScenario stores a new, empty, open scenario.
const createScenario = `
	CREATE (s:Scenario {id: $id, name: $name, description: $description, createdBy: $createdBy,
		createdAt: $createdAt, status: 'OPEN', steps: 0})`

// scenariosByID answers the scenarios of $ids that exist, each with its
// steps in order.
const scenariosByID = `
	MATCH (s:Scenario) WHERE s.id IN $ids
	RETURN s {.*} AS scenario,
		COLLECT { MATCH (s)-[:STEP]->(st:ScenarioStep) RETURN st {.*} ORDER BY st.seq } AS steps`

// listScenarios answers every scenario, of $status when it is not null,
// newest first, each with its steps in order.
const listScenarios = `
	MATCH (s:Scenario) WHERE $status IS NULL OR s.status = $status
	RETURN s {.*} AS scenario,
		COLLECT { MATCH (s)-[:STEP]->(st:ScenarioStep) RETURN st {.*} ORDER BY st.seq } AS steps
	ORDER BY s.createdAt DESC, s.id`

// appendScenarioStep adds a step to an open scenario that still has the
// $steps steps it was validated against; no row when it has moved on (a
// step added or undone meanwhile, or the scenario applied or discarded).
const appendScenarioStep = `
	MATCH (s:Scenario {id: $id}) WHERE s.status = 'OPEN' AND s.steps = $steps
	SET s.steps = s.steps + 1
	CREATE (s)-[:STEP]->(:ScenarioStep {seq: s.steps, at: $at, by: $by, change: $change, assumed: $assumed})
	RETURN s.steps AS steps`

// dropLastScenarioStep removes the last step of an open scenario; no row
// when it is not open or has no step.
const dropLastScenarioStep = `
	MATCH (s:Scenario {id: $id}) WHERE s.status = 'OPEN' AND s.steps > 0
	MATCH (s)-[:STEP]->(st:ScenarioStep {seq: s.steps})
	DETACH DELETE st
	SET s.steps = s.steps - 1
	RETURN s.steps AS steps`

// discardScenario marks an open scenario discarded; no row when it is not
// open.
const discardScenario = `
	MATCH (s:Scenario {id: $id}) WHERE s.status = 'OPEN'
	SET s.status = 'DISCARDED', s.discardedAt = $at
	RETURN s.id AS id`

// entityStatesQuery answers the state now of the entities named by id in
// $people, $teams, $matters, $mandates, $touchpoints and of the
// memberships in $memberships ({person, team}): the ones that exist, whole.
var entityStatesQuery = `
	RETURN
		COLLECT { UNWIND $people AS id MATCH (p:Person {id: id}) RETURN ` + personProjection + ` } AS people,
		COLLECT { UNWIND $teams AS id MATCH (t:Team {id: id}) RETURN ` + teamProjection + ` } AS teams,
		COLLECT { UNWIND $matters AS id MATCH (m:Matter {id: id}) RETURN ` + matterProjection + ` } AS matters,
		COLLECT { UNWIND $mandates AS id MATCH (md:Mandate {id: id}) RETURN ` + mandateProjection + ` } AS mandates,
		COLLECT { UNWIND $touchpoints AS id MATCH (tp:Touchpoint {id: id}) RETURN ` + touchpointProjection + ` } AS touchpoints,
		COLLECT { UNWIND $memberships AS k MATCH (:Person {id: k.person})-[r:MEMBER_OF]->(:Team {id: k.team})
			RETURN {person: k.person, team: k.team, role: r.role} } AS memberships`

// CreateScenario stores a new open scenario with no steps, made by by.
// BAD_INPUT for a name or description that breaks the rules of
// graph.Limits.ScenarioProblems.
func (s *Store) CreateScenario(ctx context.Context, name string, description *string, by string) (*graph.Scenario, error) {
	if problems := (graph.Limits{}).ScenarioProblems(name, description); len(problems) > 0 {
		return nil, graph.BadInput(problems)
	}
	sc := &graph.Scenario{ID: newScenarioID(), Name: name, Description: description, CreatedBy: by,
		CreatedAt: time.Now().UTC().Truncate(time.Millisecond), Status: graph.ScenarioOpen}
	_, err := write(ctx, s, func(tx runner) (struct{}, error) {
		_, err := run(ctx, tx, createScenario, map[string]any{"id": sc.ID, "name": sc.Name, "description": deref(sc.Description),
			"createdBy": sc.CreatedBy, "createdAt": sc.CreatedAt})
		return struct{}{}, err
	})
	if err != nil {
		return nil, fmt.Errorf("create scenario: %w", err)
	}
	return sc, nil
}

// Scenarios answers the scenarios of ids that exist, by id, each with its
// steps.
func (s *Store) Scenarios(ctx context.Context, ids []string) (map[string]graph.Scenario, error) {
	ctx = live(ctx)
	return read(ctx, s, func(tx runner) (map[string]graph.Scenario, error) { return readScenarios(ctx, tx, ids) })
}

// ListScenarios answers every scenario (of status, when not nil), newest
// first, each with its steps.
func (s *Store) ListScenarios(ctx context.Context, status *graph.ScenarioStatus) ([]graph.Scenario, error) {
	ctx = live(ctx)
	var st any
	if status != nil {
		st = string(*status)
	}
	recs, err := s.query(ctx, listScenarios, map[string]any{"status": st})
	if err != nil {
		return nil, fmt.Errorf("list scenarios: %w", err)
	}
	out := make([]graph.Scenario, 0, len(recs))
	for _, rec := range recs {
		sc, err := toScenario(row{rec})
		if err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	return out, nil
}

func readScenarios(ctx context.Context, tx runner, ids []string) (map[string]graph.Scenario, error) {
	recs, err := run(ctx, tx, scenariosByID, map[string]any{"ids": distinct(ids)})
	if err != nil {
		return nil, fmt.Errorf("read scenarios: %w", err)
	}
	out := make(map[string]graph.Scenario, len(recs))
	for _, rec := range recs {
		sc, err := toScenario(row{rec})
		if err != nil {
			return nil, err
		}
		out[sc.ID] = sc
	}
	return out, nil
}

// readScenario is the scenario id as tx sees it; NOT_FOUND when there is
// none.
func readScenario(ctx context.Context, tx runner, id string) (graph.Scenario, error) {
	found, err := readScenarios(ctx, tx, []string{id})
	if err != nil {
		return graph.Scenario{}, err
	}
	sc, ok := found[id]
	if !ok {
		return graph.Scenario{}, graph.NotFound("scenario", id)
	}
	return sc, nil
}

// ScenarioConflicts answers, for each scenario of scenarios by id, the
// entities its steps named whose live state is no longer the state the
// step assumed (docs/scenarios.md, Conflicts), in one query.
func (s *Store) ScenarioConflicts(ctx context.Context, scenarios []graph.Scenario) (map[string][]graph.ScenarioConflict, error) {
	ctx = live(ctx)
	var keys []graph.EntityKey
	for _, sc := range scenarios {
		keys = append(keys, sc.Touched()...)
	}
	states, err := read(ctx, s, func(tx runner) (map[graph.EntityKey]json.RawMessage, error) { return readStates(ctx, tx, keys) })
	if err != nil {
		return nil, fmt.Errorf("scenario conflicts: %w", err)
	}
	out := make(map[string][]graph.ScenarioConflict, len(scenarios))
	for _, sc := range scenarios {
		out[sc.ID] = sc.Conflicts(states)
	}
	return out, nil
}

// ChangeScenario adds step to the open scenario id (docs/scenarios.md):
// validated against the scenario's org — the live org with every earlier
// step laid over it — by the rules of every write, BAD_INPUT with every
// problem (paths into the step: upsert…, delete[i], removeMemberships[i])
// and the scenario unchanged when refused. The step records the live state
// of every entity it names, for conflicts. NOT_FOUND for an unknown
// scenario, BAD_INPUT for one that is not open.
func (s *Store) ChangeScenario(ctx context.Context, id string, step graph.ScenarioStep, by string) (*graph.Scenario, error) {
	ctx = live(ctx)
	change, problems := step.Change()
	if len(problems) > 0 {
		return nil, graph.BadInput(problems)
	}
	touches := step.Touches()
	// Another step may be added or undone between the validation and the
	// append: the append then finds the scenario moved on, and the step is
	// validated again against what it has become.
	for attempt := 0; ; attempt++ {
		type checked struct {
			steps   int
			assumed []graph.EntityState
		}
		c, err := rolledBack(ctx, s, s.cfg.WriteTimeout, func(tx runner) (checked, error) {
			states, err := readStates(ctx, tx, touches)
			if err != nil {
				return checked{}, err
			}
			sc, err := s.lay(ctx, tx, id)
			if err != nil {
				return checked{}, err
			}
			_, problems, err := s.planWrite(ctx, tx, change, false)
			if err != nil {
				return checked{}, err
			}
			if len(problems) > 0 {
				for i := range problems {
					problems[i].Path = step.StepPath(problems[i].Path)
				}
				return checked{}, graph.BadInput(problems)
			}
			assumed := make([]graph.EntityState, len(touches))
			for i, k := range touches {
				assumed[i] = graph.EntityState{Entity: k, State: states[k]}
			}
			return checked{len(sc.Steps), assumed}, nil
		})
		if err != nil {
			return nil, err
		}
		step.Seq, step.At, step.By, step.Assumed = c.steps+1, time.Now().UTC().Truncate(time.Millisecond), by, c.assumed
		params, err := stepParams(step)
		if err != nil {
			return nil, err
		}
		params["id"], params["steps"] = id, c.steps
		appended, err := write(ctx, s, func(tx runner) (bool, error) {
			recs, err := run(ctx, tx, appendScenarioStep, params)
			return len(recs) == 1, err
		})
		if err != nil {
			return nil, fmt.Errorf("change scenario: %w", err)
		}
		if appended {
			return s.scenario(ctx, id)
		}
		if attempt == 2 {
			return nil, graph.Conflict(fmt.Sprintf("scenario %q is being changed by someone else: read it again and retry", id), nil)
		}
	}
}

// UndoScenarioStep drops the last step of the open scenario id. NOT_FOUND
// for an unknown scenario; BAD_INPUT for one that is not open or has no
// step.
func (s *Store) UndoScenarioStep(ctx context.Context, id string) (*graph.Scenario, error) {
	return s.openOnly(ctx, id, dropLastScenarioStep, "has no step to undo")
}

// DiscardScenario marks the open scenario id discarded: kept, listed, no
// longer asked about or changed. NOT_FOUND for an unknown scenario,
// BAD_INPUT for one that is not open.
func (s *Store) DiscardScenario(ctx context.Context, id string) (*graph.Scenario, error) {
	return s.openOnly(ctx, id, discardScenario, "")
}

// openOnly runs a statement that changes an open scenario and answers the
// scenario after it; when it matched nothing, says why.
func (s *Store) openOnly(ctx context.Context, id, statement, otherwise string) (*graph.Scenario, error) {
	ctx = live(ctx)
	done, err := write(ctx, s, func(tx runner) (bool, error) {
		recs, err := run(ctx, tx, statement, map[string]any{"id": id, "at": time.Now().UTC()})
		return len(recs) == 1, err
	})
	if err != nil {
		return nil, fmt.Errorf("scenario %q: %w", id, err)
	}
	sc, err := s.scenario(ctx, id)
	if err != nil || done {
		return sc, err
	}
	if sc.Status != graph.ScenarioOpen {
		return nil, notOpen(sc)
	}
	return nil, graph.BadInput([]graph.Problem{{Path: "id", Message: fmt.Sprintf("scenario %q %s", id, otherwise)}})
}

// scenario is the scenario id; NOT_FOUND when there is none.
func (s *Store) scenario(ctx context.Context, id string) (*graph.Scenario, error) {
	found, err := s.Scenarios(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	sc, ok := found[id]
	if !ok {
		return nil, graph.NotFound("scenario", id)
	}
	return &sc, nil
}

func notOpen(sc *graph.Scenario) error {
	return graph.BadInput([]graph.Problem{{Path: "id", Message: fmt.Sprintf("scenario %q is %s: only an open scenario is asked about or changed", sc.ID, sc.Status)}})
}

// readStates answers the state now, as tx sees it, of each entity of keys
// that exists (graph.EntityJSON), in one query (readEntities).
func readStates(ctx context.Context, tx runner, keys []graph.EntityKey) (map[graph.EntityKey]json.RawMessage, error) {
	valid := make([]graph.EntityKey, 0, len(keys))
	for _, k := range keys {
		if _, _, ok := graph.SplitMembershipID(k.ID); k.Type != graph.EntityMembership || ok {
			valid = append(valid, k)
		}
	}
	found, err := readEntities(ctx, tx, valid)
	if err != nil {
		return nil, err
	}
	out := map[graph.EntityKey]json.RawMessage{}
	var errs []error
	put := func(k graph.EntityKey, v any) {
		state, err := graph.EntityJSON(v)
		out[k] = state
		errs = append(errs, err)
	}
	for _, p := range found.People {
		put(graph.EntityKey{Type: graph.EntityPerson, ID: p.ID}, p)
	}
	for _, t := range found.Teams {
		put(graph.EntityKey{Type: graph.EntityTeam, ID: t.ID}, t)
	}
	for _, m := range found.Matters {
		put(graph.EntityKey{Type: graph.EntityMatter, ID: m.ID}, m)
	}
	for _, md := range found.Mandates {
		put(graph.EntityKey{Type: graph.EntityMandate, ID: md.ID}, md)
	}
	for _, tp := range found.Touchpoints {
		put(graph.EntityKey{Type: graph.EntityTouchpoint, ID: tp.ID}, tp)
	}
	for _, m := range found.Memberships {
		put(graph.EntityKey{Type: graph.EntityMembership, ID: graph.MembershipID(m.Person, m.Team)}, m)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// The JSON a step is stored as.
type (
	storedStep struct {
		Upsert            *graph.Snapshot   `json:"upsert,omitempty"`
		Delete            []storedKey       `json:"delete,omitempty"`
		RemoveMemberships []storedMemberKey `json:"removeMemberships,omitempty"`
	}
	storedKey struct {
		Type graph.EntityType `json:"type"`
		ID   string           `json:"id"`
	}
	storedMemberKey struct {
		Person string `json:"person"`
		Team   string `json:"team"`
	}
	storedState struct {
		Type  graph.EntityType `json:"type"`
		ID    string           `json:"id"`
		State json.RawMessage  `json:"state"`
	}
)

func stepParams(st graph.ScenarioStep) (map[string]any, error) {
	stored := storedStep{Upsert: &st.Upsert}
	for _, k := range st.Delete {
		stored.Delete = append(stored.Delete, storedKey(k))
	}
	for _, m := range st.RemoveMemberships {
		stored.RemoveMemberships = append(stored.RemoveMemberships, storedMemberKey(m))
	}
	change, err := json.Marshal(stored)
	if err != nil {
		return nil, fmt.Errorf("store step: %w", err)
	}
	states := make([]storedState, len(st.Assumed))
	for i, a := range st.Assumed {
		states[i] = storedState{Type: a.Entity.Type, ID: a.Entity.ID, State: a.State}
	}
	assumed, err := json.Marshal(states)
	if err != nil {
		return nil, fmt.Errorf("store step: %w", err)
	}
	return map[string]any{"at": st.At, "by": st.By, "change": string(change), "assumed": string(assumed)}, nil
}

func toScenario(r row) (graph.Scenario, error) {
	m, _ := r.value("scenario").(map[string]any)
	sc := graph.Scenario{ID: str(m["id"]), Name: str(m["name"]), Description: optStr(m["description"]),
		CreatedBy: str(m["createdBy"]), Status: graph.ScenarioStatus(str(m["status"]))}
	if at := optTime(m["createdAt"]); at != nil {
		sc.CreatedAt = *at
	}
	for _, v := range r.list("steps") {
		sm := v.(map[string]any)
		seq, _ := sm["seq"].(int64)
		st := graph.ScenarioStep{Seq: int(seq), By: str(sm["by"])}
		if at := optTime(sm["at"]); at != nil {
			st.At = *at
		}
		var stored storedStep
		if err := json.Unmarshal([]byte(str(sm["change"])), &stored); err != nil {
			return sc, fmt.Errorf("scenario %q step %d: %w", sc.ID, seq, err)
		}
		if stored.Upsert != nil {
			st.Upsert = *stored.Upsert
		}
		for _, k := range stored.Delete {
			st.Delete = append(st.Delete, graph.EntityKey(k))
		}
		for _, k := range stored.RemoveMemberships {
			st.RemoveMemberships = append(st.RemoveMemberships, graph.MembershipKey(k))
		}
		var states []storedState
		if err := json.Unmarshal([]byte(str(sm["assumed"])), &states); err != nil {
			return sc, fmt.Errorf("scenario %q step %d: %w", sc.ID, seq, err)
		}
		for _, a := range states {
			st.Assumed = append(st.Assumed, graph.EntityState{Entity: graph.EntityKey{Type: a.Type, ID: a.ID}, State: a.State})
		}
		sc.Steps = append(sc.Steps, st)
	}
	return sc, nil
}

// newScenarioID is a fresh random scenario id.
func newScenarioID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return "sc-" + hex.EncodeToString(b)
}
