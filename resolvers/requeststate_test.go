package resolvers

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

func TestSelects(t *testing.T) {
	path := []string{"edges", "node", "person", "manager"}
	cases := []struct {
		name  string
		query string
		want  bool
	}{
		{"the path itself", `{ edges { node { person { manager { id } } } } }`, true},
		{"under an alias", `{ e: edges { n: node { p: person { boss: manager { id } } } } }`, true},
		{"through an inline fragment", `{ edges { node { ... on Membership { person { manager { id } } } } } }`, true},
		{"through a named fragment", `{ edges { node { ...M } } } fragment M on Membership { person { manager { id } } }`, true},
		{"a field of that name at another depth is not it", `{ edges { node { manager { id } person { id } } } }`, false},
		{"the path but its last field", `{ edges { node { person { id name } } } }`, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, err := parser.ParseQuery(&ast.Source{Input: c.query})
			require.NoError(t, err)
			set := doc.Operations[0].SelectionSet
			// A parsed document's spreads are resolved by validation, which this skips.
			for _, s := range set {
				resolveSpreads(s, doc.Fragments)
			}
			assert.Equal(t, c.want, selects(set, path...))
		})
	}
}

func resolveSpreads(s ast.Selection, fragments ast.FragmentDefinitionList) {
	switch s := s.(type) {
	case *ast.Field:
		for _, c := range s.SelectionSet {
			resolveSpreads(c, fragments)
		}
	case *ast.InlineFragment:
		for _, c := range s.SelectionSet {
			resolveSpreads(c, fragments)
		}
	case *ast.FragmentSpread:
		s.Definition = fragments.ForName(s.Name)
		for _, c := range s.Definition.SelectionSet {
			resolveSpreads(c, fragments)
		}
	}
}
