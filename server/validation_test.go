package server_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
)

// validationCases break each rule of docs/writes.md once, as a MERGE onto the
// test org (testOrgJSON): p1 manages p2 and p4, p2 manages p3; t2 is below
// t1; m2 is below m1; d2 is delegated from d1 (limit 1000) with limit
// 200.5 over m2, d3 from d2.
var validationCases = []struct {
	name     string
	snapshot string
	path     string // a path that must be among the problems
}{
	{"dangling manager", `{"people": [{"id": "p9", "name": "Nils", "manager": "nobody"}]}`, "people[0].manager"},
	{"dangling team parent", `{"teams": [{"id": "t9", "name": "Loans", "kind": "UNIT", "parent": "nowhere"}]}`, "teams[0].parent"},
	{"dangling membership team", `{"memberships": [{"person": "p1", "team": "t9", "role": "MEMBER"}]}`, "memberships[0].team"},
	{"dangling mandate holder", `{"mandates": [{"id": "d9", "name": "X", "matter": "m1", "holder": {"type": "TEAM", "id": "t9"}}]}`, "mandates[0].holder.id"},
	{"dangling escalation", `{"touchpoints": [{"id": "tp9", "name": "Chat", "channel": "CHAT", "escalatesTo": ["tp8"]}]}`, "touchpoints[0].escalatesTo[0]"},
	{"dangling handled matter", `{"touchpoints": [{"id": "tp9", "name": "Chat", "channel": "CHAT", "handles": [{"matter": "m9", "volume": 1, "selfServiceRate": 0}]}]}`, "touchpoints[0].handles[0].matter"},
	{"duplicate id", `{"people": [{"id": "p9", "name": "Nils"}, {"id": "p9", "name": "Nils again"}]}`, "people[1].id"},
	{"duplicate membership", `{"memberships": [{"person": "p1", "team": "t3", "role": "MEMBER"}, {"person": "p1", "team": "t3", "role": "LEAD"}]}`, "memberships[1]"},
	{"cycle of team parents", `{"teams": [{"id": "t8", "name": "A", "kind": "UNIT", "parent": "t9"}, {"id": "t9", "name": "B", "kind": "UNIT", "parent": "t8"}]}`, "teams[0].parent"},
	{"cycle of team parents through the org", `{"teams": [{"id": "t1", "name": "Fjordbank", "kind": "UNIT", "parent": "t2"}]}`, "teams[0].parent"},
	{"cycle of matter parents", `{"matters": [{"id": "m8", "name": "A", "parent": "m9"}, {"id": "m9", "name": "B", "parent": "m8"}]}`, "matters[0].parent"},
	{"cycle of managers through the org", `{"people": [{"id": "p1", "name": "Ada Lind", "manager": "p3"}]}`, "people[0].manager"},
	{"self-managed", `{"people": [{"id": "p9", "name": "Nils", "manager": "p9"}]}`, "people[0].manager"},
	{"cycle of delegations", `{"mandates": [
		{"id": "d8", "name": "A", "matter": "m1", "holder": {"type": "PERSON", "id": "p1"}, "delegatedFrom": "d9"},
		{"id": "d9", "name": "B", "matter": "m1", "holder": {"type": "PERSON", "id": "p2"}, "delegatedFrom": "d8"}]}`, "mandates[0].delegatedFrom"},
	{"delegated matter not under the source's", `{"mandates": [{"id": "d9", "name": "FAQ", "matter": "m3", "holder": {"type": "PERSON", "id": "p2"}, "limit": 10, "delegatedFrom": "d1"}]}`, "mandates[0].matter"},
	{"delegated matter above the source's", `{"mandates": [{"id": "d9", "name": "Cards", "matter": "m1", "holder": {"type": "PERSON", "id": "p2"}, "limit": 10, "delegatedFrom": "d2"}]}`, "mandates[0].matter"},
	{"delegated limit above the source's effective limit", `{"mandates": [{"id": "d9", "name": "Refunds", "matter": "m2", "holder": {"type": "PERSON", "id": "p2"}, "limit": 500, "delegatedFrom": "d2"}]}`, "mandates[0].limit"},
	{"delegated limit above the effective limit of the chain", `{"mandates": [{"id": "d9", "name": "Refunds", "matter": "m2", "holder": {"type": "PERSON", "id": "p2"}, "limit": 60, "delegatedFrom": "d3"}]}`, "mandates[0].limit"},
	{"delegated limit absent while the source has one", `{"mandates": [{"id": "d9", "name": "Refunds", "matter": "m2", "holder": {"type": "PERSON", "id": "p2"}, "delegatedFrom": "d2"}]}`, "mandates[0].limit"},
	{"a source limit cut below its delegation", `{"mandates": [{"id": "d1", "name": "Card matters", "matter": "m1", "holder": {"type": "PERSON", "id": "p1"}, "limit": 100}]}`, `existing.mandates["d2"].limit`},
	{"validUntil equal to validFrom, in other offsets", `{"mandates": [{"id": "d9", "name": "X", "matter": "m3", "holder": {"type": "PERSON", "id": "p1"},
		"validFrom": "2026-01-01T02:00:00+02:00", "validUntil": "2026-01-01T00:00:00Z"}]}`, "mandates[0].validUntil"},
	{"validUntil before validFrom", `{"mandates": [{"id": "d9", "name": "X", "matter": "m3", "holder": {"type": "PERSON", "id": "p1"},
		"validFrom": "2026-01-02T00:00:00Z", "validUntil": "2026-01-01T00:00:00Z"}]}`, "mandates[0].validUntil"},
	{"validFrom not RFC 3339", `{"mandates": [{"id": "d9", "name": "X", "matter": "m3", "holder": {"type": "PERSON", "id": "p1"}, "validFrom": "2026-01-01"}]}`, "mandates[0].validFrom"},
	{"negative volume", `{"touchpoints": [{"id": "tp9", "name": "Chat", "channel": "CHAT", "handles": [{"matter": "m1", "volume": -1, "selfServiceRate": 0}]}]}`, "touchpoints[0].handles[0].volume"},
	{"negative limit", `{"mandates": [{"id": "d9", "name": "X", "matter": "m3", "holder": {"type": "PERSON", "id": "p1"}, "limit": -5}]}`, "mandates[0].limit"},
	{"selfServiceRate above 1", `{"touchpoints": [{"id": "tp9", "name": "Chat", "channel": "CHAT", "handles": [{"matter": "m1", "volume": 1, "selfServiceRate": 1.5}]}]}`, "touchpoints[0].handles[0].selfServiceRate"},
	{"selfServiceRate below 0", `{"touchpoints": [{"id": "tp9", "name": "Chat", "channel": "CHAT", "handles": [{"matter": "m1", "volume": 1, "selfServiceRate": -0.1}]}]}`, "touchpoints[0].handles[0].selfServiceRate"},
	{"unknown team kind", `{"teams": [{"id": "t9", "name": "Loans", "kind": "SQUAD"}]}`, "teams[0].kind"},
	{"unknown role", `{"memberships": [{"person": "p1", "team": "t3", "role": "OWNER"}]}`, "memberships[0].role"},
	{"unknown channel", `{"touchpoints": [{"id": "tp9", "name": "Fax", "channel": "FAX"}]}`, "touchpoints[0].channel"},
	{"unknown holder type", `{"mandates": [{"id": "d9", "name": "X", "matter": "m3", "holder": {"type": "ROBOT", "id": "p1"}}]}`, "mandates[0].holder.type"},
	{"unknown staff type", `{"touchpoints": [{"id": "tp9", "name": "Chat", "channel": "CHAT", "staffedBy": [{"type": "ROBOT", "id": "p1"}]}]}`, "touchpoints[0].staffedBy[0].type"},
	{"empty id", `{"people": [{"id": "", "name": "Nils"}]}`, "people[0].id"},
	{"blank id", `{"matters": [{"id": "  ", "name": "Loans"}]}`, "matters[0].id"},
	{"empty name", `{"teams": [{"id": "t9", "name": "", "kind": "UNIT"}]}`, "teams[0].name"},
	{"empty touchpoint name", `{"touchpoints": [{"id": "tp9", "name": "", "channel": "CHAT"}]}`, "touchpoints[0].name"},
}

