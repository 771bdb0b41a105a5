package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/internal/testneo4j"
	"github.com/orgnet/orgnet/seed"
	"github.com/orgnet/orgnet/server"
)

// tokenServer serves st a second time with API tokens on: hr is the header
// of the HR token "hr-sync", admin that of the admin token "admin".
func tokenServer(t *testing.T, st *store.Store) (s *testServer, hr, admin http.Header) {
	t.Helper()
	forgetTokens(t)
	bearer := func(name string, r graph.Role) http.Header {
		return http.Header{"Authorization": {"Bearer " + issueToken(t, st, name, r)}}
	}
	hr, admin = bearer("hr-sync", graph.HRRole), bearer("admin", graph.AdminRole)
	return serveWithTokens(t, st), hr, admin
}

// changeView is a change as a client reads it.
type changeView struct {
	ID        string
	Version   int
	Via       string
	Principal struct{ Name, Role string }
	Created   int
	Updated   int
	Deleted   int
	Entries   entriesView
}

// entriesView is a page of a change's entries as a client reads it.
type entriesView struct {
	TotalCount int
	Nodes      []entryView
	PageInfo   struct {
		HasNextPage bool
		EndCursor   string
	}
}

type entryView struct {
	Type, ID, Op  string
	Before, After json.RawMessage
}

func (e entryView) short() string { return e.Type + " " + e.ID + " " + e.Op }

const changeFields = `id version via principal { name role } created updated deleted
  entries(first: 1000) { totalCount nodes { type id op before after } pageInfo { hasNextPage endCursor } }`

// changes lists the newest changes.
func (s *testServer) changes(t *testing.T, first int) []changeView {
	t.Helper()
	var data struct {
		Changes struct {
			TotalCount int
			Nodes      []changeView
		}
	}
	s.query(t, `query($first: Int) { changes(first: $first) { totalCount nodes { `+changeFields+` } } }`, map[string]any{"first": first}, &data)
	return data.Changes.Nodes
}

func (s *testServer) orgVersion(t *testing.T) int {
	t.Helper()
	var data struct{ OrgVersion int }
	s.query(t, `{ orgVersion }`, nil, &data)
	return data.OrgVersion
}

// mutate sends a mutation that must succeed.
func (s *testServer) mutate(t *testing.T, query string, vars map[string]any, header http.Header) json.RawMessage {
	t.Helper()
	res := s.post(t, query, vars, header)
	require.Empty(t, res.Errors, "mutation failed: %s", query)
	return res.Data
}

// postImport POSTs a snapshot to /import?query with header, and decodes the answer.
func (s *testServer) postImport(t *testing.T, query string, snapshot []byte, header http.Header) (int, map[string]json.RawMessage) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.URL+"/import?"+query, bytes.NewReader(snapshot))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	for k, vs := range header {
		req.Header[k] = vs
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	var out map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &out), "status %d, body %s", res.StatusCode, raw)
	return res.StatusCode, out
}

