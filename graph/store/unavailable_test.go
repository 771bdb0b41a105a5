package store

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
)

func TestClassify(t *testing.T) {
	cases := []struct {
		name        string
		err         error
		unavailable bool
	}{
		{"a lost connection", &neo4j.ConnectivityError{Inner: errors.New("connection refused")}, true},
		{"a lost connection, wrapped", fmt.Errorf("who can act: %w", &neo4j.ConnectivityError{Inner: errors.New("EOF")}), true},
		{"retries given up", &neo4j.TransactionExecutionLimit{Cause: "timeout (exceeded max retry time: 5s)"}, true},
		{"a deadline passed", fmt.Errorf("read: %w", context.DeadlineExceeded), true},
		{"a query the database refused is the query's fault", &neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError", Msg: "Invalid input"}, false},
		{"an application error keeps its code", graph.NotFound("person", "p1"), false},
		{"a cancelled request is the client's doing", context.Canceled, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := classify(c.err)
			assert.Equal(t, c.unavailable, errors.Is(got, graph.ErrUnavailable))
			assert.ErrorIs(t, got, c.err, "the cause stays inside, for the log")
		})
	}
	assert.NoError(t, classify(nil))
}

// With nothing listening where the database should be, the store's answers
// say the database is unavailable, whatever the question; no database is
// needed to see it.
func TestConnectivityFailureIsUnavailable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	s, err := Open(Config{URI: "bolt://" + addr, QueryTimeout: 30 * time.Second})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	ctx := context.Background()

	// Reads and writes retry for the driver's retry time before giving up,
	// so the cases run side by side.
	cases := []struct {
		name string
		ask  func() error
	}{
		{"a read", func() error { _, err := s.People(ctx, []string{"p1"}); return err }},
		{"a write", func() error {
			_, err := s.Apply(ctx, graph.Change{Put: graph.Snapshot{People: []graph.Person{{ID: "p1", Name: "Ada", Active: true}}}})
			return err
		}},
		{"the schema", func() error { return s.Migrate(ctx) }},
		{"a ping", func() error { return s.Ping(ctx) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			err := c.ask()
			require.Error(t, err)
			assert.ErrorIs(t, err, graph.ErrUnavailable, "%v", err)
			assert.Equal(t, graph.CodeInternal, graph.ErrorCode(err), "unavailable is INTERNAL to clients")
		})
	}
}
