package bench

import (
	"strings"
	"testing"
	"time"

	"github.com/orgnet/orgnet/graph"
)

func TestWriteMarkdownChecksTheTargets(t *testing.T) {
	size := &SizeResults{
		People: 100_000, Rows: 281_817, Bytes: 26_000_000,
		Imports: []ImportResult{
			{Name: "into the empty database", Mode: graph.ImportReplace, Wall: 25 * time.Second},
			{Name: "the same snapshot again (1)", Mode: graph.ImportReplace, Wall: 40 * time.Second},
		},
		Questions: []QuestionResult{
			{Name: "canAct", GraphQL: Summary{N: 1000, P50: 3 * time.Millisecond, P95: 7 * time.Millisecond}, Raw: Summary{P50: 2 * time.Millisecond}, Ratio: 1.5},
		},
		RoundTrips: []RoundTripCheck{{Teams: 5, Members: 5, RoundTrips: 4}, {Teams: 50, Members: 50, RoundTrips: 4}},
	}
	size.Delete = &ImportResult{Name: "an org of a tenth of the people", Mode: graph.ImportReplace, Wall: 7 * time.Minute}
	small := &SizeResults{People: 10_000, Nested: []NestedResult{{Workload: "teams × members × manager (50 × 50)", Clients: 4,
		Orgnet: ThroughputResult{Requests: 240, Elapsed: 10 * time.Second}, Peer: ThroughputResult{Requests: 450, Elapsed: 10 * time.Second}}}}
	var b strings.Builder
	if err := WriteMarkdown(&b, &Results{Sizes: []*SizeResults{small, size}}, Machine{Command: "make bench"}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"## Targets at 100 000 people",
		"| canAct p95 ≤ 8 ms | 7.0 ms | met |",
		"| nested reads ≥ 2× @neo4j/graphql at 10 000 people: teams × members × manager (50 × 50), 4 client(s) | 24 against 45 requests/s: 0.53× | **missed** |",
		"| a REPLACE deleting most of the org ≤ 60 s | 420.0 s | **missed** |",
		"| GraphQL ÷ raw Cypher ≤ 1.3 at the median: canAct | 1.50 | **missed** |",
		"| import of 100 000 people ≤ 60 s | 25.0 s | met |",
		"| identical re-import ≤ 30 s | 40.0 s (median) | **missed** |",
		"| nested read in a fixed number of round trips whatever `first` is | 4 at 5×5, 4 at 50×50 | met |",
		"orgHealth: not in the service's schema",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the results lack %q:\n%s", want, out)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1 000", 281817: "281 817", -1234567: "-1 234 567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
