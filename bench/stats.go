// Package bench is orgnet's benchmark suite: it starts the project's own
// local Neo4j and the service as its own process, imports synthetic orgs,
// asks the questions through GraphQL and as raw Cypher side by side, and
// measures throughput, round trips, memory and store size. The command
// bench/cmd/orgnet-bench runs it; `make bench` is the usual way in, and
// bench/README.md says what each figure means.
package bench

import (
	"slices"
	"time"
)

// Summary describes a sample of latencies.
type Summary struct {
	N             int
	P50, P95, P99 time.Duration
	Max           time.Duration
}

// Summarize gives the count, the 50th, 95th and 99th percentiles (nearest
// rank) and the maximum of d. It does not change d.
func Summarize(d []time.Duration) Summary {
	if len(d) == 0 {
		return Summary{}
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return Summary{N: len(s), P50: Percentile(s, 50), P95: Percentile(s, 95), P99: Percentile(s, 99), Max: s[len(s)-1]}
}

// Percentile is the p-th percentile of sorted by the nearest-rank method:
// the smallest value with at least p % of the sample at or below it.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(float64(len(sorted))*p/100 + 0.999999999)
	return sorted[min(max(rank, 1), len(sorted))-1]
}

// Median is the middle value of v (the lower of the two middle ones for an
// even count); 0 for none.
func Median[T int | int64 | float64 | time.Duration](v []T) T {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	return s[(len(s)-1)/2]
}

// ms writes a duration in milliseconds with a precision that suits it.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
