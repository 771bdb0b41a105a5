package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

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
