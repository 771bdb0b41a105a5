package graph_test

import (
	"bytes"
	"testing"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/seed"
)

// BenchmarkValidate validates a synthetic org of 10 000 people, every rule
// of SPEC §3 included: what each write pays before it is planned.
func BenchmarkValidate(b *testing.B) {
	var doc bytes.Buffer
	if err := seed.Synth(&doc, seed.SynthOptions{People: 10_000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	s, err := graph.DecodeSnapshot(&doc)
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