func TestEveryWritePathRecordsOneChange(t *testing.T) {
	s := newTestOrgServer(t)
	type step struct {
		name    string
		do      func(t *testing.T)
		via     string
		entries []string // type id op, in order
	}
	mutation := func(q string, vars map[string]any) func(t *testing.T) {
		return func(t *testing.T) { s.mutate(t, q, vars, nil) }
	}
	steps := []step{
		{"importOrg", mutation(`mutation($s: OrgSnapshotInput!) { importOrg(snapshot: $s, mode: MERGE) { created } }`,
			map[string]any{"s": map[string]any{"people": []any{map[string]any{"id": "p8", "name": "Eva", "manager": "p1"}}}}),
			"IMPORT", []string{"PERSON p8 CREATE"}},
		{"POST /import", func(t *testing.T) {
			status, out := s.postImport(t, "mode=merge", []byte(`{"people": [{"id": "p8", "name": "Eva Holm", "manager": "p1"}]}`), nil)
			require.Equal(t, http.StatusOK, status, "%s", out)
		}, "IMPORT", []string{"PERSON p8 UPDATE"}},
		{"addMembership", mutation(`mutation { addMembership(input: {person: "p8", team: "t3", role: "MEMBER"}) { role } }`, nil),
			"MUTATION", []string{"MEMBERSHIP p8/t3 CREATE"}},
		{"addMembership re-roles", mutation(`mutation { addMembership(input: {person: "p8", team: "t3", role: "LEAD"}) { role } }`, nil),
			"MUTATION", []string{"MEMBERSHIP p8/t3 UPDATE"}},
		{"removeMembership", mutation(`mutation { removeMembership(person: "p8", team: "t3") }`, nil),
			"MUTATION", []string{"MEMBERSHIP p8/t3 DELETE"}},
		{"addMembership to another team", mutation(`mutation { addMembership(input: {person: "p8", team: "t2", role: "MEMBER"}) { role } }`, nil),
			"MUTATION", []string{"MEMBERSHIP p8/t2 CREATE"}},
		{"deletePerson takes the memberships along", mutation(`mutation { deletePerson(id: "p8") }`, nil),
			"MUTATION", []string{"PERSON p8 DELETE", "MEMBERSHIP p8/t2 DELETE"}},
	}
	for _, tc := range entityMutations {
		typ := strings.ToUpper(tc.typ)
		id := tc.create["id"].(string)
		put := func(verb string, input map[string]any) func(t *testing.T) {
			return mutation(fmt.Sprintf(`mutation($input: %sInput!) { %s%s(input: $input) { id } }`, tc.typ, verb, tc.typ), map[string]any{"input": input})
		}
		steps = append(steps,
			step{"create" + tc.typ, put("create", tc.create), "MUTATION", []string{typ + " " + id + " CREATE"}},
			step{"update" + tc.typ, put("update", tc.update), "MUTATION", []string{typ + " " + id + " UPDATE"}},
			step{"delete" + tc.typ, mutation(fmt.Sprintf(`mutation { delete%s(id: %q) }`, tc.typ, id), nil), "MUTATION", []string{typ + " " + id + " DELETE"}})
	}
	steps = append(steps, step{"revertChange", func(t *testing.T) {
		last := s.changes(t, 1)[0]
		s.mutate(t, `mutation($id: ID!) { revertChange(id: $id) { id } }`, map[string]any{"id": last.ID}, nil)
	}, "REVERT", []string{"TOUCHPOINT tp9 CREATE"}})

	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			before := s.orgVersion(t)
			st.do(t)
			after := s.orgVersion(t)
			latest := s.changes(t, 1)[0]
			assert.Equal(t, after, latest.Version)
			require.Equal(t, before+1, after, "exactly one change")
			assert.Equal(t, st.via, latest.Via)
			assert.Equal(t, graph.LocalAdmin.Name, latest.Principal.Name)
			var got []string
			for _, e := range latest.Entries.Nodes {
				got = append(got, e.short())
			}
			assert.Equal(t, st.entries, got)
			assert.Equal(t, len(st.entries), latest.Entries.TotalCount)
		})
	}
}

func TestRefusedWritesRecordNoChange(t *testing.T) {
	s := newTestServer(t)
	demo, err := seed.Demo()
	require.NoError(t, err)
	replaceOrg(t, s.Store, demo)
	version := s.orgVersion(t)
	hrs, hr, _ := tokenServer(t, s.Store)

	cases := []struct {
		name     string
		do       func(t *testing.T) (status int, code string)
		wantCode string
		status   int
	}{
		{"BAD_INPUT from a mutation", func(t *testing.T) (int, string) {
			res := s.post(t, `mutation { createPerson(input: {id: "x", name: "X", manager: "nobody"}) { id } }`, nil, nil)
			return res.Status, res.only(t).Code()
		}, "BAD_INPUT", http.StatusOK},
		{"CONFLICT from a mutation with a stale ifVersion", func(t *testing.T) (int, string) {
			res := s.post(t, `mutation($v: Int) { createPerson(input: {id: "x", name: "X"}, ifVersion: $v) { id } }`, map[string]any{"v": version - 1}, nil)
			e := res.only(t)
			assert.EqualValues(t, version, e.Extensions["version"], "the conflict says the version the org is at")
			return res.Status, e.Code()
		}, "CONFLICT", http.StatusOK},
		{"CONFLICT from /import is 409", func(t *testing.T) (int, string) {
			status, out := s.postImport(t, fmt.Sprintf("mode=merge&ifVersion=%d", version+5), []byte(`{"people": [{"id": "x", "name": "X"}]}`), nil)
			return status, errorCode(t, out)
		}, "CONFLICT", http.StatusConflict},
		{"HELD from /import is 202", func(t *testing.T) (int, string) {
			status, out := hrs.postImport(t, "mode=replace", []byte(`{}`), hr)
			return status, errorCode(t, out)
		}, "HELD", http.StatusAccepted},
		{"HELD from importOrg", func(t *testing.T) (int, string) {
			res := hrs.post(t, `mutation { importOrg(snapshot: {}, mode: REPLACE) { created } }`, nil, hr)
			e := res.only(t)
			assert.NotEmpty(t, e.Extensions["pendingWrite"])
			return res.Status, e.Code()
		}, "HELD", http.StatusOK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, code := c.do(t)
			assert.Equal(t, c.wantCode, code)
			assert.Equal(t, c.status, status)
			assert.Equal(t, version, s.orgVersion(t), "no change recorded")
			assert.True(t, graph.Diff(demo, readOrg(t, s.Store)).Empty(), "the org is unchanged")
		})
	}
}

