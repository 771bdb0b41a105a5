package oracle

// The front line and routes (docs/questions.md §2.10, §2.11) on tiny orgs, and the two
// statements of the route graph against each other on random orgs.

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
)

func TestCustomerDistance(t *testing.T) {
	base := func() *graph.Snapshot {
		return &graph.Snapshot{
			People: []graph.Person{
				newPerson("ann", ""),                                                  // can act, staffs tp1 directly
				newPerson("bob", ""),                                                  // can act, member of desk
				newPerson("cy", "dee"), newPerson("dee", "eve"), newPerson("eve", ""), // eve can act; cy staffs tp3
				newPerson("sub", ""), // can act, member of deskSub, below desk
			},
			Teams:       []graph.Team{newTeam("desk", ""), newTeam("deskSub", "desk")},
			Memberships: []graph.Membership{newMember("bob", "desk"), newMember("sub", "deskSub")},
			Matters:     []graph.Matter{newMatter("m", "")},
			Mandates: []graph.Mandate{
				personMandate("xa", "m", "ann"), personMandate("xb", "m", "bob"), personMandate("xe", "m", "eve"), personMandate("xs", "m", "sub"),
			},
			Touchpoints: []graph.Touchpoint{
				staffedTouchpoint("tp1", "m", []graph.Holder{byPerson("ann")}),
				staffedTouchpoint("tp2", "m", []graph.Holder{byTeam("desk")}),
				staffedTouchpoint("tp3", "m", []graph.Holder{byPerson("cy")}),
				staffedTouchpoint("cycA", "m", nil, "cycB"),
				staffedTouchpoint("cycB", "m", nil, "cycA"),
				{ID: "self", Name: "Self", Channel: graph.ChannelWeb, SelfService: true,
					Handles: []graph.Handling{{Matter: "m", Volume: 100, SelfServiceRate: 0.75}}},
				staffedTouchpoint("tpSub", "m", []graph.Holder{byTeam("deskSub")}),
			},
		}
	}
	for _, tc := range []struct {
		name   string
		edit   func(s *graph.Snapshot)
		tp     string
		hops   any
		actors []string
		path   []Node
	}{
		{"a front-line person who can act is 1 hop", nil, "tp1", 1, []string{"ann"}, []Node{TouchpointNode("tp1"), PersonNode("ann")}},
		{"via a staffing team is 2 hops", nil, "tp2", 2, []string{"bob"}, []Node{TouchpointNode("tp2"), TeamNode("desk"), PersonNode("bob")}},
		{"up the manager chain", nil, "tp3", 3, []string{"eve"}, []Node{TouchpointNode("tp3"), PersonNode("cy"), PersonNode("dee"), PersonNode("eve")}},
		{"an inactive manager breaks the route", func(s *graph.Snapshot) { s.People[3].Active = false }, "tp3", nil, nil, nil},
		{"an escalation cycle with nobody behind terminates", nil, "cycA", nil, nil, nil},
		{"an escalation cycle escalating onwards", func(s *graph.Snapshot) {
			s.Touchpoints[4].EscalatesTo = append(s.Touchpoints[4].EscalatesTo, "tp1")
		}, "cycA", 3, []string{"ann"}, []Node{TouchpointNode("cycA"), TouchpointNode("cycB"), TouchpointNode("tp1"), PersonNode("ann")}},
		{"self-service, no staff, no escalation", nil, "self", nil, nil, nil},
		{"a member of the staffing team itself is 2 hops", nil, "tpSub", 2,
			[]string{"sub"}, []Node{TouchpointNode("tpSub"), TeamNode("deskSub"), PersonNode("sub")}},
		{"a tie: every actor at the least hop count", func(s *graph.Snapshot) {
			s.Touchpoints[0].StaffedBy = []graph.Holder{byPerson("ann"), byPerson("bob")}
		}, "tp1", 1, []string{"ann", "bob"}, []Node{TouchpointNode("tp1"), PersonNode("ann")}},
		{"an unknown touchpoint", nil, "nosuch", nil, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := base()
			if tc.edit != nil {
				tc.edit(s)
			}
			o := New(s)
			r := o.CustomerDistance(tc.tp, "m", nil, mid24)
			assert.Equal(t, tc.hops, hopsOf(r))
			if r != nil {
				assert.Equal(t, tc.actors, r.Actors)
				assert.Equal(t, tc.path, r.Path)
				assert.NoError(t, o.CheckRoute(tc.tp, "m", nil, mid24, r.Path))
			}
			assert.NoError(t, o.CheckRoute(tc.tp, "m", nil, mid24, tc.path))
		})
	}
	// From tpSub the member of deskSub is 2 hops; from tp2 (staffed by desk,
	// above deskSub) they are on the front line but 3 hops away:
	// tp2 → desk → deskSub → sub. Direct memberships only make route edges.
	s := base()
	s.Mandates = s.Mandates[3:] // only sub can act
	o := New(s)
	assert.Contains(t, o.FrontLine("tp2"), "sub")
	r := o.CustomerDistance("tp2", "m", nil, mid24)
	require.NotNil(t, r)
	assert.Equal(t, []Node{TouchpointNode("tp2"), TeamNode("desk"), TeamNode("deskSub"), PersonNode("sub")}, r.Path)
}

