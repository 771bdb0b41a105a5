package server_test

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/seed"
)

func TestLookupOfUnknownIDIsNull(t *testing.T) {
	s := newTestOrgServer(t)
	for _, field := range []string{"person", "team", "matter", "mandate", "touchpoint"} {
		t.Run(field, func(t *testing.T) {
			res := s.post(t, `query($id: ID!) { out: `+field+`(id: $id) { id } }`, map[string]any{"id": "nope"}, nil)
			assert.Empty(t, res.Errors)
			assert.JSONEq(t, `{"out": null}`, string(res.Data))
		})
	}
}

func TestQuestionErrors(t *testing.T) {
	s := newTestOrgServer(t)
	cases := []struct {
		name, query, code string
		vars              map[string]any
	}{
		{"whoCanAct of an unknown matter", `{ whoCanAct(matter: "nope") { person { id } } }`, "NOT_FOUND", nil},
		{"canAct of an unknown person", `{ canAct(person: "nope", matter: "m1") { allowed } }`, "NOT_FOUND", nil},
		{"canAct on an unknown matter", `{ canAct(person: "p1", matter: "nope") { allowed } }`, "NOT_FOUND", nil},
		{"actionableMatters of an unknown person", `{ actionableMatters(person: "nope") { matter { id } } }`, "NOT_FOUND", nil},
		{"customerDistance from an unknown touchpoint", `{ customerDistance(touchpoint: "nope", matter: "m1") { hops } }`, "NOT_FOUND", nil},
		{"customerDistance to an unknown matter", `{ customerDistance(touchpoint: "tp1", matter: "nope") { hops } }`, "NOT_FOUND", nil},
		{"whoCanAct for a negative amount", `{ whoCanAct(matter: "m1", amount: -1) { person { id } } }`, "BAD_INPUT", nil},
		{"canAct for a negative amount", `{ canAct(person: "p1", matter: "m1", amount: -0.5) { allowed } }`, "BAD_INPUT", nil},
		{"actionableMatters for a negative amount", `{ actionableMatters(person: "p1", amount: -1) { matter { id } } }`, "BAD_INPUT", nil},
		{"customerDistance for a negative amount", `{ customerDistance(touchpoint: "tp1", matter: "m1", amount: -1) { hops } }`, "BAD_INPUT", nil},
		{"Matter.whoCanAct for a negative amount", `{ matter(id: "m1") { whoCanAct(amount: -1) { person { id } } } }`, "BAD_INPUT", nil},
		{"a bad cursor", `{ people(after: "not a cursor") { nodes { id } } }`, "BAD_INPUT", nil},
		{"a cursor of garbage base64", `{ people(after: "Zm9vYmFy") { nodes { id } } }`, "BAD_INPUT", nil},
		{"a bad cursor of a nested connection", `{ person(id: "p1") { reports(after: "%%%") { nodes { id } } } }`, "BAD_INPUT", nil},
		{"a negative page size", `{ people(first: -1) { nodes { id } } }`, "BAD_INPUT", nil},
		{"a syntax error", `{ person(id: "p1" { name } }`, "GRAPHQL_PARSE_FAILED", nil},
		{"an unknown field", `{ person(id: "p1") { shoeSize } }`, "GRAPHQL_VALIDATION_FAILED", nil},
		{"an unknown enum value", `{ teams(kind: SQUAD) { nodes { id } } }`, "GRAPHQL_VALIDATION_FAILED", nil},
		// A bad DateTime is the client's mistake, not the server's: not INTERNAL.
		{"a DateTime literal that does not parse", `{ whoCanAct(matter: "m1", at: "tomorrow") { person { id } } }`, "BAD_INPUT", nil},
		{"a DateTime variable that does not parse", `query($at: DateTime) { whoCanAct(matter: "m1", at: $at) { person { id } } }`,
			"BAD_INPUT", map[string]any{"at": "tomorrow"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := s.post(t, tc.query, tc.vars, nil)
			e := res.only(t)
			assert.Equal(t, tc.code, e.Code(), "error: %+v", e)
			assert.NotEmpty(t, e.Message)
			assert.NotContains(t, e.Message, "internal error")
			if tc.code == "NOT_FOUND" {
				assert.Contains(t, e.Message, `"nope"`, "the message names the unknown id")
				assert.NotEmpty(t, e.Path)
			}
		})
	}
}

