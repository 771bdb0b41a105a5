package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/orgnet/orgnet/graph"
)

// Limits bound what one request may ask and cost (docs/access.md). Each
// is configurable; zero means the default.
type Limits struct {
	Depth          int // nesting of fields (introspection's own nesting not counted)
	Tokens         int // lexical tokens of the document
	Fields         int // fields after fragment expansion
	Aliases        int // aliased fields after fragment expansion
	RepeatedFields int // times one response key appears in one selection
	Complexity     int // fields times the page sizes above them (complexity.go)
}

// DefaultLimits are the limits of a service that sets none.
var DefaultLimits = Limits{
	Depth: 12, Tokens: 10_000, Fields: 2_000, Aliases: 100, RepeatedFields: 10, Complexity: 5_000_000,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	pick := func(v, def int) int {
		if v > 0 {
			return v
		}
		return def
	}
	return Limits{
		Depth: pick(l.Depth, d.Depth), Tokens: pick(l.Tokens, d.Tokens), Fields: pick(l.Fields, d.Fields),
		Aliases: pick(l.Aliases, d.Aliases), RepeatedFields: pick(l.RepeatedFields, d.RepeatedFields),
		Complexity: pick(l.Complexity, d.Complexity),
	}
}

// documentGate refuses a document over a limit, an introspection query
// when introspection is off, and (when trusted documents are set) any
// document not among them — before gqlgen parses and validates it, since
// validation itself is what a fan-out of fragments or thousands of
// repeated fields makes slow. Its verdicts are cached by document.
type documentGate struct {
	limits        Limits
	introspection bool
	trusted       map[string]string // sha256 hex → document; nil: any document
	verdicts      *lru.LRU[*gqlerror.Error]
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = (*documentGate)(nil)

func (g *documentGate) ExtensionName() string                   { return "DocumentGate" }
func (g *documentGate) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationParameters checks the document of one request.
func (g *documentGate) MutateOperationParameters(ctx context.Context, params *graphql.RawParams) *gqlerror.Error {
	if g.trusted != nil {
		if err := g.trust(params); err != nil {
			return err
		}
	}
	if verdict, ok := g.verdicts.Get(ctx, params.Query); ok {
		return verdict
	}
	verdict := g.check(params.Query)
	if len(params.Query) <= maxCachedDocument {
		g.verdicts.Add(ctx, params.Query, verdict)
	}
	return verdict
}

// maxCachedDocument bounds the documents whose verdict is kept, so that
// the cache cannot be filled with large ones.
const maxCachedDocument = 16 << 10

// trust admits only trusted documents: sent whole (their hash is looked
// up) or by hash alone in extensions.persistedQuery.sha256Hash, as
// automatic persisted queries send them.
func (g *documentGate) trust(params *graphql.RawParams) *gqlerror.Error {
	hash := ""
	if pq, ok := params.Extensions["persistedQuery"].(map[string]any); ok {
		hash, _ = pq["sha256Hash"].(string)
	}
	if params.Query == "" {
		if doc, ok := g.trusted[hash]; ok {
			params.Query = doc
			return nil
		}
	} else {
		sum := sha256.Sum256([]byte(params.Query))
		if _, ok := g.trusted[hex.EncodeToString(sum[:])]; ok {
			return nil
		}
	}
	return limitError(graph.CodeUntrustedDocument, "this service accepts only its trusted documents, and this is none of them", nil)
}

// check gives the verdict on one document: nil when it is within every
// limit (or does not parse, which gqlgen then reports as usual).
func (g *documentGate) check(query string) *gqlerror.Error {
	tokens := 0
	lex := lexer.New(&ast.Source{Input: query})
	for {
		tok, err := lex.ReadToken()
		if err != nil || tok.Kind == lexer.EOF {
			break
		}
		if tokens++; tokens > g.limits.Tokens {
			return limitError(graph.CodeTokenLimit, fmt.Sprintf("the document has more than %d tokens", g.limits.Tokens),
				map[string]any{"limit": "tokens", "max": g.limits.Tokens})
		}
	}
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil {
		return nil
	}
	a := &shape{doc: doc, fragments: map[fragmentKey]*size{}, visiting: map[string]bool{}, limits: g.limits}
	total := size{}
	for _, op := range doc.Operations {
		s, err := a.selections(op.SelectionSet, false)
		if err != nil {
			return err
		}
		total.fields = saturate(total.fields + s.fields)
		total.aliases = saturate(total.aliases + s.aliases)
		total.depth = max(total.depth, s.depth)
		total.introspection = total.introspection || s.introspection
	}
	switch {
	case total.depth > g.limits.Depth:
		return limitError(graph.CodeDepthLimit, fmt.Sprintf("the document nests fields %d deep; at most %d are allowed", total.depth, g.limits.Depth),
			map[string]any{"limit": "depth", "max": g.limits.Depth, "found": total.depth})
	case total.fields > g.limits.Fields:
		return limitError(graph.CodeFieldLimit, fmt.Sprintf("the document asks for %s fields once its fragments are expanded; at most %d are allowed", count(total.fields), g.limits.Fields),
			map[string]any{"limit": "fields", "max": g.limits.Fields, "found": total.fields})
	case total.aliases > g.limits.Aliases:
		return limitError(graph.CodeAliasLimit, fmt.Sprintf("the document has %s aliased fields; at most %d are allowed", count(total.aliases), g.limits.Aliases),
			map[string]any{"limit": "aliases", "max": g.limits.Aliases, "found": total.aliases})
	case total.introspection && !g.introspection:
		return limitError(graph.CodeIntrospectionDisabled, "introspection is switched off on this service", nil)
	}
	return nil
}

// size is what a selection set expands to.
type size struct {
	fields, aliases, depth int
	introspection          bool
}

type fragmentKey struct {
	name         string
	inIntrospect bool
}

// shape measures a document's selections, expanding fragments once each
// (memoized), so that a fan-out of 10⁸ fields is measured in microseconds.
type shape struct {
	doc       *ast.QueryDocument
	fragments map[fragmentKey]*size
	visiting  map[string]bool
	limits    Limits
}

// ceiling keeps sums of a fan-out from overflowing.
const ceiling = 1 << 40

func saturate(n int) int { return min(n, ceiling) }

func count(n int) string {
	if n >= ceiling {
		return "more than 10¹²"
	}
	return fmt.Sprint(n)
}

func (a *shape) selections(set ast.SelectionSet, inIntrospect bool) (size, *gqlerror.Error) {
	out := size{}
	keys := map[string]int{}
	repeated := func(key string) *gqlerror.Error {
		if keys[key]++; keys[key] > a.limits.RepeatedFields {
			return limitError(graph.CodeRepeatedFieldLimit,
				fmt.Sprintf("%q is asked more than %d times in one selection", key, a.limits.RepeatedFields),
				map[string]any{"limit": "repeatedFields", "max": a.limits.RepeatedFields})
		}
		return nil
	}
	add := func(s size, levels int) {
		out.fields = saturate(out.fields + s.fields)
		out.aliases = saturate(out.aliases + s.aliases)
		out.depth = max(out.depth, s.depth+levels)
		out.introspection = out.introspection || s.introspection
	}
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			key := sel.Alias
			if key == "" {
				key = sel.Name
			}
			if err := repeated(key); err != nil {
				return out, err
			}
			intro := inIntrospect || sel.Name == "__schema" || sel.Name == "__type"
			child, err := a.selections(sel.SelectionSet, intro)
			if err != nil {
				return out, err
			}
			child.fields = saturate(child.fields + 1)
			if sel.Alias != "" && sel.Alias != sel.Name {
				child.aliases = saturate(child.aliases + 1)
			}
			child.introspection = child.introspection || intro
			levels := 1
			if intro {
				levels = 0 // the schema bounds introspection's nesting
			}
			add(child, levels)
		case *ast.InlineFragment:
			child, err := a.selections(sel.SelectionSet, inIntrospect)
			if err != nil {
				return out, err
			}
			add(child, 0)
		case *ast.FragmentSpread:
			if err := repeated("..." + sel.Name); err != nil {
				return out, err
			}
			child, err := a.fragment(sel.Name, inIntrospect)
			if err != nil {
				return out, err
			}
			add(child, 0)
		}
	}
	return out, nil
}

func (a *shape) fragment(name string, inIntrospect bool) (size, *gqlerror.Error) {
	key := fragmentKey{name, inIntrospect}
	if s, ok := a.fragments[key]; ok {
		return *s, nil
	}
	def := a.doc.Fragments.ForName(name)
	if def == nil || a.visiting[name] {
		// Unknown or cyclic: validation will say so; it expands to nothing.
		return size{}, nil
	}
	a.visiting[name] = true
	s, err := a.selections(def.SelectionSet, inIntrospect)
	delete(a.visiting, name)
	if err != nil {
		return s, err
	}
	a.fragments[key] = &s
	return s, nil
}

// limitError is a request refused before it ran.
func limitError(code graph.Code, message string, details map[string]any) *gqlerror.Error {
	ext := map[string]any{"code": string(code)}
	for k, v := range details {
		ext[k] = v
	}
	return &gqlerror.Error{Message: message, Extensions: ext}
}
