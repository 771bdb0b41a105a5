package store

import (
	"context"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// TestProfileHealth prints the PROFILE (db hits per operator) of each query
// that reads the org org health is computed over, and times the reading,
// the computing (graph.Net) and the whole of OrgHealth, KeyPeople,
// UnitHealth and ExclusiveMatters (median of ORGNET_PROFILE_RUNS runs,
// default 7), on the org of TestProfileQuestions: the demo
// (ORGNET_PROFILE_ORG=demo) or a synthetic one of N people, in the database
// at ORGNET_PROFILE_NEO4J_URI, which it replaces the org of
// (ORGNET_PROFILE_SKIP_IMPORT=1 keeps the org there), at 2026-06-01 or
// ORGNET_PROFILE_AT. ORGNET_PROFILE_PLANS=1 prints the plans too;
// ORGNET_PROFILE_CASE=s only the cases and timings whose name contains s.
//
//	go run ./internal/withneo4j --port 7695 --data DIR -- sleep 3600 &
//	ORGNET_PROFILE_NEO4J_URI=bolt://127.0.0.1:7695 ORGNET_PROFILE_ORG=10000 \
//	  go test ./graph/store/ -run TestProfileHealth -v -count=1
func TestProfileHealth(t *testing.T) {
	s, ctx := profileStore(t)
	at := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	if a := os.Getenv("ORGNET_PROFILE_AT"); a != "" {
		var err error
		if at, err = time.Parse(time.RFC3339, a); err != nil {
			t.Fatal(err)
		}
	}

	h, err := s.OrgHealth(ctx, at)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d handlings, %d touchpoints, %d orphan and %d single-actor matters, layers %d, unit depth %d",
		len(h.Handlings), len(h.Touchpoints), len(h.OrphanMatters), len(h.SingleActorMatters), h.Layers, h.UnitDepth)

	only := os.Getenv("ORGNET_PROFILE_CASE")
	for i, cypher := range Queries["orgHealth"] {
		name := "read " + strconv.Itoa(i+1)
		if !strings.Contains(name, only) {
			continue
		}
		hits, plan, rows := profile(t, s, cypher, nil)
		if os.Getenv("ORGNET_PROFILE_PLANS") == "" {
			plan = ""
		}
		t.Logf("%s: %d db hits, %d rows\n%s", name, hits, rows, plan)
	}

	runs := 7
	if n, err := strconv.Atoi(os.Getenv("ORGNET_PROFILE_RUNS")); err == nil {
		runs = n
	}
	timeIt := func(name string, f func(ctx context.Context) error) {
		if !strings.Contains(name, only) {
			return
		}
		var ds []time.Duration
		var trips int64
		for range runs {
			ctx, n := CountRoundTrips(ctx)
			start := time.Now()
			if err := f(ctx); err != nil {
				t.Fatal(err)
			}
			ds = append(ds, time.Since(start))
			trips = n.Load()
		}
		slices.Sort(ds)
		t.Logf("%s: median %v of %d runs (min %v, max %v), %d round trips", name, ds[len(ds)/2], runs, ds[0], ds[len(ds)-1], trips)
	}
	net, err := s.Net(ctx)
	if err != nil {
		t.Fatal(err)
	}
	units := net.Units(at, nil, graph.Page{First: 50})
	var first50 []string
	for _, u := range units.Items {
		first50 = append(first50, u.Team.ID)
	}
	timeIt("reading the org", func(ctx context.Context) error { _, err := s.Net(ctx); return err })
	timeIt("computing: Net.Health", func(context.Context) error { net.Health(at); return nil })
	timeIt("computing: Net.Units, first 50", func(context.Context) error { net.Units(at, nil, graph.Page{First: 50}); return nil })
	timeIt("computing: Net.Units, first 1000", func(context.Context) error { net.Units(at, nil, graph.Page{First: 1000}); return nil })
	timeIt("computing: Net.ExclusiveMatters, units first 50", func(context.Context) error { net.ExclusiveMatters(first50, at); return nil })
	timeIt("OrgHealth", func(ctx context.Context) error { _, err := s.OrgHealth(ctx, at); return err })
	timeIt("OrgHealth + KeyPeople + units + exclusive matters, first 50 each", func(ctx context.Context) error {
		h, err := s.OrgHealth(ctx, at)
		if err == nil {
			_, err = s.KeyPeople(ctx, h, graph.Page{First: 50})
		}
		if err == nil {
			h.Net().Units(at, nil, graph.Page{First: 50})
			h.Net().ExclusiveMatters(first50, at)
		}
		return err
	})
}
