package server_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const orgChanged = `subscription { orgChanged { version via principal { name } entries(first: 5) { nodes { type id op } } } }`

// fedChange is a change as a subscriber receives it.
type fedChange struct {
	Version int
	Via     string
	Entries struct {
		Nodes []entryView
	}
}

// writeThree renames p4 three times, after giving the subscription a moment
// to begin (nothing tells a subscriber it has begun), and returns the
// versions the changes made.
func writeThree(t *testing.T, s *testServer) []int {
	t.Helper()
	time.Sleep(500 * time.Millisecond)
	var versions []int
	for _, name := range []string{"One", "Two", "Three"} {
		var data struct{ UpdatePerson struct{ Version int } }
		s.query(t, `mutation($n: String!) { updatePerson(input: {id: "p4", name: $n, manager: "p1"}) { version } }`, map[string]any{"n": name}, &data)
		versions = append(versions, data.UpdatePerson.Version)
	}
	return versions
}

func TestWebSocketSubscriberReceivesChangesInOrder(t *testing.T) {
	s := newTestOrgServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(s.URL, "http")+"/graphql",
		&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	require.NoError(t, err)
	defer conn.CloseNow()

	type message struct {
		ID      string          `json:"id,omitempty"`
		Type    string          `json:"type"`
		Payload json.RawMessage `json:"payload,omitempty"`
	}
	require.NoError(t, wsjson.Write(ctx, conn, message{Type: "connection_init"}))
	var ack message
	require.NoError(t, wsjson.Read(ctx, conn, &ack))
	require.Equal(t, "connection_ack", ack.Type)
	payload, err := json.Marshal(map[string]any{"query": orgChanged})
	require.NoError(t, err)
	require.NoError(t, wsjson.Write(ctx, conn, message{ID: "1", Type: "subscribe", Payload: payload}))

	want := writeThree(t, s)
	var got []int
	for len(got) < 3 {
		var m message
		require.NoError(t, wsjson.Read(ctx, conn, &m))
		if m.Type == "ping" || m.Type == "pong" {
			continue
		}
		require.Equal(t, "next", m.Type, "%s", m.Payload)
		var res struct {
			Data   struct{ OrgChanged fedChange }
			Errors []gqlError
		}
		require.NoError(t, json.Unmarshal(m.Payload, &res))
		require.Empty(t, res.Errors)
		c := res.Data.OrgChanged
		assert.Equal(t, "MUTATION", c.Via)
		require.Len(t, c.Entries.Nodes, 1)
		assert.Equal(t, "PERSON p4 UPDATE", c.Entries.Nodes[0].short())
		got = append(got, c.Version)
	}
	assert.Equal(t, want, got)
	require.NoError(t, wsjson.Write(ctx, conn, message{ID: "1", Type: "complete"}))
}

func TestServerSentEventsSubscriberReceivesChangesInOrder(t *testing.T) {
	s := newTestOrgServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	body, err := json.Marshal(map[string]any{"query": orgChanged})
	require.NoError(t, err)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+"/graphql", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "text/event-stream", res.Header.Get("Content-Type"))

	events := make(chan string)
	go func() {
		defer close(events)
		lines := bufio.NewScanner(res.Body)
		event := ""
		for lines.Scan() {
			line := lines.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: ") && event == "next":
				select {
				case events <- strings.TrimPrefix(line, "data: "):
				case <-ctx.Done():
					return
				}
			}
		}
	}()

	want := writeThree(t, s)
	var got []int
	for len(got) < 3 {
		select {
		case data, ok := <-events:
			require.True(t, ok, "the stream ended after %v", got)
			var res struct {
				Data   struct{ OrgChanged fedChange }
				Errors []gqlError
			}
			require.NoError(t, json.Unmarshal([]byte(data), &res), data)
			require.Empty(t, res.Errors)
			got = append(got, res.Data.OrgChanged.Version)
		case <-ctx.Done():
			t.Fatalf("received %v, want %v", got, want)
		}
	}
	assert.Equal(t, want, got)
}

func TestASubscriptionOverPlainPostIsRefused(t *testing.T) {
	s := newTestOrgServer(t)
	res := s.post(t, orgChanged, nil, nil)
	e := res.only(t)
	assert.Contains(t, e.Message, "a subscription needs a stream")
	assert.Equal(t, "BAD_INPUT", e.Code())
}

// With access control on, a WebSocket signs in by its Authorization header
// or, as a browser must, by its connection_init payload; one with no
// credential, or a bad one, is closed with 4403 before it subscribes.
func TestWebSocketSignsInByHeaderOrConnectionInit(t *testing.T) {
	st := newTestOrgServer(t).Store
	s, hr, admin := tokenServer(t, st)
	type message struct {
		ID      string          `json:"id,omitempty"`
		Type    string          `json:"type"`
		Payload json.RawMessage `json:"payload,omitempty"`
	}
	cases := []struct {
		name    string
		header  http.Header
		payload map[string]any
		refused bool
	}{
		{"a token in the Authorization header", hr, nil, false},
		{"a token in connection_init", nil, map[string]any{"Authorization": hr.Get("Authorization")}, false},
		{"no credential anywhere", nil, nil, true},
		{"connection_init with a revoked or unknown token", nil, map[string]any{"Authorization": "Bearer orgnet_0123456789ab_" + strings.Repeat("x", 43)}, true},
		{"connection_init with something not a bearer", nil, map[string]any{"Authorization": "Basic YWRtaW46YWRtaW4="}, true},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(s.URL, "http")+"/graphql",
				&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: c.header})
			require.NoError(t, err, "the upgrade is admitted; signing in comes next")
			defer conn.CloseNow()
			init := message{Type: "connection_init"}
			if c.payload != nil {
				init.Payload, err = json.Marshal(c.payload)
				require.NoError(t, err)
			}
			require.NoError(t, wsjson.Write(ctx, conn, init))
			var ack message
			err = wsjson.Read(ctx, conn, &ack)
			if c.refused {
				for err == nil && ack.Type != "connection_ack" {
					err = wsjson.Read(ctx, conn, &ack) // the error message comes before the close
				}
				require.Error(t, err, "got %s", ack.Type)
				assert.Equal(t, websocket.StatusCode(4403), websocket.CloseStatus(err), "%v", err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, "connection_ack", ack.Type)
			payload, err := json.Marshal(map[string]any{"query": orgChanged})
			require.NoError(t, err)
			require.NoError(t, wsjson.Write(ctx, conn, message{ID: "1", Type: "subscribe", Payload: payload}))
			time.Sleep(500 * time.Millisecond)
			s.mutate(t, `mutation($n: String!) { updatePerson(input: {id: "p4", name: $n, manager: "p1"}) { version } }`,
				map[string]any{"n": fmt.Sprintf("Renamed %d", i)}, admin)
			for {
				var m message
				require.NoError(t, wsjson.Read(ctx, conn, &m))
				if m.Type == "ping" || m.Type == "pong" {
					continue
				}
				require.Equal(t, "next", m.Type, "%s", m.Payload)
				var res struct {
					Data   struct{ OrgChanged fedChange }
					Errors []gqlError
				}
				require.NoError(t, json.Unmarshal(m.Payload, &res))
				require.Empty(t, res.Errors)
				assert.Equal(t, "MUTATION", res.Data.OrgChanged.Via)
				return
			}
		})
	}
}
