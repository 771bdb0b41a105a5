package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/internal/testneo4j"
)

// chainOrg has a chain of every kind, three deep, so that a change at one
// end is felt at the other: managers p4 → p3 → p2 → p1, team parents
// t3 → t2 → t1, matter parents m3 → m2 → m1 (and m4 alone), delegations
// x3 → x2 → x1 and x5 → x1 with shrinking limits; p2 has a userName.
// 20 entities and memberships in all.
const chainOrg = `{
  "people": [
    {"id": "p1", "name": "P1"},
    {"id": "p2", "name": "P2", "manager": "p1", "userName": "p2@example.org"},
    {"id": "p3", "name": "P3", "manager": "p2"},
    {"id": "p4", "name": "P4", "manager": "p3"}
  ],
  "teams": [
    {"id": "t1", "name": "T1", "kind": "UNIT"},
    {"id": "t2", "name": "T2", "kind": "UNIT", "parent": "t1"},
    {"id": "t3", "name": "T3", "kind": "TEAM", "parent": "t2"}
  ],
  "memberships": [
    {"person": "p2", "team": "t2", "role": "LEAD"},
    {"person": "p3", "team": "t3", "role": "MEMBER"}
  ],
  "matters": [
    {"id": "m1", "name": "M1"},
    {"id": "m2", "name": "M2", "parent": "m1"},
    {"id": "m3", "name": "M3", "parent": "m2"},
    {"id": "m4", "name": "M4"}
  ],
  "mandates": [
    {"id": "x1", "name": "X1", "matter": "m1", "holder": {"type": "PERSON", "id": "p1"}, "limit": 1000},
    {"id": "x2", "name": "X2", "matter": "m2", "holder": {"type": "TEAM", "id": "t2"}, "limit": 500, "delegatedFrom": "x1"},
    {"id": "x3", "name": "X3", "matter": "m3", "holder": {"type": "PERSON", "id": "p3"}, "limit": 100, "delegatedFrom": "x2"},
    {"id": "x4", "name": "X4", "matter": "m4", "holder": {"type": "PERSON", "id": "p4"}},
    {"id": "x5", "name": "X5", "matter": "m3", "holder": {"type": "PERSON", "id": "p2"}, "limit": 200, "delegatedFrom": "x1"}
  ],
  "touchpoints": [
    {"id": "tp1", "name": "TP1", "channel": "PHONE", "staffedBy": [{"type": "PERSON", "id": "p2"}, {"type": "TEAM", "id": "t3"}],
     "escalatesTo": ["tp2"], "handles": [{"matter": "m3", "volume": 10, "selfServiceRate": 0}]},
    {"id": "tp2", "name": "TP2", "channel": "EMAIL", "staffedBy": [{"type": "PERSON", "id": "p4"}],
     "handles": [{"matter": "m1", "volume": 5, "selfServiceRate": 0.5}]}
  ]
}`

func problem(path, message string) graph.Problem { return graph.Problem{Path: path, Message: message} }

