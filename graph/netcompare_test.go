package graph_test

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/internal/oracle"
)

// TestDiffActorsAgainstOracle holds DiffActors equal to the reference
// model on random orgs and the orgs random scenario steps make of them,
// at random instants and for random amounts (none among them): for every
// matter of either org, who can act on it after and not before, and the
// other way round, from the reference model's whoCanAct on each side.
// Either org is the before side, so matters and people only one side has
// are diffed both ways.
func TestDiffActorsAgainstOracle(t *testing.T) {
	orgs := 600
	if testing.Short() {
		orgs = 100
	}
	for seed := uint64(1); seed <= uint64(orgs); seed++ {
		rng := rand.New(rand.NewPCG(seed, 0x64696666))
		before := oracle.RandomOrg(rng, 5+rng.IntN(30))
		after := before
		for n, steps := 0, 1+rng.IntN(6); n < steps; n++ {
			st := oracle.RandomStep(rng, after, n)
			next := oracle.ApplyStep(after, st)
			if len(oracle.Missing(after, st)) == 0 && len(oracle.Validate(next, oracle.DefaultLengths)) == 0 {
				after = next
			}
		}
		nb, na := graph.NewNet(before), graph.NewNet(after)
		times := append(oracle.QueryTimes(before), oracle.QueryTimes(after)...)
		amounts := append(oracle.QueryAmounts(before), oracle.QueryAmounts(after)...)
		for range 3 {
			at := times[rng.IntN(len(times))]
			amount := amounts[rng.IntN(len(amounts))]
			if rng.IntN(3) == 0 {
				amount = nil
			}
			where := fmt.Sprintf("seed %d, at %s, amount %s", seed, at.Format(time.RFC3339), showAmount(amount))
			require.Equal(t, oracleDiff(before, after, at, amount), netDiff(graph.DiffActors(nb, na, at, amount)), where)
			require.Equal(t, oracleDiff(after, before, at, amount), netDiff(graph.DiffActors(na, nb, at, amount)), "reversed, "+where)
		}
	}
}

// TestDiffActorsOfOneOrgIsEmpty: an org compared with itself (and with an
// identical copy, indexed alike) has no matter whose actors changed.
func TestDiffActorsOfOneOrgIsEmpty(t *testing.T) {
	for seed := uint64(1); seed <= 50; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		org := oracle.RandomOrg(rng, 5+rng.IntN(30))
		n := graph.NewNet(org)
		at := oracle.QueryTimes(org)[rng.IntN(len(oracle.QueryTimes(org)))]
		require.Empty(t, graph.DiffActors(n, n, at, nil), "seed %d, the same Net", seed)
		require.Empty(t, graph.DiffActors(n, graph.NewNet(org), at, nil), "seed %d, a copy", seed)
	}
}

// TestDiffActorsMatchesPeopleByID: the two sides index people
// differently (here in reverse order, one person only after); a person
// who can act on both sides neither gains nor loses, and the matter
// entity comes from after.
func TestDiffActorsMatchesPeopleByID(t *testing.T) {
	limit := func(v float64) *float64 { return &v }
	before := &graph.Snapshot{
		People:      []graph.Person{{ID: "p1", Name: "One", Active: true}, {ID: "p2", Name: "Two", Active: true}},
		Teams:       []graph.Team{{ID: "t1", Name: "Team", Kind: graph.TeamKind("TEAM")}},
		Matters:     []graph.Matter{{ID: "m1", Name: "Matter"}},
		Mandates:    []graph.Mandate{{ID: "md1", Name: "Md", Matter: "m1", Limit: limit(100), Holder: graph.Holder{Type: graph.HolderTeam, ID: "t1"}}},
		Memberships: []graph.Membership{{Person: "p1", Team: "t1"}, {Person: "p2", Team: "t1"}},
	}
	after := &graph.Snapshot{
		People:      []graph.Person{{ID: "p3", Name: "Three", Active: true}, before.People[1], before.People[0]},
		Teams:       before.Teams,
		Matters:     []graph.Matter{{ID: "m1", Name: "Matter renamed"}},
		Mandates:    before.Mandates,
		Memberships: []graph.Membership{{Person: "p3", Team: "t1"}, {Person: "p1", Team: "t1"}},
	}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	require.Equal(t, []graph.ActorDiff{{Matter: after.Matters[0], Gained: []string{"p3"}, Lost: []string{"p2"}}},
		graph.DiffActors(graph.NewNet(before), graph.NewNet(after), at, limit(100)), "an amount at the limit")
	require.Empty(t, graph.DiffActors(graph.NewNet(before), graph.NewNet(after), at, limit(100.01)),
		"an amount above every limit: nobody on either side")
}

type gainLoss struct{ Gained, Lost []string }

func netDiff(diffs []graph.ActorDiff) map[string]gainLoss {
	out := map[string]gainLoss{}
	for _, d := range diffs {
		out[d.Matter.ID] = gainLoss{d.Gained, d.Lost}
	}
	return out
}

// oracleDiff is who gained and who lost each matter between before and
// after, from the reference model's whoCanAct on each.
func oracleDiff(before, after *graph.Snapshot, at time.Time, amount *float64) map[string]gainLoss {
	ob, oa := oracle.New(before), oracle.New(after)
	actors := func(o *oracle.Org, org *graph.Snapshot, m string) map[string]bool {
		set := map[string]bool{}
		if slices.ContainsFunc(org.Matters, func(x graph.Matter) bool { return x.ID == m }) {
			for _, a := range o.WhoCanAct(m, amount, at) {
				set[a.Person] = true
			}
		}
		return set
	}
	matters := map[string]bool{}
	for _, m := range append(slices.Clone(before.Matters), after.Matters...) {
		matters[m.ID] = true
	}
	out := map[string]gainLoss{}
	for _, m := range slices.Sorted(maps.Keys(matters)) {
		b, a := actors(ob, before, m), actors(oa, after, m)
		var gl gainLoss
		for _, p := range slices.Sorted(maps.Keys(a)) {
			if !b[p] {
				gl.Gained = append(gl.Gained, p)
			}
		}
		for _, p := range slices.Sorted(maps.Keys(b)) {
			if !a[p] {
				gl.Lost = append(gl.Lost, p)
			}
		}
		if len(gl.Gained)+len(gl.Lost) > 0 {
			out[m] = gl
		}
	}
	return out
}

func showAmount(a *float64) string {
	if a == nil {
		return "none"
	}
	return fmt.Sprint(*a)
}

// BenchmarkDiffActors diffs the actors of every matter of a synthetic org
// of 100 000 people against the same org with its people listed in reverse
// (so indexed differently) and every thousandth mandate gone: the walk of both
// sides' actors that compareScenario makes over its two readings.
func BenchmarkDiffActors(b *testing.B) {
	before, err := graph.DecodeSnapshot(bytes.NewReader(synthDoc(b, 100_000)))
	if err != nil {
		b.Fatal(err)
	}
	after := *before
	after.People = slices.Clone(before.People)
	slices.Reverse(after.People)
	after.Mandates = nil
	for i, md := range before.Mandates {
		if i%1000 != 0 {
			after.Mandates = append(after.Mandates, md)
		}
	}
	nb, na := graph.NewNet(before), graph.NewNet(&after)
	at := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	amount := 2000.0
	for _, a := range []*float64{nil, &amount} {
		b.Run("amount="+showAmount(a), func(b *testing.B) {
			for b.Loop() {
				b.ReportMetric(float64(len(graph.DiffActors(nb, na, at, a))), "matters-changed")
			}
		})
	}
}
