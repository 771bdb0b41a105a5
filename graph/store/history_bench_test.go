package store_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/bench"
	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/internal/testneo4j"
	"github.com/orgnet/orgnet/localneo4j"
	"github.com/orgnet/orgnet/seed"
)

// BenchmarkChangeRecording measures what the change log costs
// (docs/changes.md), on Neo4j databases of its own on port
// ORGNET_MEASURE_PORT, for `orgnet synth --people N --seed 1` (N:
// ORGNET_MEASURE_PEOPLE, default 10 000):
//
//   - the time of a first import into an empty database and of a MERGE with
//     1 % of the people changed (as `make bench` changes them), each without
//     and with the change log, in one database, ORGNET_MEASURE_REPEATS times
//     (default 3) in alternating order, the medians reported;
//   - the store's growth on disk: for the first import without and with the
//     log (each into a fresh database), then for the MERGE and for
//     ORGNET_MEASURE_SINGLES single-person updates (default 100). The
//     database is stopped before each measure, so that the store is
//     checkpointed (Neo4j Community cannot be asked to);
//   - the export of the org as it is and as it was before the MERGE.
//
// Run it alone, once (it starts and stops Neo4j six times):
//
//	ORGNET_MEASURE_PORT=7716 go test -run '^$' -bench ChangeRecording -benchtime 1x -timeout 2h ./graph/store/
func BenchmarkChangeRecording(b *testing.B) {
	port := envInt(b, "ORGNET_MEASURE_PORT", 0)
	if port == 0 {
		b.Skip("set ORGNET_MEASURE_PORT to a free Bolt port for the measuring databases")
	}
	people := envInt(b, "ORGNET_MEASURE_PEOPLE", 10000)
	singles := envInt(b, "ORGNET_MEASURE_SINGLES", 100)
	repeats := envInt(b, "ORGNET_MEASURE_REPEATS", 3)
	var doc bytes.Buffer
	require.NoError(b, seed.Synth(&doc, seed.SynthOptions{People: people, Seed: 1}))
	snap, err := graph.DecodeSnapshot(bytes.NewReader(doc.Bytes()))
	require.NoError(b, err)
	rows := len(snap.People) + len(snap.Teams) + len(snap.Memberships) + len(snap.Matters) + len(snap.Mandates) + len(snap.Touchpoints)
	changedDoc, changedPeople, err := bench.ChangePeople(snap, 1)
	require.NoError(b, err)
	changed, err := graph.DecodeSnapshot(bytes.NewReader(changedDoc))
	require.NoError(b, err)
	ctx := context.Background()
	firstImport := graph.WriteRequest{Change: graph.Change{Put: *snap}, Replace: true, Via: graph.ViaImport, Principal: admin}
	merge := graph.WriteRequest{Change: graph.Change{Put: *changed}, Via: graph.ViaImport, Principal: admin}

	for range b.N {
		db := &measuredDB{b: b, port: port, dir: filepath.Join(b.TempDir(), "without")}
		st := db.start()
		st.RecordChanges(false)
		timed(b, st, firstImport, rows, 0)
		importWithout := db.stop()

		db = &measuredDB{b: b, port: port, dir: filepath.Join(b.TempDir(), "with")}
		timed(b, db.start(), firstImport, rows, 0)
		importWith := db.stop()
		beforeMerge := time.Now()
		timed(b, db.start(), merge, 0, changedPeople)
		afterMerge := db.stop()
		st = db.start()
		started := time.Now()
		for i := range singles {
			p := snap.People[i%len(snap.People)]
			p.Name += " " + strconv.Itoa(i)
			_, err := st.Write(ctx, graph.WriteRequest{Change: graph.Change{Put: graph.Snapshot{People: []graph.Person{p}}, Presence: graph.MustExist},
				Via: graph.ViaMutation, Principal: admin})
			require.NoError(b, err)
		}
		perSingle := time.Since(started) / time.Duration(singles)
		afterSingles := db.stop()
		logNow(b, "store on disk, %d people (%d rows): the first import %s without the change log, %s with it (%s more: %.0f bytes an entry); "+
			"the 1 %% MERGE (%d entries) %s; %d single-person updates %s (%.0f bytes a change; %s a write)",
			people, rows, mb(importWithout), mb(importWith), mb(importWith-importWithout), float64(importWith-importWithout)/float64(rows),
			changedPeople, mb(afterMerge-importWith), singles, mb(afterSingles-afterMerge),
			float64(afterSingles-afterMerge)/float64(singles), perSingle.Round(time.Millisecond))

		st = db.start()
		for _, at := range []*time.Time{nil, &beforeMerge} {
			what := "as it is"
			if at != nil {
				what = "as it was before the MERGE (rebuilt from the log)"
			}
			for range 3 {
				started := time.Now()
				require.NoError(b, st.Export(ctx, at, io.Discard))
				logNow(b, "export of the org %s: %s", what, time.Since(started).Round(time.Millisecond))
			}
		}

		// without, with × first import, MERGE × repeats; the order
		// alternates, so that neither always runs on a warmer database.
		runs := [2][2][]time.Duration{}
		for rep := range repeats {
			for j := range 2 {
				i := (rep + j) % 2
				testneo4j.Wipe(b, db.uri())
				st.RecordChanges(i == 1)
				runs[i][0] = append(runs[i][0], timed(b, st, firstImport, rows, 0))
				runs[i][1] = append(runs[i][1], timed(b, st, merge, 0, changedPeople))
			}
		}
		db.stop()
		med := func(d []time.Duration) time.Duration {
			s := slices.Clone(d)
			slices.Sort(s)
			return s[len(s)/2]
		}
		b.ReportMetric(med(runs[0][0]).Seconds(), "first-import-s-without")
		b.ReportMetric(med(runs[1][0]).Seconds(), "first-import-s-with")
		b.ReportMetric(med(runs[0][1]).Seconds(), "merge-s-without")
		b.ReportMetric(med(runs[1][1]).Seconds(), "merge-s-with")
		logNow(b, "%d people, median of %d: first import %s without the change log, %s with it (%+.0f %%); 1 %% MERGE (%d people) %s without, %s with (%+.0f %%); each run: %v",
			people, repeats, med(runs[0][0]).Round(time.Millisecond), med(runs[1][0]).Round(time.Millisecond),
			100*(med(runs[1][0]).Seconds()/med(runs[0][0]).Seconds()-1), changedPeople,
			med(runs[0][1]).Round(time.Millisecond), med(runs[1][1]).Round(time.Millisecond),
			100*(med(runs[1][1]).Seconds()/med(runs[0][1]).Seconds()-1), runs)
	}
}

