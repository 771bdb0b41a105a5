package server

import (
	"bytes"
	"compress/gzip"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"

	"github.com/orgnet/orgnet/web"
)

// The planner web app and GraphiQL, served from the bundle built into the
// binary (package web): no CDN, no network, no Node at run time.

// pageSecurity is the content security policy of the app's and GraphiQL's
// pages: everything comes from orgnet itself. Inline styles are allowed
// because GraphiQL's editor and the graph renderer set style attributes.
const pageSecurity = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

// webAssets serves the bundle's files: the app, GraphiQL and what they load.
type webAssets struct {
	files fs.FS
	// gzipped holds each asset compressed once, on first request.
	gzipped sync.Map // name → []byte
}

// bundle is the bundle's files, opened once for every server.
var bundle = sync.OnceValue(newWebAssets)

func newWebAssets() *webAssets {
	files, err := fs.Sub(web.Dist, "dist")
	if err != nil {
		panic(err) // the embed pattern names dist: it is there or the build fails
	}
	return &webAssets{files: files}
}

// mountWeb routes GET /assets/… to the bundle and every other GET that no
// API route takes, from a browser, to the app: the app's router reads the
// URL (/people/p-1, /health, …), so deep links and reloads work.
func (s *Server) mountWeb(mux *http.ServeMux) {
	a := bundle()
	mux.HandleFunc("GET /assets/{file}", func(w http.ResponseWriter, r *http.Request) {
		// Names carry their content's hash: a name's bytes never change.
		a.serve(w, r, "assets/"+r.PathValue("file"), "public, max-age=31536000, immutable")
	})
	// "/" without a method: "GET /" would conflict with "/graphql", which
	// takes every method.
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if (r.Method != http.MethodGet && r.Method != http.MethodHead) || !wantsHTML(r) {
			http.NotFound(w, r)
			return
		}
		a.page(w, r, "index.html")
	})
}

// graphiQL is GraphiQL's page, for a browser that GETs /graphql.
func (s *Server) graphiQL() http.HandlerFunc {
	a := bundle()
	return func(w http.ResponseWriter, r *http.Request) { a.page(w, r, "graphiql.html") }
}

func wantsHTML(r *http.Request) bool { return strings.Contains(r.Header.Get("Accept"), "text/html") }

// page serves an HTML page of the bundle: never cached, so that a new
// binary's page (naming new assets) is picked up at once.
func (a *webAssets) page(w http.ResponseWriter, r *http.Request, name string) {
	w.Header().Set("Content-Security-Policy", pageSecurity)
	w.Header().Set("Referrer-Policy", "same-origin")
	a.serve(w, r, name, "no-cache")
}

// serve writes one file of the bundle, gzipped when the client takes it,
// with the Cache-Control given (a missing file's 404 is not cached).
func (a *webAssets) serve(w http.ResponseWriter, r *http.Request, name, cacheControl string) {
	body, err := fs.ReadFile(a.files, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", cacheControl)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	ctype := map[string]string{
		".html": "text/html; charset=utf-8",
		".js":   "text/javascript; charset=utf-8",
		".css":  "text/css; charset=utf-8",
		".txt":  "text/plain; charset=utf-8",
	}[path.Ext(name)]
	if ctype == "" {
		ctype = http.DetectContentType(body)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Add("Vary", "Accept-Encoding")
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		z, ok := a.gzipped.Load(name)
		if !ok {
			var buf bytes.Buffer
			gz, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			gz.Write(body)
			gz.Close()
			z, _ = a.gzipped.LoadOrStore(name, buf.Bytes())
		}
		body = z.([]byte)
		w.Header().Set("Content-Encoding", "gzip")
	}
	if r.Method == http.MethodHead {
		return
	}
	w.Write(body)
}
