package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/internal/testneo4j"
	"github.com/orgnet/orgnet/server"
)

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a logger.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testServer is the HTTP service over a store, as clients see it.
type testServer struct {
	URL   string
	Store *store.Store
	Log   *syncBuffer // the service's log (text, debug level)
}

// newLogger logs as text into a buffer the test can read.
func newLogger() (*slog.Logger, *syncBuffer) {
	buf := &syncBuffer{}
	return slog.New(server.LogHandler(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}), 4096)), buf
}

// newTestServer serves the emptied, migrated test database over HTTP.
func newTestServer(t *testing.T) *testServer {
	t.Helper()
	st := testneo4j.Store(t)
	return serve(t, st)
}

// serve prepares a server for st and serves it until the test ends.
func serve(t *testing.T, st *store.Store) *testServer {
	t.Helper()
	return serveWith(t, st, server.Config{})
}

// serveWith is serve with a configuration.
func serveWith(t *testing.T, st *store.Store, cfg server.Config) *testServer {
	t.Helper()
	logger, buf := newLogger()
	srv := server.New(st, logger, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	require.NoError(t, srv.Prepare(ctx, nil))
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", buf.String())
		}
	})
	return &testServer{URL: ts.URL, Store: st, Log: buf}
}

// gqlError is one GraphQL error as a client reads it.
type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Code is the error's extensions.code.
func (e gqlError) Code() string {
	code, _ := e.Extensions["code"].(string)
	return code
}

// Problems decodes extensions.problems.
func (e gqlError) Problems(t *testing.T) []graph.Problem {
	t.Helper()
	raw, err := json.Marshal(e.Extensions["problems"])
	require.NoError(t, err)
	var ps []graph.Problem
	require.NoError(t, json.Unmarshal(raw, &ps))
	return ps
}

// ProblemPaths lists the paths of extensions.problems.
func (e gqlError) ProblemPaths(t *testing.T) []string {
	t.Helper()
	var paths []string
	for _, p := range e.Problems(t) {
		paths = append(paths, p.Path)
	}
	return paths
}

// gqlResponse is a GraphQL response with its HTTP status.
type gqlResponse struct {
	Status     int             `json:"-"`
	Data       json.RawMessage `json:"data"`
	Errors     []gqlError      `json:"errors"`
	Extensions map[string]any  `json:"extensions"`
}

// only returns the response's single error, failing the test unless there
// is exactly one.
func (r gqlResponse) only(t *testing.T) gqlError {
	t.Helper()
	require.Len(t, r.Errors, 1, "errors: %+v; data: %s", r.Errors, r.Data)
	return r.Errors[0]
}

// post sends a GraphQL request to /graphql and decodes the answer whatever
// its status.
func (s *testServer) post(t *testing.T, query string, vars map[string]any, header http.Header) gqlResponse {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, s.URL+"/graphql", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	for k, vs := range header {
		req.Header[k] = vs
	}
	return s.send(t, req)
}

// get sends a GraphQL query as GET /graphql?query=….
func (s *testServer) get(t *testing.T, query string) gqlResponse {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.URL+"/graphql?query="+url.QueryEscape(query), nil)
	require.NoError(t, err)
	return s.send(t, req)
}

func (s *testServer) send(t *testing.T, req *http.Request) gqlResponse {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	out := gqlResponse{Status: res.StatusCode}
	require.NoError(t, json.Unmarshal(raw, &out), "status %d, body %s", res.StatusCode, raw)
	return out
}

// query sends a GraphQL request that must succeed and decodes its data
// into out.
func (s *testServer) query(t *testing.T, query string, vars map[string]any, out any) {
	t.Helper()
	res := s.post(t, query, vars, nil)
	require.Empty(t, res.Errors, "query failed: %s", query)
	require.Equal(t, http.StatusOK, res.Status)
	require.NoError(t, json.Unmarshal(res.Data, out), "data: %s", res.Data)
}