func TestRouteNeverEntersATouchpointExceptByEscalation(t *testing.T) {
	// ann staffs tp1 and tp2 but cannot act; bob, who can, staffs only tp2.
	// tp1 → ann → tp2 → bob would be 3 hops, but a person → touchpoint edge
	// does not exist: from tp1 nobody who can act is reachable.
	s := &graph.Snapshot{
		People:   []graph.Person{newPerson("ann", ""), newPerson("bob", "")},
		Matters:  []graph.Matter{newMatter("m", "")},
		Mandates: []graph.Mandate{personMandate("x", "m", "bob")},
		Touchpoints: []graph.Touchpoint{
			staffedTouchpoint("tp1", "m", []graph.Holder{byPerson("ann")}),
			staffedTouchpoint("tp2", "m", []graph.Holder{byPerson("ann"), byPerson("bob")}),
		},
	}
	throughAnn := []Node{TouchpointNode("tp1"), PersonNode("ann"), TouchpointNode("tp2"), PersonNode("bob")}
	o := New(s)
	assert.Nil(t, o.CustomerDistance("tp1", "m", nil, mid24))
	require.Error(t, o.CheckRoute("tp1", "m", nil, mid24, throughAnn))

	// With an escalation tp1 → tp2 the route is 2 hops and goes through it.
	s.Touchpoints[0].EscalatesTo = []string{"tp2"}
	o = New(s)
	assert.Equal(t, 2, hopsOf(o.CustomerDistance("tp1", "m", nil, mid24)))
	assert.NoError(t, o.CheckRoute("tp1", "m", nil, mid24, []Node{TouchpointNode("tp1"), TouchpointNode("tp2"), PersonNode("bob")}))
	assert.ErrorContains(t, o.CheckRoute("tp1", "m", nil, mid24, throughAnn), "not an edge")

	// Escalation is one way.
	s.Touchpoints[0].EscalatesTo, s.Touchpoints[1].EscalatesTo = nil, []string{"tp1"}
	assert.Nil(t, New(s).CustomerDistance("tp1", "m", nil, mid24))
}

