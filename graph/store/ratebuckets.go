package store

import (
	"context"
	"time"
)

// Request rates are shared by every process serving one database through
// a token bucket per principal, kept beside the org as a
// (:RateBucket {principal, tokens, at, expiresAt}) node, unique by
// principal (docs/access.md, "Rate across replicas"). Like ApiToken it is
// no org entity: every org read, export, import and count names the
// labels it reads, so a bucket is never seen by them, and a REPLACE import
// leaves it be.
//
// A process does not ask the bucket on every request: it leases a block of
// tokens at once and serves requests from the block in memory, so the
// database sees about one write per block. Time is the database's clock
// (timestamp()), the same for every process, so that replicas whose clocks
// disagree cannot refill a bucket twice.

// leaseRateQuery takes up to $want tokens from $principal's bucket, made
// full ($burst) if it does not exist, after refilling it at $perSecond for
// the time since it was last touched, up to $burst. It takes them all, or
// as many whole tokens as are there (granted), and says in how many
// milliseconds $want tokens will be there again (waitMs; 0: they are
// now). Setting _lock first takes the bucket's write lock before its
// tokens are read, so that two leases at once cannot both take the same
// tokens (a MERGE that finds the node does not lock it). expiresAt is the instant the bucket is full again: from then on it
// is the same as no bucket, and sweepRateBucketsQuery deletes it. A clock
// that steps back refills nothing and never moves at back.
const leaseRateQuery = `
MERGE (b:RateBucket {principal: $principal})
  ON CREATE SET b.tokens = toFloat($burst), b.at = timestamp()
SET b._lock = true
WITH b, timestamp() AS now
WITH b, now, b.tokens + CASE WHEN now > b.at THEN (now - b.at) * $perSecond / 1000.0 ELSE 0.0 END AS refilled
WITH b, now, CASE WHEN refilled > $burst THEN toFloat($burst) ELSE refilled END AS available
WITH b, now, available, CASE WHEN available >= $want THEN $want ELSE toInteger(floor(available)) END AS granted
WITH b, now, granted, available - granted AS left
SET b.tokens = left,
    b.at = CASE WHEN now > b.at THEN now ELSE b.at END,
    b.expiresAt = now + toInteger(ceil(($burst - left) * 1000.0 / $perSecond))
REMOVE b._lock
RETURN granted,
       CASE WHEN left >= $want THEN 0 ELSE toInteger(ceil(($want - left) * 1000.0 / $perSecond)) END AS waitMs`

// sweepRateBucketsQuery deletes up to $limit buckets full again by now
// (found through the expiresAt index) and counts them.
const sweepRateBucketsQuery = `
MATCH (b:RateBucket) WHERE b.expiresAt < timestamp()
WITH b LIMIT $limit
DELETE b
RETURN count(*) AS deleted`

// LeaseRate takes up to want tokens from principal's shared bucket, which
// refills at perSecond up to burst (want ≤ burst), in one short write
// transaction. It returns how many it took (0 to want) and, if fewer than
// want are left, how long until want are there again.
func (s *Store) LeaseRate(ctx context.Context, principal string, want int, perSecond float64, burst int) (granted int, wait time.Duration, err error) {
	type lease struct{ granted, waitMs int64 }
	l, err := write(ctx, s, func(tx runner) (lease, error) {
		recs, err := run(ctx, tx, leaseRateQuery, map[string]any{
			"principal": principal, "want": want, "perSecond": perSecond, "burst": burst,
		})
		if err != nil || len(recs) == 0 {
			return lease{}, err
		}
		g, _ := recs[0].Get("granted")
		w, _ := recs[0].Get("waitMs")
		return lease{g.(int64), w.(int64)}, nil
	})
	if err != nil {
		return 0, 0, err
	}
	return int(l.granted), time.Duration(l.waitMs) * time.Millisecond, nil
}

// SweepRateBuckets deletes up to limit buckets that are full again (idle
// long enough to have refilled, so the same as none) and says how many it
// deleted.
func (s *Store) SweepRateBuckets(ctx context.Context, limit int) (int, error) {
	return write(ctx, s, func(tx runner) (int, error) {
		recs, err := run(ctx, tx, sweepRateBucketsQuery, map[string]any{"limit": limit})
		if err != nil || len(recs) == 0 {
			return 0, err
		}
		n, _ := recs[0].Get("deleted")
		return int(n.(int64)), nil
	})
}
