package graph_test

import (
	"bytes"
	"testing"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/seed"
)

// BenchmarkDecodeSnapshot decodes a synthetic org of 10 000 people.
func BenchmarkDecodeSnapshot(b *testing.B) {
	var doc bytes.Buffer
	if err := seed.Synth(&doc, seed.SynthOptions{People: 10_000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(doc.Len()))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := graph.DecodeSnapshot(bytes.NewReader(doc.Bytes())); err != nil {
			b.Fatal(err)
		}
	}
}
