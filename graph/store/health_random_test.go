package store_test

// Org health against the reference model, for the random orgs of
// TestQuestionsAgainstReferenceModel (random_test.go). Every field of SPEC
// §2b and the breakdowns orgnet adds (per touchpoint, per channel, per
// unit, key people) are compared with internal/oracle; a route is checked
// edge by edge.

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/internal/oracle"
)

// compareHealth compares orgHealth, its breakdowns, the units and the key
// people at at with the reference.
func compareHealth(t *testing.T, st *store.Store, org *oracle.Org, at time.Time, where string) {
	t.Helper()
	ctx := context.Background()
	want := org.Health(at)
	got, err := st.OrgHealth(ctx, at)
	require.NoError(t, err, where)

	requireVolume(t, want.Volume, got.VolumeHealth, "the org, "+where)
	require.Equal(t, want.OrphanMatters, hMatterIDs(got.OrphanMatters), "orphanMatters, %s", where)
	singles := []oracle.SingleActor{}
	for _, s := range got.SingleActorMatters {
		singles = append(singles, oracle.SingleActor{Matter: s.Matter.ID, Person: s.Person.ID})
	}
	require.Equal(t, want.SingleActorMatters, singles, "singleActorMatters, %s", where)
	require.Equal(t, want.Layers, got.Layers, "layers, %s", where)
	require.Equal(t, want.UnitDepth, got.UnitDepth, "unitDepth, %s", where)
	require.Equal(t, want.SpanOfControl.Max, got.SpanOfControl.Max, "span max, %s", where)
	requireClose(t, want.SpanOfControl.Mean, got.SpanOfControl.Mean, "span mean, %s", where)
	requireClose(t, want.SpanOfControl.Median, got.SpanOfControl.Median, "span median, %s", where)

	require.Equal(t, handlingKeys(want.Handlings), storeHandlingKeys(got.Handlings), "handlings, %s", where)
	for i, w := range want.Handlings {
		g := got.Handlings[i]
		what := fmt.Sprintf("handling %s/%s, %s", w.Touchpoint, w.Matter, where)
		requireClose(t, &w.Residual, &g.Residual, "residual of %s", what)
		require.Equal(t, w.FrontLineCanAct, g.FrontLineCanAct, "frontLineCanAct of %s", what)
		require.Equal(t, w.Distance, g.Distance, "distance of %s", what)
		var path []oracle.Node
		if g.Route != nil {
			path = nodesOf(g.Route.Path)
		}
		require.NoError(t, org.CheckRoute(w.Touchpoint, w.Matter, nil, at, path), "route of %s", what)
	}

	require.Len(t, got.Touchpoints, len(want.Touchpoints), "touchpoints, %s", where)
	for i, w := range want.Touchpoints {
		require.Equal(t, w.Touchpoint, got.Touchpoints[i].Touchpoint.ID, "touchpoints, %s", where)
		requireVolume(t, w.Volume, got.Touchpoints[i].VolumeHealth, "touchpoint "+w.Touchpoint+", "+where)
	}
	require.Len(t, got.Channels, len(want.Channels), "channels, %s", where)
	for i, w := range want.Channels {
		g := got.Channels[i]
		require.Equal(t, fmt.Sprintf("%s×%d", w.Channel, w.Touchpoints), fmt.Sprintf("%s×%d", g.Channel, g.Touchpoints), "channels, %s", where)
		requireVolume(t, w.Volume, g.VolumeHealth, "channel "+string(w.Channel)+", "+where)
	}

	compareUnits(t, st, org, at, where)
	compareKeyPeople(t, st, org, at, got, where)
}

func handlingKeys(hs []oracle.HandlingHealth) []string {
	out := []string{}
	for _, h := range hs {
		out = append(out, h.Touchpoint+"/"+h.Matter)
	}
	return out
}

func storeHandlingKeys(hs []graph.HandlingHealth) []string {
	out := []string{}
	for _, h := range hs {
		out = append(out, h.Touchpoint.ID+"/"+h.Matter.ID)
	}
	return out
}

func requireVolume(t *testing.T, want oracle.Volume, got graph.VolumeHealth, what string) {
	t.Helper()
	requireClose(t, &want.Residual, &got.Residual, "residual of %s", what)
	requireClose(t, want.Empowerment, got.Empowerment, "empowerment of %s", what)
	requireClose(t, &want.StrandedVolume, &got.StrandedVolume, "strandedVolume of %s", what)
	requireClose(t, want.MeanCustomerDistance, got.MeanCustomerDistance, "meanCustomerDistance of %s", what)
}

func compareUnits(t *testing.T, st *store.Store, org *oracle.Org, at time.Time, where string) {
	t.Helper()
	ctx := context.Background()
	conn, err := st.UnitHealth(ctx, at, nil, graph.Page{First: 1000})
	require.NoError(t, err, where)
	var ids []string
	for _, u := range conn.Items {
		ids = append(ids, u.Team.ID)
	}
	exclusive, err := st.ExclusiveMatters(ctx, ids, at)
	require.NoError(t, err, where)
	var got []oracle.Unit
	for _, u := range conn.Items {
		got = append(got, oracle.Unit{Team: u.Team.ID, People: u.People, Layers: u.Layers, Mandates: u.Mandates, ExclusiveMatters: hMatterIDs(exclusive[u.Team.ID])})
	}
	require.Equal(t, org.Units(at), got, "units, %s", where)
	require.Equal(t, len(org.Snapshot().Teams), conn.Total, "units, %s", where)
}

func compareKeyPeople(t *testing.T, st *store.Store, org *oracle.Org, at time.Time, h *graph.OrgHealth, where string) {
	t.Helper()
	conn, err := st.KeyPeople(context.Background(), h, graph.Page{First: 1000})
	require.NoError(t, err, where)
	want := org.KeyPeople(at)
	require.Len(t, conn.Items, len(want), "keyPeople, %s", where)
	for i, w := range want {
		g := conn.Items[i]
		what := fmt.Sprintf("key person %s, %s", w.Person, where)
		require.Equal(t, w.Person, g.Person.ID, what)
		require.Equal(t, w.SoleMatters, hMatterIDs(g.SoleMatters), "sole matters of %s", what)
		requireClose(t, &w.SoleMatterResidual, &g.SoleMatterResidual, "sole matter residual of %s", what)
		requireClose(t, &w.StrandedIfLeft, &g.StrandedIfLeft, "stranded if left of %s", what)
		require.Equal(t, handlingKeys(w.StrandedHandlings), storeHandlingKeys(g.StrandedHandlings), "stranded handlings of %s", what)
	}
}

// requireClose: both nil, or both numbers within a relative 1e-9.
func requireClose(t *testing.T, want, got *float64, format string, args ...any) {
	t.Helper()
	what := fmt.Sprintf(format, args...)
	if want == nil || got == nil {
		require.Equal(t, want, got, what)
		return
	}
	if *want != *got {
		require.LessOrEqual(t, math.Abs(*want-*got), 1e-9*math.Max(math.Abs(*want), math.Abs(*got)), "%s: want %v, got %v", what, *want, *got)
	}
}