// assertBadInput checks the error shape of docs/writes.md: code BAD_INPUT and
// path among extensions.problems, each problem with a message.
func assertBadInput(t *testing.T, e gqlError, path string) {
	t.Helper()
	assert.Equal(t, "BAD_INPUT", e.Code(), "error: %+v", e)
	assert.Contains(t, e.ProblemPaths(t), path)
	for _, p := range e.Problems(t) {
		assert.NotEmpty(t, p.Message, "problem at %s", p.Path)
	}
	assert.NotEmpty(t, e.Message)
}

func TestValidationThroughImportOrg(t *testing.T) {
	s := newTestOrgServer(t)
	before := readOrg(t, s.Store)
	for _, tc := range validationCases {
		t.Run(tc.name, func(t *testing.T) {
			res := s.importOrg(t, "MERGE", []byte(tc.snapshot))
			assert.Equal(t, http.StatusOK, res.Status)
			assert.Equal(t, "null", string(res.Data), "no data for a rejected mutation")
			assertBadInput(t, res.only(t), tc.path)
			assert.True(t, graph.Diff(before, readOrg(t, s.Store)).Empty(), "the database is unchanged")
		})
	}
}

func TestValidationThroughImportOrgReplace(t *testing.T) {
	s := newTestOrgServer(t)
	before := readOrg(t, s.Store)
	// REPLACE validates the snapshot alone: what the org holds does not
	// count, so a reference to an entity only in the database dangles.
	res := s.importOrg(t, "REPLACE", []byte(`{"people": [{"id": "p9", "name": "Nils", "manager": "p1"}]}`))
	assertBadInput(t, res.only(t), "people[0].manager")
	assert.True(t, graph.Diff(before, readOrg(t, s.Store)).Empty(), "the database is unchanged")
}

