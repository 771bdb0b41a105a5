package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/orgnet/orgnet/graph"
)

// maxIdempotencyKey bounds a client's idempotency key, in bytes: a key
// names a write, it does not carry one.
const maxIdempotencyKey = 256

// batchSize is the number of rows one UNWIND statement writes.
const batchSize = 5000

// Progress tells a long import where it is.
type Progress struct {
	Stage       string // "reading and validating", "writing people", ...
	Done, Total int    // rows written of this stage, when it counts rows
}

// lockOrg takes the org's write lock and reads its version. Writing a
// property of the OrgState node takes Neo4j's exclusive lock on it until
// the transaction ends, and every writer, in every process, writes it
// first: writes are serialized by the database, and everything a writer
// reads after this sees every write committed before it (docs/changes.md).
// Migrate creates the node; MERGE makes a database migrated by an older
// orgnet work as well.
const lockOrg = `MERGE (o:OrgState {id: 'org'})
ON CREATE SET o.version = 0
SET o.lockedAt = datetime.realtime()
RETURN o.version AS version`

// Write makes one write to the live org (docs/changes.md), whatever door it
// came through: in one Neo4j transaction it takes the org's lock, answers a
// repeated idempotency key with the first outcome, refuses a stale
// IfVersion (CONFLICT), plans and validates the change against the org as
// it is (BAD_INPUT, every problem listed), holds a guarded write that would
// remove many people (HELD, nothing written), writes the plan and records
// it as one change with its entries. A write that changes nothing records
// nothing. When the answer to the commit is lost, the error is
// OUTCOME_UNKNOWN with the idempotency key to ask with.
func (s *Store) Write(ctx context.Context, w graph.WriteRequest) (graph.WriteOutcome, error) {
	return s.write(ctx, writeJob{req: w})
}

// WriteWithProgress is Write, telling progress where a long write is.
func (s *Store) WriteWithProgress(ctx context.Context, w graph.WriteRequest, progress func(Progress)) (graph.WriteOutcome, error) {
	return s.write(ctx, writeJob{req: w, progress: progress})
}

// Import writes a snapshot (docs/writes.md) as the principal ctx carries, through
// Write: MERGE creates or overwrites the snapshot's entities whole and adds
// its memberships; REPLACE makes the org exactly the snapshot. progress may
// be nil.
func (s *Store) Import(ctx context.Context, snap *graph.Snapshot, mode graph.ImportMode, progress func(Progress)) (graph.ImportReport, error) {
	switch mode {
	case graph.ImportMerge, graph.ImportReplace:
	default:
		return graph.ImportReport{}, graph.BadInput([]graph.Problem{{Path: "mode", Message: fmt.Sprintf("unknown mode %q: must be MERGE or REPLACE", mode)}})
	}
	out, err := s.WriteWithProgress(ctx, graph.WriteRequest{
		Change: graph.Change{Put: *snap}, Replace: mode == graph.ImportReplace,
		Via: graph.ViaImport, Principal: graph.PrincipalFromContext(ctx), Guard: true,
	}, progress)
	return out.ImportReport, err
}

// Apply writes one change as a mutation by the principal ctx carries,
// through Write.
func (s *Store) Apply(ctx context.Context, change graph.Change) (graph.ImportReport, error) {
	out, err := s.Write(ctx, graph.WriteRequest{Change: change, Via: graph.ViaMutation, Principal: graph.PrincipalFromContext(ctx), Guard: true})
	return out.ImportReport, err
}

// writeJob is a write request with what only the store's own doors add.
type writeJob struct {
	req      graph.WriteRequest
	progress func(Progress)
	// prepare, when set, completes the request inside the transaction,
	// after the lock: a revert reads there what it undoes, an approval the
	// write it approves.
	prepare func(ctx context.Context, tx runner, w *graph.WriteRequest) error
	// approves is the held write this write approves: it is removed in the
	// same transaction, and approvedBy recorded with the change.
	approves   string
	approvedBy *graph.Principal
	// reverts names the change a revert undoes.
	reverts string
	// applies is the scenario this write applies (apply.go), which prepare
	// marks APPLIED: committed even when its net change is nothing.
	applies string
}

