package store

import (
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "TestGoldenQueries: write testdata/*.cypher from the queries")

// goldenDir holds one file per query or write statement, <name>.cypher.
const goldenDir = "testdata"

// golden is the text of a query's golden file: the query as Neo4j receives
// it, less the whitespace Cypher ignores and fragments leave behind (blank
// lines, trailing blanks, the indentation every line shares).
func golden(cypher string) string {
	var lines []string
	for _, l := range strings.Split(cypher, "\n") {
		if l = strings.TrimRight(l, " \t"); l != "" {
			lines = append(lines, l)
		}
	}
	indent := -1
	for _, l := range lines {
		n := len(l) - len(strings.TrimLeft(l, " \t"))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	for i, l := range lines {
		lines[i] = l[indent:]
	}
	return strings.Join(lines, "\n") + "\n"
}

// goldenQueries is every statement the store sends: readQueries and
// writeStatements (queries.go), which share no name.
func goldenQueries(t *testing.T) map[string]string {
	all := make(map[string]string, len(readQueries)+len(writeStatements))
	for _, m := range []map[string]string{readQueries, writeStatements} {
		for name, cypher := range m {
			_, twice := all[name]
			require.False(t, twice, "two statements named %s", name)
			all[name] = cypher
		}
	}
	return all
}

// TestGoldenQueries holds every read query and write statement equal to
// its golden file, so that a change to one shows as a diff of what Neo4j
// runs. After a deliberate change: go test ./graph/store -run
// TestGoldenQueries -update
func TestGoldenQueries(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(goldenDir, "*.cypher"))
	require.NoError(t, err)
	queries := goldenQueries(t)
	if *update {
		require.NoError(t, os.MkdirAll(goldenDir, 0o755))
		for _, f := range files {
			require.NoError(t, os.Remove(f))
		}
		for name, cypher := range queries {
			require.NoError(t, os.WriteFile(filepath.Join(goldenDir, name+".cypher"), []byte(golden(cypher)), 0o644))
		}
		t.Logf("wrote %d golden queries", len(queries))
		return
	}
	for name, cypher := range queries {
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(goldenDir, name+".cypher"))
			require.NoError(t, err, "no golden file: run go test ./graph/store -run TestGoldenQueries -update")
			assert.Equal(t, string(want), golden(cypher), "the query changed: review it, then run go test ./graph/store -run TestGoldenQueries -update")
		})
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".cypher")
		_, ok := queries[name]
		assert.True(t, ok, "%s shows no query the store sends: delete it (or run -update)", f)
	}
}

func TestGolden(t *testing.T) {
	cases := []struct{ name, cypher, want string }{
		{"the indentation every line shares goes", "\n\t\tMATCH (p)\n\t\t\tWHERE p.active\n\t\tRETURN p", "MATCH (p)\n\tWHERE p.active\nRETURN p\n"},
		{"blank lines and trailing blanks go", "MATCH (p)  \n\t\t\n\tRETURN p\n\t", "MATCH (p)\n\tRETURN p\n"},
		{"a query of one line stays as it is", "RETURN 1 AS one", "RETURN 1 AS one\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { assert.Equal(t, c.want, golden(c.cypher)) })
	}
}

// cypherWords tells a string literal of Cypher from other strings.
var cypherWords = regexp.MustCompile(`\b(MATCH|RETURN|UNWIND)\b`)

// formatVerb splits a fmt template into its literal pieces.
var formatVerb = regexp.MustCompile(`%(\[\d+\])?[sdvq]`)

// TestEveryQueryIsGolden looks through the store's source for Cypher that
// no query of readQueries or writeStatements contains — a statement sent
// without a golden file. Every piece of Cypher text in the code ends up
// verbatim in the statements built of it, a fmt template's pieces between
// its verbs.
func TestEveryQueryIsGolden(t *testing.T) {
	sources, err := filepath.Glob("*.go")
	require.NoError(t, err)
	var queries []string
	for _, q := range goldenQueries(t) {
		queries = append(queries, q)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, src := range sources {
		if strings.HasSuffix(src, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, src, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			text, err := strconv.Unquote(lit.Value)
			require.NoError(t, err)
			if !cypherWords.MatchString(text) {
				return true
			}
			for _, piece := range formatVerb.Split(text, -1) {
				checked++
				assert.True(t, slices.ContainsFunc(queries, func(q string) bool { return strings.Contains(q, piece) }),
					"%s: Cypher no statement of readQueries or writeStatements contains; add it to one of them (queries.go):\n%s", fset.Position(lit.Pos()), text)
			}
			return true
		})
	}
	assert.Greater(t, checked, 40, "the source holds the store's Cypher")
}