func TestQuestionsAnswer(t *testing.T) {
	s := newTestOrgServer(t)
	// p4 can act on m2 up to 50 directly (d3), and up to 200.5 through
	// t2 (d2); at 100 only through the team.
	var data struct {
		Small, Large struct {
			Allowed bool
			Grants  []struct {
				Mandate ref
				Via     string
			}
		}
		WhoCanAct []struct {
			Person ref
			Limit  *float64
		}
	}
	s.query(t, `{
	  small: canAct(person: "p4", matter: "m2", amount: 40) { allowed grants { mandate { id } via } }
	  large: canAct(person: "p4", matter: "m2", amount: 300) { allowed grants { mandate { id } via } }
	  whoCanAct(matter: "m2", at: "2026-06-01T00:00:00+02:00") { person { id } limit }
	}`, nil, &data)
	assert.True(t, data.Small.Allowed)
	assert.False(t, data.Large.Allowed)
	var who []string
	for _, a := range data.WhoCanAct {
		who = append(who, a.Person.ID)
	}
	assert.Equal(t, []string{"p1", "p2", "p4"}, who, "p3 is inactive")
}

func TestPagination(t *testing.T) {
	s := newTestServer(t)
	demo, err := seed.Demo()
	require.NoError(t, err)
	replaceOrg(t, s.Store, demo)
	var all []string
	for _, p := range demo.People {
		all = append(all, p.ID)
	}
	slices.Sort(all)

	for _, size := range []int{2, 7, 115, 200} {
		t.Run("first "+strconv.Itoa(size), func(t *testing.T) {
			var seen []string
			var after *string
			for pages := 0; ; pages++ {
				require.Less(t, pages, len(all)+1, "the walk ends")
				var data struct {
					People struct {
						TotalCount int
						Edges      []struct {
							Cursor string
							Node   ref
						}
						PageInfo struct {
							HasNextPage, HasPreviousPage bool
							StartCursor, EndCursor       *string
						}
					}
				}
				s.query(t, `query($first: Int, $after: String) {
				  people(first: $first, after: $after) { totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
				}`, map[string]any{"first": size, "after": after}, &data)
				page := data.People
				assert.Equal(t, len(all), page.TotalCount, "totalCount counts every person, not the page")
				assert.LessOrEqual(t, len(page.Edges), size)
				assert.Equal(t, after != nil, page.PageInfo.HasPreviousPage)
				for _, e := range page.Edges {
					seen = append(seen, e.Node.ID)
				}
				if len(page.Edges) > 0 {
					require.NotNil(t, page.PageInfo.EndCursor)
					assert.Equal(t, page.Edges[len(page.Edges)-1].Cursor, *page.PageInfo.EndCursor)
					assert.Equal(t, page.Edges[0].Cursor, *page.PageInfo.StartCursor)
				}
				if !page.PageInfo.HasNextPage {
					break
				}
				require.Len(t, page.Edges, size, "a page before the last is full")
				after = page.PageInfo.EndCursor
			}
			assert.Equal(t, all, seen, "every person exactly once, in id order")
		})
	}
}

func TestListFilters(t *testing.T) {
	s := newTestOrgServer(t)
	cases := []struct {
		name, query string
		want        []string
	}{
		{"people by name, case-insensitively", `{ out: people(nameContains: "BERG") { totalCount nodes { id } } }`, []string{"p2"}},
		{"people by a name part", `{ out: people(nameContains: "d") { totalCount nodes { id } } }`, []string{"p1", "p3", "p4"}},
		{"inactive people", `{ out: people(active: false) { totalCount nodes { id } } }`, []string{"p3"}},
		{"active people", `{ out: people(active: true) { totalCount nodes { id } } }`, []string{"p1", "p2", "p4"}},
		{"active people by name", `{ out: people(active: true, nameContains: "Dahl") { totalCount nodes { id } } }`, nil},
		{"teams by kind", `{ out: teams(kind: TEAM) { totalCount nodes { id } } }`, []string{"t3"}},
		{"units", `{ out: teams(kind: UNIT) { totalCount nodes { id } } }`, []string{"t1", "t2"}},
		{"teams by name", `{ out: teams(nameContains: "cArDs") { totalCount nodes { id } } }`, []string{"t2"}},
		{"root matters", `{ out: matters(roots: true) { totalCount nodes { id } } }`, []string{"m1", "m3"}},
		{"matters that are not roots", `{ out: matters(roots: false) { totalCount nodes { id } } }`, []string{"m2"}},
		{"matters by name", `{ out: matters(nameContains: "refund") { totalCount nodes { id } } }`, []string{"m2"}},
		{"mandates by name", `{ out: mandates(nameContains: "REFUNDS") { totalCount nodes { id } } }`, []string{"d2", "d3"}},
		{"touchpoints by channel", `{ out: touchpoints(channel: PHONE) { totalCount nodes { id } } }`, []string{"tp2"}},
		{"self-service touchpoints", `{ out: touchpoints(selfService: true) { totalCount nodes { id } } }`, []string{"tp1"}},
		{"touchpoints by channel and name", `{ out: touchpoints(channel: WEB, nameContains: "branch") { totalCount nodes { id } } }`, nil},
		{"a filter and a page", `{ out: people(active: true, first: 1) { totalCount nodes { id } } }`, []string{"p1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var data struct {
				Out struct {
					TotalCount int
					Nodes      []ref
				}
			}
			s.query(t, tc.query, nil, &data)
			assert.Equal(t, tc.want, idList(data.Out.Nodes))
			if !strings.Contains(tc.query, "first:") {
				assert.Equal(t, len(tc.want), data.Out.TotalCount)
			}
		})
	}
	t.Run("totalCount of a filtered page counts the filter", func(t *testing.T) {
		var data struct{ People struct{ TotalCount int } }
		s.query(t, `{ people(active: true, first: 1) { totalCount } }`, nil, &data)
		assert.Equal(t, 3, data.People.TotalCount)
	})
}