// txAnswer is what the write transaction decided.
type txAnswer struct {
	outcome graph.WriteOutcome
	held    *graph.PendingWrite
}

// rollback carries an answer out of the write transaction while rolling it
// back: a replayed key and a write that changes nothing commit nothing.
type rollback struct{ outcome graph.WriteOutcome }

func (rollback) Error() string { return "rolled back" }

func (s *Store) write(ctx context.Context, job writeJob) (graph.WriteOutcome, error) {
	if job.progress == nil {
		job.progress = func(Progress) {}
	}
	if job.req.DryRun {
		return s.dryRun(ctx, job)
	}
	key := job.req.IdempotencyKey
	if len(key) > maxIdempotencyKey {
		return graph.WriteOutcome{}, graph.BadInput([]graph.Problem{{Path: "idempotencyKey",
			Message: fmt.Sprintf("is %d bytes long; a key may have at most %d", len(key), maxIdempotencyKey)}})
	}
	if key == "" {
		// A key of the store's own, so that a client whose answer was lost
		// can still learn the outcome (OUTCOME_UNKNOWN names it).
		key = newID()
	}
	idem := idempotency{scope: idempotencyScope(job.req.Principal, key), fingerprint: fingerprint(job)}

	bodyDone := false
	answer, err := write(ctx, s, func(tx runner) (txAnswer, error) {
		bodyDone = false
		a, err := s.writeTx(ctx, tx, job, idem)
		bodyDone = err == nil
		return a, err
	})
	var rb rollback
	switch {
	case errors.As(err, &rb):
		return rb.outcome, nil
	case err != nil && bodyDone && !answeredByServer(err):
		// The transaction's work was done and its commit sent, but no
		// answer came: it may or may not have committed.
		return graph.WriteOutcome{}, &graph.Error{Code: graph.CodeOutcomeUnknown,
			Message: "the database did not answer the commit: the write may or may not have happened; send it again with the same idempotency key to learn which",
			Details: map[string]any{"idempotencyKey": key, "cause": err.Error()}}
	case err != nil:
		return graph.WriteOutcome{}, err
	}
	s.committed(answer.outcome.Version)
	if answer.held != nil {
		return graph.WriteOutcome{}, heldError(answer.held)
	}
	return answer.outcome, nil
}

// answeredByServer reports whether err is the database's own answer (the
// commit failed and nothing was written), rather than a lost connection:
// a Neo4j error, or the driver giving up retrying after one (a transient
// error, such as running out of transaction memory at commit).
func answeredByServer(err error) bool {
	var dbErr *neo4j.Neo4jError
	if errors.As(err, &dbErr) {
		return true
	}
	var gaveUp *neo4j.TransactionExecutionLimit
	if errors.As(err, &gaveUp) && len(gaveUp.Errors) > 0 {
		return errors.As(gaveUp.Errors[len(gaveUp.Errors)-1], &dbErr)
	}
	return false
}

