package store_test

// The store's mechanics of org health: round trips, whole entities,
// paging. What the figures are is pinned by the rule cases
// (internal/oracle/testdata/rules/health-*.yaml, run by rules_test.go) and
// the randomized tests.

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/internal/testneo4j"
	"github.com/orgnet/orgnet/seed"
)

// hImport makes the test database's org exactly org.
func hImport(t *testing.T, st *store.Store, org *graph.Snapshot) {
	t.Helper()
	_, err := st.Import(context.Background(), org, graph.ImportReplace, nil)
	require.NoError(t, err)
}

func hMatterIDs(ms []graph.Matter) []string {
	out := []string{}
	for _, m := range ms {
		out = append(out, m.ID)
	}
	return out
}

func TestHealthIsThreeRoundTripsOfWholeEntities(t *testing.T) {
	st := testneo4j.Store(t)
	org := ruleOrg(t, "health-volumes.yaml", 1)
	hImport(t, st, org)
	ctx, trips := store.CountRoundTrips(context.Background())

	h, err := st.OrgHealth(ctx, qT)
	require.NoError(t, err)
	assert.Equal(t, int64(2), trips.Load(), "the org, then the people the answer names")
	assert.Equal(t, qT, h.At)

	var tps []string
	for _, tp := range h.Touchpoints {
		tps = append(tps, tp.Touchpoint.ID)
	}
	assert.Equal(t, []string{"app", "back", "desk", "web"}, tps, "every touchpoint, by id")
	require.Len(t, h.Handlings, 6)
	assert.Equal(t, org.Touchpoints[0], h.Handlings[1].Touchpoint, "touchpoints come whole")
	assert.Equal(t, graph.Person{ID: "ann", Name: "Person ann", Active: true}, h.SingleActorMatters[0].Person, "people come whole")
	assert.Equal(t, graph.Matter{ID: "fx", Name: "Matter fx"}, h.Handlings[2].Matter, "matters come whole")
	require.NotNil(t, h.Handlings[2].Route)
	assert.Equal(t, 3, h.Handlings[2].Route.Hops)
}

// TestHealthNamesPeopleWhole pins that health computed over people read
// lean (id, active, manager) answers with every person it names read
// whole, the identity tool's fields too: on routes, as a route's actor, as
// a single actor and as a key person.
func TestHealthNamesPeopleWhole(t *testing.T) {
	st := testneo4j.Store(t)
	org := ruleOrg(t, "health-key-people.yaml", 1)
	whole := map[string]graph.Person{}
	for i := range org.People {
		p := &org.People[i]
		p.Email, p.Title = qPtr(p.ID+"@example.org"), qPtr("Title of "+p.ID)
		p.UserName, p.ExternalID = qPtr("user-"+p.ID), qPtr("ext-"+p.ID)
		whole[p.ID] = *p
	}
	hImport(t, st, org)
	h, err := st.OrgHealth(context.Background(), qT)
	require.NoError(t, err)

	named := 0
	requireWhole := func(p graph.Person, where string) {
		t.Helper()
		named++
		require.Equal(t, whole[p.ID], p, "%s names %s whole", where, p.ID)
	}
	for _, hh := range h.Handlings {
		if r := hh.Route; r != nil {
			requireWhole(r.Actor, "the actor of a route")
			for _, n := range r.Path {
				if p, ok := n.(*graph.Person); ok {
					requireWhole(*p, "a route's path")
				}
			}
		}
	}
	for _, sa := range h.SingleActorMatters {
		requireWhole(sa.Person, "singleActorMatters")
	}
	keys, err := st.KeyPeople(context.Background(), h, graph.Page{First: 50})
	require.NoError(t, err)
	for _, kp := range keys.Items {
		requireWhole(kp.Person, "keyPeople")
	}
	require.NotEmpty(t, h.SingleActorMatters, "the org has single actors")
	require.NotEmpty(t, keys.Items, "the org has key people")
	require.Greater(t, named, len(h.SingleActorMatters)+len(keys.Items), "routes name people too")
}

func TestHealthUnits(t *testing.T) {
	st := testneo4j.Store(t)
	hImport(t, st, ruleOrg(t, "health-units.yaml", 1))
	ctx, trips := store.CountRoundTrips(context.Background())

	all, err := st.UnitHealth(ctx, qT, nil, graph.Page{First: 50})
	require.NoError(t, err)
	require.Len(t, all.Items, 5)
	assert.Equal(t, graph.Team{ID: "cards", Name: "Team cards", Kind: graph.TeamKindUnit, Parent: qPtr("retail")}, all.Items[1].Team, "teams come whole")
	assert.Equal(t, qT, all.Items[0].At)

	exclusive, err := st.ExclusiveMatters(ctx, []string{"bank", "cards", "loans", "net", "retail", "nope"}, qT)
	require.NoError(t, err)
	assert.Equal(t, int64(2), trips.Load(), "each reads the org once")
	assert.Empty(t, exclusive["nope"], "an unknown team has none")
	assert.Equal(t, []string{"card-fee", "loan", "strategy"}, hMatterIDs(exclusive["bank"]))
	assert.Equal(t, graph.Matter{ID: "loan", Name: "Matter loan"}, exclusive["loans"][0], "matters come whole")

	pages := []struct {
		name  string
		kind  *graph.TeamKind
		page  graph.Page
		ids   []string
		next  bool
		total int
	}{
		{"a first page", nil, graph.Page{First: 2}, []string{"bank", "cards"}, true, 5},
		{"after a cursor", nil, graph.Page{First: 2, After: "cards"}, []string{"loans", "net"}, true, 5},
		{"the last page", nil, graph.Page{First: 2, After: "net"}, []string{"retail"}, false, 5},
		{"only cross-functional teams", qPtr(graph.TeamKindTeam), graph.Page{First: 50}, []string{"net"}, false, 1},
		{"only units", qPtr(graph.TeamKindUnit), graph.Page{First: 50}, []string{"bank", "cards", "loans", "retail"}, false, 4},
	}
	for _, c := range pages {
		t.Run(c.name, func(t *testing.T) {
			conn, err := st.UnitHealth(context.Background(), qT, c.kind, c.page)
			require.NoError(t, err)
			var ids []string
			for _, u := range conn.Items {
				ids = append(ids, u.Team.ID)
			}
			assert.Equal(t, c.ids, ids)
			assert.Equal(t, c.next, conn.HasNext)
			assert.Equal(t, c.total, conn.Total)
		})
	}
}