// TestPlanningFromTheNeighborhood pins, rule by rule, the case where what a
// change breaks lies beyond the entities it names: the neighborhood must
// reach it, and give the problems (or the plan) planning from the whole
// org gives.
func TestPlanningFromTheNeighborhood(t *testing.T) {
	st := testneo4j.Store(t)
	ctx := context.Background()
	_, err := st.Import(ctx, decode(t, chainOrg), graph.ImportReplace, nil)
	require.NoError(t, err)

	type problems = []graph.Problem
	person := func(id, manager string) graph.Person {
		p := graph.Person{ID: id, Name: "Someone", Active: true}
		if manager != "" {
			p.Manager = &manager
		}
		return p
	}
	mandate := func(id, matter string, limit *float64, from string) graph.Mandate {
		m := graph.Mandate{ID: id, Name: id, Matter: matter, Holder: graph.Holder{Type: graph.HolderPerson, ID: "p1"}, Limit: limit}
		if from != "" {
			m.DelegatedFrom = &from
		}
		return m
	}
	put := func(s graph.Snapshot) graph.Change { return graph.Change{Put: s} }
	remove := func(r graph.Removal) graph.Change { return graph.Change{Remove: r} }

	for _, tc := range []struct {
		name   string
		change graph.Change
		want   problems
		report graph.ImportReport // for a valid change
	}{
		{"a manager cycle is found through people the change leaves alone",
			put(graph.Snapshot{People: []graph.Person{person("p1", "p4")}}),
			problems{problem("people[0].manager", `managers form a cycle: "p1" → "p4" → "p3" → "p2" → "p1"`)}, graph.ImportReport{}},
		{"a team parent cycle is found through teams the change leaves alone",
			put(graph.Snapshot{Teams: []graph.Team{{ID: "t1", Name: "T1", Kind: graph.TeamKindUnit, Parent: qPtr("t3")}}}),
			problems{problem("teams[0].parent", `team parents form a cycle: "t1" → "t3" → "t2" → "t1"`)}, graph.ImportReport{}},
		{"a matter parent cycle is found through matters the change leaves alone",
			put(graph.Snapshot{Matters: []graph.Matter{{ID: "m1", Name: "M1", Parent: qPtr("m3")}}}),
			problems{problem("matters[0].parent", `matter parents form a cycle: "m1" → "m3" → "m2" → "m1"`)}, graph.ImportReport{}},
		{"a delegation cycle is found through mandates the change leaves alone",
			put(graph.Snapshot{Mandates: []graph.Mandate{mandate("x1", "m1", qPtr(1000.0), "x3")}}),
			problems{
				problem("mandates[0].delegatedFrom", `delegations form a cycle: "x1" → "x3" → "x2" → "x1"`),
				problem("mandates[0].matter", `matter "m1" is neither the matter of its source mandate "x3" ("m3") nor below it`),
			}, graph.ImportReport{}},
		{"a limit cut is felt by every delegation below it, however deep",
			put(graph.Snapshot{Mandates: []graph.Mandate{mandate("x1", "m1", qPtr(50.0), "")}}),
			problems{
				problem(`existing.mandates["x2"].limit`, `500 is above the effective limit 50 of its source mandate "x1"`),
				problem(`existing.mandates["x3"].limit`, `100 is above the effective limit 50 of its source mandate "x2"`),
				problem(`existing.mandates["x5"].limit`, `200 is above the effective limit 50 of its source mandate "x1"`),
			}, graph.ImportReport{}},
		{"a delegated limit removed under a limited source",
			put(graph.Snapshot{Mandates: []graph.Mandate{mandate("x2", "m2", nil, "x1")}}),
			problems{problem("mandates[0].limit", `must be set: its source mandate "x1" has an effective limit of 1000`)}, graph.ImportReport{}},
		{"a source given another matter leaves its delegations outside it",
			put(graph.Snapshot{Mandates: []graph.Mandate{mandate("x2", "m4", qPtr(500.0), "x1")}}),
			problems{
				problem("mandates[0].matter", `matter "m4" is neither the matter of its source mandate "x1" ("m1") nor below it`),
				problem(`existing.mandates["x3"].matter`, `matter "m3" is neither the matter of its source mandate "x2" ("m4") nor below it`),
			}, graph.ImportReport{}},
		{"a matter moved out from under delegations, with its subtree",
			put(graph.Snapshot{Matters: []graph.Matter{{ID: "m2", Name: "M2", Parent: qPtr("m4")}}}),
			problems{
				problem(`existing.mandates["x2"].matter`, `matter "m2" is neither the matter of its source mandate "x1" ("m1") nor below it`),
				problem(`existing.mandates["x5"].matter`, `matter "m3" is neither the matter of its source mandate "x1" ("m1") nor below it`),
			}, graph.ImportReport{}},
		{"a matter removed from the middle of a chain",
			remove(graph.Removal{Matters: []string{"m2"}}),
			problems{
				problem(`existing.matters["m3"].parent`, `matter "m2" does not exist`),
				problem(`existing.mandates["x2"].matter`, `matter "m2" does not exist`),
				problem(`existing.mandates["x5"].matter`, `matter "m3" is neither the matter of its source mandate "x1" ("m1") nor below it`),
			}, graph.ImportReport{}},
		{"a removed person leaves their reports, mandates and touchpoints dangling",
			remove(graph.Removal{People: []string{"p2"}}),
			problems{
				problem(`existing.people["p3"].manager`, `person "p2" does not exist`),
				problem(`existing.mandates["x5"].holder.id`, `person "p2" does not exist`),
				problem(`existing.touchpoints["tp1"].staffedBy[0].id`, `person "p2" does not exist`),
			}, graph.ImportReport{}},
		{"a removed source mandate leaves its delegations dangling",
			remove(graph.Removal{Mandates: []string{"x1"}}),
			problems{
				problem(`existing.mandates["x2"].delegatedFrom`, `mandate "x1" does not exist`),
				problem(`existing.mandates["x5"].delegatedFrom`, `mandate "x1" does not exist`),
			}, graph.ImportReport{}},
		{"a removed team leaves its sub-teams and mandates dangling",
			remove(graph.Removal{Teams: []string{"t2"}}),
			problems{
				problem(`existing.teams["t3"].parent`, `team "t2" does not exist`),
				problem(`existing.mandates["x2"].holder.id`, `team "t2" does not exist`),
			}, graph.ImportReport{}},
		{"a removed touchpoint leaves escalations to it dangling",
			remove(graph.Removal{Touchpoints: []string{"tp2"}}),
			problems{problem(`existing.touchpoints["tp1"].escalatesTo[0]`, `touchpoint "tp2" does not exist`)}, graph.ImportReport{}},
		{"a reference to an entity the same change removes",
			graph.Change{Remove: graph.Removal{People: []string{"p4"}}, Put: graph.Snapshot{Mandates: []graph.Mandate{
				{ID: "x6", Name: "X6", Matter: "m4", Holder: graph.Holder{Type: graph.HolderPerson, ID: "p4"}}}}},
			problems{
				problem("mandates[0].holder.id", `person "p4" does not exist`),
				problem(`existing.mandates["x4"].holder.id`, `person "p4" does not exist`),
				problem(`existing.touchpoints["tp2"].staffedBy[0].id`, `person "p4" does not exist`),
			}, graph.ImportReport{}},
		{"a membership in a team the same change removes",
			graph.Change{Remove: graph.Removal{Teams: []string{"t3"}}, Put: graph.Snapshot{Memberships: []graph.Membership{{Person: "p1", Team: "t3", Role: graph.RoleMember}}}},
			problems{
				problem("memberships[0].team", `team "t3" does not exist`),
				problem(`existing.touchpoints["tp1"].staffedBy[1].id`, `team "t3" does not exist`),
			}, graph.ImportReport{}},
		{"a userName an untouched person holds, in another case",
			put(graph.Snapshot{People: []graph.Person{{ID: "p5", Name: "P5", Active: true, UserName: qPtr("P2@Example.org")}}}),
			problems{problem(`existing.people["p2"].userName`, `userName is taken: "p2@example.org" is p5's (at people[0]); userNames are unique regardless of case`)}, graph.ImportReport{}},
		{"a reference to nothing",
			put(graph.Snapshot{People: []graph.Person{person("p5", "nobody")}}),
			problems{problem("people[0].manager", `person "nobody" does not exist`)}, graph.ImportReport{}},
		{"MustBeNew with a taken id",
			graph.Change{Put: graph.Snapshot{People: []graph.Person{person("p2", "p1")}}, Presence: graph.MustBeNew},
			problems{problem("people[0].id", `"p2" already exists`)}, graph.ImportReport{}},
		{"MustExist with a free id",
			graph.Change{Put: graph.Snapshot{People: []graph.Person{person("p9", "")}}, Presence: graph.MustExist},
			problems{problem("people[0].id", `"p9" does not exist`)}, graph.ImportReport{}},
		{"removing what is not there",
			remove(graph.Removal{People: []string{"p9"}, Memberships: []graph.Membership{{Person: "p1", Team: "t1"}}}),
			problems{
				problem("remove.people[0]", `"p9" does not exist`),
				problem("remove.memberships[0]", `person "p1" is not in team "t1"`),
			}, graph.ImportReport{}},
		{"a duplicate id in one change",
			put(graph.Snapshot{People: []graph.Person{person("p5", ""), person("p5", "p1")}}),
			problems{problem("people[1].id", `duplicate id "p5" (also at people[0])`)}, graph.ImportReport{}},

		{"an update counts the rest of the org unchanged",
			put(graph.Snapshot{People: []graph.Person{{ID: "p3", Name: "P3", Title: qPtr("Lead"), Manager: qPtr("p2"), Active: true}}}),
			nil, graph.ImportReport{Updated: 1, Unchanged: 19}},
		{"a limit raised above its delegations",
			put(graph.Snapshot{Mandates: []graph.Mandate{mandate("x1", "m1", qPtr(2000.0), "")}}),
			nil, graph.ImportReport{Updated: 1, Unchanged: 19}},
		{"a person removed and put back loses their memberships",
			graph.Change{Remove: graph.Removal{People: []string{"p2"}}, Put: graph.Snapshot{People: []graph.Person{{ID: "p2", Name: "P2", Manager: qPtr("p1"), Active: true, UserName: qPtr("p2@example.org")}}}},
			nil, graph.ImportReport{Deleted: 1, Unchanged: 19}},
		{"a userName passed on in one change",
			put(graph.Snapshot{People: []graph.Person{
				{ID: "p5", Name: "P5", Active: true, UserName: qPtr("P2@example.org")},
				{ID: "p2", Name: "P2", Manager: qPtr("p1"), Active: true, UserName: qPtr("p2.old@example.org")}}}),
			nil, graph.ImportReport{Created: 1, Updated: 1, Unchanged: 19}},
		{"a membership re-roled",
			put(graph.Snapshot{Memberships: []graph.Membership{{Person: "p3", Team: "t3", Role: graph.RoleLead}}}),
			nil, graph.ImportReport{Updated: 1, Unchanged: 19}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			whole, around, err := store.PlanBothWays(ctx, st, tc.change)
			require.NoError(t, err)
			assert.ElementsMatch(t, tc.want, around.Problems, "from the neighborhood")
			assert.ElementsMatch(t, tc.want, whole.Problems, "from the whole org")
			assert.Equal(t, whole.Plan, around.Plan)
			assert.Equal(t, tc.report, around.Plan.Report)
		})
	}
}

