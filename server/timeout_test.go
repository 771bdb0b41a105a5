package server_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/seed"
	"github.com/orgnet/orgnet/server"
)

// slowQuestion asks org health of the 10 000-person org at three instants:
// each reads the whole org from the database and finds key people by taking
// each candidate out and searching every route again, so that together
// they take the database well past a tenth of a second even on a quiet,
// fast machine.
const slowQuestion = `{
  a: orgHealth(at: "2026-01-01T00:00:00Z") { ...slow }
  b: orgHealth(at: "2026-02-01T00:00:00Z") { ...slow }
  c: orgHealth(at: "2026-03-01T00:00:00Z") { ...slow }
}
fragment slow on OrgHealth { keyPeople(first: 1000) { nodes { person { id } strandedIfLeft } } units(first: 1000) { nodes { people layers } } }`

// A question cut off by its database time, or by its client going away,
// answers TIMEOUT (or nothing, to a client that left) and leaves no
// transaction of it running in Neo4j: the transaction carries the request
// id as metadata and the database's own timeout, and a cancelled context
// closes it.
func TestSlowQuestionIsCutOff(t *testing.T) {
	if testing.Short() {
		t.Skip("needs a large org in Neo4j")
	}
	st := newTestServer(t).Store
	var doc bytes.Buffer
	require.NoError(t, seed.Synth(&doc, seed.SynthOptions{People: 10_000, Seed: 3}))
	replaceOrg(t, st, decodeSnapshot(t, doc.Bytes()))

	waitGone := func(t *testing.T, id string) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for {
			n, err := st.TransactionsOfRequest(context.Background(), id)
			require.NoError(t, err)
			if n == 0 {
				return
			}
			require.True(t, time.Now().Before(deadline), "transactions of %s still running", id)
			time.Sleep(50 * time.Millisecond)
		}
	}
	waitRunning := func(t *testing.T, id string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			n, err := st.TransactionsOfRequest(context.Background(), id)
			require.NoError(t, err)
			if n > 0 {
				return
			}
			require.True(t, time.Now().Before(deadline), "no transaction of %s seen running", id)
			time.Sleep(20 * time.Millisecond)
		}
	}

	t.Run("past its database time: TIMEOUT, nothing left running", func(t *testing.T) {
		opts := server.Config{}
		opts.DBTime = 100 * time.Millisecond
		s := serveWith(t, st, opts)
		id := fmt.Sprintf("dbtime-%d", time.Now().UnixNano())
		started := time.Now()
		res := s.post(t, slowQuestion, nil, http.Header{"X-Request-Id": {id}})
		took := time.Since(started)
		assert.Contains(t, errorCodes(res.Errors), string(graph.CodeTimeout), "%+v", res.Errors)
		assert.Less(t, took, 5*time.Second, "cut off near its limit")
		waitGone(t, id)
	})
	t.Run("a client that goes away stops the work", func(t *testing.T) {
		s := serve(t, st)
		id := fmt.Sprintf("gone-%d", time.Now().UnixNano())
		ctx, cancel := context.WithCancel(context.Background())
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+"/graphql",
			strings.NewReader(fmt.Sprintf(`{"query": %q}`, slowQuestion)))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Request-Id", id)
		done := make(chan error, 1)
		go func() {
			res, err := http.DefaultClient.Do(req)
			if err == nil {
				res.Body.Close()
			}
			done <- err
		}()
		waitRunning(t, id) // seen in SHOW TRANSACTIONS by its metadata
		cancel()
		<-done
		waitGone(t, id)
	})
}
