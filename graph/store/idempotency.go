package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/orgnet/orgnet/graph"
)

// Idempotency keys (docs/changes.md): a write stores its outcome under its
// key, in its own transaction, so that sending the same write again with
// the same key answers that outcome instead of writing twice. Keys belong
// to a principal, and live a day.

// idempotencyTTL is how long a key answers; older ones are pruned by later
// writes, a bounded batch each time.
const idempotencyTTL = "P1D"

const (
	// findIdempotencyKey looks a live key up (after the org's lock, so a
	// write with the same key that committed first is seen).
	findIdempotencyKey = `MATCH (k:IdempotencyKey {scope: $scope})
WHERE k.createdAt > datetime.realtime() - duration($ttl)
RETURN k.fingerprint AS fingerprint, k.outcome AS outcome`
	// saveIdempotencyKey stores the outcome under the key (MERGE: an
	// expired key of the same name may still be there) and prunes up to a
	// hundred expired keys.
	saveIdempotencyKey = `MERGE (k:IdempotencyKey {scope: $scope})
SET k.fingerprint = $fingerprint, k.outcome = $outcome, k.createdAt = datetime.realtime()
WITH k
CALL () {
  MATCH (old:IdempotencyKey) WHERE old.createdAt < datetime.realtime() - duration($ttl)
  WITH old LIMIT 100
  DELETE old
}
RETURN k.scope AS scope`
)

// idempotency is one write's key, scoped to its principal, and the
// fingerprint of what it asks.
type idempotency struct{ scope, fingerprint string }

// storedOutcome is what a key answers: the outcome of a committed write,
// or the write the deletion guard held.
type storedOutcome struct {
	Outcome *graph.WriteOutcome `json:"outcome,omitempty"`
	Held    *graph.PendingWrite `json:"held,omitempty"`
}

func idempotencyScope(p graph.Principal, key string) string {
	return p.Name + "\x00" + key
}

// fingerprint identifies what a write asks, so that a key sent again with
// another write is refused rather than answered with the wrong outcome.
func fingerprint(job writeJob) string {
	h := sha256.New()
	w := job.req
	_ = json.NewEncoder(h).Encode(struct {
		Via               graph.Via
		Replace           bool
		IfVersion         *int64
		Approves, Reverts string
		Change            graph.Change
	}{w.Via, w.Replace, w.IfVersion, job.approves, job.reverts, w.Change})
	return hex.EncodeToString(h.Sum(nil))
}

// find answers a key seen before with the error the write returns instead
// of writing: the rollback that carries the replayed outcome, HELD again,
// or BAD_INPUT for a key reused for another write. prior is nil for a new
// key.
func (k idempotency) find(ctx context.Context, tx runner) (prior error, err error) {
	recs, err := run(ctx, tx, findIdempotencyKey, map[string]any{"scope": k.scope, "ttl": idempotencyTTL})
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	r := row{recs[0]}
	if r.str("fingerprint") != k.fingerprint {
		return graph.BadInput([]graph.Problem{{Path: "idempotencyKey",
			Message: "this key was used for another write in the last 24 hours: use a new key for a new write"}}), nil
	}
	var stored storedOutcome
	if err := json.Unmarshal([]byte(r.str("outcome")), &stored); err != nil {
		return nil, fmt.Errorf("idempotency key: %w", err)
	}
	switch {
	case stored.Held != nil:
		return heldError(stored.Held), nil
	case stored.Outcome != nil:
		out := *stored.Outcome
		out.Replayed = true
		return rollback{out}, nil
	}
	return nil, fmt.Errorf("idempotency key: no outcome stored")
}

// save stores the outcome under the key.
func (k idempotency) save(ctx context.Context, tx runner, o storedOutcome) error {
	doc, err := json.Marshal(o)
	if err != nil {
		return err
	}
	_, err = run(ctx, tx, saveIdempotencyKey, map[string]any{"scope": k.scope, "fingerprint": k.fingerprint, "outcome": string(doc), "ttl": idempotencyTTL})
	if err != nil {
		return fmt.Errorf("save the idempotency key: %w", err)
	}
	return nil
}