// TestPlanKeepsWhatItReplaces pins the plan itself, beyond its report:
// a person removed and put back is an unchanged person and a deleted
// membership, whose earlier state the plan keeps.
func TestPlanKeepsWhatItReplaces(t *testing.T) {
	st := testneo4j.Store(t)
	ctx := context.Background()
	_, err := st.Import(ctx, decode(t, chainOrg), graph.ImportReplace, nil)
	require.NoError(t, err)

	change := graph.Change{Remove: graph.Removal{People: []string{"p2"}, Mandates: []string{"x3"}},
		Put: graph.Snapshot{People: []graph.Person{{ID: "p2", Name: "P2 again", Manager: qPtr("p1"), Active: true}}}}
	_, around, err := store.PlanBothWays(ctx, st, change)
	require.NoError(t, err)
	require.Empty(t, around.Problems)
	assert.Equal(t, graph.Plan{
		Update: graph.Snapshot{People: change.Put.People},
		Delete: graph.Removal{Mandates: []string{"x3"}, Memberships: []graph.Membership{{Person: "p2", Team: "t2"}}},
		Before: graph.Snapshot{
			People:      []graph.Person{{ID: "p2", Name: "P2", Manager: qPtr("p1"), Active: true, UserName: qPtr("p2@example.org")}},
			Memberships: []graph.Membership{{Person: "p2", Team: "t2", Role: graph.RoleLead}},
			Mandates:    []graph.Mandate{{ID: "x3", Name: "X3", Matter: "m3", Holder: graph.Holder{Type: graph.HolderPerson, ID: "p3"}, Limit: qPtr(100.0), DelegatedFrom: qPtr("x2")}},
		},
		Report: graph.ImportReport{Updated: 1, Deleted: 2, Unchanged: 17},
	}, around.Plan)
}

