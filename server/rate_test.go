package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/internal/testneo4j"
)

// countingBuckets is the store's shared buckets, counting the leases
// (database writes) and what the sweeps delete; fail makes every call
// fail as an unreachable database would.
type countingBuckets struct {
	st      *store.Store
	leases  atomic.Int64
	sweeps  atomic.Int64
	swept   atomic.Int64
	fail    atomic.Bool
	sweptCh chan struct{}
}

func newCountingBuckets(st *store.Store) *countingBuckets {
	return &countingBuckets{st: st, sweptCh: make(chan struct{}, 100)}
}

func (c *countingBuckets) LeaseRate(ctx context.Context, principal string, want int, perSecond float64, burst int) (int, time.Duration, error) {
	c.leases.Add(1)
	if c.fail.Load() {
		return 0, 0, errors.New("database unavailable: dial tcp: connection refused")
	}
	return c.st.LeaseRate(ctx, principal, want, perSecond, burst)
}

func (c *countingBuckets) SweepRateBuckets(ctx context.Context, limit int) (int, error) {
	c.sweeps.Add(1)
	n, err := c.st.SweepRateBuckets(ctx, limit)
	c.swept.Add(int64(n))
	c.sweptCh <- struct{}{}
	return n, err
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// The block a process leases: a tenth of a second of the rate and a tenth
// of the burst, whichever is fewer, at least one.
func TestRateBlock(t *testing.T) {
	cases := []struct {
		name      string
		perSecond float64
		burst     int
		block     int
	}{
		{"the defaults: a tenth of a second of 100/s", 100, 200, 10},
		{"a small burst bounds it", 1000, 50, 5},
		{"a slow rate bounds it", 5, 1000, 1},
		{"never less than one request", 0.5, 2, 1},
		{"a fast rate and a large burst: rare writes", 1e6, 2e6, 100_000},
		{"a rate too large for an int", 1e300, 1000, 100},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.block, newRateLimits(c.perSecond, c.burst, nil, quietLog()).block)
		})
	}
	assert.Nil(t, newRateLimits(-1, 10, nil, quietLog()), "a negative rate is off")
	ok, _ := (*rateLimits)(nil).allow(context.Background(), "anyone")
	assert.True(t, ok, "off admits everyone")
}

// The database sees about one write per block of admitted requests,
// however many requests of the principal arrive at once.
func TestRateLeasesABlockAtATime(t *testing.T) {
	buckets := newCountingBuckets(testneo4j.Store(t))
	l := newRateLimits(1000, 1000, buckets, quietLog()) // a block of 100
	require.Equal(t, 100, l.block)
	var admitted atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 125 {
				if ok, _ := l.allow(context.Background(), "ann"); ok {
					admitted.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, int64(1000), admitted.Load(), "within the burst every request is admitted")
	assert.Equal(t, int64(10), buckets.leases.Load(), "1000 requests, 10 leases of 100")
}

// A refused request costs no write: the process knows when a block will be
// there and asks again no sooner.
func TestRateRefusalsCostNoWrite(t *testing.T) {
	buckets := newCountingBuckets(testneo4j.Store(t))
	l := newRateLimits(0.01, 3, buckets, quietLog()) // a block of 1; one more in 100 s
	var admitted int
	var waits []time.Duration
	for range 1000 {
		ok, wait := l.allow(context.Background(), "bo")
		if ok {
			admitted++
		} else {
			waits = append(waits, wait)
		}
	}
	assert.Equal(t, 3, admitted, "the burst")
	assert.Equal(t, int64(4), buckets.leases.Load(), "three leases of one, one that found the bucket empty, then none")
	require.Len(t, waits, 997)
	assert.InDelta(t, 100*time.Second, waits[0], float64(time.Second), "the wait is the refill of one request at 0.01/s")
	assert.LessOrEqual(t, waits[len(waits)-1], waits[0], "and shrinks as time passes")
}

// While the shared buckets cannot be reached, each process limits on its
// own: requests are admitted up to the local bucket, never failed, and the
// database is asked again only after localFor.
func TestRateFallsBackToLocal(t *testing.T) {
	defer func(d time.Duration) { localFor = d }(localFor)
	localFor = time.Hour
	buckets := newCountingBuckets(testneo4j.Store(t))
	buckets.fail.Store(true)
	var log strings.Builder
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return log.Write(p)
	}), nil))
	l := newRateLimits(0.01, 5, buckets, logger)
	var admitted int
	for range 50 {
		if ok, _ := l.allow(context.Background(), "cy"); ok {
			admitted++
		}
	}
	assert.Equal(t, 5, admitted, "the local bucket's burst")
	assert.Equal(t, int64(1), buckets.leases.Load(), "one failed lease, then the local bucket for localFor")
	mu.Lock()
	assert.Contains(t, log.String(), "the shared buckets cannot be reached")
	mu.Unlock()

	// The database answers again once localFor has passed.
	buckets.fail.Store(false)
	l.mu.Lock()
	l.localUntil = time.Now().Add(-time.Millisecond)
	l.mu.Unlock()
	ok, _ := l.allow(context.Background(), "cy")
	assert.True(t, ok, "the shared bucket is full: the local one's use did not touch it")
	assert.Equal(t, int64(2), buckets.leases.Load())
	mu.Lock()
	assert.Contains(t, log.String(), "shared through the database again")
	mu.Unlock()
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// A process that leases sweeps the buckets full again, at most once per
// sweepEvery: idle principals' buckets do not accumulate.
func TestRateSweepsIdleBuckets(t *testing.T) {
	defer func(d time.Duration) { sweepEvery = d }(sweepEvery)
	sweepEvery = time.Hour
	buckets := newCountingBuckets(testneo4j.Store(t))
	quick := newRateLimits(1000, 10, buckets, quietLog()) // a bucket full again 1 ms after a lease
	for i := range 3 {
		ok, _ := quick.allow(context.Background(), fmt.Sprintf("idle%d", i))
		require.True(t, ok)
	}
	assert.Zero(t, buckets.sweeps.Load(), "a process just started does not sweep")
	time.Sleep(50 * time.Millisecond)

	patient := newRateLimits(0.001, 10, buckets, quietLog()) // full again in 1000 s
	patient.sweptAt = time.Now().Add(-sweepEvery)            // as if it had run for sweepEvery
	ok, _ := patient.allow(context.Background(), "busy")
	require.True(t, ok)
	select {
	case <-buckets.sweptCh:
	case <-time.After(30 * time.Second):
		t.Fatal("no sweep after the first lease of a process")
	}
	assert.Equal(t, int64(3), buckets.swept.Load(), "the three idle buckets, not the busy one")
	for range 20 {
		patient.allow(context.Background(), "busy")
	}
	assert.Equal(t, int64(1), buckets.sweeps.Load(), "one sweep per process per sweepEvery")
	granted, _, err := buckets.st.LeaseRate(context.Background(), "busy", 10, 0.001, 10)
	require.NoError(t, err)
	assert.Equal(t, 0, granted, "the busy bucket kept its state: all 10 of its burst were leased")
}