// errorCode is the code of the single error of an HTTP answer.
func errorCode(t *testing.T, out map[string]json.RawMessage) string {
	t.Helper()
	var errs []gqlError
	require.NoError(t, json.Unmarshal(out["errors"], &errs), "answer: %v", out)
	require.Len(t, errs, 1)
	return errs[0].Code()
}

func TestDeletionGuardOverGraphQL(t *testing.T) {
	demo, err := seed.Demo()
	require.NoError(t, err)
	st := testneo4j.Store(t)
	replaceOrg(t, st, demo)
	s, hr, admin := tokenServer(t, st)
	// asAdmin sends a request that must succeed, as the admin.
	asAdmin := func(t *testing.T, query string, vars map[string]any, out any) {
		t.Helper()
		data := s.mutate(t, query, vars, admin)
		if out != nil {
			require.NoError(t, json.Unmarshal(data, out))
		}
	}

	hold := func(t *testing.T) string {
		t.Helper()
		status, out := s.postImport(t, "mode=replace", []byte(`{"people": []}`), hr)
		require.Equal(t, http.StatusAccepted, status)
		var errs []gqlError
		require.NoError(t, json.Unmarshal(out["errors"], &errs))
		id, _ := errs[0].Extensions["pendingWrite"].(string)
		require.NotEmpty(t, id)
		return id
	}
	type pendingView struct {
		ID        string
		Principal struct{ Name, Role string }
		Replace   bool
		Report    struct{ Deleted, Version int }
		Limit     int
	}
	pending := func(t *testing.T) []pendingView {
		var data struct{ PendingWrites []pendingView }
		asAdmin(t, `{ pendingWrites { id principal { name role } replace report { deleted version } limit } }`, nil, &data)
		return data.PendingWrites
	}

	rejected := hold(t)
	require.Len(t, pending(t), 1)
	p := pending(t)[0]
	assert.Equal(t, rejected, p.ID)
	assert.Equal(t, "hr-sync", p.Principal.Name)
	assert.True(t, p.Replace)
	assert.Equal(t, countEntities(demo), p.Report.Deleted)
	asAdmin(t, `mutation($id: ID!) { rejectWrite(id: $id) }`, map[string]any{"id": rejected}, nil)
	assert.Empty(t, pending(t))

	approved := hold(t)
	var data struct {
		ApproveWrite struct {
			Deleted int
			Version int
			Change  struct {
				Principal  struct{ Name string }
				ApprovedBy struct{ Name string }
			}
		}
	}
	asAdmin(t, `mutation($id: ID!) { approveWrite(id: $id) { deleted version change { principal { name } approvedBy { name } } } }`,
		map[string]any{"id": approved}, &data)
	assert.Equal(t, countEntities(demo), data.ApproveWrite.Deleted)
	assert.Equal(t, "hr-sync", data.ApproveWrite.Change.Principal.Name)
	assert.Equal(t, "admin", data.ApproveWrite.Change.ApprovedBy.Name)
	assert.Empty(t, readOrg(t, st).People)

	res := s.post(t, `mutation($id: ID!) { approveWrite(id: $id) { deleted } }`, map[string]any{"id": approved}, admin)
	assert.Equal(t, "NOT_FOUND", res.only(t).Code(), "approved once, it is gone")
}

