package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scimClient speaks SCIM to a test server.
type scimClient struct {
	t    *testing.T
	base string // …/scim/v2
}

func newSCIM(t *testing.T, ts *testServer) *scimClient {
	return &scimClient{t: t, base: ts.URL + "/scim/v2"}
}

// scimAnswer is one response: status, headers and the JSON body (nil when
// there is none).
type scimAnswer struct {
	Status int
	Header http.Header
	Body   map[string]any
	Raw    string
}

func (c *scimClient) do(method, path string, body any, header ...string) scimAnswer {
	c.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		require.NoError(c.t, err)
		r = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, c.base+path, r)
	require.NoError(c.t, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/scim+json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(c.t, err)
	a := scimAnswer{Status: res.StatusCode, Header: res.Header, Raw: string(raw)}
	if len(raw) > 0 {
		require.NoError(c.t, json.Unmarshal(raw, &a.Body), "body %s", raw)
		require.Equal(c.t, "application/scim+json", res.Header.Get("Content-Type"))
	}
	return a
}

// A group's ETag moves when its members do, whichever way they change, so
// that If-Match guards a group's member list; a stale tag is 412 and
// changes nothing.
func TestSCIMGroupETagFollowsItsMembers(t *testing.T) {
	ts := newTestServer(t)
	c := newSCIM(t, ts)
	user := func(name string) string {
		return c.must(http.StatusCreated, "POST", "/Users", map[string]any{"userName": name, "displayName": name}).Body["id"].(string)
	}
	ada, bob := user("ada@example.com"), user("bob@example.com")
	group := c.must(http.StatusCreated, "POST", "/Groups", map[string]any{"displayName": "Refund desk", "members": []any{}}).Body["id"].(string)
	tag := func() string {
		return c.must(http.StatusOK, "GET", "/Groups/"+group+"?excludedAttributes=members", nil).Header.Get("ETag")
	}
	patch := func(op, path string, value any) map[string]any {
		o := map[string]any{"op": op, "path": path}
		if value != nil {
			o["value"] = value
		}
		return map[string]any{"schemas": []string{patchOpSchema}, "Operations": []any{o}}
	}
	member := func(id string) []any { return []any{map[string]any{"value": id}} }

	steps := []struct {
		name   string
		change func()
	}{
		{"a member added", func() { c.must(http.StatusNoContent, "PATCH", "/Groups/"+group, patch("add", "members", member(ada))) }},
		{"a second member added", func() { c.must(http.StatusNoContent, "PATCH", "/Groups/"+group, patch("add", "members", member(bob))) }},
		{"a member removed", func() {
			c.must(http.StatusNoContent, "PATCH", "/Groups/"+group, patch("remove", `members[value eq "`+ada+`"]`, nil))
		}},
		{"a member deleted as a user", func() { c.must(http.StatusNoContent, "DELETE", "/Users/"+bob, nil) }},
	}
	for _, s := range steps {
		before := tag()
		s.change()
		after := tag()
		assert.NotEqual(t, before, after, "%s: the group's ETag must move", s.name)

		stale := c.do("PATCH", "/Groups/"+group, patch("add", "members", member(ada)), "If-Match", before)
		assert.Equal(t, http.StatusPreconditionFailed, stale.Status, "%s: a stale If-Match", s.name)
		assert.Equal(t, after, tag(), "%s: a refused PATCH changes nothing", s.name)
	}
}
