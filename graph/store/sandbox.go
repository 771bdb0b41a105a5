package store

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/orgnet/orgnet/graph"
)

// Questions inside a scenario (docs/scenarios.md) are answered by the same
// queries as live ones, in a sandbox: a write transaction that lays the
// scenario's steps over the live org, runs the question in that same
// transaction, and is rolled back. Neo4j's isolation keeps the laid
// changes from every other transaction, so live answers never see them,
// and nothing is ever committed. No rule of the questions is written a
// second time.
//
// Each read of the store (read) is one sandbox, held open no longer than
// laying the steps and answering that read: concurrent loads of one
// request never share a transaction, and no transaction outlives the
// store call it serves. A sandbox takes no lock on the org's state (live
// writers are not serialized behind it) and writes only what the
// scenario changes, so a live writer waits for a sandbox only when they
// write the same nodes, and for no longer than one sandbox lasts. When
// the two wait on each other, Neo4j finds the deadlock and fails one of
// them, and the driver runs that one again.

// scenarioKey carries, in a context, the scenario the store's reads are
// answered in.
type scenarioKey struct{}

// InScenario returns a context under which every question, lookup and list
// the store answers is answered inside the scenario id: over the live org
// with the scenario's steps laid over it. "" is the live org.
func InScenario(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, scenarioKey{}, id)
}

// ScenarioOf is the scenario ctx asks in; "" for the live org.
func ScenarioOf(ctx context.Context) string {
	id, _ := ctx.Value(scenarioKey{}).(string)
	return id
}

// live is ctx asking about the live org, for what is never asked inside a
// scenario (scenarios themselves, their conflicts).
func live(ctx context.Context) context.Context {
	if ScenarioOf(ctx) == "" {
		return ctx
	}
	return InScenario(ctx, "")
}

// sandbox runs fn, a read, inside the scenario id: in a write transaction
// that lays the scenario's steps first and is rolled back afterwards.
// NOT_FOUND for an unknown scenario, BAD_INPUT for one that is not open,
// CONFLICT when its steps no longer fit the live org.
func sandbox[T any](ctx context.Context, s *Store, id string, fn func(tx runner) (T, error)) (T, error) {
	return rolledBack(ctx, s, s.cfg.QueryTimeout, func(tx runner) (T, error) {
		if _, err := s.lay(ctx, tx, id); err != nil {
			var zero T
			return zero, err
		}
		return fn(tx)
	})
}

// discarded carries the answer of a transaction function out of the
// transaction while rolling it back.
type discarded struct{ answer any }

func (*discarded) Error() string { return "rolled back" }

// rolledBack runs fn in a write transaction, bounded by timeout, and rolls
// it back whatever fn did: only its answer is kept. A transaction Neo4j
// failed for a passing reason (a deadlock) is run again, as every
// transaction function is.
func rolledBack[T any](ctx context.Context, s *Store, timeout time.Duration, fn func(tx runner) (T, error)) (T, error) {
	var zero T
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite, DatabaseName: s.cfg.Database, FetchSize: neo4j.FetchAll})
	defer session.Close(context.WithoutCancel(ctx))
	_, err := session.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		out, err := fn(tx)
		if err != nil {
			return nil, err
		}
		return nil, &discarded{out}
	})
	var d *discarded
	if errors.As(err, &d) {
		return d.answer.(T), nil
	}
	if err == nil {
		return zero, errors.New("a transaction meant to be rolled back committed")
	}
	return zero, classify(err)
}

// lay writes the steps of the open scenario id over the org in tx, as one
// net change (graph.ComposeSteps) that planWrite plans and validates as it
// does every write, and answers the scenario. It takes no lock but those
// of what it writes and records nothing: tx is to be rolled back.
func (s *Store) lay(ctx context.Context, tx runner, id string) (graph.Scenario, error) {
	sc, err := readScenario(ctx, tx, id)
	if err != nil {
		return sc, err
	}
	if sc.Status != graph.ScenarioOpen {
		return sc, notOpen(&sc)
	}
	if len(sc.Steps) == 0 {
		return sc, nil
	}
	net, err := netChange(ctx, tx, sc)
	if err != nil {
		return sc, err
	}
	plan, problems, err := s.planWrite(ctx, tx, net, false)
	if err != nil {
		return sc, fmt.Errorf("lay scenario %q: %w", id, err)
	}
	if len(problems) > 0 {
		return sc, noLongerFits(sc, net, problems)
	}
	if plan.Empty() {
		return sc, nil
	}
	if err := writePlan(ctx, tx, plan, func(Progress) {}); err != nil {
		return sc, fmt.Errorf("lay scenario %q: %w", id, err)
	}
	return sc, nil
}

// netChange is the net change of sc's steps over the org as tx sees it:
// their composition, less removals of what is not there.
func netChange(ctx context.Context, tx runner, sc graph.Scenario) (graph.Change, error) {
	changes := make([]graph.Change, len(sc.Steps))
	for i, st := range sc.Steps {
		changes[i], _ = st.Change() // stored steps were checked when added
	}
	net := graph.ComposeSteps(changes)
	removals := net.Removals()
	if len(removals) == 0 {
		return net, nil
	}
	states, err := readStates(ctx, tx, removals)
	if err != nil {
		return graph.Change{}, err
	}
	exists := make(map[graph.EntityKey]bool, len(states))
	for k := range states {
		exists[k] = true
	}
	return net.KeepExisting(exists), nil
}

// noLongerFits is the CONFLICT of a scenario whose steps, laid over the
// live org as it is now, break its rules: the live org has moved under
// them. Problems name entities by id.
func noLongerFits(sc graph.Scenario, net graph.Change, problems []graph.Problem) error {
	for i := range problems {
		problems[i].Path = netPath(net, problems[i].Path)
	}
	e := graph.Conflict(fmt.Sprintf("scenario %q no longer fits the live org (%d problems): the live org has changed under its steps; see its conflicts, undo the steps concerned and make them again",
		sc.ID, len(problems)), map[string]any{"problems": problems})
	e.Problems = problems
	return e
}

var netPathRE = regexp.MustCompile(`^(people|teams|memberships|matters|mandates|touchpoints)\[(\d+)\](.*)$`)

// netPath names the entity of a path into a net change by id:
// people[2].manager becomes people["p7"].manager.
func netPath(net graph.Change, path string) string {
	m := netPathRE.FindStringSubmatch(path)
	if m == nil {
		return path
	}
	i, _ := strconv.Atoi(m[2])
	var id string
	p := net.Put
	switch section := m[1]; {
	case section == "people" && i < len(p.People):
		id = p.People[i].ID
	case section == "teams" && i < len(p.Teams):
		id = p.Teams[i].ID
	case section == "memberships" && i < len(p.Memberships):
		id = graph.MembershipID(p.Memberships[i].Person, p.Memberships[i].Team)
	case section == "matters" && i < len(p.Matters):
		id = p.Matters[i].ID
	case section == "mandates" && i < len(p.Mandates):
		id = p.Mandates[i].ID
	case section == "touchpoints" && i < len(p.Touchpoints):
		id = p.Touchpoints[i].ID
	default:
		return path
	}
	return fmt.Sprintf("%s[%q]%s", m[1], id, m[3])
}