func TestIdempotencyKeyHeader(t *testing.T) {
	s := newTestOrgServer(t)
	key := http.Header{"Idempotency-Key": {"sync-2026-01-31"}}

	status, first := s.postImport(t, "mode=merge", []byte(`{"people": [{"id": "p8", "name": "Eva"}]}`), key)
	require.Equal(t, http.StatusOK, status)
	status, again := s.postImport(t, "mode=merge", []byte(`{"people": [{"id": "p8", "name": "Eva"}]}`), key)
	require.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, string(first["changeId"]), string(again["changeId"]))
	assert.JSONEq(t, `1`, string(first["created"]))
	assert.JSONEq(t, `1`, string(again["created"]), "the first outcome, not the second import's (which would change nothing)")
	assert.JSONEq(t, `true`, string(again["replayed"]))

	t.Run("a mutation sent twice with the header creates once", func(t *testing.T) {
		before := s.orgVersion(t)
		q := `mutation { createPerson(input: {id: "p9", name: "Nils"}) { id version } }`
		header := http.Header{"Idempotency-Key": {"create-nils"}}
		first := s.mutate(t, q, nil, header)
		again := s.mutate(t, q, nil, header)
		assert.JSONEq(t, string(first), string(again))
		assert.Equal(t, before+1, s.orgVersion(t))
	})
	t.Run("the argument wins over the header", func(t *testing.T) {
		before := s.orgVersion(t)
		q := `mutation($k: String) { createMatter(input: {id: "m8", name: "Loans"}, idempotencyKey: $k) { id } }`
		s.mutate(t, q, map[string]any{"k": "a"}, http.Header{"Idempotency-Key": {"h"}})
		s.mutate(t, q, map[string]any{"k": "a"}, http.Header{"Idempotency-Key": {"other"}})
		assert.Equal(t, before+1, s.orgVersion(t))
	})
}

func TestVersionsLetAClientWriteWhatItRead(t *testing.T) {
	s := newTestOrgServer(t)
	var read struct {
		OrgVersion int
		Person     struct {
			Name    string
			Version int
		}
	}
	s.query(t, `{ person(id: "p4") { name version } orgVersion }`, nil, &read)
	require.Equal(t, 1, read.OrgVersion)
	assert.Equal(t, 1, read.Person.Version, "written by the first change")

	q := `mutation($v: Int) { updatePerson(input: {id: "p4", name: "Di Ekström", manager: "p1"}, ifVersion: $v) { version } }`
	res := s.post(t, q, map[string]any{"v": read.OrgVersion}, nil)
	require.Empty(t, res.Errors)
	assert.JSONEq(t, `{"updatePerson": {"version": 2}}`, string(res.Data))
	assert.EqualValues(t, 2, res.Extensions["orgVersion"], "a mutation's answer says the version it left")

	again := s.post(t, q, map[string]any{"v": read.OrgVersion}, nil)
	assert.Equal(t, "CONFLICT", again.only(t).Code(), "the same ifVersion again is stale")

	var report struct {
		ImportOrg struct {
			Created, Version int
			Change           struct{ Version int }
		}
	}
	s.query(t, `mutation { importOrg(snapshot: {matters: [{id: "m8", name: "Loans"}]}, ifVersion: 2) { created version change { version } } }`, nil, &report)
	assert.Equal(t, 1, report.ImportOrg.Created)
	assert.Equal(t, 3, report.ImportOrg.Version)
	assert.Equal(t, 3, report.ImportOrg.Change.Version)
}

