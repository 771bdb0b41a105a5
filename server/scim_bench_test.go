package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/internal/testneo4j"
	"github.com/orgnet/orgnet/seed"
	"github.com/orgnet/orgnet/server"
)

// scimBenchServer is the SCIM service over the 10 000-person synthetic org
// (orgnet synth --people 10000 --seed 1), without a network.
func scimBenchServer(b *testing.B) (http.Handler, *graph.Snapshot) {
	st := testneo4j.Store(b)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var doc bytes.Buffer
	if err := seed.Synth(&doc, seed.SynthOptions{People: 10_000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	snap, err := graph.DecodeSnapshot(&doc)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := st.Import(ctx, snap, graph.ImportReplace, nil); err != nil {
		b.Fatal(err)
	}
	srv := server.New(st, slog.New(slog.NewTextHandler(io.Discard, nil)), server.Config{})
	if err := srv.Prepare(ctx, nil); err != nil {
		b.Fatal(err)
	}
	return srv.Handler(), snap
}

func scimSend(b *testing.B, h http.Handler, method, path string, body any, want int) {
	raw, err := json.Marshal(body)
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest(method, "/scim/v2"+path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/scim+json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != want {
		b.Fatalf("%s %s: status %d: %.300s", method, path, rec.Code, rec.Body.String())
	}
}

// BenchmarkSCIMUserCreate creates people one POST /Users at a time in an
// org of 10 000: the rate an identity tool's initial sync gets.
func BenchmarkSCIMUserCreate(b *testing.B) {
	h, _ := scimBenchServer(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		scimSend(b, h, "POST", "/Users", map[string]any{
			"userName": fmt.Sprintf("bench.user%d@example.com", i), "displayName": fmt.Sprintf("Bench User %d", i),
			"emails": []any{map[string]any{"value": fmt.Sprintf("bench.user%d@example.com", i), "type": "work", "primary": true}},
			"active": true,
		}, http.StatusCreated)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "creates/s")
}

// BenchmarkSCIMGroupMemberPatch adds one member to the largest team of the
// 10 000-person org by PATCH, one request at a time, as Entra ID and Okta
// push memberships.
func BenchmarkSCIMGroupMemberPatch(b *testing.B) {
	h, snap := scimBenchServer(b)
	size := map[string]int{}
	in := map[graph.MembershipKey]bool{}
	for _, m := range snap.Memberships {
		size[m.Team]++
		in[m.Key()] = true
	}
	team := ""
	for _, t := range snap.Teams {
		if team == "" || size[t.ID] > size[team] {
			team = t.ID
		}
	}
	var outsiders []string
	for _, p := range snap.People {
		if !in[graph.MembershipKey{Person: p.ID, Team: team}] {
			outsiders = append(outsiders, p.ID)
		}
	}
	b.Logf("team %s: %d members; %d people to add", team, size[team], len(outsiders))
	if b.N > len(outsiders) {
		b.Fatalf("b.N %d is more than the %d people outside the team", b.N, len(outsiders))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		scimSend(b, h, "PATCH", "/Groups/"+team, map[string]any{
			"schemas":    []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
			"Operations": []any{map[string]any{"op": "add", "path": "members", "value": []any{map[string]any{"value": outsiders[i]}}}},
		}, http.StatusNoContent)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "patches/s")
}