// logNow logs a figure, and prints it at once too: a run of an hour that
// is cut short keeps what it measured.
func logNow(b *testing.B, format string, args ...any) {
	b.Helper()
	b.Logf(format, args...)
	fmt.Fprintf(os.Stderr, format+"\n", args...)
}

// timed writes w, checks what it did, and returns how long it took.
func timed(b *testing.B, st *store.Store, w graph.WriteRequest, created, updated int) time.Duration {
	b.Helper()
	started := time.Now()
	out, err := st.Write(context.Background(), w)
	took := time.Since(started)
	require.NoError(b, err)
	require.Equal(b, created, out.Created)
	require.Equal(b, updated, out.Updated)
	return took
}

// measuredDB is a local Neo4j the benchmark starts and stops.
type measuredDB struct {
	b      *testing.B
	port   int
	dir    string
	server *localneo4j.Server
	st     *store.Store
}

func (d *measuredDB) uri() string { return fmt.Sprintf("bolt://127.0.0.1:%d", d.port) }

func (d *measuredDB) start() *store.Store {
	d.b.Helper()
	ctx := context.Background()
	var err error
	d.server, err = localneo4j.Start(ctx, localneo4j.Options{Port: d.port, DataDir: d.dir, Heap: "2g", PageCache: "512m"})
	require.NoError(d.b, err)
	d.st, err = store.Open(store.Config{URI: d.server.URI})
	require.NoError(d.b, err)
	require.NoError(d.b, d.st.Migrate(ctx))
	return d.st
}

// stop stops the database, which checkpoints the store, and returns the
// size of its store files (transaction logs left out).
func (d *measuredDB) stop() int64 {
	d.b.Helper()
	require.NoError(d.b, d.st.Close(context.Background()))
	require.NoError(d.b, d.server.Stop(time.Minute))
	var total int64
	require.NoError(d.b, filepath.WalkDir(filepath.Join(d.dir, "data", "databases", "neo4j"), func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		info, err := e.Info()
		total += info.Size()
		return err
	}))
	return total
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

func envInt(b *testing.B, name string, fallback int) int {
	b.Helper()
	v := os.Getenv(name)
	if v == "" {
		return fallback
	}
	n, err := strconv.Atoi(v)
	require.NoError(b, err, name)
	return n
}
