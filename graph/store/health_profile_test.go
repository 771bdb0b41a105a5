package store

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// TestProfileHealth prints the PROFILE (db hits per operator) of every org
// health query and times OrgHealth, KeyPeople and UnitHealth (median of
// ORGNET_PROFILE_RUNS runs, default 7), on the org of TestProfileQuestions:
// the demo (ORGNET_PROFILE_ORG=demo) or a synthetic one of N people, in the
// database at ORGNET_PROFILE_NEO4J_URI, which it replaces the org of
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

	params := map[string]any{"at": at, "amount": nil}
	// The key-people search for a page of 1000 key people, and, as a worst
	// case, for every active person on every route as if each were one.
	keySearch := graph.PlanKeyPeople(h, graph.Page{First: graph.MaxPage}).Reroutes
	var everyoneSearch []graph.Reroute
	pairs := 0
	for _, hh := range h.Handlings {
		if hh.Route == nil {
			continue
		}
		r := graph.Reroute{Touchpoint: hh.Touchpoint.ID, Matter: hh.Matter.ID}
		for _, n := range hh.Route.Path {
			if p, ok := n.(*graph.Person); ok {
				r.Avoid = append(r.Avoid, p.ID)
				pairs++
			}
		}
		everyoneSearch = append(everyoneSearch, r)
	}
	units, err := s.UnitHealth(ctx, at, nil, graph.Page{First: 50})
	if err != nil {
		t.Fatal(err)
	}
	var first50 []string
	for _, u := range units.Items {
		first50 = append(first50, u.Team.ID)
	}
	cases := []struct {
		name   string
		cypher string
		params map[string]any
	}{
		{"handlings", healthHandlingsQuery, params},
		{"matters", healthMattersQuery, params},
		{"structure", healthStructureQuery, nil},
		{"key people, a page of 1000", keyPeopleQuery, map[string]any{"handlings": rerouteRows(keySearch), "at": at, "amount": nil}},
		{fmt.Sprintf("key people, worst case: all %d (handling, person on its route)", pairs), keyPeopleQuery,
			map[string]any{"handlings": rerouteRows(everyoneSearch), "at": at, "amount": nil}},
		{"units, first 50", unitHealthQuery, map[string]any{"at": at, "amount": nil, "kind": nil, "after": "", "limit": 51}},
		{"units, exclusive matters of the first 50", exclusiveMattersQuery, map[string]any{"at": at, "amount": nil, "teamIds": first50}},
	}
	only := os.Getenv("ORGNET_PROFILE_CASE")
	for _, c := range cases {
		if !strings.Contains(c.name, only) {
			continue
		}
		hits, plan, rows := profile(t, s, c.cypher, c.params)
		if os.Getenv("ORGNET_PROFILE_PLANS") == "" {
			plan = ""
		}
		t.Logf("%s: %d db hits, %d rows\n%s", c.name, hits, rows, plan)
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
	timeIt("OrgHealth", func(ctx context.Context) error { _, err := s.OrgHealth(ctx, at); return err })
	timeIt("KeyPeople, first 50", func(ctx context.Context) error { _, err := s.KeyPeople(ctx, h, graph.Page{First: 50}); return err })
	timeIt("key people search, worst case", func(ctx context.Context) error {
		_, err := s.query(ctx, keyPeopleQuery, map[string]any{"handlings": rerouteRows(everyoneSearch), "at": at, "amount": nil})
		return err
	})
	timeIt("UnitHealth, first 50", func(ctx context.Context) error {
		_, err := s.UnitHealth(ctx, at, nil, graph.Page{First: 50})
		return err
	})
	timeIt("ExclusiveMatters, units first 50", func(ctx context.Context) error { _, err := s.ExclusiveMatters(ctx, first50, at); return err })
	timeIt("OrgHealth + KeyPeople + UnitHealth + ExclusiveMatters", func(ctx context.Context) error {
		h, err := s.OrgHealth(ctx, at)
		if err == nil {
			_, err = s.KeyPeople(ctx, h, graph.Page{First: 50})
		}
		if err == nil {
			_, err = s.UnitHealth(ctx, at, nil, graph.Page{First: 50})
		}
		if err == nil {
			_, err = s.ExclusiveMatters(ctx, first50, at)
		}
		return err
	})
}
