package server_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
)

// entityMutations is, for each entity type, a lifecycle through the
// mutations of schema/import.graphqls on the test org (testOrgJSON).
var entityMutations = []struct {
	typ, lookup, selection string
	create                 map[string]any
	created                string // the answer to create, JSON
	update                 map[string]any
	updated                string // the answer to update: overwritten whole
}{
	{
		typ: "Person", lookup: "person", selection: `id name email title active manager { id }`,
		create:  map[string]any{"id": "p9", "name": "Nils Holm", "email": "nils@fjordbank.example", "manager": "p2"},
		created: `{"id": "p9", "name": "Nils Holm", "email": "nils@fjordbank.example", "title": null, "active": true, "manager": {"id": "p2"}}`,
		update:  map[string]any{"id": "p9", "name": "Nils Holm", "title": "Advisor", "active": false},
		updated: `{"id": "p9", "name": "Nils Holm", "email": null, "title": "Advisor", "active": false, "manager": null}`,
	},
	{
		typ: "Team", lookup: "team", selection: `id name kind parent { id }`,
		create:  map[string]any{"id": "t9", "name": "Loans", "kind": "UNIT", "parent": "t1"},
		created: `{"id": "t9", "name": "Loans", "kind": "UNIT", "parent": {"id": "t1"}}`,
		update:  map[string]any{"id": "t9", "name": "Loan squad", "kind": "TEAM"},
		updated: `{"id": "t9", "name": "Loan squad", "kind": "TEAM", "parent": null}`,
	},
	{
		typ: "Matter", lookup: "matter", selection: `id name parent { id }`,
		create:  map[string]any{"id": "m9", "name": "Card fee dispute", "parent": "m2"},
		created: `{"id": "m9", "name": "Card fee dispute", "parent": {"id": "m2"}}`,
		update:  map[string]any{"id": "m9", "name": "Disputes"},
		updated: `{"id": "m9", "name": "Disputes", "parent": null}`,
	},
	{
		typ: "Mandate", lookup: "mandate",
		selection: `id name matter { id } holder { __typename ... on Person { id } ... on Team { id } } limit delegatedFrom { id } validFrom validUntil`,
		create: map[string]any{"id": "d9", "name": "Tiny refunds", "matter": "m2", "holder": map[string]any{"type": "PERSON", "id": "p2"},
			"limit": 20, "delegatedFrom": "d3", "validFrom": "2026-01-01T00:00:00+01:00", "validUntil": "2027-01-01T00:00:00Z"},
		created: `{"id": "d9", "name": "Tiny refunds", "matter": {"id": "m2"}, "holder": {"__typename": "Person", "id": "p2"},
			"limit": 20, "delegatedFrom": {"id": "d3"}, "validFrom": "2025-12-31T23:00:00Z", "validUntil": "2027-01-01T00:00:00Z"}`,
		update:  map[string]any{"id": "d9", "name": "FAQ edits", "matter": "m3", "holder": map[string]any{"type": "TEAM", "id": "t3"}},
		updated: `{"id": "d9", "name": "FAQ edits", "matter": {"id": "m3"}, "holder": {"__typename": "Team", "id": "t3"}, "limit": null, "delegatedFrom": null, "validFrom": null, "validUntil": null}`,
	},
	{
		typ: "Touchpoint", lookup: "touchpoint",
		selection: `id name channel selfService staffedBy { __typename ... on Person { id } ... on Team { id } } escalatesTo { id } handles { matter { id } volume selfServiceRate residual }`,
		create: map[string]any{"id": "tp9", "name": "Chat", "channel": "CHAT",
			"staffedBy":   []any{map[string]any{"type": "PERSON", "id": "p2"}, map[string]any{"type": "TEAM", "id": "t2"}},
			"escalatesTo": []any{"tp2"}, "handles": []any{map[string]any{"matter": "m2", "volume": 100, "selfServiceRate": 0.25}}},
		created: `{"id": "tp9", "name": "Chat", "channel": "CHAT", "selfService": false,
			"staffedBy": [{"__typename": "Person", "id": "p2"}, {"__typename": "Team", "id": "t2"}], "escalatesTo": [{"id": "tp2"}],
			"handles": [{"matter": {"id": "m2"}, "volume": 100, "selfServiceRate": 0.25, "residual": 75}]}`,
		update:  map[string]any{"id": "tp9", "name": "Chat bot", "channel": "APP", "selfService": true},
		updated: `{"id": "tp9", "name": "Chat bot", "channel": "APP", "selfService": true, "staffedBy": [], "escalatesTo": [], "handles": []}`,
	},
}

