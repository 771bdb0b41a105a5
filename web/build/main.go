// Command build bundles the web app and the GraphiQL page into web/dist with
// esbuild's Go API: `go generate ./web` runs it from the web folder. It needs
// web/node_modules (`npm ci` in web/, from package-lock.json) and no Node at
// all: esbuild reads the packages from node_modules itself. The output is
// committed so that building orgnet needs neither; the same sources and
// lockfile give the same bytes (`make check-generated` rebuilds and diffs).
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

const dist = "dist"

// page is an HTML page of dist and the entry point whose bundle it loads.
type page struct {
	name, template, out, entry string
	options                    func(*api.BuildOptions)
}

var pages = []page{
	{
		name: "app", template: "src/index.html", out: "index.html", entry: "src/app/main.tsx",
		options: func(o *api.BuildOptions) {
			o.JSX = api.JSXAutomatic
			o.JSXImportSource = "preact"
			// Code splitting: the graph renderer loads only on the pages that draw one.
			o.Splitting = true
		},
	},
	{
		name: "graphiql", template: "src/graphiql.html", out: "graphiql.html", entry: "src/graphiql/main.ts",
		options: func(o *api.BuildOptions) {},
	},
}

func main() {
	if _, err := os.Stat("node_modules"); err != nil {
		fail(errors.New("web/node_modules is missing: run `npm ci` in web/ (the packages are pinned by web/package-lock.json)"))
	}
	if err := os.RemoveAll(dist); err != nil {
		fail(err)
	}
	var sizes []string
	for _, p := range pages {
		s, err := build(p)
		if err != nil {
			fail(fmt.Errorf("%s: %w", p.entry, err))
		}
		sizes = append(sizes, s...)
	}
	sort.Strings(sizes)
	fmt.Println("web/dist (bytes, gzip -9):")
	for _, s := range sizes {
		fmt.Println("  " + s)
	}
}

func build(p page) ([]string, error) {
	opts := api.BuildOptions{
		EntryPoints:       []string{p.entry},
		Bundle:            true,
		Write:             false,
		Outdir:            filepath.Join(dist, "assets"),
		ChunkNames:        "chunk-[hash]",
		AssetNames:        "[name]-[hash]",
		Format:            api.FormatESModule,
		Target:            api.ES2020,
		Platform:          api.PlatformBrowser,
		MinifyWhitespace:  true,
		MinifyIdentifiers: true,
		MinifySyntax:      true,
		LegalComments:     api.LegalCommentsLinked,
		Define:            map[string]string{"process.env.NODE_ENV": `"production"`},
		Loader:            map[string]api.Loader{".woff": api.LoaderFile, ".woff2": api.LoaderFile, ".svg": api.LoaderFile},
		Metafile:          true,
		LogLevel:          api.LogLevelWarning,
	}
	// Entry names are per page so that the two bundles never share a name.
	opts.EntryNames = p.name + "-[hash]"
	p.options(&opts)
	res := api.Build(opts)
	if len(res.Errors) > 0 {
		msgs := api.FormatMessages(res.Errors, api.FormatMessagesOptions{Kind: api.ErrorMessage})
		return nil, errors.New(strings.Join(msgs, "\n"))
	}
	var meta struct {
		Outputs map[string]struct {
			EntryPoint string `json:"entryPoint"`
			CSSBundle  string `json:"cssBundle"`
		} `json:"outputs"`
	}
	if err := json.Unmarshal([]byte(res.Metafile), &meta); err != nil {
		return nil, err
	}
	var js, css string
	for out, m := range meta.Outputs {
		if m.EntryPoint == p.entry {
			js, css = out, m.CSSBundle
		}
	}
	if js == "" {
		return nil, errors.New("esbuild named no output for the entry point")
	}
	var sizes []string
	for _, f := range res.OutputFiles {
		if err := write(f.Path, f.Contents); err != nil {
			return nil, err
		}
		abs, _ := filepath.Abs(dist)
		rel, _ := filepath.Rel(abs, f.Path)
		sizes = append(sizes, size(rel, f.Contents))
	}
	html, err := os.ReadFile(p.template)
	if err != nil {
		return nil, err
	}
	// The page names its bundle by the content hash, so that the assets can
	// be cached for ever and a new binary never serves a stale one.
	html = bytes.ReplaceAll(html, []byte("{{js}}"), []byte("/"+strings.TrimPrefix(filepath.ToSlash(js), dist+"/")))
	html = bytes.ReplaceAll(html, []byte("{{css}}"), []byte("/"+strings.TrimPrefix(filepath.ToSlash(css), dist+"/")))
	if css == "" && bytes.Contains(html, []byte(`href="/"`)) {
		return nil, errors.New("the page links a stylesheet but the bundle has none")
	}
	out := filepath.Join(dist, p.out)
	sizes = append(sizes, size(p.out, html))
	return sizes, write(out, html)
}

func write(path string, b []byte) error {
	abs, _ := filepath.Abs(dist)
	if !filepath.IsAbs(path) {
		path, _ = filepath.Abs(path)
	}
	if !strings.HasPrefix(path, abs+string(filepath.Separator)) {
		return fmt.Errorf("refusing to write %s outside %s", path, dist)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// size is one line of the size table: the raw bytes and the bytes gzip -9
// sends.
func size(name string, b []byte) string {
	var z bytes.Buffer
	w, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return fmt.Sprintf("%-40s %9d %9d", name, len(b), z.Len())
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "web build:", err)
	os.Exit(1)
}
