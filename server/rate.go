package server

import (
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// rateLimits keeps a token bucket per principal. The limit holds per
// process: replicas behind a load balancer each allow Rate, so a
// deployment of N replicas allows a principal about N × Rate (see
// docs/access.md for why it is not shared through the database).
type rateLimits struct {
	rate  rate.Limit
	burst int

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	limiter *rate.Limiter
	seen    time.Time
}

// maxBuckets bounds the principals remembered; idle ones are forgotten
// first (a forgotten principal starts again with a full bucket).
const maxBuckets = 10_000

func newRateLimits(perSecond float64, burst int) *rateLimits {
	if perSecond < 0 {
		return nil
	}
	return &rateLimits{rate: rate.Limit(perSecond), burst: burst, buckets: map[string]*bucket{}}
}

// allow takes one request from principal's bucket; when it is empty it
// says how long until one is free.
func (l *rateLimits) allow(principal string) (bool, time.Duration) {
	if l == nil {
		return true, 0
	}
	now := time.Now()
	l.mu.Lock()
	b, ok := l.buckets[principal]
	if !ok {
		if len(l.buckets) >= maxBuckets {
			l.forgetIdle(now)
		}
		b = &bucket{limiter: rate.NewLimiter(l.rate, l.burst)}
		l.buckets[principal] = b
	}
	b.seen = now
	l.mu.Unlock()
	r := b.limiter.ReserveN(now, 1)
	if delay := r.DelayFrom(now); delay > 0 {
		r.CancelAt(now)
		return false, delay
	}
	return true, 0
}

// forgetIdle drops buckets full again (idle long enough to have refilled),
// or, if none is, the half least recently seen.
func (l *rateLimits) forgetIdle(now time.Time) {
	refill := time.Duration(math.Ceil(float64(l.burst)/float64(l.rate))) * time.Second
	for k, b := range l.buckets {
		if now.Sub(b.seen) > refill {
			delete(l.buckets, k)
		}
	}
	if len(l.buckets) < maxBuckets {
		return
	}
	cut := now
	for _, b := range l.buckets {
		if b.seen.Before(cut) {
			cut = b.seen
		}
	}
	mid := cut.Add(now.Sub(cut) / 2)
	for k, b := range l.buckets {
		if b.seen.Before(mid) {
			delete(l.buckets, k)
		}
	}
}
