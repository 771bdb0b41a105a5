package localneo4j_test

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/internal/testneo4j"
	"github.com/orgnet/orgnet/localneo4j"
)

// These tests start their own databases (on free ports, in temporary
// folders), beside the one `make test` runs.

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// syncBuffer collects the database's output from its reader goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func skipShort(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Neo4j; skipped under -short")
	}
}

const tinyOrg = `{"people": [{"id": "p1", "name": "Ann"}, {"id": "p2", "name": "Bo", "manager": "p1"}],
	"matters": [{"id": "m1", "name": "Refund"}],
	"mandates": [{"id": "md1", "name": "Refunds", "matter": "m1", "holder": {"type": "PERSON", "id": "p1"}, "limit": 100}]}`

func importTiny(t *testing.T, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	require.NoError(t, st.Migrate(ctx))
	snap, err := graph.DecodeSnapshot(strings.NewReader(tinyOrg))
	require.NoError(t, err)
	_, err = st.Import(ctx, snap, graph.ImportReplace, nil)
	require.NoError(t, err)
}

// TestStopsCleanlyAndKeepsTheStore stops the database with SIGTERM (what
// Ctrl-C amounts to), starts it again on the same folder and finds the data
// there, without the recovery an unclean stop would need.
func TestStopsCleanlyAndKeepsTheStore(t *testing.T) {
	skipShort(t)
	ctx := context.Background()
	data := filepath.Join(t.TempDir(), "data")
	port := freePort(t)
	var out syncBuffer
	db, err := localneo4j.Start(ctx, testneo4j.LocalOptions(localneo4j.Options{Port: port, DataDir: data, Heap: "512m", Output: &out}))
	require.NoError(t, err)
	assert.Contains(t, out.String(), "ready")

	st, err := store.Open(store.Config{URI: db.URI})
	require.NoError(t, err)
	importTiny(t, st)
	require.NoError(t, st.Close(ctx))
	require.NoError(t, db.Stop(time.Minute))
	assert.Contains(t, out.String(), "stopped cleanly")

	db, err = localneo4j.Start(ctx, testneo4j.LocalOptions(localneo4j.Options{Port: port, DataDir: data, Heap: "512m", Output: &out}))
	require.NoError(t, err)
	defer db.Stop(time.Minute)
	st, err = store.Open(store.Config{URI: db.URI})
	require.NoError(t, err)
	defer st.Close(ctx)
	org, err := st.ReadOrg(ctx)
	require.NoError(t, err)
	assert.Len(t, org.People, 2)

	debugLog, err := os.ReadFile(filepath.Join(data, "logs", "debug.log"))
	require.NoError(t, err)
	assert.NotContains(t, string(debugLog), "Recovery required", "a clean stop needs no recovery")
}

// TestAuthAndRouting runs the store, unchanged, against a database with
// authentication on, through the neo4j:// routing scheme (reads go through
// read transactions, which a cluster may serve from followers).
func TestAuthAndRouting(t *testing.T) {
	skipShort(t)
	ctx := context.Background()
	port := freePort(t)
	db, err := localneo4j.Start(ctx, testneo4j.LocalOptions(localneo4j.Options{Port: port, DataDir: filepath.Join(t.TempDir(), "data"), Heap: "512m", Password: "orgnet-secret"}))
	require.NoError(t, err)
	defer db.Stop(time.Minute)
	routing := strings.Replace(db.URI, "bolt://", "neo4j://", 1)

	wrong, err := store.Open(store.Config{URI: routing, User: "neo4j", Password: "not-the-password"})
	require.NoError(t, err)
	defer wrong.Close(ctx)
	assert.Error(t, wrong.Ping(ctx), "a wrong password must not connect")

	st, err := store.Open(store.Config{URI: routing, User: "neo4j", Password: "orgnet-secret"})
	require.NoError(t, err)
	defer st.Close(ctx)
	importTiny(t, st)
	d, err := st.CanAct(ctx, "p1", "m1", graph.Question{At: time.Now()})
	require.NoError(t, err)
	assert.True(t, d.Allowed, d.Reason)
}

// TestSideBySide runs two databases at once, on their own ports and folders.
func TestSideBySide(t *testing.T) {
	skipShort(t)
	ctx := context.Background()
	var servers []*localneo4j.Server
	for range 2 {
		db, err := localneo4j.Start(ctx, testneo4j.LocalOptions(localneo4j.Options{Port: freePort(t), DataDir: filepath.Join(t.TempDir(), "data"), Heap: "512m"}))
		require.NoError(t, err)
		defer db.Stop(time.Minute)
		servers = append(servers, db)
	}
	for _, db := range servers {
		st, err := store.Open(store.Config{URI: db.URI})
		require.NoError(t, err)
		assert.NoError(t, st.Ping(ctx), db.URI)
		st.Close(ctx)
	}
}
