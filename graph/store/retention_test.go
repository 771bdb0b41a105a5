package store_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/internal/testneo4j"
)

func TestPruneHistoryKeepsWhatCanStillBeRebuilt(t *testing.T) {
	st := testneo4j.Store(t)
	ctx := context.Background()
	snap := decode(t, smallOrg)
	_, err := st.Import(ctx, snap, graph.ImportReplace, nil)
	require.NoError(t, err)
	renames := []string{"Ann A", "Ann B"}
	var afterFirstRename *graph.Snapshot
	for i, name := range renames {
		time.Sleep(50 * time.Millisecond)
		_, err := st.Apply(ctx, graph.Change{Put: graph.Snapshot{People: []graph.Person{{ID: "ann", Name: name, Manager: ptr("ceo"), Active: true}}}})
		require.NoError(t, err)
		if i == 0 {
			afterFirstRename, err = st.ReadOrg(ctx)
			require.NoError(t, err)
		}
	}
	changes := changesOf(t, st) // newest first: the second rename, the first, the import
	require.Len(t, changes, 3)

	// Keep only what is newer than the middle of the two renames.
	mid := changes[1].At.Add(changes[0].At.Sub(changes[1].At) / 2)
	horizon, err := st.PruneHistory(ctx, time.Since(mid))
	require.NoError(t, err)
	assert.Equal(t, int64(2), horizon, "the import and the first rename are pruned")

	left := changesOf(t, st)
	require.Len(t, left, 1)
	assert.Equal(t, changes[0].ID, left[0].ID)
	assert.Len(t, entriesOf(t, st, left[0]), 1)
	res, err := neo4j.ExecuteQuery(ctx, rawDriver(t), `MATCH (n) WHERE (n:ChangeBlock OR n:ChangeKey) AND n.version <= $v RETURN count(n) AS n`,
		map[string]any{"v": horizon}, neo4j.EagerResultTransformer)
	require.NoError(t, err)
	assert.EqualValues(t, 0, res.Records[0].Values[0], "no entry block or key of a pruned change is left")

	t.Run("the org at the horizon can still be rebuilt", func(t *testing.T) {
		var buf bytes.Buffer
		at := changes[1].At
		require.NoError(t, st.Export(ctx, &at, &buf))
		got, err := graph.DecodeSnapshot(&buf)
		require.NoError(t, err)
		requireSameOrg(t, afterFirstRename, got, "at the first rename")
	})
	t.Run("an instant before the horizon is refused, naming it", func(t *testing.T) {
		at := changes[1].At.Add(-time.Millisecond)
		err := st.Export(ctx, &at, &bytes.Buffer{})
		var bad *graph.Error
		require.ErrorAs(t, err, &bad)
		assert.Equal(t, graph.CodeBadInput, bad.Code)
		assert.Contains(t, bad.Problems[0].Message, changes[1].At.UTC().Format(time.RFC3339))
	})
	t.Run("a pruned change cannot be reverted", func(t *testing.T) {
		_, err := st.RevertChange(ctx, changes[1].ID, nil, "")
		assert.Equal(t, graph.CodeNotFound, graph.ErrorCode(err))
	})
	t.Run("pruning again with nothing older prunes nothing", func(t *testing.T) {
		horizon, err := st.PruneHistory(ctx, time.Since(mid))
		require.NoError(t, err)
		assert.Zero(t, horizon, "nothing pruned")
		assert.Len(t, changesOf(t, st), 1)
	})
}

// rawDriver is a driver of the test database, for what no store call shows.
func rawDriver(t *testing.T) neo4j.DriverWithContext {
	d, err := neo4j.NewDriverWithContext(testneo4j.URI(t), neo4j.NoAuth())
	require.NoError(t, err)
	t.Cleanup(func() { _ = d.Close(context.Background()) })
	return d
}
