package graph_test

import (
	"bytes"
	"testing"

	"github.com/orgnet/orgnet/graph"
)

// BenchmarkValidate validates a synthetic org of 10 000 people, every rule
// of docs/writes.md included: what each write pays before it is planned.
func BenchmarkValidate(b *testing.B) {
	s, err := graph.DecodeSnapshot(bytes.NewReader(synthDoc(b, 10_000)))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if problems := graph.Validate(s); len(problems) > 0 {
			b.Fatal(problems)
		}
	}
}
