package server

import (
	"context"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// rateLimits is each principal's request rate (docs/access.md, "Rate
// across replicas"): a token bucket per principal that every process
// serving the database shares, kept in Neo4j. A process leases a block of
// tokens from the bucket in one short write when the block it holds runs
// out, and admits requests from the block in memory: about one database
// write per block of requests, and across N processes at most N blocks
// admitted beyond the rate and burst (the blocks they hold). While the
// database cannot be reached each process limits on its own, with a
// bucket of the whole rate in memory: a limit, never a failed request.
type rateLimits struct {
	perSecond float64
	burst     int
	// block is what a lease asks for: a tenth of a second of the rate,
	// and a tenth of the burst, whichever is fewer (at least 1). It bounds
	// the writes (a busy principal's process leases about 10 times a
	// second, whatever the rate), the overshoot (one block per process),
	// and how long a refused client waits past the moment one request
	// would be free (a block's refill, at most 0.1 s or one request's).
	block  int
	shared rateStore
	// local is the per-process bucket, used while shared cannot be reached
	// (and alone without it).
	local  *localBuckets
	leases *keyed[*lease]
	log    *slog.Logger

	mu sync.Mutex
	// localUntil: the shared buckets failed; the local ones serve until
	// then, when a lease tries again.
	localUntil time.Time
	// sweptAt is when this process last deleted idle shared buckets; it
	// starts as the process does, so that the first sweep comes
	// sweepEvery later rather than beside the first requests.
	sweptAt time.Time
}

// rateStore keeps the shared buckets (graph/store, ratebuckets.go).
type rateStore interface {
	// LeaseRate takes up to want tokens from principal's bucket, which
	// refills at perSecond up to burst; with fewer than want left, it
	// says how long until want are there again.
	LeaseRate(ctx context.Context, principal string, want int, perSecond float64, burst int) (granted int, wait time.Duration, err error)
	// SweepRateBuckets deletes up to limit buckets full again.
	SweepRateBuckets(ctx context.Context, limit int) (int, error)
}

// lease is what a process holds of a principal's shared bucket.
type lease struct {
	// mu is held while a lease is asked for: the principal's other
	// requests wait for its block instead of each asking for one.
	mu     sync.Mutex
	tokens int
	// retryAt: the shared bucket had less than a block; no lease is asked
	// for before then.
	retryAt time.Time
}

// The timings of the shared buckets; variables so that tests can shorten
// them.
var (
	// leaseTimeout bounds a lease, a one-node write: past it the request
	// is limited locally rather than kept waiting.
	leaseTimeout = 2 * time.Second
	// localFor is how long the local buckets serve after a lease failed,
	// so that a database that is down is asked once in a while, not on
	// every request.
	localFor = 5 * time.Second
	// sweepEvery is how often a process that leases deletes the shared
	// buckets full again, sweepBatch at a time, at most sweepBatches
	// batches at once.
	sweepEvery   = time.Minute
	sweepBatch   = 1000
	sweepBatches = 10
)

// newRateLimits makes the limits of perSecond requests, burst at once, per
// principal, shared through shared (nil: per process only); nil when
// perSecond < 0, the limit off.
func newRateLimits(perSecond float64, burst int, shared rateStore, log *slog.Logger) *rateLimits {
	if perSecond < 0 {
		return nil
	}
	return &rateLimits{
		perSecond: perSecond,
		burst:     burst,
		block:     max(1, int(min(float64(burst), perSecond)/10)),
		shared:    shared,
		local:     newLocalBuckets(perSecond, burst),
		leases:    newKeyed[*lease](refillTime(perSecond, burst)),
		log:       log,
		sweptAt:   time.Now(),
	}
}

// allow takes one request from principal's bucket; when it is empty it
// says how long until one is free.
func (l *rateLimits) allow(ctx context.Context, principal string) (bool, time.Duration) {
	if l == nil {
		return true, 0
	}
	if l.shared == nil {
		return l.local.allow(principal, time.Now())
	}
	e := l.leases.get(principal, time.Now(), func() *lease { return &lease{} })
	e.mu.Lock()
	defer e.mu.Unlock()
	now := time.Now()
	if e.tokens > 0 {
		e.tokens--
		return true, 0
	}
	if now.Before(e.retryAt) {
		return false, e.retryAt.Sub(now)
	}
	if l.sharedDown(now) {
		return l.local.allow(principal, now)
	}
	// The lease is the principal's, not this request's: a client that
	// goes away does not cut it short for the others waiting on it.
	leaseCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), leaseTimeout)
	granted, wait, err := l.shared.LeaseRate(leaseCtx, principal, l.block, l.perSecond, l.burst)
	cancel()
	if err != nil {
		l.sharedFailed(time.Now(), err)
		return l.local.allow(principal, time.Now())
	}
	l.sharedAnswered(now)
	if granted < l.block {
		// wait counts from the lease's instant, which was no earlier.
		e.retryAt = time.Now().Add(wait)
	}
	if granted == 0 {
		return false, wait
	}
	e.tokens = granted - 1
	return true, 0
}

// sharedDown says whether the local buckets serve for now.
func (l *rateLimits) sharedDown(now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return now.Before(l.localUntil)
}

// sharedFailed turns to the local buckets for localFor, logging it.
func (l *rateLimits) sharedFailed(now time.Time, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.localUntil = now.Add(localFor)
	l.log.Warn("rate limit: the shared buckets cannot be reached; this process limits each principal on its own for now",
		"error", err.Error(), "retry_in", localFor.String())
}