func TestHealthKeyPeople(t *testing.T) {
	st := testneo4j.Store(t)
	hImport(t, st, ruleOrg(t, "health-key-people.yaml", 1))
	h, err := st.OrgHealth(context.Background(), qT)
	require.NoError(t, err)

	ctx, trips := store.CountRoundTrips(context.Background())
	all, err := st.KeyPeople(ctx, h, graph.Page{First: 50})
	require.NoError(t, err)
	assert.Equal(t, int64(0), trips.Load(), "the searches run over the org the health was computed over")
	assert.Equal(t, 3, all.Total)
	require.Len(t, all.Items, 3)
	assert.Equal(t, graph.Person{ID: "pia", Name: "Person pia", Manager: qPtr("max"), Active: true}, all.Items[2].Person, "people come whole")
	assert.Equal(t, "phone", all.Items[2].StrandedHandlings[0].Touchpoint.ID)
	assert.Equal(t, "Phone", all.Items[2].StrandedHandlings[0].Touchpoint.Name, "handlings come whole")

	page, err := st.KeyPeople(context.Background(), h, graph.Page{First: 1, After: "ada"})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, "cas", page.Items[0].Person.ID)
	assert.True(t, page.HasNext)
	assert.Equal(t, 3, page.Total)

	// No search is needed when every route through the page's people leads
	// to a matter only they can act on.
	ctx, trips = store.CountRoundTrips(context.Background())
	page, err = st.KeyPeople(ctx, h, graph.Page{First: 1, After: "ada"})
	require.NoError(t, err)
	assert.Equal(t, int64(0), trips.Load())
	assert.Equal(t, 60.0, page.Items[0].StrandedIfLeft)
}

// TestHealthOfTheDemo pins the demo's health against the facts its README
// lists by hand (seed/README.md), at an instant they hold at.
func TestHealthOfTheDemo(t *testing.T) {
	st := testneo4j.Store(t)
	demo, err := seed.Demo()
	require.NoError(t, err)
	hImport(t, st, demo)
	ctx := context.Background()

	h, err := st.OrgHealth(ctx, qT)
	require.NoError(t, err)
	assert.Equal(t, 2545.0, h.StrandedVolume, "160 at tp-web, 2 385 at tp-web-assistant")
	assert.Equal(t, []string{"m-web-content", "m-web-faq-content"}, hMatterIDs(h.OrphanMatters))
	var singles []string
	for _, s := range h.SingleActorMatters {
		singles = append(singles, s.Matter.ID+" → "+s.Person.ID)
	}
	assert.Subset(t, singles, []string{"m-accounts → p-jenny-carlsson", "m-estate-handling → p-jenny-carlsson",
		"m-fee-exemption → p-henrik-dahl", "m-pricing → p-henrik-dahl"})

	// Each handling's distance is customerDistance's.
	for _, hh := range h.Handlings {
		route, err := st.CustomerDistance(ctx, hh.Touchpoint.ID, hh.Matter.ID, graph.Question{At: qT})
		require.NoError(t, err)
		if route == nil {
			assert.Nil(t, hh.Distance, "%s/%s", hh.Touchpoint.ID, hh.Matter.ID)
			continue
		}
		require.NotNil(t, hh.Distance, "%s/%s", hh.Touchpoint.ID, hh.Matter.ID)
		assert.Equal(t, route.Hops, *hh.Distance, "%s/%s", hh.Touchpoint.ID, hh.Matter.ID)
		assert.Equal(t, route.Hops, hh.Route.Hops)
	}

	keys, err := st.KeyPeople(ctx, h, graph.Page{First: 50})
	require.NoError(t, err)
	assert.NotEmpty(t, keys.Items)
	units, err := st.UnitHealth(ctx, qT, qPtr(graph.TeamKindUnit), graph.Page{First: 1000})
	require.NoError(t, err)
	top := qFind(units.Items, func(u graph.UnitHealth) bool { return u.Team.ID == "t-fjordbank" })
	require.NotNil(t, top)
	active := 0
	for _, p := range demo.People {
		if p.Active {
			active++
		}
	}
	assert.Equal(t, active, top.People, "the bank holds every active person")
	assert.Equal(t, h.Layers, top.Layers, "and every manager chain")
}
