package server

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The body's read deadline bounds sending the body, not the answer: a
// request whose work outlasts it keeps its context.
func TestReadDeadlineEndsWithTheBody(t *testing.T) {
	s := New(nil, slog.New(slog.NewTextHandler(io.Discard, nil)), Config{BodyReadTimeout: 200 * time.Millisecond})
	cancelled := make(chan bool, 1)
	ts := httptest.NewServer(s.guard(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		select {
		case <-r.Context().Done():
			cancelled <- true
		case <-time.After(time.Second):
			cancelled <- false
		}
		w.WriteHeader(http.StatusNoContent)
	})))
	defer ts.Close()
	res, err := http.Post(ts.URL+"/graphql", "application/json", strings.NewReader(`{"query": "{ __typename }"}`))
	require.NoError(t, err)
	res.Body.Close()
	assert.False(t, <-cancelled, "the context outlived the body's deadline")
	assert.Equal(t, http.StatusNoContent, res.StatusCode)
}