// sharedAnswered notes a lease that worked: after a failure, says the
// limit is shared again; and now and then sweeps idle buckets away.
func (l *rateLimits) sharedAnswered(now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.localUntil.IsZero() {
		l.localUntil = time.Time{}
		l.log.Info("rate limit: shared through the database again")
	}
	if now.Sub(l.sweptAt) < sweepEvery {
		return
	}
	l.sweptAt = now
	go l.sweep()
}

// sweep deletes the shared buckets full again (the same as none), a batch
// at a time.
func (l *rateLimits) sweep() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*leaseTimeout)
	defer cancel()
	total := 0
	for range sweepBatches {
		n, err := l.shared.SweepRateBuckets(ctx, sweepBatch)
		total += n
		if err != nil {
			l.log.Warn("rate limit: sweeping idle buckets", "error", err.Error())
			return
		}
		if n < sweepBatch {
			break
		}
	}
	l.log.Debug("rate limit: swept idle buckets", "deleted", total)
}

// authFailures throttles failed authentications per client address
// (docs/access.md, "Failed authentications"): each costs a lookup, so an
// address out of failures is refused before its credential is checked.
type authFailures struct{ buckets *localBuckets }

// newAuthFailures allows perSecond failures an address, burst at once;
// nil when perSecond < 0, the throttle off.
func newAuthFailures(perSecond float64, burst int) *authFailures {
	if perSecond < 0 {
		return nil
	}
	return &authFailures{buckets: newLocalBuckets(perSecond, burst)}
}

// admit says whether addr may have a credential checked now, and if not
// how long until it may. Successes cost nothing.
func (f *authFailures) admit(addr string) (bool, time.Duration) {
	if f == nil {
		return true, 0
	}
	lim, ok := f.buckets.buckets.lookup(addr)
	if !ok {
		return true, 0
	}
	tokens := lim.TokensAt(time.Now())
	if tokens >= 1 {
		return true, 0
	}
	return false, time.Duration((1 - tokens) / float64(f.buckets.perSecond) * float64(time.Second))
}

// failed charges addr one failure. Failures that pass admit at once each
// cost one, even past the bucket: a flood waits longer for it.
func (f *authFailures) failed(addr string) {
	if f == nil {
		return
	}
	now := time.Now()
	f.buckets.limiter(addr, now).ReserveN(now, 1)
}

// clientAddress is whom a request's failures are charged to: its peer's
// IP address, or an IPv6 peer's /64, which one holder usually has whole.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	ip = ip.Unmap()
	if ip.Is4() {
		return ip.String()
	}
	prefix, _ := ip.WithZone("").Prefix(64)
	return prefix.String()
}

// localBuckets keeps a token bucket per key in this process's memory.
type localBuckets struct {
	perSecond rate.Limit
	burst     int
	buckets   *keyed[*rate.Limiter]
}

func newLocalBuckets(perSecond float64, burst int) *localBuckets {
	return &localBuckets{perSecond: rate.Limit(perSecond), burst: burst, buckets: newKeyed[*rate.Limiter](refillTime(perSecond, burst))}
}

// refillTime is how long an empty bucket takes to fill, in whole seconds,
// at most a day (past which a bucket is as good as idle).
func refillTime(perSecond float64, burst int) time.Duration {
	return time.Duration(min(math.Ceil(float64(burst)/perSecond), 24*60*60)) * time.Second
}

func (b *localBuckets) limiter(key string, now time.Time) *rate.Limiter {
	return b.buckets.get(key, now, func() *rate.Limiter { return rate.NewLimiter(b.perSecond, b.burst) })
}

// allow takes one token from key's bucket; when it is empty it says how
// long until one is there.
func (b *localBuckets) allow(key string, now time.Time) (bool, time.Duration) {
	r := b.limiter(key, now).ReserveN(now, 1)
	if delay := r.DelayFrom(now); delay > 0 {
		r.CancelAt(now)
		return false, delay
	}
	return true, 0
}

// keyed keeps a value per key (a principal, a client address), at most
// maxKeys of them: past that, those unseen for idle (a bucket that long
// idle is full again, the same as a new one) are forgotten first, then
// the older half.
type keyed[T any] struct {
	idle  time.Duration
	mu    sync.Mutex
	items map[string]*keyedItem[T]
}

type keyedItem[T any] struct {
	v    T
	seen time.Time
}

// maxKeys bounds the keys a keyed remembers.
const maxKeys = 10_000

func newKeyed[T any](idle time.Duration) *keyed[T] {
	return &keyed[T]{idle: idle, items: map[string]*keyedItem[T]{}}
}

// get is key's value, made by fresh if there is none, seen now.
func (k *keyed[T]) get(key string, now time.Time, fresh func() T) T {
	k.mu.Lock()
	defer k.mu.Unlock()
	it, ok := k.items[key]
	if !ok {
		if len(k.items) >= maxKeys {
			k.forget(now)
		}
		it = &keyedItem[T]{v: fresh()}
		k.items[key] = it
	}
	it.seen = now
	return it.v
}

// lookup is key's value if there is one; it does not count as seen.
func (k *keyed[T]) lookup(key string) (T, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	it, ok := k.items[key]
	if !ok {
		var zero T
		return zero, false
	}
	return it.v, true
}

// forget drops the items idle long enough, or if none is, the half least
// recently seen.
func (k *keyed[T]) forget(now time.Time) {
	for key, it := range k.items {
		if now.Sub(it.seen) > k.idle {
			delete(k.items, key)
		}
	}
	if len(k.items) < maxKeys {
		return
	}
	cut := now
	for _, it := range k.items {
		if it.seen.Before(cut) {
			cut = it.seen
		}
	}
	mid := cut.Add(now.Sub(cut) / 2)
	for key, it := range k.items {
		if it.seen.Before(mid) {
			delete(k.items, key)
		}
	}
}
