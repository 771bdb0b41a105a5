package graph_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/orgnet/orgnet/graph"
)

// keyHealth is an org's health as the store would answer it: ada alone can
// act on refund, ben alone on claim; tax has several actors.
func keyHealth() *graph.OrgHealth {
	ada := graph.Person{ID: "ada", Name: "Ada", Active: true}
	ben := graph.Person{ID: "ben", Name: "Ben", Active: true}
	cas := graph.Person{ID: "cas", Name: "Cas", Active: true}
	refund, claim, tax := graph.Matter{ID: "refund"}, graph.Matter{ID: "claim"}, graph.Matter{ID: "tax"}
	l1 := graph.Team{ID: "l1"}
	tp := func(id string) graph.Touchpoint { return graph.Touchpoint{ID: id} }
	route := func(from string, path ...graph.RouteNode) *graph.Route {
		t := tp(from)
		nodes := append([]graph.RouteNode{&t}, path...)
		return &graph.Route{Hops: len(path), Actor: *path[len(path)-1].(*graph.Person), Path: nodes}
	}
	handling := func(at string, m graph.Matter, residual float64, r *graph.Route) graph.HandlingHealth {
		return graph.HandlingHealth{Touchpoint: tp(at), Matter: m, Residual: residual, Route: r}
	}
	return &graph.OrgHealth{
		SingleActorMatters: []graph.SingleActor{{Matter: claim, Person: ben}, {Matter: refund, Person: ada}},
		Handlings: []graph.HandlingHealth{
			handling("tp-chat", claim, 30, route("tp-chat", &ada, &ben)),
			handling("tp-chat", refund, 100, route("tp-chat", &l1, &ada)),
			handling("tp-phone", refund, 50, nil),
			handling("tp-phone", tax, 10, route("tp-phone", &ada, &cas)),
			handling("tp-web", claim, 20, route("tp-web", &ben)),
		},
	}
}

func TestPlanKeyPeoplePages(t *testing.T) {
	cases := []struct {
		name    string
		page    graph.Page
		people  []string
		hasNext bool
	}{
		{"the first page, by person id", graph.Page{First: 1}, []string{"ada"}, true},
		{"after a cursor that is a key person's id", graph.Page{First: 1, After: "ada"}, []string{"ben"}, false},
		{"after a cursor between ids", graph.Page{First: 5, After: "b"}, []string{"ben"}, false},
		{"every key person when the page is large enough", graph.Page{First: 50}, []string{"ada", "ben"}, false},
		{"first 0: no one, yet a next page", graph.Page{First: 0}, []string{}, true},
		{"a negative first is 0", graph.Page{First: -3}, []string{}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := graph.PlanKeyPeople(keyHealth(), c.page).Assemble(nil)
			ids := []string{}
			for _, kp := range got.Items {
				ids = append(ids, kp.Person.ID)
			}
			assert.Equal(t, c.people, ids)
			assert.Equal(t, c.hasNext, got.HasNext)
			assert.Equal(t, 2, got.Total, "the total counts every key person")
		})
	}
}

func TestPlanKeyPeopleReroutes(t *testing.T) {
	cases := []struct {
		name string
		page graph.Page
		want []graph.Reroute
	}{
		{"a page person's route through a handling of a matter others can act on is searched again",
			graph.Page{First: 1},
			[]graph.Reroute{{Touchpoint: "tp-chat", Matter: "claim", Avoid: []string{"ada"}}, {Touchpoint: "tp-phone", Matter: "tax", Avoid: []string{"ada"}}}},
		{"handlings of a person's own sole matters are never searched: they are stranded for sure",
			graph.Page{First: 1, After: "ada"}, []graph.Reroute{}},
		{"no one on the page: nothing to search", graph.Page{First: 0}, []graph.Reroute{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, graph.PlanKeyPeople(keyHealth(), c.page).Reroutes)
		})
	}
	t.Run("no key people: nothing to search and an empty page", func(t *testing.T) {
		plan := graph.PlanKeyPeople(&graph.OrgHealth{Handlings: keyHealth().Handlings}, graph.Page{First: 50})
		assert.Empty(t, plan.Reroutes)
		assert.Equal(t, graph.Conn[graph.KeyPerson]{Items: []graph.KeyPerson{}}, plan.Assemble(nil))
	})
}

func TestAssembleKeyPeople(t *testing.T) {
	type person struct {
		sole         []string
		soleResidual float64
		stranded     []string // touchpoint/matter
		ifLeft       float64
	}
	cases := []struct {
		name     string
		stranded map[graph.Stranded]bool
		want     map[string]person
	}{
		{"every search found another route: only sole matters on the route strand",
			nil,
			map[string]person{
				// tp-phone/refund has no route now: its residual is ada's
				// sole-matter residual, but it is not stranded by her leaving.
				"ada": {[]string{"refund"}, 150, []string{"tp-chat/refund"}, 100},
				"ben": {[]string{"claim"}, 50, []string{"tp-chat/claim", "tp-web/claim"}, 50},
			}},
		{"a search that found no route strands the handling",
			map[graph.Stranded]bool{{Touchpoint: "tp-chat", Matter: "claim", Person: "ada"}: true},
			map[string]person{
				"ada": {[]string{"refund"}, 150, []string{"tp-chat/claim", "tp-chat/refund"}, 130},
				"ben": {[]string{"claim"}, 50, []string{"tp-chat/claim", "tp-web/claim"}, 50},
			}},
		{"a handling off the person's route is never theirs to strand",
			map[graph.Stranded]bool{{Touchpoint: "tp-web", Matter: "claim", Person: "ada"}: true},
			map[string]person{
				"ada": {[]string{"refund"}, 150, []string{"tp-chat/refund"}, 100},
				"ben": {[]string{"claim"}, 50, []string{"tp-chat/claim", "tp-web/claim"}, 50},
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := graph.PlanKeyPeople(keyHealth(), graph.Page{First: 50}).Assemble(c.stranded)
			have := map[string]person{}
			for _, kp := range got.Items {
				p := person{soleResidual: kp.SoleMatterResidual, ifLeft: kp.StrandedIfLeft, stranded: []string{}}
				for _, m := range kp.SoleMatters {
					p.sole = append(p.sole, m.ID)
				}
				for _, hh := range kp.StrandedHandlings {
					p.stranded = append(p.stranded, hh.Touchpoint.ID+"/"+hh.Matter.ID)
				}
				have[kp.Person.ID] = p
			}
			assert.Equal(t, c.want, have)
		})
	}
}

func TestOnRoute(t *testing.T) {
	ada, ben := graph.Person{ID: "ada"}, graph.Person{ID: "ben"}
	team := graph.Team{ID: "ada"} // a team with a person's id is not that person
	tp := graph.Touchpoint{ID: "tp"}
	hh := graph.HandlingHealth{Route: &graph.Route{Path: []graph.RouteNode{&tp, &team, &ada, &ben}}}
	cases := []struct {
		name   string
		hh     graph.HandlingHealth
		person string
		want   bool
	}{
		{"a person the route passes through", hh, "ada", true},
		{"the person the route ends at", hh, "ben", true},
		{"a person elsewhere", hh, "cas", false},
		{"no route: nobody is on it", graph.HandlingHealth{}, "ada", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, c.hh.OnRoute(c.person))
		})
	}
}
