package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
)

// slow refills a bucket so slowly (one token in 1 000 s) that a test sees
// no refill at all.
const slow = 0.001

// rateBuckets counts the buckets in the database.
func rateBuckets(t *testing.T, s *Store) int {
	t.Helper()
	recs, err := s.query(context.Background(), "MATCH (b:RateBucket) RETURN count(b) AS n", nil)
	require.NoError(t, err)
	n, _ := recs[0].Get("n")
	return int(n.(int64))
}

func lease(t *testing.T, s *Store, principal string, want int, perSecond float64, burst int) (int, time.Duration) {
	t.Helper()
	granted, wait, err := s.LeaseRate(context.Background(), principal, want, perSecond, burst)
	require.NoError(t, err)
	return granted, wait
}

func TestLeaseRate(t *testing.T) {
	s := testStore(t)

	t.Run("a new bucket is full; a lease takes a whole block while there is one, then what is left", func(t *testing.T) {
		var got []int
		for range 4 {
			g, _ := lease(t, s, "ann", 4, slow, 10)
			got = append(got, g)
		}
		assert.Equal(t, []int{4, 4, 2, 0}, got)
	})

	t.Run("an empty bucket says when a block is there again, from the refill rate", func(t *testing.T) {
		g, wait := lease(t, s, "bo", 5, 2, 5)
		assert.Equal(t, 5, g)
		assert.InDelta(t, 2500*time.Millisecond, wait, float64(50*time.Millisecond), "5 tokens at 2/s, from almost nothing")
		g, wait = lease(t, s, "bo", 5, 2, 5)
		assert.Less(t, g, 5)
		assert.Greater(t, wait, time.Duration(0))
	})

	t.Run("a lease that leaves a block says there is no wait", func(t *testing.T) {
		g, wait := lease(t, s, "cy", 2, slow, 10)
		assert.Equal(t, 2, g)
		assert.Zero(t, wait)
	})

	t.Run("a bucket refills at its rate, and never above its burst", func(t *testing.T) {
		g, _ := lease(t, s, "di", 10, 1000, 10)
		require.Equal(t, 10, g)
		time.Sleep(50 * time.Millisecond) // 50 tokens' worth at 1000/s
		g, _ = lease(t, s, "di", 10, 1000, 10)
		assert.Equal(t, 10, g, "refilled")
		time.Sleep(100 * time.Millisecond) // 100 tokens' worth
		g, _ = lease(t, s, "di", 10, 1000, 10)
		assert.Equal(t, 10, g)
		g, _ = lease(t, s, "di", 10, slow, 10)
		assert.Zero(t, g, "the bucket held its burst of 10, not the 100 of its idle time")
	})

	t.Run("each principal has a bucket of its own", func(t *testing.T) {
		g, _ := lease(t, s, "ed", 3, slow, 3)
		require.Equal(t, 3, g)
		g, _ = lease(t, s, "ed", 3, slow, 3)
		require.Zero(t, g)
		g, _ = lease(t, s, "flo", 3, slow, 3)
		assert.Equal(t, 3, g, "another principal's bucket is full")
	})
}

// Leases from many sessions and two drivers (as two processes would)
// at once take exactly the bucket, never a token twice.
func TestLeaseRateConcurrent(t *testing.T) {
	a := testStore(t)
	b, err := Open(a.cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = b.Close(context.Background()) })
	var wg sync.WaitGroup
	var mu sync.Mutex
	var total int
	for i := range 16 {
		st := a
		if i%2 == 1 {
			st = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 4 {
				g, _, err := st.LeaseRate(context.Background(), "shared", 3, slow, 30)
				assert.NoError(t, err)
				mu.Lock()
				total += g
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 30, total, "64 leases of 3 from a bucket of 30 take the 30, once")
	assert.Equal(t, 1, rateBuckets(t, a), "one bucket for the principal")
}

// A bucket full again is the same as none: the sweep deletes those, and
// only those.
func TestSweepRateBuckets(t *testing.T) {
	s := testStore(t)
	ctx := context.Background()
	for i := range 3 {
		lease(t, s, fmt.Sprintf("quick%d", i), 10, 1000, 10) // full again 10 ms later
	}
	lease(t, s, "patient", 10, slow, 10) // full again in 10 000 s
	lease(t, s, "untouched", 1, 1000, 10)
	require.Equal(t, 5, rateBuckets(t, s))
	time.Sleep(100 * time.Millisecond)

	n, err := s.SweepRateBuckets(ctx, 3)
	require.NoError(t, err)
	assert.Equal(t, 3, n, "at most the limit")
	n, err = s.SweepRateBuckets(ctx, 3)
	require.NoError(t, err)
	assert.Equal(t, 1, n, "the rest of those full again")
	assert.Equal(t, 1, rateBuckets(t, s), "the bucket still refilling stays")
	g, _ := lease(t, s, "patient", 10, slow, 10)
	assert.Zero(t, g, "and keeps its state")

	n, err = s.SweepRateBuckets(ctx, 3)
	require.NoError(t, err)
	assert.Zero(t, n)
}

// Rate buckets are no org entity: no org read sees them, and a REPLACE
// import, which deletes what the snapshot lacks, leaves them.
func TestRateBucketsAreNotTheOrg(t *testing.T) {
	s := testStore(t)
	ctx := context.Background()
	lease(t, s, "ann", 1, slow, 10)
	empty, err := s.IsEmpty(ctx)
	require.NoError(t, err)
	assert.True(t, empty, "a database with only a bucket holds no org")

	snap := &graph.Snapshot{People: []graph.Person{{ID: "p1", Name: "Ada Lind", Active: true}}}
	_, err = s.Import(ctx, snap, graph.ImportReplace, nil)
	require.NoError(t, err)
	_, err = s.Import(ctx, &graph.Snapshot{}, graph.ImportReplace, nil)
	require.NoError(t, err)
	assert.Equal(t, 1, rateBuckets(t, s), "REPLACE kept the bucket")
	org, err := s.ReadOrg(ctx)
	require.NoError(t, err)
	assert.Empty(t, org.People)
	g, _ := lease(t, s, "ann", 10, slow, 10)
	assert.Equal(t, 9, g, "the bucket kept its state through the imports")
}

// BenchmarkLeaseRate is what the request that leases a block pays: one
// write transaction on one bucket.
// go test -run '^$' -bench LeaseRate ./graph/store (with a test database)
func BenchmarkLeaseRate(b *testing.B) {
	s := testStore(b)
	ctx := context.Background()
	for b.Loop() {
		if _, _, err := s.LeaseRate(ctx, "bench", 1, 1e6, 1_000_000); err != nil {
			b.Fatal(err)
		}
	}
}
