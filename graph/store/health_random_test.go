package store_test

// Org health against the reference model, for the random orgs of
// TestQuestionsAgainstReferenceModel (random_test.go). Every field of
// docs/health.md and the breakdowns orgnet adds (per touchpoint, per channel, per
// unit, key people) are compared with internal/oracle; a route is checked
// edge by edge.

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/internal/oracle"
)

// compareHealth compares orgHealth, its breakdowns, the units and the key
// people at at with the reference.
func compareHealth(t *testing.T, st *store.Store, org *oracle.Org, at time.Time, where string) {
	t.Helper()
	want := org.Health(at)
	got, err := storeHealth(st, at)
	require.NoError(t, err, where)

	requireVolume(t, want.Volume, got.Volume, "the org, "+where)
	require.Equal(t, want.OrphanMatters, got.OrphanMatters, "orphanMatters, %s", where)
	require.Equal(t, want.SingleActorMatters, got.SingleActorMatters, "singleActorMatters, %s", where)
	require.Equal(t, want.Layers, got.Layers, "layers, %s", where)
	require.Equal(t, want.UnitDepth, got.UnitDepth, "unitDepth, %s", where)
	require.Equal(t, want.SpanOfControl.Max, got.SpanOfControl.Max, "span max, %s", where)
	requireClose(t, want.SpanOfControl.Mean, got.SpanOfControl.Mean, "span mean, %s", where)
	requireClose(t, want.SpanOfControl.Median, got.SpanOfControl.Median, "span median, %s", where)

	requireHandlings(t, want.Handlings, got.Handlings, "handlings, "+where)
	for _, h := range want.Handlings {
		key := h.Touchpoint + "/" + h.Matter
		require.NoError(t, org.CheckRoute(h.Touchpoint, h.Matter, nil, at, got.Routes[key]), "route of %s, %s", key, where)
	}

	require.Len(t, got.Touchpoints, len(want.Touchpoints), "touchpoints, %s", where)
	for i, w := range want.Touchpoints {
		require.Equal(t, w.Touchpoint, got.Touchpoints[i].Touchpoint, "touchpoints, %s", where)
		requireVolume(t, w.Volume, got.Touchpoints[i].Volume, "touchpoint "+w.Touchpoint+", "+where)
	}
	require.Len(t, got.Channels, len(want.Channels), "channels, %s", where)
	for i, w := range want.Channels {
		g := got.Channels[i]
		require.Equal(t, fmt.Sprintf("%s×%d", w.Channel, w.Touchpoints), fmt.Sprintf("%s×%d", g.Channel, g.Touchpoints), "channels, %s", where)
		requireVolume(t, w.Volume, g.Volume, "channel "+string(w.Channel)+", "+where)
	}

	require.Equal(t, org.Units(at), got.Units, "units, %s", where)

	wantKeys := org.KeyPeople(at)
	require.Len(t, got.KeyPeople, len(wantKeys), "keyPeople, %s", where)
	for i, w := range wantKeys {
		g := got.KeyPeople[i]
		what := fmt.Sprintf("key person %s, %s", w.Person, where)
		require.Equal(t, w.Person, g.Person, what)
		require.Equal(t, w.SoleMatters, g.SoleMatters, "sole matters of %s", what)
		requireClose(t, &w.SoleMatterResidual, &g.SoleMatterResidual, "sole matter residual of %s", what)
		requireClose(t, &w.StrandedIfLeft, &g.StrandedIfLeft, "stranded if left of %s", what)
		requireHandlings(t, w.StrandedHandlings, g.StrandedHandlings, "stranded handlings of "+what)
	}
}

func requireHandlings(t *testing.T, want, got []oracle.HandlingHealth, what string) {
	t.Helper()
	require.Len(t, got, len(want), what)
	for i, w := range want {
		g := got[i]
		key := w.Touchpoint + "/" + w.Matter
		require.Equal(t, key, g.Touchpoint+"/"+g.Matter, what)
		requireClose(t, &w.Residual, &g.Residual, "residual of %s, %s", key, what)
		require.Equal(t, w.FrontLineCanAct, g.FrontLineCanAct, "frontLineCanAct of %s, %s", key, what)
		require.Equal(t, w.Distance, g.Distance, "distance of %s, %s", key, what)
	}
}

func requireVolume(t *testing.T, want, got oracle.Volume, what string) {
	t.Helper()
	requireClose(t, &want.Residual, &got.Residual, "residual of %s", what)
	requireClose(t, want.Empowerment, got.Empowerment, "empowerment of %s", what)
	requireClose(t, &want.StrandedVolume, &got.StrandedVolume, "strandedVolume of %s", what)
	requireClose(t, want.MeanCustomerDistance, got.MeanCustomerDistance, "meanCustomerDistance of %s", what)
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
