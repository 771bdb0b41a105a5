// Package feed is the live feed of changes (docs/changes.md): every
// subscriber sees every change committed to the org, by any process, once
// and in version order. One poller per process reads the change log while
// anyone subscribes and fans the changes out; a subscriber that falls
// behind is dropped with a reason rather than slowing anyone down.
package feed

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// Source is the change log the feed polls.
type Source interface {
	// OrgVersion is the version of the latest change.
	OrgVersion(ctx context.Context) (int64, error)
	// ChangesAfter lists up to limit changes after version, oldest first.
	ChangesAfter(ctx context.Context, version int64, limit int) ([]graph.ChangeRecord, error)
}

// Options tune a feed; zero values take the defaults.
type Options struct {
	// Interval between polls of the log (default 300 ms). A commit by
	// this process wakes the poller at once (Wake).
	Interval time.Duration
	// Buffer is how many changes a subscriber may fall behind before it is
	// dropped (default 256).
	Buffer int
	Log    *slog.Logger
}

// pollBatch bounds the changes one poll reads.
const pollBatch = 100

// Feed fans the change log out to subscribers.
type Feed struct {
	src  Source
	opts Options
	wake chan struct{}

	mu      sync.Mutex
	subs    map[*Subscription]struct{}
	running bool
	last    int64 // the version of the last change handed out
}

// New makes a feed over src.
func New(src Source, opts Options) *Feed {
	if opts.Interval <= 0 {
		opts.Interval = 300 * time.Millisecond
	}
	if opts.Buffer <= 0 {
		opts.Buffer = 256
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	return &Feed{src: src, opts: opts, wake: make(chan struct{}, 1), subs: map[*Subscription]struct{}{}}
}

// Subscription is one subscriber's view of the feed.
type Subscription struct {
	// C delivers each change after the subscription began, in version
	// order. It is closed when the subscription ends; a nil just before
	// the close says the feed dropped the subscriber (Reason says why).
	C      <-chan *graph.ChangeRecord
	ch     chan *graph.ChangeRecord
	reason string
}

// Reason says why the feed dropped the subscriber; empty while it has not.
func (s *Subscription) Reason() string { return s.reason }

// Subscribe starts a subscription that lasts until ctx ends. It sees every
// change committed after it returns.
func (f *Feed) Subscribe(ctx context.Context) (*Subscription, error) {
	ch := make(chan *graph.ChangeRecord, f.opts.Buffer+1) // +1: room for the nil that says why
	sub := &Subscription{C: ch, ch: ch}
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.running {
		// The poller starts from the version as it is now, read before
		// Subscribe returns, so that no later change is missed.
		v, err := f.src.OrgVersion(ctx)
		if err != nil {
			return nil, fmt.Errorf("start the live feed: %w", err)
		}
		f.last, f.running = v, true
		go f.poll()
	}
	f.subs[sub] = struct{}{}
	go func() {
		<-ctx.Done()
		f.mu.Lock()
		defer f.mu.Unlock()
		if _, ok := f.subs[sub]; ok {
			delete(f.subs, sub)
			close(sub.ch)
		}
	}()
	return sub, nil
}

// Wake makes the poller read the log now: this process has just committed
// a change.
func (f *Feed) Wake() {
	select {
	case f.wake <- struct{}{}:
	default:
	}
}

// poll reads the log and fans out until nobody subscribes.
func (f *Feed) poll() {
	ticker := time.NewTicker(f.opts.Interval)
	defer ticker.Stop()
	ctx := context.Background()
	for {
		f.mu.Lock()
		last, n := f.last, len(f.subs)
		if n == 0 {
			f.running = false
			f.mu.Unlock()
			return
		}
		f.mu.Unlock()

		pollCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		changes, err := f.src.ChangesAfter(pollCtx, last, pollBatch)
		cancel()
		if err != nil {
			f.opts.Log.Warn("live feed: reading the change log", "error", err.Error())
		}
		f.mu.Lock()
		for i := range changes {
			c := changes[i]
			for sub := range f.subs {
				f.deliver(sub, &c)
			}
			f.last = c.Version
		}
		f.mu.Unlock()
		if len(changes) == pollBatch {
			continue // more are waiting
		}
		select {
		case <-ticker.C:
		case <-f.wake:
		}
	}
}

// deliver hands c to sub, or drops sub when it has fallen Buffer changes
// behind. f.mu is held.
func (f *Feed) deliver(sub *Subscription, c *graph.ChangeRecord) {
	if len(sub.ch) < f.opts.Buffer {
		sub.ch <- c
		return
	}
	sub.reason = fmt.Sprintf("this subscriber fell %d changes behind and was disconnected at version %d; "+
		"read what it missed with changes(since:) and subscribe again", f.opts.Buffer, c.Version-1)
	f.opts.Log.Warn("live feed: dropped a slow subscriber", "behind", f.opts.Buffer, "version", c.Version)
	sub.ch <- nil
	close(sub.ch)
	delete(f.subs, sub)
}
