package server

import (
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/stretchr/testify/assert"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// FuzzDocumentGate: the gate reads any text a client sends without
// panicking, and never lets through a parsable document deeper than its
// limit.
func FuzzDocumentGate(f *testing.F) {
	for _, seed := range []string{
		`{ person(id: "p1") { name manager { name } } }`,
		`{ a: __typename b: __typename }`,
		`query Q { ...F } fragment F on Query { ...F }`,
		`{ __schema { types { fields { type { ofType { ofType { name } } } } } } }`,
		`fragment A on Person { ...B } fragment B on Person { ...A } { person(id: "x") { ...A } }`,
		"{ \"unterminated",
	} {
		f.Add(seed)
	}
	limits := DefaultLimits
	limits.Depth = 3
	g := &documentGate{limits: limits, introspection: true, verdicts: lru.New[*gqlerror.Error](10)}
	f.Fuzz(func(t *testing.T, doc string) {
		verdict := g.check(doc)
		if verdict != nil {
			return
		}
		parsed, err := parser.ParseQuery(&ast.Source{Input: doc})
		if err != nil {
			return
		}
		for _, op := range parsed.Operations {
			assert.LessOrEqual(t, depthOf(parsed, op.SelectionSet, map[string]bool{}), limits.Depth, "%s", doc)
		}
	})
}

// depthOf is a plain recursive depth, the reference for the gate's
// memoized one (introspection fields not counted, as the gate does not).
func depthOf(doc *ast.QueryDocument, set ast.SelectionSet, visiting map[string]bool) int {
	deepest := 0
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			if strings.HasPrefix(sel.Name, "__") {
				continue
			}
			deepest = max(deepest, 1+depthOf(doc, sel.SelectionSet, visiting))
		case *ast.InlineFragment:
			deepest = max(deepest, depthOf(doc, sel.SelectionSet, visiting))
		case *ast.FragmentSpread:
			def := doc.Fragments.ForName(sel.Name)
			if def == nil || visiting[sel.Name] {
				continue
			}
			visiting[sel.Name] = true
			deepest = max(deepest, depthOf(doc, def.SelectionSet, visiting))
			delete(visiting, sel.Name)
		}
	}
	return deepest
}
