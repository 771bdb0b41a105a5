package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/server"
)

// Cross-site requests: what a page on another site can make a browser
// send must not read or change the org.
func TestCrossSiteRequestsAreRefused(t *testing.T) {
	st := newTestOrgServer(t).Store
	opts := server.Config{}
	opts.CORSOrigins = []string{"https://planner.example"}
	s := serveWith(t, st, opts)
	people := len(readOrg(t, st).People)

	send := func(method, path, contentType, origin, body string, header ...string) *http.Response {
		req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
		require.NoError(t, err)
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		return res
	}
	mutation := `{"query": "mutation { deletePerson(id: \"p4\") }"}`
	form := url.Values{"query": {`mutation { deletePerson(id: "p4") }`}}.Encode()

	for _, tc := range []struct {
		name, method, path, contentType, origin, body string
		status                                        int
	}{
		{"a form post to /graphql", "POST", "/graphql", "application/x-www-form-urlencoded", "", form, http.StatusUnsupportedMediaType},
		{"a text/plain post to /graphql", "POST", "/graphql", "text/plain", "", mutation, http.StatusUnsupportedMediaType},
		{"a multipart post to /graphql", "POST", "/graphql", "multipart/form-data; boundary=x", "", "--x--", http.StatusUnsupportedMediaType},
		{"a post with no content type", "POST", "/graphql", "", "", mutation, http.StatusUnsupportedMediaType},
		{"a form post to /import", "POST", "/import?mode=replace", "application/x-www-form-urlencoded", "", "a=1", http.StatusUnsupportedMediaType},
		{"a text/plain {} to /import?mode=replace from evil.example", "POST", "/import?mode=replace", "text/plain", "https://evil.example", "{}", http.StatusForbidden},
		{"a text/plain {} to /import?mode=replace", "POST", "/import?mode=replace", "text/plain", "", "{}", http.StatusUnsupportedMediaType},
		{"a JSON post from an origin not allowed", "POST", "/graphql", "application/json", "https://evil.example", mutation, http.StatusForbidden},
		{"a mutation over GET", "GET", "/graphql?query=" + url.QueryEscape(`mutation { deletePerson(id: "p4") }`), "", "", "", http.StatusMethodNotAllowed},
		{"another method", "PUT", "/graphql", "application/json", "", mutation, http.StatusMethodNotAllowed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := send(tc.method, tc.path, tc.contentType, tc.origin, tc.body)
			assert.Equal(t, tc.status, res.StatusCode)
			assert.Empty(t, res.Header.Get("Access-Control-Allow-Origin"))
		})
	}
	assert.Len(t, readOrg(t, st).People, people, "nothing was deleted")

	t.Run("preflight from an allowed origin", func(t *testing.T) {
		res := send("OPTIONS", "/graphql", "", "https://planner.example", "",
			"Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization, content-type")
		assert.Equal(t, http.StatusNoContent, res.StatusCode)
		assert.Equal(t, "https://planner.example", res.Header.Get("Access-Control-Allow-Origin"))
		assert.Contains(t, res.Header.Get("Access-Control-Allow-Headers"), "Authorization")
		assert.Contains(t, res.Header.Get("Vary"), "Origin")
	})
	t.Run("preflight from an origin not allowed", func(t *testing.T) {
		res := send("OPTIONS", "/graphql", "", "https://evil.example", "", "Access-Control-Request-Method", "POST")
		assert.Equal(t, http.StatusForbidden, res.StatusCode)
		assert.Empty(t, res.Header.Get("Access-Control-Allow-Origin"))
	})
	t.Run("an allowed origin's request is answered for it", func(t *testing.T) {
		res := send("POST", "/graphql", "application/json", "https://planner.example", `{"query": "{ __typename }"}`)
		assert.Equal(t, http.StatusOK, res.StatusCode)
		assert.Equal(t, "https://planner.example", res.Header.Get("Access-Control-Allow-Origin"))
	})
	t.Run("the service's own pages may post", func(t *testing.T) {
		res := send("POST", "/graphql", "application/json", s.URL, `{"query": "{ __typename }"}`)
		assert.Equal(t, http.StatusOK, res.StatusCode)
	})
	t.Run("every answer forbids framing", func(t *testing.T) {
		for _, path := range []string{"/graphql", "/healthz", "/metrics"} {
			req, _ := http.NewRequest("GET", s.URL+path, nil)
			req.Header.Set("Accept", "text/html")
			res, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			res.Body.Close()
			assert.Equal(t, "DENY", res.Header.Get("X-Frame-Options"), path)
			assert.Contains(t, res.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'", path)
		}
	})
	t.Run("GraphiQL's page runs no script but its own", func(t *testing.T) {
		req, _ := http.NewRequest("GET", s.URL+"/graphql", nil)
		req.Header.Set("Accept", "text/html")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		csp := res.Header.Get("Content-Security-Policy")
		_, scripts, _ := strings.Cut(csp, "script-src ")
		scripts, _, _ = strings.Cut(scripts, ";")
		assert.Equal(t, "'self'", scripts)
		assert.Contains(t, csp, "frame-ancestors 'none'")
		assert.Equal(t, "DENY", res.Header.Get("X-Frame-Options"))
	})
	t.Run("the app's page too", func(t *testing.T) {
		req, _ := http.NewRequest("GET", s.URL+"/", nil)
		req.Header.Set("Accept", "text/html")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		assert.Equal(t, http.StatusOK, res.StatusCode)
		assert.Equal(t, "DENY", res.Header.Get("X-Frame-Options"))
		assert.Contains(t, res.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'")
	})
}