func TestGetGraphQL(t *testing.T) {
	s := newTestOrgServer(t)
	t.Run("a query", func(t *testing.T) {
		res := s.get(t, `{ person(id: "p1") { name manager { id } } }`)
		assert.Equal(t, http.StatusOK, res.Status)
		assert.Empty(t, res.Errors)
		assert.JSONEq(t, `{"person": {"name": "Ada Lind", "manager": null}}`, string(res.Data))
	})
	t.Run("a mutation is refused", func(t *testing.T) {
		res := s.get(t, `mutation { deletePerson(id: "p3") }`)
		assert.NotEmpty(t, res.Errors)
		var person struct{ Person *ref }
		s.query(t, `{ person(id: "p3") { id } }`, nil, &person)
		assert.NotNil(t, person.Person, "a GET does not write")
	})
	t.Run("GraphiQL for a browser", func(t *testing.T) {
		req, err := http.NewRequest(http.MethodGet, s.URL+"/graphql", nil)
		require.NoError(t, err)
		req.Header.Set("Accept", "text/html,application/xhtml+xml")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, res.StatusCode)
		assert.Contains(t, res.Header.Get("Content-Type"), "text/html")
		assert.Contains(t, strings.ToLower(string(body)), "<html")
		assert.Contains(t, strings.ToLower(string(body)), "graphiql")
	})
	t.Run("the root is the planner app, not GraphiQL (webapp_test.go)", func(t *testing.T) {
		req, err := http.NewRequest(http.MethodGet, s.URL+"/", nil)
		require.NoError(t, err)
		req.Header.Set("Accept", "text/html")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, res.StatusCode)
		assert.Contains(t, string(body), `<div id="app">`)
	})
}

func TestHealthAndReadiness(t *testing.T) {
	s := newTestOrgServer(t)
	for _, path := range []string{"/healthz", "/readyz"} {
		status, body := s.probe(t, path)
		assert.Equal(t, http.StatusOK, status, "%s: %v", path, body)
	}
}

// The request log says what happened to each request.
func TestRequestLog(t *testing.T) {
	s := newTestOrgServer(t)
	res := s.post(t, `query Lookup { whoCanAct(matter: "nope") { person { id } } }`, nil, nil)
	require.Equal(t, "NOT_FOUND", res.only(t).Code())
	log := s.Log.String()
	assert.Contains(t, log, "operation=Lookup")
	assert.Contains(t, log, `outcome=NOT_FOUND`, "the outcome is the first error's code")
	assert.Contains(t, log, `principal=local`)
	assert.Regexp(t, `db_round_trips=\d+`, log)
	assert.Regexp(t, `db_ms=[0-9.]+`, log)
	assert.Regexp(t, `request_id=[0-9a-f]{12}`, log)
}