// importBody POSTs a snapshot document to /import.
func (s *testServer) importBody(t *testing.T, mode string, body io.Reader) (int, map[string]json.RawMessage) {
	t.Helper()
	target := s.URL + "/import"
	if mode != "" {
		target += "?mode=" + mode
	}
	res, err := http.Post(target, "application/json", body)
	require.NoError(t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	var out map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &out), "status %d, body %s", res.StatusCode, raw)
	return res.StatusCode, out
}

// importOK POSTs a snapshot to /import, which must accept it, and returns
// the report.
func (s *testServer) importOK(t *testing.T, mode string, snapshot []byte) graph.ImportReport {
	t.Helper()
	status, out := s.importBody(t, mode, bytes.NewReader(snapshot))
	require.Equal(t, http.StatusOK, status, "answer: %v", out)
	raw, err := json.Marshal(out)
	require.NoError(t, err)
	var report graph.ImportReport
	require.NoError(t, json.Unmarshal(raw, &report))
	return report
}

// importRejected POSTs a snapshot to /import, which must reject it, and
// returns the status and the single error.
func (s *testServer) importRejected(t *testing.T, mode string, body io.Reader) (int, gqlError) {
	t.Helper()
	status, out := s.importBody(t, mode, body)
	var errs []gqlError
	require.NoError(t, json.Unmarshal(out["errors"], &errs), "answer: %v", out)
	require.Len(t, errs, 1)
	return status, errs[0]
}

const importOrgMutation = `mutation($snapshot: OrgSnapshotInput!, $mode: ImportMode!) {
  importOrg(snapshot: $snapshot, mode: $mode) { created updated deleted unchanged }
}`

// importOrg sends a snapshot document, unchanged, as the importOrg variable.
func (s *testServer) importOrg(t *testing.T, mode string, snapshot []byte) gqlResponse {
	t.Helper()
	return s.post(t, importOrgMutation, map[string]any{"snapshot": json.RawMessage(snapshot), "mode": mode}, nil)
}

// importOrgOK sends a snapshot through importOrg, which must accept it.
func (s *testServer) importOrgOK(t *testing.T, mode string, snapshot []byte) graph.ImportReport {
	t.Helper()
	res := s.importOrg(t, mode, snapshot)
	require.Empty(t, res.Errors)
	var data struct{ ImportOrg graph.ImportReport }
	require.NoError(t, json.Unmarshal(res.Data, &data))
	return data.ImportOrg
}

// replaceOrg makes the database exactly snap, through the store.
func replaceOrg(t *testing.T, st *store.Store, snap *graph.Snapshot) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	_, err := st.Import(ctx, snap, graph.ImportReplace, nil)
	require.NoError(t, err)
}

// readOrg reads the whole org from the database.
func readOrg(t *testing.T, st *store.Store) *graph.Snapshot {
	t.Helper()
	org, err := st.ReadOrg(context.Background())
	require.NoError(t, err)
	return org
}

// decodeSnapshot decodes a snapshot document that must be well formed.
func decodeSnapshot(t *testing.T, doc []byte) *graph.Snapshot {
	t.Helper()
	snap, err := graph.DecodeSnapshot(bytes.NewReader(doc))
	require.NoError(t, err)
	return snap
}

// countEntities is the number of entities of a snapshot, memberships included.
func countEntities(s *graph.Snapshot) int {
	return len(s.People) + len(s.Teams) + len(s.Memberships) + len(s.Matters) + len(s.Mandates) + len(s.Touchpoints)
}

