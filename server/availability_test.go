package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/internal/testneo4j"
	"github.com/orgnet/orgnet/localneo4j"
	"github.com/orgnet/orgnet/server"
)

// These tests start Neo4j instances of their own, on free ports with
// temporary data, to take the database away from a running service.

// freePort is a TCP port on 127.0.0.1 that nothing listens on right now.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := l.Addr().(*net.TCPAddr).Port
	require.NoError(t, l.Close())
	return port
}

// testLogWriter passes the database's output to the test log, until the
// test ends.
type testLogWriter struct {
	mu   sync.Mutex
	t    *testing.T
	done bool
}

func (w *testLogWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.t.Logf("neo4j: %s", strings.TrimRight(string(p), "\n"))
	}
	return len(p), nil
}

func (w *testLogWriter) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.done = true
}

// startNeo4j starts a local Neo4j on port, with its store in a temporary
// folder, and returns what stops it; it is stopped when the test ends if the
// test has not stopped it.
func startNeo4j(t *testing.T, port int) (stop func() error) {
	t.Helper()
	out := &testLogWriter{t: t}
	t.Cleanup(out.close)
	data := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	db, err := localneo4j.Start(ctx, testneo4j.LocalOptions(localneo4j.Options{Port: port, DataDir: data, Output: out}))
	require.NoError(t, err)
	var once sync.Once
	var stopErr error
	stop = func() error {
		once.Do(func() { stopErr = db.Stop(time.Minute) })
		return stopErr
	}
	t.Cleanup(func() { _ = stop() })
	return stop
}

// downTimeout bounds a question of the availability tests, so that a query
// with no database does not take the service's 30 s to fail. Writes keep
// the service's timeout: the first import into a cold database can take
// several seconds.
const downTimeout = 5 * time.Second

// availabilityServer serves a store on bolt://127.0.0.1:port and does not
// prepare it.
func availabilityServer(t *testing.T, port int) (*server.Server, *testServer) {
	t.Helper()
	st, err := store.Open(store.Config{URI: fmt.Sprintf("bolt://127.0.0.1:%d", port), QueryTimeout: downTimeout})
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close(context.Background()) })
	logger, buf := newLogger()
	srv := server.New(st, logger, server.Config{})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", buf.String())
		}
	})
	return srv, &testServer{URL: ts.URL, Store: st, Log: buf}
}

// tinyOrgJSON is an org small enough to import quickly into a cold database.
const tinyOrgJSON = `{"people": [{"id": "p1", "name": "Ada Lind"}, {"id": "p2", "name": "Bo Berg"}]}`

// probe GETs path and decodes its JSON answer.
func (s *testServer) probe(t *testing.T, path string) (int, map[string]any) {
	t.Helper()
	res, err := http.Get(s.URL + path)
	require.NoError(t, err)
	defer res.Body.Close()
	var body map[string]any
	require.NoError(t, json.NewDecoder(res.Body).Decode(&body), "%s", path)
	return res.StatusCode, body
}

// assertUnavailable checks that a query answers, in reasonable time, with
// a clean INTERNAL error that says the database is the trouble.
func (s *testServer) assertUnavailable(t *testing.T) {
	t.Helper()
	started := time.Now()
	res := s.post(t, `{ people { totalCount nodes { id } } }`, nil, nil)
	took := time.Since(started)
	t.Logf("a query while the database is down answered in %s", took.Round(time.Millisecond))
	assert.Less(t, took, downTimeout+5*time.Second, "the query does not hang")
	assert.Equal(t, http.StatusOK, res.Status, "GraphQL errors come with 200")
	e := res.only(t)
	assert.Equal(t, "INTERNAL", e.Code())
	assert.Contains(t, e.Message, "database", "the message says what is wrong: %q", e.Message)
	assert.NotContains(t, e.Message, "bolt://", "details stay in the log")
	assert.Equal(t, "null", string(res.Data))

	status, _ := s.probe(t, "/healthz")
	assert.Equal(t, http.StatusOK, status, "the process is up")
	status, body := s.probe(t, "/readyz")
	assert.Equal(t, http.StatusServiceUnavailable, status)
	assert.Equal(t, false, body["ready"])
	assert.NotEmpty(t, body["reason"], "readyz says why")
}

func TestAvailabilityDatabaseComesUpLate(t *testing.T) {
	testneo4j.URI(t) // a database test: skipped under -short
	port := freePort(t)
	srv, s := availabilityServer(t, port)

	// Nothing listens on the port: the process is up, not ready, and
	// queries fail cleanly.
	s.assertUnavailable(t)

	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	prepared := make(chan error, 1)
	go func() { prepared <- srv.Prepare(ctx, nil) }()
	require.Eventually(t, func() bool { return strings.Contains(s.Log.String(), "database not ready; retrying") },
		10*time.Second, 50*time.Millisecond, "Prepare logs that it waits for the database")

	startNeo4j(t, port)
	require.Eventually(t, func() bool {
		status, _ := s.probe(t, "/readyz")
		return status == http.StatusOK
	}, time.Minute, 250*time.Millisecond, "ready within a minute of the database")
	select {
	case err := <-prepared:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("Prepare did not return once ready")
	}
	assert.Contains(t, s.Log.String(), "database ready")

	report := s.importOK(t, "replace", []byte(tinyOrgJSON))
	assert.Equal(t, 2, report.Created)
	var data struct{ People struct{ TotalCount int } }
	s.query(t, `{ people { totalCount } }`, nil, &data)
	assert.Equal(t, 2, data.People.TotalCount)
	assert.NotContains(t, s.Log.String(), "panic")
}

func TestAvailabilityDatabaseGoesAway(t *testing.T) {
	testneo4j.URI(t) // a database test: skipped under -short
	port := freePort(t)
	stopDB := startNeo4j(t, port)
	srv, s := availabilityServer(t, port)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	require.NoError(t, srv.Prepare(ctx, nil))
	s.importOK(t, "replace", []byte(tinyOrgJSON))
	var data struct{ People struct{ TotalCount int } }
	s.query(t, `{ people { totalCount } }`, nil, &data)
	require.Equal(t, 2, data.People.TotalCount)

	require.NoError(t, stopDB())
	s.assertUnavailable(t)
	assert.NotContains(t, s.Log.String(), "panic")
}
