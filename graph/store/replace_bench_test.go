package store_test

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/internal/testneo4j"
	"github.com/orgnet/orgnet/seed"
)

// BenchmarkReplaceDeletingMost measures a REPLACE that deletes most of the
// org, as `make bench` does last (issue 14: ≤ 60 s at 100 000 people):
// `orgnet synth --people N --seed 1` (N: ORGNET_MEASURE_PEOPLE, default
// 20 000) imported into an empty database, then replaced by the synthetic
// org of a tenth of the people (same seed), through the change log, which
// records every deleted entity. ORGNET_MEASURE_REPEATS times (default 3),
// the org imported afresh each time; the median is reported. It runs on a
// Neo4j of its own on port ORGNET_MEASURE_PORT:
//
//	ORGNET_MEASURE_PORT=7716 go test -run '^$' -bench ReplaceDeletingMost -benchtime 1x -timeout 1h ./graph/store/
func BenchmarkReplaceDeletingMost(b *testing.B) {
	port := envInt(b, "ORGNET_MEASURE_PORT", 0)
	if port == 0 {
		b.Skip("set ORGNET_MEASURE_PORT to a free Bolt port for the measuring database")
	}
	people := envInt(b, "ORGNET_MEASURE_PEOPLE", 20000)
	repeats := envInt(b, "ORGNET_MEASURE_REPEATS", 3)
	synth := func(n int) *graph.Snapshot {
		var doc bytes.Buffer
		require.NoError(b, seed.Synth(&doc, seed.SynthOptions{People: n, Seed: 1}))
		snap, err := graph.DecodeSnapshot(bytes.NewReader(doc.Bytes()))
		require.NoError(b, err)
		return snap
	}
	whole, tenth := synth(people), synth(max(people/10, 10))
	write := func(st *store.Store, snap *graph.Snapshot) (graph.WriteOutcome, time.Duration) {
		started := time.Now()
		out, err := st.Write(context.Background(), graph.WriteRequest{Change: graph.Change{Put: *snap}, Replace: true, Via: graph.ViaImport, Principal: admin})
		took := time.Since(started)
		require.NoError(b, err)
		return out, took
	}

	for range b.N {
		db := &measuredDB{b: b, port: port, dir: filepath.Join(b.TempDir(), "replace")}
		st := db.start()
		var runs []time.Duration
		for rep := range repeats {
			testneo4j.Wipe(b, db.uri())
			_, imported := write(st, whole)
			out, took := write(st, tenth)
			require.Greater(b, out.Deleted, out.Created+out.Updated, "the REPLACE deletes most of the org")
			runs = append(runs, took)
			logNow(b, "%d people, run %d: first import %s; REPLACE by %d people %s (created %d, updated %d, deleted %d, unchanged %d)",
				people, rep+1, imported.Round(time.Millisecond), len(tenth.People), took.Round(time.Millisecond),
				out.Created, out.Updated, out.Deleted, out.Unchanged)
		}
		db.stop()
		sorted := slices.Clone(runs)
		slices.Sort(sorted)
		b.ReportMetric(sorted[len(sorted)/2].Seconds(), "replace-s")
		logNow(b, "%d people, median of %d: a REPLACE deleting most of the org %s; each run: %v",
			people, repeats, sorted[len(sorted)/2].Round(time.Millisecond), runs)
	}
}