func TestValidationThroughPostImport(t *testing.T) {
	s := newTestOrgServer(t)
	before := readOrg(t, s.Store)
	viaPost := []string{"dangling manager", "cycle of managers through the org", "delegated limit absent while the source has one",
		"a source limit cut below its delegation", "validUntil equal to validFrom, in other offsets",
		"unknown channel", "empty name", "validFrom not RFC 3339"}
	var ran []string
	for _, tc := range validationCases {
		if !slices.Contains(viaPost, tc.name) {
			continue
		}
		ran = append(ran, tc.name)
		t.Run(tc.name, func(t *testing.T) {
			status, e := s.importRejected(t, "merge", strings.NewReader(tc.snapshot))
			assert.Equal(t, http.StatusBadRequest, status)
			assertBadInput(t, e, tc.path)
			assert.True(t, graph.Diff(before, readOrg(t, s.Store)).Empty(), "the database is unchanged")
		})
	}
	assert.ElementsMatch(t, viaPost, ran, "every case named here is a case of validationCases")
}

func TestValidationListsEveryProblem(t *testing.T) {
	s := newTestOrgServer(t)
	before := readOrg(t, s.Store)
	doc := `{
	  "people": [{"id": "", "name": "Nils"}, {"id": "p9", "name": "", "manager": "nobody"}],
	  "teams": [{"id": "t9", "name": "Loans", "kind": "SQUAD"}],
	  "mandates": [{"id": "d9", "name": "X", "matter": "m3", "holder": {"type": "PERSON", "id": "p1"}, "limit": -1}],
	  "touchpoints": [{"id": "tp9", "name": "Chat", "channel": "FAX", "handles": [{"matter": "m1", "volume": -2, "selfServiceRate": 2}]}]
	}`
	want := []string{
		"people[0].id", "people[1].name", "people[1].manager", "teams[0].kind", "mandates[0].limit",
		"touchpoints[0].channel", "touchpoints[0].handles[0].volume", "touchpoints[0].handles[0].selfServiceRate",
	}
	check := func(t *testing.T, e gqlError) {
		t.Helper()
		assert.Equal(t, "BAD_INPUT", e.Code())
		assert.ElementsMatch(t, want, e.ProblemPaths(t))
		assert.Contains(t, e.Message, "8 problems")
		assert.True(t, graph.Diff(before, readOrg(t, s.Store)).Empty(), "the database is unchanged")
	}
	t.Run("importOrg", func(t *testing.T) {
		check(t, s.importOrg(t, "MERGE", []byte(doc)).only(t))
	})
	t.Run("POST /import", func(t *testing.T) {
		status, e := s.importRejected(t, "replace", strings.NewReader(doc))
		assert.Equal(t, http.StatusBadRequest, status)
		// REPLACE also finds the base org's references missing: p1 and m1, m3.
		assert.Equal(t, "BAD_INPUT", e.Code())
		assert.Subset(t, e.ProblemPaths(t), want)
		assert.True(t, graph.Diff(before, readOrg(t, s.Store)).Empty(), "the database is unchanged")
	})
}