// TestPlanningReadsWhatTheChangeTouches counts the round trips of planning
// (a preview plans and writes nothing): one for a small change, whatever
// the org's size; the whole org (a query per entity type) for a REPLACE,
// and for a change large for the org, after counting the org.
func TestPlanningReadsWhatTheChangeTouches(t *testing.T) {
	st := testneo4j.Store(t)
	ctx := context.Background()
	_, err := st.Import(ctx, decode(t, chainOrg), graph.ImportReplace, nil)
	require.NoError(t, err)

	large := &graph.Snapshot{}
	for i := range 501 {
		large.People = append(large.People, graph.Person{ID: fmt.Sprintf("new%d", i), Name: "New", Active: true})
	}
	for _, tc := range []struct {
		name       string
		snap       *graph.Snapshot
		mode       graph.ImportMode
		roundTrips int64
	}{
		{"a small change reads its neighborhood", &graph.Snapshot{People: []graph.Person{{ID: "p3", Name: "P3", Manager: qPtr("p1"), Active: true}}}, graph.ImportMerge, 1},
		{"a REPLACE reads the whole org", decode(t, chainOrg), graph.ImportReplace, 6},
		{"a change large for the org reads the whole org", large, graph.ImportMerge, 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			counted, n := store.CountRoundTrips(ctx)
			_, problems, err := st.Preview(counted, tc.snap, tc.mode)
			require.NoError(t, err)
			require.Empty(t, problems)
			assert.Equal(t, tc.roundTrips, n.Load())
		})
	}
}
