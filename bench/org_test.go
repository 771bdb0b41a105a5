package bench

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/internal/oracle"
	"github.com/orgnet/orgnet/seed"
)

// TestOrgCountsActorsAsWhoCanActAnswers checks the counts the benchmark
// sorts its questions by against the reference model's whoCanAct, question
// by question, on a synthetic org with matters on both sides of
// SmallMatter.
func TestOrgCountsActorsAsWhoCanActAnswers(t *testing.T) {
	var doc bytes.Buffer
	require.NoError(t, seed.Synth(&doc, seed.SynthOptions{People: 3000, Seed: 3}))
	snap, err := graph.DecodeSnapshot(&doc)
	require.NoError(t, err)
	at := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	org := NewOrg(snap, 1, at)
	model := oracle.New(snap)

	require.NotEmpty(t, org.Small)
	require.NotEmpty(t, org.Large)
	assert.Len(t, append(org.Small, org.Large...), len(snap.Matters)*len(amounts))
	maxActors := 0
	for _, m := range snap.Matters {
		maxActors = max(maxActors, len(model.WhoCanAct(m.ID, nil, at)))
	}
	assert.Equal(t, maxActors, org.MaxActors)
	for _, q := range org.Small {
		want := []string{}
		for _, a := range model.WhoCanAct(q.Matter, q.Amount, at) {
			want = append(want, a.Person)
		}
		require.LessOrEqual(t, len(want), SmallMatter)
		got := append([]string{}, q.actors...)
		slices.Sort(got)
		require.Equal(t, want, got, "whoCanAct(%s, %v)", q.Matter, q.Amount)
	}
	for _, q := range org.Large {
		require.Greater(t, len(model.WhoCanAct(q.Matter, q.Amount, at)), SmallMatter, "whoCanAct(%s, %v)", q.Matter, q.Amount)
	}
}
