package graph_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/internal/oracle"
)

// TestNetAgainstOracle holds graph.Net equal to the reference model on
// random orgs, without a database and so on more of them than the store's
// randomized tests (which compare org health as the store answers it,
// computed by graph.Net over what Neo4j holds): every handling, its route
// checked edge by edge, the volume figures, the matters nobody or one
// person can act on, the shape of the org, every unit with its exclusive
// matters, and the key people.
func TestNetAgainstOracle(t *testing.T) {
	orgs := 1000
	if testing.Short() {
		orgs = 100
	}
	for seed := uint64(1); seed <= uint64(orgs); seed++ {
		rng := rand.New(rand.NewPCG(seed, 0x6e6574))
		snap := oracle.RandomOrg(rng, 5+rng.IntN(30))
		ref, net := oracle.New(snap), graph.NewNet(snap)
		times := oracle.QueryTimes(snap)
		for range 2 {
			at := times[rng.IntN(len(times))]
			compareNet(t, ref, net, at, fmt.Sprintf("seed %d, at %s", seed, at.Format(time.RFC3339)))
		}
	}
}

func compareNet(t *testing.T, ref *oracle.Org, net *graph.Net, at time.Time, where string) {
	t.Helper()
	want, got := ref.Health(at), net.Health(at)

	requireNetHandlings(t, want.Handlings, got.Handlings, "handlings, "+where)
	for _, h := range got.Handlings {
		var path []oracle.Node
		if h.Route != nil {
			path = netNodes(h.Route.Path)
		}
		require.NoError(t, ref.CheckRoute(h.Touchpoint.ID, h.Matter.ID, nil, at, path), "route of %s/%s, %s", h.Touchpoint.ID, h.Matter.ID, where)
	}
	requireNetClose(t, &want.Residual, &got.Residual, "residual, %s", where)
	requireNetClose(t, want.Empowerment, got.Empowerment, "empowerment, %s", where)
	requireNetClose(t, &want.StrandedVolume, &got.StrandedVolume, "strandedVolume, %s", where)
	requireNetClose(t, want.MeanCustomerDistance, got.MeanCustomerDistance, "meanCustomerDistance, %s", where)

	orphans := []string{}
	for _, m := range got.OrphanMatters {
		orphans = append(orphans, m.ID)
	}
	require.Equal(t, want.OrphanMatters, orphans, "orphanMatters, %s", where)
	singles := []oracle.SingleActor{}
	for _, s := range got.SingleActorMatters {
		singles = append(singles, oracle.SingleActor{Matter: s.Matter.ID, Person: s.Person.ID})
	}
	require.Equal(t, want.SingleActorMatters, singles, "singleActorMatters, %s", where)
	require.Equal(t, want.Layers, got.Layers, "layers, %s", where)
	require.Equal(t, want.UnitDepth, got.UnitDepth, "unitDepth, %s", where)
	require.Equal(t, want.SpanOfControl.Max, got.SpanOfControl.Max, "span max, %s", where)
	requireNetClose(t, want.SpanOfControl.Mean, got.SpanOfControl.Mean, "span mean, %s", where)
	requireNetClose(t, want.SpanOfControl.Median, got.SpanOfControl.Median, "span median, %s", where)

	units := net.Units(at, nil, graph.Page{First: graph.MaxPage})
	var ids []string
	for _, u := range units.Items {
		ids = append(ids, u.Team.ID)
	}
	exclusive := net.ExclusiveMatters(ids, at)
	gotUnits := []oracle.Unit{}
	for _, u := range units.Items {
		matters := []string{}
		for _, m := range exclusive[u.Team.ID] {
			matters = append(matters, m.ID)
		}
		gotUnits = append(gotUnits, oracle.Unit{Team: u.Team.ID, People: u.People, Layers: u.Layers, Mandates: u.Mandates, ExclusiveMatters: matters})
	}
	wantUnits := ref.Units(at)
	if len(wantUnits) == 0 {
		wantUnits = []oracle.Unit{}
	}
	require.Equal(t, wantUnits, gotUnits, "units, %s", where)

	plan := graph.PlanKeyPeople(got, graph.Page{First: graph.MaxPage})
	keys := plan.Assemble(net.Stranded(plan.Reroutes, at))
	wantKeys := ref.KeyPeople(at)
	require.Len(t, keys.Items, len(wantKeys), "keyPeople, %s", where)
	for i, w := range wantKeys {
		g := keys.Items[i]
		what := fmt.Sprintf("key person %s, %s", w.Person, where)
		require.Equal(t, w.Person, g.Person.ID, what)
		sole := []string{}
		for _, m := range g.SoleMatters {
			sole = append(sole, m.ID)
		}
		require.Equal(t, w.SoleMatters, sole, "sole matters of %s", what)
		requireNetClose(t, &w.SoleMatterResidual, &g.SoleMatterResidual, "sole matter residual of %s", what)
		requireNetClose(t, &w.StrandedIfLeft, &g.StrandedIfLeft, "stranded if left of %s", what)
		requireNetHandlings(t, w.StrandedHandlings, g.StrandedHandlings, "stranded handlings of "+what)
	}
}

func requireNetHandlings(t *testing.T, want []oracle.HandlingHealth, got []graph.HandlingHealth, what string) {
	t.Helper()
	require.Len(t, got, len(want), what)
	for i, w := range want {
		g := got[i]
		key := w.Touchpoint + "/" + w.Matter
		require.Equal(t, key, g.Touchpoint.ID+"/"+g.Matter.ID, what)
		requireNetClose(t, &w.Residual, &g.Residual, "residual of %s, %s", key, what)
		require.Equal(t, w.FrontLineCanAct, g.FrontLineCanAct, "frontLineCanAct of %s, %s", key, what)
		require.Equal(t, w.Distance, g.Distance, "distance of %s, %s", key, what)
	}
}

func netNodes(path []graph.RouteNode) []oracle.Node {
	out := make([]oracle.Node, len(path))
	for i, n := range path {
		switch v := n.(type) {
		case *graph.Touchpoint:
			out[i] = oracle.TouchpointNode(v.ID)
		case *graph.Team:
			out[i] = oracle.TeamNode(v.ID)
		case *graph.Person:
			out[i] = oracle.PersonNode(v.ID)
		}
	}
	return out
}

// requireNetClose: both nil, or both numbers within a relative 1e-9.
func requireNetClose(t *testing.T, want, got *float64, format string, args ...any) {
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