func TestChangesQuery(t *testing.T) {
	s := newTestOrgServer(t)
	for _, name := range []string{"A", "B", "C"} {
		s.mutate(t, `mutation($n: String!) { updatePerson(input: {id: "p4", name: $n, manager: "p1"}) { id } }`, map[string]any{"n": name}, nil)
	}
	s.mutate(t, `mutation { removeMembership(person: "p4", team: "t3") }`, nil, nil)
	s.mutate(t, `mutation { createMatter(input: {id: "m8", name: "Loans"}) { id } }`, nil, nil)

	type page struct {
		Changes struct {
			TotalCount int
			Edges      []struct {
				Cursor string
				Node   struct {
					Version int
					Via     string
				}
			}
			PageInfo struct{ HasNextPage bool }
		}
	}
	list := func(t *testing.T, vars map[string]any) page {
		var p page
		s.query(t, `query($first: Int, $after: String, $since: DateTime, $until: DateTime, $entity: ID, $via: Via) {
			changes(first: $first, after: $after, since: $since, until: $until, entity: $entity, via: $via) {
				totalCount edges { cursor node { version via } } pageInfo { hasNextPage } } }`, vars, &p)
		return p
	}
	versions := func(p page) []int {
		var out []int
		for _, e := range p.Changes.Edges {
			out = append(out, e.Node.Version)
		}
		return out
	}

	first := list(t, map[string]any{"first": 2})
	assert.Equal(t, []int{6, 5}, versions(first), "newest first")
	assert.Equal(t, 6, first.Changes.TotalCount)
	assert.True(t, first.Changes.PageInfo.HasNextPage)
	next := list(t, map[string]any{"first": 10, "after": first.Changes.Edges[1].Cursor})
	assert.Equal(t, []int{4, 3, 2, 1}, versions(next))
	assert.False(t, next.Changes.PageInfo.HasNextPage)

	ofP4 := list(t, map[string]any{"first": 10, "entity": "p4"})
	assert.Equal(t, []int{5, 4, 3, 2, 1}, versions(ofP4), "p4's renames, its membership's removal and the import")
	assert.Equal(t, []int{1}, versions(list(t, map[string]any{"first": 10, "via": "IMPORT"})))

	var all []changeView
	var data struct{ Changes struct{ Nodes []changeView } }
	s.query(t, `{ changes(first: 10) { nodes { `+changeFields+` } } }`, nil, &data)
	all = data.Changes.Nodes
	require.Len(t, all, 6)
	assert.Equal(t, "p4/t3", all[1].Entries.Nodes[0].ID)
	assert.JSONEq(t, `{"person": "p4", "team": "t3", "role": "MEMBER"}`, string(all[1].Entries.Nodes[0].Before))
	assert.Equal(t, "null", string(all[1].Entries.Nodes[0].After))

	t.Run("since and until bound the time", func(t *testing.T) {
		var at struct {
			Change struct{ At string }
		}
		s.query(t, `query($id: ID!) { change(id: $id) { at } }`, map[string]any{"id": all[2].ID}, &at)
		assert.Equal(t, []int{6, 5, 4}, versions(list(t, map[string]any{"first": 10, "since": at.Change.At})))
		assert.Equal(t, []int{3, 2, 1}, versions(list(t, map[string]any{"first": 10, "until": at.Change.At})))
	})

	t.Run("a first import's entries are paged", func(t *testing.T) {
		var p struct {
			Changes struct {
				Nodes []struct{ Entries entriesView }
			}
		}
		q := `query($after: String) { changes(first: 1, via: IMPORT) { nodes { entries(first: 4, after: $after) { totalCount nodes { type id op } pageInfo { hasNextPage endCursor } } } } }`
		s.query(t, q, nil, &p)
		e := p.Changes.Nodes[0].Entries
		assert.Equal(t, countEntities(testOrg(t)), e.TotalCount)
		require.Len(t, e.Nodes, 4)
		assert.True(t, e.PageInfo.HasNextPage)
		seen := map[string]bool{}
		for after := ""; ; {
			s.query(t, q, map[string]any{"after": after}, &p)
			e := p.Changes.Nodes[0].Entries
			for _, n := range e.Nodes {
				assert.False(t, seen[n.short()], "an entry twice: %s", n.short())
				seen[n.short()] = true
			}
			if !e.PageInfo.HasNextPage {
				break
			}
			after = e.PageInfo.EndCursor
		}
		assert.Len(t, seen, countEntities(testOrg(t)))
	})

	t.Run("many changes with their entries cost one round trip per level", func(t *testing.T) {
		res := s.post(t, `{ changes(first: 6) { nodes { version entries(first: 5) { nodes { id } } } } }`, nil, http.Header{server.RoundTripsHeader: {"1"}})
		require.Empty(t, res.Errors)
		assert.EqualValues(t, 2, res.Extensions["dbRoundTrips"])
	})
}

func TestExportAtAnInstant(t *testing.T) {
	s := newTestOrgServer(t)
	before := readOrg(t, s.Store)
	s.mutate(t, `mutation { deletePerson(id: "p3") }`, nil, nil)
	var data struct {
		Changes struct{ Nodes []struct{ At string } }
	}
	s.query(t, `{ changes(first: 2) { nodes { at } } }`, nil, &data)
	importedAt := data.Changes.Nodes[1].At

	get := func(t *testing.T, query string) (int, []byte) {
		res, err := http.Get(s.URL + "/export" + query)
		require.NoError(t, err)
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res.StatusCode, body
	}
	status, body := get(t, "?at="+importedAt)
	require.Equal(t, http.StatusOK, status, "%s", body)
	requireSameOrg(t, before, decodeSnapshot(t, body))
	status, body = get(t, "")
	require.Equal(t, http.StatusOK, status)
	requireSameOrg(t, readOrg(t, s.Store), decodeSnapshot(t, body))
	status, body = get(t, "?at=yesterday")
	assert.Equal(t, http.StatusBadRequest, status, "%s", body)
}

func requireSameOrg(t *testing.T, want, got *graph.Snapshot) {
	t.Helper()
	d := graph.Diff(want, got)
	require.True(t, d.Empty(), "%+v", d.Report)
}