// Each link of docs/api.md §4 asked on its own, so that a broken one is named by
// the case that fails (the whole-org comparison is in import_test.go).
func TestLinkFields(t *testing.T) {
	s := newTestOrgServer(t)
	cases := []struct{ name, query, want string }{
		{"person manager and reports", `{ person(id: "p2") { manager { id } reports { nodes { id } } } }`,
			`{"person": {"manager": {"id": "p1"}, "reports": {"nodes": [{"id": "p3"}]}}}`},
		{"person memberships", `{ person(id: "p4") { memberships { nodes { team { id } role } } } }`,
			`{"person": {"memberships": {"nodes": [{"team": {"id": "t2"}, "role": "MEMBER"}, {"team": {"id": "t3"}, "role": "MEMBER"}]}}}`},
		{"person mandates", `{ person(id: "p4") { mandates { nodes { id } } } }`, `{"person": {"mandates": {"nodes": [{"id": "d3"}]}}}`},
		{"person staffs", `{ person(id: "p1") { staffs { id } } }`, `{"person": {"staffs": [{"id": "tp2"}]}}`},
		{"team parent and children", `{ team(id: "t1") { parent { id } children { nodes { id parent { id } } } } }`,
			`{"team": {"parent": null, "children": {"nodes": [{"id": "t2", "parent": {"id": "t1"}}]}}}`},
		{"team members by role", `{ team(id: "t3") { members(role: LEAD) { totalCount nodes { person { id } } } } }`,
			`{"team": {"members": {"totalCount": 1, "nodes": [{"person": {"id": "p3"}}]}}}`},
		{"team mandates", `{ team(id: "t2") { mandates { nodes { id } } } }`, `{"team": {"mandates": {"nodes": [{"id": "d2"}]}}}`},
		{"team staffs", `{ team(id: "t3") { staffs { id } } }`, `{"team": {"staffs": [{"id": "tp3"}]}}`},
		{"matter parent, children, mandates", `{ matter(id: "m1") { parent { id } children { nodes { id } } mandates { nodes { id } } } }`,
			`{"matter": {"parent": null, "children": {"nodes": [{"id": "m2"}]}, "mandates": {"nodes": [{"id": "d1"}]}}}`},
		{"matter handledAt", `{ matter(id: "m2") { handledAt { touchpoint { id } volume selfServiceRate residual } } }`,
			`{"matter": {"handledAt": [{"touchpoint": {"id": "tp1"}, "volume": 1200, "selfServiceRate": 0.75, "residual": 300},
			  {"touchpoint": {"id": "tp2"}, "volume": 200, "selfServiceRate": 0, "residual": 200}]}}`},
		{"matter handledAt, touchpoint whole", `{ matter(id: "m3") { handledAt { touchpoint { id staffedBy { __typename } handles { matter { id } } } } } }`,
			`{"matter": {"handledAt": [{"touchpoint": {"id": "tp1", "staffedBy": [], "handles": [{"matter": {"id": "m2"}}, {"matter": {"id": "m3"}}]}}]}}`},
		{"mandate links", `{ mandate(id: "d2") { matter { id } holder { ... on Team { id } } delegatedFrom { id } delegations { nodes { id } } effectiveLimit } }`,
			`{"mandate": {"matter": {"id": "m2"}, "holder": {"id": "t2"}, "delegatedFrom": {"id": "d1"}, "delegations": {"nodes": [{"id": "d3"}]}, "effectiveLimit": 200.5}}`},
		{"touchpoint links", `{ touchpoint(id: "tp3") { staffedBy { __typename ... on Person { id } ... on Team { id } } escalatesTo { id } escalatedFrom { id } frontLine { nodes { id } } } }`,
			`{"touchpoint": {"staffedBy": [{"__typename": "Person", "id": "p4"}, {"__typename": "Team", "id": "t3"}], "escalatesTo": [],
			  "escalatedFrom": [{"id": "tp1"}, {"id": "tp2"}], "frontLine": {"nodes": [{"id": "p4"}]}}}`},
		{"matters list", `{ matters { totalCount nodes { id } } }`, `{"matters": {"totalCount": 3, "nodes": [{"id": "m1"}, {"id": "m2"}, {"id": "m3"}]}}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := s.post(t, tc.query, nil, nil)
			assert.Empty(t, res.Errors)
			assert.JSONEq(t, tc.want, string(res.Data))
		})
	}
}

// A connection costs its page size times what each item asks for, so a
// request for a huge answer is refused before it runs; the same shape with
// small pages is not.
func TestComplexityGrowsWithPageSize(t *testing.T) {
	s := newTestOrgServer(t)
	for _, tc := range []struct{ name, page string }{
		{"people, their reports, their mandates", `{ people(first: %d) { nodes { reports(first: %[1]d) { nodes { mandates(first: %[1]d) { nodes { id } } } } } } }`},
		{"org health units and their exclusive matters", `{ orgHealth { units(first: %d) { nodes { exclusiveMatters(first: %[1]d) { nodes { id name } } } } } }`},
		{"org health key people", `{ orgHealth { keyPeople(first: %d) { nodes { person { id name title email active } soleMatters { id name } soleMatterResidual strandedIfLeft } } } }`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			small := s.post(t, fmt.Sprintf(tc.page, 5), nil, nil)
			assert.Empty(t, small.Errors, "small pages")
			huge := s.post(t, fmt.Sprintf(tc.page, 1_000_000), nil, nil)
			assert.Equal(t, "COMPLEXITY_LIMIT_EXCEEDED", huge.only(t).Code())
		})
	}
}