func TestCheckRoute(t *testing.T) {
	// A person and a team share the id "x": tp is staffed by TEAM x, whose
	// member y can act; PERSON x can act too but is not connected to tp.
	o := New(&graph.Snapshot{
		People: []graph.Person{newPerson("x", ""), newPerson("y", "boss"), newPerson("z", ""), inactive(newPerson("boss", "")),
			newPerson("w", "")},
		Teams:       []graph.Team{newTeam("x", "")},
		Memberships: []graph.Membership{newMember("y", "x"), newMember("z", "x"), newMember("w", "x")},
		Matters:     []graph.Matter{newMatter("m", "")},
		Mandates:    []graph.Mandate{personMandate("mx", "m", "x"), personMandate("my", "m", "y"), personMandate("mw", "m", "w")},
		Touchpoints: []graph.Touchpoint{staffedTouchpoint("tp", "m", []graph.Holder{byTeam("x")}), staffedTouchpoint("lonely", "m", nil)},
	})
	r := o.CustomerDistance("tp", "m", nil, mid24)
	require.NotNil(t, r)
	assert.Equal(t, 2, r.Hops)
	assert.Equal(t, []string{"w", "y"}, r.Actors, "person x is not reachable: kinds are distinct")
	for _, tc := range []struct {
		name string
		tp   string
		path []Node
		err  string // "" = accepted
	}{
		{"shortest to y", "tp", []Node{TouchpointNode("tp"), TeamNode("x"), PersonNode("y")}, ""},
		{"shortest to w: any actor at the least count", "tp", []Node{TouchpointNode("tp"), TeamNode("x"), PersonNode("w")}, ""},
		{"person x is not the staffing team x", "tp", []Node{TouchpointNode("tp"), PersonNode("x")}, "not an edge"},
		{"ends at someone who cannot act", "tp", []Node{TouchpointNode("tp"), TeamNode("x"), PersonNode("z")}, "cannot act"},
		{"ends at a team", "tp", []Node{TouchpointNode("tp"), TeamNode("x")}, "not at a person"},
		{"longer than the shortest", "tp", []Node{TouchpointNode("tp"), TeamNode("x"), PersonNode("z"), TeamNode("x"), PersonNode("y")}, "shortest has 2"},
		{"through an inactive person", "tp", []Node{TouchpointNode("tp"), TeamNode("x"), PersonNode("y"), PersonNode("boss")}, "inactive"},
		{"starts elsewhere", "tp", []Node{TouchpointNode("lonely")}, "starts at"},
		{"starts at a team of the same id", "tp", []Node{TeamNode("tp")}, "starts at"},
		{"no route where there is one", "tp", nil, "reference has 2 hops"},
		{"a route where there is none", "lonely", []Node{TouchpointNode("lonely"), PersonNode("y")}, "nobody reachable"},
		{"no route where there is none", "lonely", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := o.CheckRoute(tc.tp, "m", nil, mid24, tc.path)
			if tc.err == "" {
				assert.NoError(t, err)
			} else {
				assert.ErrorContains(t, err, tc.err)
			}
		})
	}
}

// TestRouteGraphStatementsAgree checks, on random orgs, that the graph the
// search walks (adjacency) is the graph the clause describes (IsNode,
// IsEdge) pair by pair, and that the search's hop counts equal a fixpoint
// computed over IsEdge alone.
func TestRouteGraphStatementsAgree(t *testing.T) {
	if testing.Short() {
		t.Skip("walks random orgs")
	}
	for k := range 24 {
		seed := 7 * k // sizes 5–40 over the 24 orgs
		s := seedOrg(seed)
		o := New(s)
		var nodes []Node
		for _, tp := range s.Touchpoints {
			nodes = append(nodes, TouchpointNode(tp.ID))
		}
		for _, tm := range s.Teams {
			nodes = append(nodes, TeamNode(tm.ID))
		}
		for _, p := range s.People {
			if p.Active {
				nodes = append(nodes, PersonNode(p.ID))
			}
		}
		adj := o.adjacency()
		for _, a := range nodes {
			for _, b := range nodes {
				require.Equal(t, o.IsEdge(a, b), slices.Contains(adj[a], b), "seed %d: edge %v → %v", seed, a, b)
			}
		}
		for a, bs := range adj {
			require.True(t, o.IsNode(a), "seed %d: %v", seed, a)
			for _, b := range bs {
				require.True(t, o.IsNode(b), "seed %d: %v", seed, b)
			}
		}
		for _, tp := range s.Touchpoints {
			hops, _ := o.Distances(tp.ID)
			fix := map[Node]int{TouchpointNode(tp.ID): 0}
			for changed := true; changed; {
				changed = false
				for _, a := range nodes {
					da, ok := fix[a]
					if !ok {
						continue
					}
					for _, b := range nodes {
						if db, ok := fix[b]; (!ok || da+1 < db) && o.IsEdge(a, b) {
							fix[b], changed = da+1, true
						}
					}
				}
			}
			require.Equal(t, fix, hops, "seed %d: distances from %s", seed, tp.ID)
		}
	}
}
