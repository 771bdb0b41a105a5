package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/internal/oracle"
	"github.com/orgnet/orgnet/internal/testneo4j"
)

// TestQuestionsAgainstReferenceModel imports hundreds of random valid orgs
// and asks every question of SPEC §2 at several times and amounts, and org
// health (SPEC §2b, see health_random_test.go) at two times, comparing each
// answer with the reference model (internal/oracle), which shares no rule
// with the store. A route is checked edge by edge, not only by its
// length. A failure names the org's seed; rerun one org with
// ORGNET_RANDOM_SEED=<seed>.
func TestQuestionsAgainstReferenceModel(t *testing.T) {
	st := testneo4j.Store(t)
	orgs, first := 200, uint64(1)
	if s := os.Getenv("ORGNET_RANDOM_SEED"); s != "" {
		seed, err := strconv.ParseUint(s, 10, 64)
		require.NoError(t, err)
		orgs, first = 1, seed
	} else if n := os.Getenv("ORGNET_RANDOM_ORGS"); n != "" {
		var err error
		orgs, err = strconv.Atoi(n)
		require.NoError(t, err)
	}
	for seed := first; seed < first+uint64(orgs); seed++ {
		if !t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) { compareOrg(t, st, seed) }) {
			t.Logf("rerun this org alone with ORGNET_RANDOM_SEED=%d", seed)
		}
	}
}

func compareOrg(t *testing.T, st *store.Store, seed uint64) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, 0x6f72676e6574))
	snap := oracle.RandomOrg(rng, 5+rng.IntN(30))
	_, err := st.Import(ctx, snap, graph.ImportReplace, nil)
	require.NoError(t, err)
	org := oracle.New(snap)

	matters := make([]string, len(snap.Matters))
	for i, m := range snap.Matters {
		matters[i] = m.ID
	}
	times, amounts := pick(rng, oracle.QueryTimes(snap), 3), pick(rng, oracle.QueryAmounts(snap), 3)
	for _, at := range times {
		for _, amount := range amounts {
			q := graph.Question{Amount: amount, At: at}
			where := fmt.Sprintf("seed %d, at %s, amount %s", seed, at.Format(time.RFC3339), show(amount))

			got, err := st.WhoCanAct(ctx, matters, q)
			require.NoError(t, err, where)
			for _, m := range matters {
				require.Equal(t, org.WhoCanAct(m, amount, at), actorsOf(got[m]), "whoCanAct(%s), %s", m, where)
			}
			// The same, a page at a time, every matter at once.
			size := 1 + rng.IntN(4)
			paged := map[string][]graph.Actor{}
			for m, pages := range pageAll(t, matters, size, func(p graph.Page) (map[string]graph.Conn[graph.Actor], error) {
				return st.WhoCanActPage(ctx, matters, q, p)
			}, func(a graph.Actor) string { return a.Person.ID }) {
				paged[m] = pages
			}
			for _, m := range matters {
				require.Equal(t, org.WhoCanAct(m, amount, at), actorsOf(paged[m]), "whoCanAct(%s) in pages of %d, %s", m, size, where)
			}

			for _, p := range pick(rng, snap.People, 6) {
				gotMatters, err := st.ActionableMatters(ctx, p.ID, q)
				require.NoError(t, err, where)
				require.Equal(t, org.ActionableMatters(p.ID, amount, at), matterGrantsOf(gotMatters), "actionableMatters(%s), %s", p.ID, where)
				pagedMatters := pageAll(t, []string{p.ID}, size, func(page graph.Page) (map[string]graph.Conn[graph.MatterGrant], error) {
					c, err := st.ActionableMattersPage(ctx, p.ID, q, page)
					return map[string]graph.Conn[graph.MatterGrant]{p.ID: c}, err
				}, func(m graph.MatterGrant) string { return m.Matter.ID })[p.ID]
				require.Equal(t, org.ActionableMatters(p.ID, amount, at), matterGrantsOf(pagedMatters), "actionableMatters(%s) in pages of %d, %s", p.ID, size, where)

				m := matters[rng.IntN(len(matters))]
				wantAllowed, wantGrants := org.CanAct(p.ID, m, amount, at)
				d, err := st.CanAct(ctx, p.ID, m, q)
				require.NoError(t, err, where)
				require.Equal(t, wantAllowed, d.Allowed, "canAct(%s, %s), %s: %s", p.ID, m, where, d.Reason)
				require.Equal(t, wantGrants, grantsOf(d.Grants), "canAct(%s, %s) grants, %s", p.ID, m, where)
				require.NotEmpty(t, d.Reason)
			}

			for _, tp := range pick(rng, snap.Touchpoints, 4) {
				m := matters[rng.IntN(len(matters))]
				want := org.CustomerDistance(tp.ID, m, amount, at)
				route, err := st.CustomerDistance(ctx, tp.ID, m, q)
				require.NoError(t, err, where)
				what := fmt.Sprintf("customerDistance(%s, %s), %s", tp.ID, m, where)
				if want == nil {
					require.Nil(t, route, what)
					continue
				}
				require.NotNil(t, route, "%s: want %d hops", what, want.Hops)
				require.Equal(t, want.Hops, route.Hops, what)
				require.Contains(t, want.Actors, route.Actor.ID, what)
				require.NoError(t, org.CheckRoute(tp.ID, m, amount, at, nodesOf(route.Path)), what)
			}
		}
	}

	for _, at := range pick(rng, oracle.QueryTimes(snap), 2) {
		compareHealth(t, st, org, at, fmt.Sprintf("seed %d, at %s", seed, at.Format(time.RFC3339)))
	}
}

// pageAll reads, key by key, every page of size items of each key's
// connection (page answers for every key at once), and checks each page
// against the totals and the pages before it. It returns every item by
// key, in order.
func pageAll[T any](t *testing.T, keys []string, size int, page func(graph.Page) (map[string]graph.Conn[T], error), id func(T) string) map[string][]T {
	t.Helper()
	out := map[string][]T{}
	for _, k := range keys {
		after := ""
		for {
			conns, err := page(graph.Page{First: size, After: after})
			require.NoError(t, err)
			c := conns[k]
			require.LessOrEqual(t, len(c.Items), size, "a page holds at most first items")
			for _, it := range c.Items {
				require.Greater(t, id(it), after, "pages follow each other by id")
				after = id(it)
			}
			out[k] = append(out[k], c.Items...)
			if !c.HasNext {
				require.Len(t, out[k], c.Total, "totalCount is every item of every page")
				break
			}
			require.Len(t, c.Items, size, "a page before the last is full")
		}
	}
	return out
}

// pick returns up to n elements of items, chosen at random.
func pick[T any](rng *rand.Rand, items []T, n int) []T {
	shuffled := slices.Clone(items)
	rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	return shuffled[:min(n, len(shuffled))]
}

func show(amount *float64) string {
	if amount == nil {
		return "any"
	}
	return strconv.FormatFloat(*amount, 'g', -1, 64)
}
