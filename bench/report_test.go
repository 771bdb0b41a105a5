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
	var b strings.Builder
	if err := WriteMarkdown(&b, &Results{Sizes: []*SizeResults{size}}, Machine{Command: "make bench"}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"## Targets at 100 000 people",
		"| canAct p95 ≤ 10 ms | 7.0 ms | met |",
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
