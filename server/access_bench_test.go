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

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/orgnet/orgnet/auth"
	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/internal/testneo4j"
	"github.com/orgnet/orgnet/server"
)

// BenchmarkCanActAccessCost measures what access control and operability
// cost a canAct at 10 000 people, p50 side by side in one run, the modes
// interleaved request by request:
//
//   - bare: the GraphQL endpoint alone, every request the local admin, no
//     rate limit, no request log or metrics, tracing off;
//   - full: the whole handler as served — an API token checked against
//     Neo4j on every request, the rate limit (shared through Neo4j, at
//     1 000/s in bursts of 2 000: one request in a hundred leases a block,
//     a write), security headers, request log and metrics, and tracing on
//     with every span recorded (to an in-memory exporter, reset as it
//     goes);
//   - untraced: full with tracing off, to tell tracing's share from the
//     rest;
//   - unlimited: untraced with the rate limit off, to tell the rate's
//     share.
//
// make bench-go BENCH_GO=CanActAccessCost runs it.
func BenchmarkCanActAccessCost(b *testing.B) {
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

	bareOpts := server.Config{}
	bareOpts.Rate = -1
	bare := server.New(st, quiet, bareOpts).GraphQLEndpoint()
	fullOpts := server.Config{}
	fullOpts.Auth = authenticator
	fullOpts.Rate, fullOpts.Burst = 1000, 2000
	full := server.New(st, quiet, fullOpts).Handler()
	unlimitedOpts := fullOpts
	unlimitedOpts.Rate = -1
	unlimited := server.New(st, quiet, unlimitedOpts).Handler()

	exporter := tracetest.NewInMemoryExporter()
	provider := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exporter))
	noTracing := otel.GetTracerProvider()
	defer otel.SetTracerProvider(noTracing)

	body, _ := json.Marshal(map[string]any{"query": `query Decide($p: ID!, $m: ID!) { canAct(person: $p, matter: $m, amount: 500) { allowed reason } }`,
		"variables": map[string]any{"p": snap.People[len(snap.People)/2].ID, "m": snap.Matters[len(snap.Matters)/2].ID}})
	ask := func(h http.Handler, bearer bool) time.Duration {
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if bearer {
			req.Header.Set("Authorization", "Bearer "+token)
		}
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
		ask(bare, false)
		ask(full, true)
	}
	var bareTimes, unlimitedTimes, untracedTimes, fullTimes []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		otel.SetTracerProvider(noTracing)
		bareTimes = append(bareTimes, ask(bare, false))
		unlimitedTimes = append(unlimitedTimes, ask(unlimited, true))
		untracedTimes = append(untracedTimes, ask(full, true))
		otel.SetTracerProvider(provider)
		fullTimes = append(fullTimes, ask(full, true))
		if i%100 == 0 {
			exporter.Reset()
		}
	}
	b.StopTimer()
	p50 := func(d []time.Duration) float64 {
		slices.Sort(d)
		return float64(d[len(d)/2].Microseconds()) / 1000
	}
	b.ReportMetric(p50(bareTimes), "bare-p50-ms")
	b.ReportMetric(p50(unlimitedTimes), "unlimited-p50-ms")
	b.ReportMetric(p50(untracedTimes), "untraced-p50-ms")
	b.ReportMetric(p50(fullTimes), "full-p50-ms")
	b.ReportMetric(0, "ns/op")
}
