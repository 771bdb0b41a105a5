package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime/debug"
	"syscall"
	"testing"
	"time"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/internal/testneo4j"
	"github.com/orgnet/orgnet/seed"
	"github.com/orgnet/orgnet/server"
)

// BenchmarkWhoCanActAnswer asks whoCanAct about a matter of a 10 000-person
// synthetic org with about 400 actors, side by side: "store" is the store's
// own call (the query, the driver's decoding, our conversion) and "graphql"
// the whole request through the handler, without a network. Their ratio is
// what GraphQL execution and JSON add to a large answer; -cpuprofile shows
// where it goes. Each also reports cpu-ns/op, the CPU this process spent
// per request (Neo4j runs apart): the figure the machine's load changes
// least. The collector gets the room `orgnet serve` gives it.
func BenchmarkWhoCanActAnswer(b *testing.B) {
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	st := testneo4j.Store(b)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	snap := importSynth(b, st, 10_000, 1)

	// The matter whose actor count is nearest 400: the size whoCanAct's
	// target is set for.
	ids := make([]string, len(snap.Matters))
	for i, m := range snap.Matters {
		ids[i] = m.ID
	}
	actors, err := st.WhoCanAct(ctx, ids, graph.Question{At: time.Now()})
	if err != nil {
		b.Fatal(err)
	}
	matter, grants := "", 0
	for _, id := range ids { // in the snapshot's order: the same matter every run
		if matter == "" || abs(len(actors[id])-400) < abs(len(actors[matter])-400) {
			matter = id
		}
	}
	for _, a := range actors[matter] {
		grants += len(a.Grants)
	}

	srv := server.New(st, slog.New(slog.NewTextHandler(io.Discard, nil)), server.Config{})
	if err := srv.Prepare(ctx, nil); err != nil {
		b.Fatal(err)
	}
	handler := srv.Handler()
	body, err := json.Marshal(map[string]any{
		"query": `query($m: ID!) { whoCanAct(matter: $m) {
			person { id name } limit grants { via limit mandate { id name } team { id name } } } }`,
		"variables": map[string]any{"m": matter},
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("matter %s: %d actors, %d grants", matter, len(actors[matter]), grants)

	ask := func(b *testing.B) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
			b.Fatalf("status %d: %.300s", rec.Code, rec.Body.String())
		}
		return rec
	}
	// Warm: Neo4j plans the query and pages the data in on the first asks.
	for range 20 {
		ask(b)
	}

	b.Run("store", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			if _, err := st.WhoCanAct(ctx, []string{matter}, graph.Question{At: time.Now()}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(actors[matter])), "actors")
	})
	b.Run("graphql", func(b *testing.B) {
		fields := 0
		defer reportCPU(b)()
		for b.Loop() {
			rec := ask(b)
			if fields == 0 {
				var answer any
				if err := json.Unmarshal(rec.Body.Bytes(), &answer); err != nil {
					b.Fatal(err)
				}
				fields = countFields(answer)
			}
		}
		b.ReportMetric(float64(fields), "fields/op")
		b.ReportMetric(float64(len(actors[matter])), "actors")
	})
}

// reportCPU starts counting the process's CPU time (user and system, every
// goroutine's, the collector's too); the function it returns reports it per
// iteration as cpu-ns/op.
func reportCPU(b *testing.B) func() {
	start := processCPU(b)
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64(processCPU(b)-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

func processCPU(b *testing.B) time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		b.Fatal(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// countFields counts the fields of a GraphQL answer: the keys of its objects.
func countFields(v any) int {
	n := 0
	switch v := v.(type) {
	case map[string]any:
		for _, f := range v {
			n += 1 + countFields(f)
		}
	case []any:
		for _, e := range v {
			n += countFields(e)
		}
	}
	return n
}

// importSynth writes the synthetic org of people and seed into st.
func importSynth(tb testing.TB, st *store.Store, people int, seedValue int64) *graph.Snapshot {
	tb.Helper()
	var doc bytes.Buffer
	if err := seed.Synth(&doc, seed.SynthOptions{People: people, Seed: seedValue}); err != nil {
		tb.Fatal(err)
	}
	snap, err := graph.DecodeSnapshot(&doc)
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if _, err := st.Import(ctx, snap, graph.ImportReplace, nil); err != nil {
		tb.Fatal(err)
	}
	return snap
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