func TestImportMalformedBody(t *testing.T) {
	s := newTestOrgServer(t)
	before := readOrg(t, s.Store)
	cases := []struct {
		name, body string
		path       string
	}{
		{"not JSON", `{"people": [{"id": "p9", "name": `, ""},
		{"not an object", `[1, 2]`, "$"},
		{"trailing data", `{} {}`, ""},
		{"empty body", ``, ""},
		{"a number where a string goes", `{"people": [{"id": 9, "name": "Nils"}]}`, "people[0].id"},
		{"a string where a number goes", `{"mandates": [{"id": "d9", "name": "X", "matter": "m3", "holder": {"type": "PERSON", "id": "p1"}, "limit": "12"}]}`, "mandates[0].limit"},
		{"an unknown field", `{"people": [{"id": "p9", "name": "Nils", "nickname": "N"}]}`, "people[0].nickname"},
		{"an unknown section", `{"robots": []}`, "robots"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, e := s.importRejected(t, "merge", strings.NewReader(tc.body))
			assert.Equal(t, http.StatusBadRequest, status)
			assert.Equal(t, "BAD_INPUT", e.Code())
			require.NotEmpty(t, e.Problems(t), "a malformed body lists its problems")
			if tc.path != "" {
				assert.Contains(t, e.ProblemPaths(t), tc.path)
			}
			assert.True(t, graph.Diff(before, readOrg(t, s.Store)).Empty(), "the database is unchanged")
		})
	}
}

// A time that does not parse is one problem among the others, and it does
// not make the rest of a MERGE look as if it stood alone.
func TestValidationBadTimeInMerge(t *testing.T) {
	s := newTestOrgServer(t)
	before := readOrg(t, s.Store)
	doc := `{"mandates": [{"id": "d9", "name": "X", "matter": "m3", "holder": {"type": "PERSON", "id": "p1"}, "validFrom": "next monday"}]}`
	t.Run("importOrg", func(t *testing.T) {
		e := s.importOrg(t, "MERGE", []byte(doc)).only(t)
		assert.Equal(t, "BAD_INPUT", e.Code())
		assert.Equal(t, []string{"mandates[0].validFrom"}, e.ProblemPaths(t),
			"m3 and p1 exist in the org: only the time is wrong")
	})
	t.Run("POST /import", func(t *testing.T) {
		status, e := s.importRejected(t, "merge", strings.NewReader(doc))
		assert.Equal(t, http.StatusBadRequest, status)
		assert.Equal(t, []string{"mandates[0].validFrom"}, e.ProblemPaths(t))
	})
	assert.True(t, graph.Diff(before, readOrg(t, s.Store)).Empty(), "the database is unchanged")
}