func TestEntityMutations(t *testing.T) {
	s := newTestOrgServer(t)
	before := readOrg(t, s.Store)
	for _, tc := range entityMutations {
		t.Run(tc.typ, func(t *testing.T) {
			put := func(verb string, input map[string]any) gqlResponse {
				t.Helper()
				q := fmt.Sprintf(`mutation($input: %sInput!) { out: %s%s(input: $input) { %s } }`, tc.typ, verb, tc.typ, tc.selection)
				return s.post(t, q, map[string]any{"input": input}, nil)
			}
			answer := func(res gqlResponse) string {
				t.Helper()
				require.Empty(t, res.Errors)
				var data struct{ Out json.RawMessage }
				require.NoError(t, json.Unmarshal(res.Data, &data))
				return string(data.Out)
			}
			lookup := func() string {
				t.Helper()
				var data struct{ Out json.RawMessage }
				s.query(t, fmt.Sprintf(`query($id: ID!) { out: %s(id: $id) { %s } }`, tc.lookup, tc.selection), map[string]any{"id": tc.create["id"]}, &data)
				return string(data.Out)
			}
			remove := func() gqlResponse {
				t.Helper()
				return s.post(t, fmt.Sprintf(`mutation($id: ID!) { out: delete%s(id: $id) }`, tc.typ), map[string]any{"id": tc.create["id"]}, nil)
			}

			assert.JSONEq(t, tc.created, answer(put("create", tc.create)))
			assert.JSONEq(t, tc.created, lookup())

			taken := put("create", tc.update)
			assertBadInput(t, taken.only(t), "input.id")

			assert.JSONEq(t, tc.updated, answer(put("update", tc.update)))
			assert.JSONEq(t, tc.updated, lookup())

			unknown := map[string]any{}
			for k, v := range tc.update {
				unknown[k] = v
			}
			unknown["id"] = "nope"
			assertBadInput(t, put("update", unknown).only(t), "input.id")

			assert.Equal(t, fmt.Sprintf("%q", tc.create["id"]), answer(remove()))
			assert.Equal(t, "null", lookup(), "a deleted entity is not found")
			assertBadInput(t, remove().only(t), "id")
		})
	}
	assert.True(t, graph.Diff(before, readOrg(t, s.Store)).Empty(), "created, then deleted: the org is as before")
}

func TestMutationsRejectBadInput(t *testing.T) {
	s := newTestOrgServer(t)
	before := readOrg(t, s.Store)
	cases := []struct {
		name, mutation string
		vars           map[string]any
		path           string
	}{
		{"a dangling manager", `mutation($in: PersonInput!) { createPerson(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"id": "p9", "name": "Nils", "manager": "nobody"}}, "input.manager"},
		{"a cycle of managers", `mutation($in: PersonInput!) { updatePerson(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"id": "p1", "name": "Ada Lind", "manager": "p3"}}, "input.manager"},
		{"an empty name", `mutation($in: TeamInput!) { createTeam(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"id": "t9", "name": "", "kind": "UNIT"}}, "input.name"},
		{"an unknown kind", `mutation($in: TeamInput!) { createTeam(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"id": "t9", "name": "Loans", "kind": "SQUAD"}}, "input.kind"},
		{"a time that does not parse", `mutation($in: MandateInput!) { createMandate(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"id": "d9", "name": "X", "matter": "m3", "holder": map[string]any{"type": "PERSON", "id": "p1"}, "validFrom": "soon"}}, "input.validFrom"},
		{"a limit above the source's", `mutation($in: MandateInput!) { createMandate(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"id": "d9", "name": "X", "matter": "m2", "holder": map[string]any{"type": "PERSON", "id": "p1"}, "limit": 51, "delegatedFrom": "d3"}}, "input.limit"},
		{"a source's limit cut below a delegation", `mutation($in: MandateInput!) { updateMandate(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"id": "d2", "name": "Card fee refunds", "matter": "m2", "holder": map[string]any{"type": "TEAM", "id": "t2"}, "limit": 10, "delegatedFrom": "d1"}},
			`existing.mandates["d3"].limit`},
		{"a selfServiceRate above 1", `mutation($in: TouchpointInput!) { createTouchpoint(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"id": "tp9", "name": "Chat", "channel": "CHAT", "handles": []any{map[string]any{"matter": "m1", "volume": 1, "selfServiceRate": 2}}}},
			"input.handles[0].selfServiceRate"},
		{"a membership of nobody", `mutation($in: MembershipInput!) { addMembership(input: $in) { role } }`,
			map[string]any{"in": map[string]any{"person": "nobody", "team": "t1", "role": "MEMBER"}}, "input.person"},
		{"a membership with an unknown role", `mutation($in: MembershipInput!) { addMembership(input: $in) { role } }`,
			map[string]any{"in": map[string]any{"person": "p1", "team": "t3", "role": "OWNER"}}, "input.role"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := s.post(t, tc.mutation, tc.vars, nil)
			assertBadInput(t, res.only(t), tc.path)
			assert.True(t, graph.Diff(before, readOrg(t, s.Store)).Empty(), "the database is unchanged")
		})
	}
}

