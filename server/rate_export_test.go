package server

import (
	"testing"
	"time"
)

// ShortenRateFallback makes the local buckets serve for d after a failed
// lease, instead of localFor, until the test ends.
func ShortenRateFallback(t testing.TB, d time.Duration) {
	old := localFor
	localFor = d
	t.Cleanup(func() { localFor = old })
}
