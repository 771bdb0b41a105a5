package graph_test

import (
	"bytes"
	"testing"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/seed"
)

// synthDoc is the snapshot document of a synthetic org of people people.
func synthDoc(b *testing.B, people int) []byte {
	var doc bytes.Buffer
	if err := seed.Synth(&doc, seed.SynthOptions{People: people, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	return doc.Bytes()
}

// BenchmarkDecodeSnapshot decodes a synthetic org of 10 000 people.
func BenchmarkDecodeSnapshot(b *testing.B) {
	doc := synthDoc(b, 10_000)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := graph.DecodeSnapshot(bytes.NewReader(doc)); err != nil {
			b.Fatal(err)
		}
	}
}