// Deleting an entity that others still refer to is BAD_INPUT naming every
// referrer, and deletes nothing.
func TestDeleteReferencedEntity(t *testing.T) {
	s := newTestOrgServer(t)
	before := readOrg(t, s.Store)
	cases := []struct {
		mutation, id string
		referrers    [][]string // each: parts of a problem path
	}{
		{"deletePerson", "p1", [][]string{
			{`people["p2"]`, "manager"}, {`people["p4"]`, "manager"}, {`mandates["d1"]`, "holder"}, {`touchpoints["tp2"]`, "staffedBy"},
		}},
		{"deletePerson", "p2", [][]string{{`people["p3"]`, "manager"}}},
		{"deletePerson", "p4", [][]string{{`mandates["d3"]`, "holder"}, {`touchpoints["tp3"]`, "staffedBy"}}},
		{"deleteTeam", "t1", [][]string{{`teams["t2"]`, "parent"}}},
		{"deleteTeam", "t2", [][]string{{`mandates["d2"]`, "holder"}, {`touchpoints["tp2"]`, "staffedBy"}}},
		{"deleteMatter", "m1", [][]string{{`matters["m2"]`, "parent"}, {`mandates["d1"]`, "matter"}}},
		{"deleteMatter", "m3", [][]string{{`mandates["d4"]`, "matter"}, {`touchpoints["tp1"]`, "handles"}}},
		{"deleteMandate", "d1", [][]string{{`mandates["d2"]`, "delegatedFrom"}}},
		{"deleteTouchpoint", "tp3", [][]string{{`touchpoints["tp1"]`, "escalatesTo"}, {`touchpoints["tp2"]`, "escalatesTo"}}},
	}
	for _, tc := range cases {
		t.Run(tc.mutation+" "+tc.id, func(t *testing.T) {
			res := s.post(t, fmt.Sprintf(`mutation($id: ID!) { %s(id: $id) }`, tc.mutation), map[string]any{"id": tc.id}, nil)
			e := res.only(t)
			assert.Equal(t, "BAD_INPUT", e.Code())
			paths := e.ProblemPaths(t)
			for _, parts := range tc.referrers {
				assert.True(t, containsPath(paths, parts...), "a problem naming %v among %q", parts, paths)
			}
			assert.Len(t, paths, len(tc.referrers), "one problem per referrer: %q", paths)
			assert.True(t, graph.Diff(before, readOrg(t, s.Store)).Empty(), "nothing deleted")
		})
	}
}

// teamMembers reads a team's members through GraphQL, as "person team role".
func (s *testServer) teamMembers(t *testing.T, team string) []string {
	t.Helper()
	var data struct {
		Team struct{ Members memberConn }
	}
	s.query(t, `query($id: ID!) { team(id: $id) { members { totalCount nodes { person { id } team { id } role } } } }`, map[string]any{"id": team}, &data)
	return members(t, data.Team.Members)
}