// Failures are charged to the peer's address, an IPv6 peer's to its /64.
func TestClientAddress(t *testing.T) {
	cases := []struct{ name, remote, want string }{
		{"an IPv4 peer", "203.0.113.7:50412", "203.0.113.7"},
		{"an IPv4 peer as IPv6", "[::ffff:203.0.113.7]:50412", "203.0.113.7"},
		{"an IPv6 peer: its /64", "[2001:db8:1:2:3:4:5:6]:443", "2001:db8:1:2::/64"},
		{"another address of the same /64", "[2001:db8:1:2:ffff::1]:443", "2001:db8:1:2::/64"},
		{"a zone is dropped", "[fe80::1%eth0]:443", "fe80::/64"},
		{"no port", "203.0.113.7", "203.0.113.7"},
		{"not an address: kept as it is", "pipe", "pipe"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/graphql", nil)
			r.RemoteAddr = c.remote
			assert.Equal(t, c.want, clientAddress(r))
		})
	}
}

// The failure throttle charges failures only, and refuses an address out
// of them until one is back.
func TestAuthFailures(t *testing.T) {
	f := newAuthFailures(0.5, 2)
	ok, _ := f.admit("a")
	assert.True(t, ok, "an address never seen")
	f.failed("a")
	ok, _ = f.admit("a")
	assert.True(t, ok, "one failure of two")
	f.failed("a")
	ok, wait := f.admit("a")
	assert.False(t, ok, "two failures of two")
	assert.InDelta(t, 2*time.Second, wait, float64(100*time.Millisecond), "one failure back in 2 s at 0.5/s")
	f.failed("a") // a failure that got past admit concurrently
	_, wait = f.admit("a")
	assert.InDelta(t, 4*time.Second, wait, float64(100*time.Millisecond), "the flood waits for its debt too")
	ok, _ = f.admit("b")
	assert.True(t, ok, "another address")

	var off *authFailures = newAuthFailures(-1, 2)
	assert.Nil(t, off)
	off.failed("a")
	ok, _ = off.admit("a")
	assert.True(t, ok, "off admits every address")
}

// keyed remembers at most maxKeys keys, forgetting idle ones first.
func TestKeyedForgetsIdleKeys(t *testing.T) {
	k := newKeyed[*int](time.Minute)
	start := time.Now()
	for i := range maxKeys {
		k.get(fmt.Sprint(i), start, func() *int { return new(int) })
	}
	later := start.Add(2 * time.Minute)
	k.get("0", later, func() *int { return new(int) }) // seen again
	k.get("new", later, func() *int { return new(int) })
	_, ok := k.lookup("0")
	assert.True(t, ok, "a key seen lately stays")
	_, ok = k.lookup("1")
	assert.False(t, ok, "idle ones go")
	assert.Len(t, k.items, 2)

	// With none idle, the older half goes.
	k = newKeyed[*int](time.Hour)
	for i := range maxKeys {
		k.get(fmt.Sprint(i), start.Add(time.Duration(i)*time.Millisecond), func() *int { return new(int) })
	}
	k.get("new", start.Add(maxKeys*time.Millisecond), func() *int { return new(int) })
	assert.LessOrEqual(t, len(k.items), maxKeys/2+2)
	_, ok = k.lookup(fmt.Sprint(maxKeys - 1))
	assert.True(t, ok, "the most recent stays")
}