// testOrgJSON is a small org that exercises every field of docs/model.md:
// optional fields present and absent, times with offsets, limits,
// delegation chains, staffing by people and teams in a given order,
// escalations and handled volumes.
const testOrgJSON = `{
  "people": [
    {"id": "p1", "name": "Ada Lind", "email": "ada@fjordbank.example", "title": "CEO"},
    {"id": "p2", "name": "Bo Berg", "title": "Head of cards", "manager": "p1", "active": true},
    {"id": "p3", "name": "Cy Dahl", "email": "cy@fjordbank.example", "manager": "p2", "active": false},
    {"id": "p4", "name": "Di Ek", "manager": "p1"}
  ],
  "teams": [
    {"id": "t1", "name": "Fjordbank", "kind": "UNIT"},
    {"id": "t2", "name": "Cards", "kind": "UNIT", "parent": "t1"},
    {"id": "t3", "name": "Web squad", "kind": "TEAM"}
  ],
  "memberships": [
    {"person": "p1", "team": "t1", "role": "LEAD"},
    {"person": "p2", "team": "t2", "role": "LEAD"},
    {"person": "p4", "team": "t2", "role": "MEMBER"},
    {"person": "p4", "team": "t3", "role": "MEMBER"},
    {"person": "p3", "team": "t3", "role": "LEAD"}
  ],
  "matters": [
    {"id": "m1", "name": "Cards"},
    {"id": "m2", "name": "Card fee refund", "parent": "m1"},
    {"id": "m3", "name": "Web FAQ content"}
  ],
  "mandates": [
    {"id": "d1", "name": "Card matters", "matter": "m1", "holder": {"type": "PERSON", "id": "p1"}, "limit": 1000,
     "validFrom": "2025-01-01T00:00:00+02:00"},
    {"id": "d2", "name": "Card fee refunds", "matter": "m2", "holder": {"type": "TEAM", "id": "t2"}, "limit": 200.5,
     "delegatedFrom": "d1", "validFrom": "2025-03-01T09:30:00-05:00", "validUntil": "2035-01-01T00:00:00.25Z"},
    {"id": "d3", "name": "Small refunds", "matter": "m2", "holder": {"type": "PERSON", "id": "p4"}, "limit": 50,
     "delegatedFrom": "d2"},
    {"id": "d4", "name": "FAQ content", "matter": "m3", "holder": {"type": "TEAM", "id": "t3"}}
  ],
  "touchpoints": [
    {"id": "tp1", "name": "Web", "channel": "WEB", "selfService": true, "escalatesTo": ["tp3", "tp2"],
     "handles": [{"matter": "m2", "volume": 1200, "selfServiceRate": 0.75}, {"matter": "m3", "volume": 300, "selfServiceRate": 0.9}]},
    {"id": "tp2", "name": "Phone", "channel": "PHONE", "staffedBy": [{"type": "TEAM", "id": "t2"}, {"type": "PERSON", "id": "p1"}],
     "escalatesTo": ["tp3"], "handles": [{"matter": "m2", "volume": 200, "selfServiceRate": 0}]},
    {"id": "tp3", "name": "Branch", "channel": "BRANCH", "selfService": false,
     "staffedBy": [{"type": "PERSON", "id": "p4"}, {"type": "TEAM", "id": "t3"}], "escalatesTo": [], "handles": []}
  ]
}`

// testOrg is testOrgJSON decoded.
func testOrg(t *testing.T) *graph.Snapshot {
	t.Helper()
	return decodeSnapshot(t, []byte(testOrgJSON))
}

// newTestOrgServer serves the test database holding testOrgJSON.
func newTestOrgServer(t *testing.T) *testServer {
	t.Helper()
	s := newTestServer(t)
	replaceOrg(t, s.Store, testOrg(t))
	return s
}

// errorCodes lists the codes of a response's errors.
func errorCodes(errs []gqlError) []string {
	var codes []string
	for _, e := range errs {
		codes = append(codes, e.Code())
	}
	return codes
}

// containsPath reports whether some path contains every one of parts.
func containsPath(paths []string, parts ...string) bool {
	for _, p := range paths {
		all := true
		for _, part := range parts {
			all = all && strings.Contains(p, part)
		}
		if all {
			return true
		}
	}
	return false
}

func timeNow() time.Time { return time.Now().UTC() }

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func newCappedLogger(w io.Writer, max int) *slog.Logger {
	return slog.New(server.LogHandler(slog.NewTextHandler(w, nil), max))
}