// writeTx is the write transaction of docs/changes.md, step by step.
func (s *Store) writeTx(ctx context.Context, tx runner, job writeJob, idem idempotency) (txAnswer, error) {
	w := job.req
	job.progress(Progress{Stage: "waiting for the org's write lock"})
	version, err := single[int64](ctx, tx, lockOrg, nil, "version")
	if err != nil {
		return txAnswer{}, fmt.Errorf("lock the org: %w", err)
	}
	prior, err := idem.find(ctx, tx)
	if err != nil {
		return txAnswer{}, err
	}
	if prior != nil {
		return txAnswer{}, prior
	}
	if job.prepare != nil {
		if err := job.prepare(ctx, tx, &w); err != nil {
			return txAnswer{}, err
		}
	}
	if w.IfVersion != nil && *w.IfVersion != version {
		return txAnswer{}, versionConflict(*w.IfVersion, version)
	}
	job.progress(Progress{Stage: "reading and validating"})
	plan, problems, err := s.planWrite(ctx, tx, w.Change, w.Replace)
	if err != nil {
		return txAnswer{}, err
	}
	if len(problems) > 0 {
		return txAnswer{}, graph.BadInput(problems)
	}
	if plan.Empty() {
		out := graph.WriteOutcome{ImportReport: plan.Report, Version: version}
		if job.applies == "" {
			return txAnswer{}, rollback{out}
		}
		// A scenario whose steps change nothing any more is still applied:
		// marked so, with no change recorded.
		return txAnswer{outcome: out}, idem.save(ctx, tx, storedOutcome{Outcome: &out})
	}
	if w.Guard {
		held, err := s.guard(ctx, tx, w, plan, version, idem)
		if err != nil || held != nil {
			return txAnswer{held: held, outcome: graph.WriteOutcome{ImportReport: plan.Report, Version: version}}, err
		}
	}

	next := version + 1
	if err := writePlan(ctx, tx, plan, next, job.progress); err != nil {
		return txAnswer{}, err
	}
	out := graph.WriteOutcome{ImportReport: plan.Report, Version: next}
	if !s.withoutHistory {
		rec := changeRecord{id: newID(), version: next, principal: w.Principal, approvedBy: job.approvedBy, via: w.Via, reverts: job.reverts}
		if err := recordChange(ctx, tx, rec, plan, job.progress); err != nil {
			return txAnswer{}, err
		}
		out.ChangeID = rec.id
	} else if _, err := run(ctx, tx, bumpVersion, map[string]any{"version": next}); err != nil {
		return txAnswer{}, err
	}
	if err := idem.save(ctx, tx, storedOutcome{Outcome: &out}); err != nil {
		return txAnswer{}, err
	}
	if job.approves != "" {
		if _, err := run(ctx, tx, dropPendingWrite, map[string]any{"id": job.approves}); err != nil {
			return txAnswer{}, fmt.Errorf("drop the approved write: %w", err)
		}
	}
	job.progress(Progress{Stage: "committing"})
	return txAnswer{outcome: out}, nil
}

// dryRun answers what the write would do, writing nothing and taking no
// lock: the report, or the problems, or a conflict with IfVersion.
func (s *Store) dryRun(ctx context.Context, job writeJob) (graph.WriteOutcome, error) {
	w := job.req
	return read(ctx, s, func(tx runner) (graph.WriteOutcome, error) {
		version, err := orgVersion(ctx, tx)
		if err != nil {
			return graph.WriteOutcome{}, err
		}
		if job.prepare != nil {
			if err := job.prepare(ctx, tx, &w); err != nil {
				return graph.WriteOutcome{}, err
			}
		}
		if w.IfVersion != nil && *w.IfVersion != version {
			return graph.WriteOutcome{}, versionConflict(*w.IfVersion, version)
		}
		plan, problems, err := s.planWrite(ctx, tx, w.Change, w.Replace)
		if err != nil {
			return graph.WriteOutcome{}, err
		}
		if len(problems) > 0 {
			return graph.WriteOutcome{}, graph.BadInput(problems)
		}
		return graph.WriteOutcome{ImportReport: plan.Report, Version: version}, nil
	})
}

func versionConflict(want, at int64) *graph.Error {
	return graph.Conflict(fmt.Sprintf("the org is at version %d, not %d: read it again and retry", at, want),
		map[string]any{"version": at})
}

// single runs a query that answers one record and returns its column key.
func single[T any](ctx context.Context, tx runner, cypher string, params map[string]any, key string) (T, error) {
	var zero T
	recs, err := run(ctx, tx, cypher, params)
	if err != nil {
		return zero, err
	}
	if len(recs) != 1 {
		return zero, fmt.Errorf("%d records, want 1", len(recs))
	}
	v, _ := row{recs[0]}.value(key).(T)
	return v, nil
}

// newID is a fresh random id: of a change, a held write, a store-made
// idempotency key.
func newID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
