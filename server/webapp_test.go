package server_test

import (
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/server"
)

// webServer serves the HTTP handler over a store that is never reached:
// the app's pages and assets need no database.
func webServer(t *testing.T) *httptest.Server {
	t.Helper()
	st, err := store.Open(store.Config{URI: "bolt://127.0.0.1:1"})
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close(context.Background()) })
	log, _ := newLogger()
	srv := httptest.NewServer(server.New(st, log, server.Config{}).Handler())
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, url string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	// Ask for gzip explicitly, so that the transport leaves the body as sent.
	if req.Header.Get("Accept-Encoding") == "" {
		req.Header.Set("Accept-Encoding", "identity")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(body)
}

var html = map[string]string{"Accept": "text/html,application/xhtml+xml"}

// assetsOf lists the bundle files a page loads.
func assetsOf(page string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`(?:src|href)="(/assets/[^"]+)"`).FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestWebPagesServeTheAppAndGraphiQLFromTheBinary(t *testing.T) {
	srv := webServer(t)
	for _, tc := range []struct {
		name, path, want string
	}{
		{"the app at the root", "/", `<div id="app">`},
		{"a deep link into the app is the app, so that reloads work", "/people/p-sara-nyberg", `<div id="app">`},
		{"a deep link with a query is the app", "/touchpoints/tp-phone?matter=m-card-fee-refund&amount=2000", `<div id="app">`},
		{"GraphiQL for a browser at /graphql", "/graphql", `<div id="graphiql">`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := get(t, srv.URL+tc.path, html)
			require.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Contains(t, body, tc.want)
			assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))
			assert.Equal(t, "no-cache", resp.Header.Get("Cache-Control"), "a page names its assets by hash, so it must be fresh")
			assert.Contains(t, resp.Header.Get("Content-Security-Policy"), "default-src 'self'")
			assert.NotContains(t, body, "://", "the page loads nothing from another host")
			assets := assetsOf(body)
			require.NotEmpty(t, assets)
			for _, a := range assets {
				resp, _ := get(t, srv.URL+a, nil)
				assert.Equal(t, http.StatusOK, resp.StatusCode, a)
				assert.Contains(t, resp.Header.Get("Cache-Control"), "immutable", a)
			}
		})
	}
}

func TestWebAssetsAreGzippedForClientsThatTakeIt(t *testing.T) {
	srv := webServer(t)
	_, page := get(t, srv.URL+"/", html)
	for _, a := range assetsOf(page) {
		plainResp, plain := get(t, srv.URL+a, nil)
		require.Empty(t, plainResp.Header.Get("Content-Encoding"), a)
		zipped, body := get(t, srv.URL+a, map[string]string{"Accept-Encoding": "gzip"})
		require.Equal(t, "gzip", zipped.Header.Get("Content-Encoding"), a)
		zr, err := gzip.NewReader(strings.NewReader(body))
		require.NoError(t, err)
		unzipped, err := io.ReadAll(zr)
		require.NoError(t, err)
		assert.Equal(t, plain, string(unzipped), a)
		assert.Less(t, len(body), len(plain), a)
		if strings.HasSuffix(a, ".js") {
			assert.Equal(t, "text/javascript; charset=utf-8", zipped.Header.Get("Content-Type"))
		}
	}
}

func TestWebLeavesWhatIsNotTheAppAlone(t *testing.T) {
	srv := webServer(t)
	for _, tc := range []struct {
		name, method, path string
		header             map[string]string
		status             int
	}{
		{"a client that does not ask for HTML gets no page", http.MethodGet, "/people/p-1", map[string]string{"Accept": "application/json"}, http.StatusNotFound},
		{"a POST to an app URL is not the app", http.MethodPost, "/people/p-1", html, http.StatusNotFound},
		{"a missing asset", http.MethodGet, "/assets/nothing.js", nil, http.StatusNotFound},
		{"no way out of the bundle's assets", http.MethodGet, "/assets/..%2findex.html", nil, http.StatusNotFound},
		{"no way out of the bundle's assets, encoded twice", http.MethodGet, "/assets/%2e%2e%2f%2e%2e%2fweb.go", nil, http.StatusNotFound},
		{"the health check is still the health check", http.MethodGet, "/healthz", html, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, srv.URL+tc.path, nil)
			require.NoError(t, err)
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			assert.Equal(t, tc.status, resp.StatusCode)
			assert.NotContains(t, string(body), `<div id="app">`)
			if tc.status == http.StatusNotFound {
				assert.NotContains(t, resp.Header.Get("Cache-Control"), "immutable", "a 404 is never cached for ever")
			}
		})
	}
}
