package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/orgnet/orgnet/auth"
	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/internal/testneo4j"
	"github.com/orgnet/orgnet/server"
)

// BenchmarkCanActRateCost measures what the per-principal rate, shared
// through the database, costs a canAct at 10 000 people: the whole
// handler (API token checked against Neo4j on every request) with the
// rate off, and on at 1 000 requests a second in bursts of 2 000 —
// blocks of 100, so one request in 100 leases a block, a write — the
// modes interleaved request by request. p50 and p99 of each.
//
// make bench-go BENCH_GO=CanActRateCost runs it.
func BenchmarkCanActRateCost(b *testing.B) {
	st := testneo4j.Store(b)
	ctx := context.Background()
	snap := importSynth(b, st, 10_000, 1)
	forgetTokens(b)
	token, err := auth.IssueToken(ctx, st, "bench", graph.ReaderRole)
	if err != nil {
		b.Fatal(err)
	}
	authenticator, err := auth.NewAuthenticator(auth.Config{}, st, "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	handler := func(rate float64, burst int) http.Handler {
		return server.New(st, quiet, server.Config{Auth: authenticator, Rate: rate, Burst: burst}).Handler()
	}
	off, on := handler(-1, 0), handler(1000, 2000)

	body, _ := json.Marshal(map[string]any{"query": `query Decide($p: ID!, $m: ID!) { canAct(person: $p, matter: $m, amount: 500) { allowed reason } }`,
		"variables": map[string]any{"p": snap.People[len(snap.People)/2].ID, "m": snap.Matters[len(snap.Matters)/2].ID}})
	ask := func(h http.Handler) time.Duration {
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		started := time.Now()
		h.ServeHTTP(rec, req)
		took := time.Since(started)
		if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
		return took
	}
	for range 50 { // warm both paths and the database's caches
		ask(off)
		ask(on)
	}
	var offTimes, onTimes []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		offTimes = append(offTimes, ask(off))
		onTimes = append(onTimes, ask(on))
	}
	b.StopTimer()
	quantile := func(d []time.Duration, q float64) float64 {
		slices.Sort(d)
		return float64(d[int(q*float64(len(d)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(quantile(offTimes, 0.5), "off-p50-ms")
	b.ReportMetric(quantile(onTimes, 0.5), "on-p50-ms")
	b.ReportMetric(quantile(offTimes, 0.99), "off-p99-ms")
	b.ReportMetric(quantile(onTimes, 0.99), "on-p99-ms")
	b.ReportMetric(0, "ns/op")
}