func TestDeleteTakesMembershipsAlong(t *testing.T) {
	s := newTestOrgServer(t)
	t.Run("deletePerson", func(t *testing.T) {
		require.Contains(t, s.teamMembers(t, "t3"), memberString("p3", "t3", "LEAD"))
		var data struct{ DeletePerson string }
		s.query(t, `mutation { deletePerson(id: "p3") }`, nil, &data)
		assert.Equal(t, "p3", data.DeletePerson)
		assert.Equal(t, []string{memberString("p4", "t3", "MEMBER")}, s.teamMembers(t, "t3"))
		for _, m := range readOrg(t, s.Store).Memberships {
			assert.NotEqual(t, "p3", m.Person)
		}
	})
	t.Run("deleteTeam", func(t *testing.T) {
		var created struct{ CreateTeam struct{ ID string } }
		s.query(t, `mutation { createTeam(input: {id: "t9", name: "Loans", kind: "TEAM"}) { id } }`, nil, &created)
		var added struct{ AddMembership memberNode }
		s.query(t, `mutation { addMembership(input: {person: "p1", team: "t9", role: "MEMBER"}) { person { id } team { id } role } }`, nil, &added)
		require.Equal(t, memberNode{Person: ref{"p1"}, Team: ref{"t9"}, Role: "MEMBER"}, added.AddMembership)

		var data struct{ DeleteTeam string }
		s.query(t, `mutation { deleteTeam(id: "t9") }`, nil, &data)
		assert.Equal(t, "t9", data.DeleteTeam)
		var person struct {
			Person struct{ Memberships memberConn }
		}
		s.query(t, `{ person(id: "p1") { memberships { totalCount nodes { person { id } team { id } role } } } }`, nil, &person)
		assert.Equal(t, []string{memberString("p1", "t1", "LEAD")}, members(t, person.Person.Memberships))
	})
}

func TestMembershipMutations(t *testing.T) {
	s := newTestOrgServer(t)
	const add = `mutation($in: MembershipInput!) { addMembership(input: $in) { person { id name } team { id name } role } }`
	const remove = `mutation($person: ID!, $team: ID!) { removeMembership(person: $person, team: $team) }`
	var added struct{ AddMembership json.RawMessage }
	s.query(t, add, map[string]any{"in": map[string]any{"person": "p2", "team": "t3", "role": "MEMBER"}}, &added)
	assert.JSONEq(t, `{"person": {"id": "p2", "name": "Bo Berg"}, "team": {"id": "t3", "name": "Web squad"}, "role": "MEMBER"}`, string(added.AddMembership))
	assert.Equal(t, []string{memberString("p2", "t3", "MEMBER"), memberString("p3", "t3", "LEAD"), memberString("p4", "t3", "MEMBER")}, s.teamMembers(t, "t3"))

	s.query(t, add, map[string]any{"in": map[string]any{"person": "p2", "team": "t3", "role": "LEAD"}}, &added)
	assert.JSONEq(t, `{"person": {"id": "p2", "name": "Bo Berg"}, "team": {"id": "t3", "name": "Web squad"}, "role": "LEAD"}`, string(added.AddMembership),
		"adding a membership again changes the role")
	assert.Equal(t, []string{memberString("p2", "t3", "LEAD"), memberString("p3", "t3", "LEAD"), memberString("p4", "t3", "MEMBER")}, s.teamMembers(t, "t3"))

	var removed struct{ RemoveMembership bool }
	s.query(t, remove, map[string]any{"person": "p2", "team": "t3"}, &removed)
	assert.True(t, removed.RemoveMembership)
	assert.Equal(t, []string{memberString("p3", "t3", "LEAD"), memberString("p4", "t3", "MEMBER")}, s.teamMembers(t, "t3"))

	before := readOrg(t, s.Store)
	again := s.post(t, remove, map[string]any{"person": "p2", "team": "t3"}, nil)
	assert.Equal(t, "BAD_INPUT", again.only(t).Code(), "removing a membership that is not there")
	assert.NotEmpty(t, again.only(t).Problems(t))
	assert.True(t, graph.Diff(before, readOrg(t, s.Store)).Empty())
}
