package feed_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/feed"
	"github.com/orgnet/orgnet/graph"
)

// fakeLog is a change log in memory.
type fakeLog struct {
	mu      sync.Mutex
	changes []graph.ChangeRecord
	polls   int
}

func (l *fakeLog) commit(n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for range n {
		l.changes = append(l.changes, graph.ChangeRecord{Version: int64(len(l.changes) + 1)})
	}
}

func (l *fakeLog) OrgVersion(context.Context) (int64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return int64(len(l.changes)), nil
}

func (l *fakeLog) ChangesAfter(_ context.Context, v int64, limit int) ([]graph.ChangeRecord, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.polls++
	out := l.changes[min(int(v), len(l.changes)):]
	return append([]graph.ChangeRecord(nil), out[:min(limit, len(out))]...), nil
}

func (l *fakeLog) pollCount() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.polls
}

// receive reads n changes from sub, failing after a while.
func receive(t *testing.T, sub *feed.Subscription, n int) []int64 {
	t.Helper()
	var got []int64
	timeout := time.After(5 * time.Second)
	for len(got) < n {
		select {
		case c, ok := <-sub.C:
			require.True(t, ok, "closed after %v: %s", got, sub.Reason())
			require.NotNil(t, c, "dropped after %v: %s", got, sub.Reason())
			got = append(got, c.Version)
		case <-timeout:
			t.Fatalf("received %v, want %d changes", got, n)
		}
	}
	return got
}

func TestEverySubscriberSeesEveryLaterChangeOnceInOrder(t *testing.T) {
	log := &fakeLog{}
	log.commit(5) // before anyone subscribes: not delivered
	f := feed.New(log, feed.Options{Interval: 10 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, err := f.Subscribe(ctx)
	require.NoError(t, err)
	b, err := f.Subscribe(ctx)
	require.NoError(t, err)

	log.commit(250) // more than one poll's batch
	f.Wake()
	want := make([]int64, 250)
	for i := range want {
		want[i] = int64(6 + i)
	}
	assert.Equal(t, want, receive(t, a, 250))
	assert.Equal(t, want, receive(t, b, 250))
	select {
	case c := <-a.C:
		t.Fatalf("a change twice or out of nowhere: %+v", c)
	case <-time.After(50 * time.Millisecond):
	}
}

func TestASlowSubscriberIsDroppedWithAReasonAndBlocksNobody(t *testing.T) {
	log := &fakeLog{}
	f := feed.New(log, feed.Options{Interval: 5 * time.Millisecond, Buffer: 8})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	slow, err := f.Subscribe(ctx)
	require.NoError(t, err)
	fast, err := f.Subscribe(ctx)
	require.NoError(t, err)

	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 30 {
			log.commit(1)
			f.Wake()
			time.Sleep(2 * time.Millisecond)
		}
	}()
	got := receive(t, fast, 30)
	assert.Equal(t, int64(30), got[29], "the fast subscriber gets everything")
	<-done

	var last *graph.ChangeRecord
	n := 0
	for c := range slow.C {
		last = c
		n++
	}
	assert.Nil(t, last, "the last thing a dropped subscriber gets is nil, then the close")
	assert.Equal(t, 9, n, "its buffer of 8, then the nil")
	assert.Contains(t, slow.Reason(), "fell 8 changes behind")
}

func TestThePollerStopsWhenNobodySubscribes(t *testing.T) {
	log := &fakeLog{}
	f := feed.New(log, feed.Options{Interval: 5 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	sub, err := f.Subscribe(ctx)
	require.NoError(t, err)
	cancel()
	for range sub.C {
	}
	time.Sleep(30 * time.Millisecond)
	polls := log.pollCount()
	time.Sleep(50 * time.Millisecond)
	assert.Equal(t, polls, log.pollCount(), "still polling with no subscriber")

	// And it starts again for the next one.
	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	sub2, err := f.Subscribe(ctx2)
	require.NoError(t, err)
	log.commit(1)
	assert.Equal(t, []int64{1}, receive(t, sub2, 1))
}
