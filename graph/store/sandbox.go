package store

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"sync"
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
// A request's reads share one sandbox per scenario (Sandboxes), laid
// once and rolled back when the request ends; a read with no request
// around it (a test, a tool) lays a sandbox of its own. A sandbox takes no
// lock on the org's state (live writers are not serialized behind it) and
// writes only what the scenario changes: a live writer waits for a sandbox
// only when they write the same nodes, and for no longer than the request
// holding it, itself bounded by QueryTimeout. A sandbox waits on a lock
// only while it is laid; when it and a writer (or another sandbox being
// laid) wait on each other, Neo4j finds the deadlock and fails one of
// them, which is tried again.

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
	if h := sandboxesOf(ctx, s); h != nil {
		h.Close() // never wait on the request's own locks
	}
	ctx, session, configs, done, err := s.session(ctx, neo4j.AccessModeWrite, timeout)
	if err != nil {
		return zero, err
	}
	defer done()
	_, err = session.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		out, err := fn(tx)
		if err != nil {
			return nil, err
		}
		return nil, &discarded{out}
	}, configs...)
	var d *discarded
	if errors.As(err, &d) {
		return d.answer.(T), nil
	}
	if err == nil {
		return zero, errors.New("a transaction meant to be rolled back committed")
	}
	return zero, dbError(ctx, err)
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
	// What it writes is stamped with the version applying it would make,
	// read without taking the org's lock.
	version, err := orgVersion(ctx, tx)
	if err != nil {
		return sc, err
	}
	if err := writePlan(ctx, tx, plan, version+1, func(Progress) {}); err != nil {
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

// Sandboxes are the sandboxes of one request (a GraphQL operation): at
// most one is open at a time, laid once and shared by every read of the
// request in its scenario, concurrent loads included (one statement at a
// time), and rolled back when the request ends or when a read of another
// scenario needs a sandbox of its own. So a request inside a scenario lays
// the scenario once, whatever the depth of its selection; a request that
// asks several scenarios side by side lays each when it moves to it. A
// sandbox never outlives QueryTimeout: Neo4j ends it then, and a later read
// lays it afresh.
type Sandboxes struct {
	s    *Store
	mu   sync.Mutex // guards the fields below
	cond *sync.Cond // signalled when users drops
	// The open sandbox: its scenario, its session and transaction, the
	// reads using it now, and whether it has failed.
	id     string
	done   func() // closes the session (store.session)
	tx     neo4j.ExplicitTransaction
	users  int
	broken bool
	laid   int // sandboxes laid so far (tests)
	// txMu lets one read at a time use tx: a transaction runs one
	// statement at a time.
	txMu sync.Mutex
}

type sandboxesKey struct{}

// WithSandboxes gives a request its sandboxes: reads under the returned
// context that ask inside a scenario share one (see Sandboxes). close rolls
// back whatever is open; call it when the request's reads are done.
func (s *Store) WithSandboxes(ctx context.Context) (_ context.Context, close func()) {
	h := &Sandboxes{s: s}
	h.cond = sync.NewCond(&h.mu)
	return context.WithValue(ctx, sandboxesKey{}, h), h.Close
}

func sandboxesOf(ctx context.Context, s *Store) *Sandboxes {
	h, _ := ctx.Value(sandboxesKey{}).(*Sandboxes)
	if h == nil || h.s != s {
		return nil
	}
	return h
}

// Laid is how many sandboxes the request has laid so far.
func (h *Sandboxes) Laid() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.laid
}

// Close rolls back the open sandbox, if any, once no read uses it.
func (h *Sandboxes) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for h.users > 0 {
		h.cond.Wait()
	}
	h.closeLocked()
}

func (h *Sandboxes) closeLocked() {
	if h.tx == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = h.tx.Rollback(ctx)
	h.done()
	h.id, h.tx, h.done, h.broken = "", nil, nil, false
}

// shared runs fn, a read, in the request's sandbox of the scenario id.
func shared[T any](ctx context.Context, h *Sandboxes, id string, fn func(tx runner) (T, error)) (T, error) {
	var zero T
	tx, err := h.acquire(ctx, id)
	if err != nil {
		return zero, err
	}
	defer h.release()
	h.txMu.Lock()
	defer h.txMu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, h.s.cfg.QueryTimeout)
	defer cancel()
	out, err := fn(tx)
	if err != nil {
		var app *graph.Error
		if !errors.As(err, &app) {
			h.fail()
		}
		return zero, dbError(ctx, err)
	}
	return out, nil
}

// acquire answers the open sandbox of the scenario id, laying it first if
// another (or none) is open: once the reads of the other are done, it is
// rolled back. A lay Neo4j failed for a passing reason (a deadlock with a
// writer or another sandbox) is tried again.
func (h *Sandboxes) acquire(ctx context.Context, id string) (neo4j.ExplicitTransaction, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for {
		if h.tx != nil && h.id == id && !h.broken {
			h.users++
			return h.tx, nil
		}
		if h.tx == nil || h.users == 0 {
			break
		}
		h.cond.Wait()
	}
	h.closeLocked()
	for attempt := 1; ; attempt++ {
		sctx, session, configs, done, err := h.s.session(ctx, neo4j.AccessModeWrite, h.s.cfg.QueryTimeout)
		if err != nil {
			return nil, err
		}
		tx, err := session.BeginTransaction(sctx, configs...)
		if err == nil {
			_, err = h.s.lay(sctx, tx, id)
			if err == nil {
				h.id, h.done, h.tx, h.users = id, done, tx, 1
				h.laid++
				return tx, nil
			}
			_ = tx.Rollback(context.WithoutCancel(sctx))
		}
		done()
		if !neo4j.IsRetryable(err) || attempt == 5 || ctx.Err() != nil {
			return nil, dbError(sctx, err)
		}
		time.Sleep(time.Duration(attempt*attempt) * 20 * time.Millisecond)
	}
}

func (h *Sandboxes) release() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.users--
	h.cond.Broadcast()
}

// fail marks the open sandbox broken (a statement failed in it, which
// leaves a transaction unusable): the next read lays a new one.
func (h *Sandboxes) fail() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.broken = true
}
