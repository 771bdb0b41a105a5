package store_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/internal/testneo4j"
	"github.com/orgnet/orgnet/seed"
)

// TestReplaceDeletingManyOrFew pins the org a REPLACE leaves, and its
// change's entries, whether the plan deletes enough nodes to find them by
// label scans (a thousand or more) or few enough to seek them by id:
// deletions run last, after the surviving entities are rewritten.
func TestReplaceDeletingManyOrFew(t *testing.T) {
	synth := func(people int) *graph.Snapshot {
		var doc bytes.Buffer
		require.NoError(t, seed.Synth(&doc, seed.SynthOptions{People: people, Seed: 3}))
		snap, err := graph.DecodeSnapshot(&doc)
		require.NoError(t, err)
		return snap
	}
	for _, c := range []struct {
		name          string
		before, after int
		minDeleted    int
	}{
		{"most of the org deleted: label scans", 1500, 150, 1000},
		{"a few deleted: seeks by id", 160, 150, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := testneo4j.Store(t)
			ctx := context.Background()
			whole, smaller := synth(c.before), synth(c.after)
			_, err := st.Write(ctx, graph.WriteRequest{Change: graph.Change{Put: *whole}, Replace: true, Via: graph.ViaImport, Principal: admin})
			require.NoError(t, err)
			want, problems := graph.Apply(nil, graph.Change{Put: *smaller})
			require.Empty(t, problems)
			plan := graph.Diff(whole, want)

			out, err := st.Write(ctx, graph.WriteRequest{Change: graph.Change{Put: *smaller}, Replace: true, Via: graph.ViaImport, Principal: admin})
			require.NoError(t, err)
			require.Equal(t, plan.Report, out.ImportReport)
			d := plan.Delete
			require.GreaterOrEqual(t, len(d.People)+len(d.Teams)+len(d.Matters)+len(d.Mandates)+len(d.Touchpoints), c.minDeleted)

			got, err := st.ReadOrg(ctx)
			require.NoError(t, err)
			requireSameOrg(t, want, got, "the org the REPLACE left")
			change := changesOf(t, st)[0]
			require.Len(t, entriesOf(t, st, change), out.Created+out.Updated+out.Deleted, "an entry per entity created, overwritten or deleted")
		})
	}
}
