package scim

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The filter language of RFC 7644 §3.4.2.2, parsed into a tree. Operators,
// the literals true/false/null and attribute names are case-insensitive
// (ABNF strings are); values keep their case. Nothing here knows what an
// attribute means: resolving names against the schema, and turning the tree
// into a query, happen elsewhere (docs/scim.md).

// Limits on what a filter may cost before it reaches the database: a filter
// is text from the client, and a deeply nested one would otherwise cost
// recursion here and a query of the same depth there.
const (
	MaxFilterLength = 4096
	MaxFilterDepth  = 32
)

// AttrPath names an attribute: an optional schema URN, an attribute and an
// optional sub-attribute ("urn:…:enterprise:2.0:User:manager.value"). The
// names are as written; they compare case-insensitively.
type AttrPath struct {
	URN  string
	Name string
	Sub  string
}

func (p AttrPath) String() string {
	s := p.Name
	if p.URN != "" {
		s = p.URN + ":" + s
	}
	if p.Sub != "" {
		s += "." + p.Sub
	}
	return s
}

// Op is a comparison operator.
type Op string

const (
	OpEq Op = "eq"
	OpNe Op = "ne"
	OpCo Op = "co"
	OpSw Op = "sw"
	OpEw Op = "ew"
	OpGt Op = "gt"
	OpGe Op = "ge"
	OpLt Op = "lt"
	OpLe Op = "le"
)

var compareOps = map[string]Op{"eq": OpEq, "ne": OpNe, "co": OpCo, "sw": OpSw, "ew": OpEw, "gt": OpGt, "ge": OpGe, "lt": OpLt, "le": OpLe}

// Value is a comparison's literal: a JSON string, number, boolean or null.
type Value struct {
	Kind ValueKind
	Str  string  // KindString
	Num  float64 // KindNumber
	Bool bool    // KindBool
}

// ValueKind says which JSON type a Value is.
type ValueKind int

const (
	KindString ValueKind = iota
	KindNumber
	KindBool
	KindNull
)

func (v Value) String() string {
	switch v.Kind {
	case KindNumber:
		return strconv.FormatFloat(v.Num, 'g', -1, 64)
	case KindBool:
		return strconv.FormatBool(v.Bool)
	case KindNull:
		return "null"
	}
	b, _ := json.Marshal(v.Str)
	return string(b)
}

// Filter is a node of a parsed filter.
type Filter interface {
	String() string
	filter()
}

// Compare is "attrPath op value".
type Compare struct {
	Path  AttrPath
	Op    Op
	Value Value
}

// Present is "attrPath pr".
type Present struct{ Path AttrPath }

// And is "left and right"; Or is "left or right".
type And struct{ Left, Right Filter }

// Or is "left or right".
type Or struct{ Left, Right Filter }

// Not is "not (x)".
type Not struct{ X Filter }

// ValuePath is "attr[filter]": the filter applies to each value of a
// multi-valued complex attribute, whose sub-attributes it names bare.
type ValuePath struct {
	Path   AttrPath // no Sub
	Filter Filter
}

func (Compare) filter()   {}
func (Present) filter()   {}
func (And) filter()       {}
func (Or) filter()        {}
func (Not) filter()       {}
func (ValuePath) filter() {}

func (c Compare) String() string {
	return c.Path.String() + " " + string(c.Op) + " " + c.Value.String()
}
func (p Present) String() string   { return p.Path.String() + " pr" }
func (a And) String() string       { return "(" + a.Left.String() + " and " + a.Right.String() + ")" }
func (o Or) String() string        { return "(" + o.Left.String() + " or " + o.Right.String() + ")" }
func (n Not) String() string       { return "not (" + n.X.String() + ")" }
func (v ValuePath) String() string { return v.Path.String() + "[" + v.Filter.String() + "]" }

// ParseFilter parses a filter. Its error is a SCIM invalidFilter error that
// says where the text went wrong.
func ParseFilter(text string) (Filter, error) {
	if len(text) > MaxFilterLength {
		return nil, invalidFilter("the filter is longer than %d bytes", MaxFilterLength)
	}
	if !utf8.ValidString(text) {
		return nil, invalidFilter("the filter is not valid UTF-8")
	}
	p := &parser{lex: lexer{src: text}}
	p.next()
	f, err := p.parseOr(0, false)
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tokEOF {
		return nil, p.errorf("unexpected %s", p.tok)
	}
	return f, nil
}

// ParsePath parses a PATCH operation's path (RFC 7644 §3.5.2): an attribute
// path, or a value path optionally followed by a sub-attribute
// ("members[value eq \"x\"]", "emails[type eq \"work\"].value").
func ParsePath(text string) (PatchPath, error) {
	if len(text) > MaxFilterLength {
		return PatchPath{}, invalidPath("the path is longer than %d bytes", MaxFilterLength)
	}
	if !utf8.ValidString(text) {
		return PatchPath{}, invalidPath("the path is not valid UTF-8")
	}
	p := &parser{lex: lexer{src: text}}
	p.next()
	if p.tok.kind != tokAttr {
		return PatchPath{}, invalidPath("%q is not an attribute path", text)
	}
	attr, err := p.attrPath()
	if err != nil {
		return PatchPath{}, invalidPath("%s", err.(*Error).Detail)
	}
	out := PatchPath{Attr: attr}
	p.next()
	if p.tok.kind == tokLBracket {
		if attr.Sub != "" {
			return PatchPath{}, invalidPath("a value filter follows an attribute, not a sub-attribute, in %q", text)
		}
		p.next()
		f, err := p.parseOr(1, true)
		if err != nil {
			return PatchPath{}, invalidPath("%s", err.(*Error).Detail)
		}
		if p.tok.kind != tokRBracket {
			return PatchPath{}, invalidPath("the value filter in %q is not closed by ]", text)
		}
		out.Filter = f
		p.next()
		if p.tok.kind == tokAttr && strings.HasPrefix(p.tok.text, ".") {
			sub := p.tok.text[1:]
			if !validName(sub) {
				return PatchPath{}, invalidPath("%q is not a sub-attribute name", sub)
			}
			out.Attr.Sub = sub
			p.next()
		}
	}
	if p.tok.kind != tokEOF {
		return PatchPath{}, invalidPath("unexpected %s in the path %q", p.tok, text)
	}
	return out, nil
}

// PatchPath is a parsed PATCH path: an attribute (with its sub-attribute,
// if any), narrowed by Filter to the values it matches when Filter is set.
type PatchPath struct {
	Attr   AttrPath
	Filter Filter
}

func (p PatchPath) String() string {
	if p.Filter == nil {
		return p.Attr.String()
	}
	base := p.Attr
	base.Sub = ""
	s := base.String() + "[" + p.Filter.String() + "]"
	if p.Attr.Sub != "" {
		s += "." + p.Attr.Sub
	}
	return s
}

type tokKind int

const (
	tokEOF tokKind = iota
	tokAttr
	tokString
	tokNumber
	tokWord // and, or, not, pr, operators, true/false/null: decided by the parser
	tokLParen
	tokRParen
	tokLBracket
	tokRBracket
	tokError
)

type token struct {
	kind tokKind
	text string
	pos  int
	str  string // tokString: the decoded value
}

func (t token) String() string {
	switch t.kind {
	case tokEOF:
		return "end of filter"
	case tokError:
		return t.text
	}
	return fmt.Sprintf("%q at offset %d", t.text, t.pos)
}

type lexer struct {
	src string
	pos int
}

func isNameChar(c byte) bool {
	return c == '-' || c == '_' || c == '$' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

// next reads one token. Words and attribute paths are one token kind each:
// a run of name characters, colons and dots is a path unless it is one of
// the filter's keywords, which the parser tells by position.
func (l *lexer) next() token {
	for l.pos < len(l.src) && (l.src[l.pos] == ' ' || l.src[l.pos] == '\t' || l.src[l.pos] == '\n' || l.src[l.pos] == '\r') {
		l.pos++
	}
	if l.pos >= len(l.src) {
		return token{kind: tokEOF, pos: l.pos}
	}
	start := l.pos
	c := l.src[l.pos]
	switch {
	case c == '(':
		l.pos++
		return token{kind: tokLParen, text: "(", pos: start}
	case c == ')':
		l.pos++
		return token{kind: tokRParen, text: ")", pos: start}
	case c == '[':
		l.pos++
		return token{kind: tokLBracket, text: "[", pos: start}
	case c == ']':
		l.pos++
		return token{kind: tokRBracket, text: "]", pos: start}
	case c == '"':
		return l.string()
	case c == '-' || (c >= '0' && c <= '9'):
		for l.pos < len(l.src) && strings.IndexByte("+-.eE0123456789", l.src[l.pos]) >= 0 {
			l.pos++
		}
		return token{kind: tokNumber, text: l.src[start:l.pos], pos: start}
	case isNameChar(c) || c == '.':
		for l.pos < len(l.src) && (isNameChar(l.src[l.pos]) || l.src[l.pos] == ':' || l.src[l.pos] == '.') {
			l.pos++
		}
		return token{kind: tokAttr, text: l.src[start:l.pos], pos: start}
	}
	r, _ := utf8.DecodeRuneInString(l.src[l.pos:])
	return token{kind: tokError, text: fmt.Sprintf("unexpected character %q at offset %d", r, start), pos: start}
}

// string reads a JSON string literal, escapes and all.
func (l *lexer) string() token {
	start := l.pos
	l.pos++
	for l.pos < len(l.src) {
		switch l.src[l.pos] {
		case '\\':
			l.pos += 2
			continue
		case '"':
			l.pos++
			text := l.src[start:l.pos]
			var s string
			if err := json.Unmarshal([]byte(text), &s); err != nil {
				return token{kind: tokError, text: fmt.Sprintf("the string at offset %d is not a valid JSON string", start), pos: start}
			}
			return token{kind: tokString, text: text, pos: start, str: s}
		}
		l.pos++
	}
	return token{kind: tokError, text: fmt.Sprintf("the string at offset %d is not closed", start), pos: start}
}

type parser struct {
	lex lexer
	tok token
}

func (p *parser) next() { p.tok = p.lex.next() }

func (p *parser) errorf(format string, args ...any) *Error {
	if p.tok.kind == tokError {
		return invalidFilter("%s", p.tok.text)
	}
	return invalidFilter(format, args...)
}

// isWord reports whether the current token is the keyword w.
func (p *parser) isWord(w string) bool {
	return p.tok.kind == tokAttr && strings.EqualFold(p.tok.text, w)
}

// parseOr: FILTER with "or" binding loosest, then "and", then "not" and
// grouping. inValue says the filter is inside a value path's brackets,
// where value paths may not nest.
func (p *parser) parseOr(depth int, inValue bool) (Filter, error) {
	left, err := p.parseAnd(depth, inValue)
	if err != nil {
		return nil, err
	}
	for p.isWord("or") {
		p.next()
		right, err := p.parseAnd(depth, inValue)
		if err != nil {
			return nil, err
		}
		left = Or{left, right}
	}
	return left, nil
}

func (p *parser) parseAnd(depth int, inValue bool) (Filter, error) {
	left, err := p.parseUnary(depth, inValue)
	if err != nil {
		return nil, err
	}
	for p.isWord("and") {
		p.next()
		right, err := p.parseUnary(depth, inValue)
		if err != nil {
			return nil, err
		}
		left = And{left, right}
	}
	return left, nil
}

func (p *parser) parseUnary(depth int, inValue bool) (Filter, error) {
	if depth >= MaxFilterDepth {
		return nil, invalidFilter("the filter nests deeper than %d levels", MaxFilterDepth)
	}
	switch {
	case p.isWord("not"):
		p.next()
		if p.tok.kind != tokLParen {
			return nil, p.errorf("\"not\" must be followed by a parenthesised filter, found %s", p.tok)
		}
		inner, err := p.group(depth, inValue)
		if err != nil {
			return nil, err
		}
		return Not{inner}, nil
	case p.tok.kind == tokLParen:
		return p.group(depth, inValue)
	case p.tok.kind == tokAttr:
		return p.attrExp(depth, inValue)
	case p.tok.kind == tokEOF:
		return nil, p.errorf("the filter ends where an expression was expected")
	}
	return nil, p.errorf("expected an attribute, \"not\" or \"(\", found %s", p.tok)
}

func (p *parser) group(depth int, inValue bool) (Filter, error) {
	p.next() // (
	inner, err := p.parseOr(depth+1, inValue)
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tokRParen {
		return nil, p.errorf("expected \")\", found %s", p.tok)
	}
	p.next()
	return inner, nil
}

// attrExp: "attrPath pr", "attrPath op value", or "attr[valFilter]".
func (p *parser) attrExp(depth int, inValue bool) (Filter, error) {
	path, err := p.attrPath()
	if err != nil {
		return nil, err
	}
	at := p.tok
	p.next()
	if p.tok.kind == tokLBracket {
		if inValue {
			return nil, p.errorf("value filters do not nest (at offset %d)", p.tok.pos)
		}
		if path.Sub != "" {
			return nil, p.errorf("a value filter follows an attribute, not a sub-attribute (%s)", at)
		}
		p.next()
		inner, err := p.parseOr(depth+1, true)
		if err != nil {
			return nil, err
		}
		if p.tok.kind != tokRBracket {
			return nil, p.errorf("expected \"]\", found %s", p.tok)
		}
		p.next()
		return ValuePath{Path: path, Filter: inner}, nil
	}
	if p.tok.kind != tokAttr {
		return nil, p.errorf("expected an operator after %s, found %s", at, p.tok)
	}
	opText := strings.ToLower(p.tok.text)
	if opText == "pr" {
		p.next()
		return Present{path}, nil
	}
	op, ok := compareOps[opText]
	if !ok {
		return nil, p.errorf("%s is not an operator (eq ne co sw ew gt ge lt le pr)", p.tok)
	}
	p.next()
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	return Compare{Path: path, Op: op, Value: v}, nil
}

func (p *parser) value() (Value, error) {
	t := p.tok
	switch t.kind {
	case tokString:
		p.next()
		return Value{Kind: KindString, Str: t.str}, nil
	case tokNumber:
		var n json.Number
		if err := json.Unmarshal([]byte(t.text), &n); err != nil {
			return Value{}, p.errorf("%s is not a number", t)
		}
		f, err := n.Float64()
		if err != nil {
			return Value{}, p.errorf("%s is out of range", t)
		}
		p.next()
		return Value{Kind: KindNumber, Num: f}, nil
	case tokAttr:
		switch strings.ToLower(t.text) {
		case "true", "false":
			p.next()
			return Value{Kind: KindBool, Bool: strings.EqualFold(t.text, "true")}, nil
		case "null":
			p.next()
			return Value{Kind: KindNull}, nil
		}
	}
	return Value{}, p.errorf("expected a value (a JSON string, number, true, false or null), found %s", t)
}

// attrPath splits the current attribute token into URN, name and
// sub-attribute. A URN ends at the last colon, since URNs themselves
// contain dots ("…:enterprise:2.0:User").
func (p *parser) attrPath() (AttrPath, error) {
	text := p.tok.text
	var path AttrPath
	rest := text
	if i := strings.LastIndexByte(text, ':'); i >= 0 {
		path.URN, rest = text[:i], text[i+1:]
		if !validURN(path.URN) {
			return AttrPath{}, invalidFilter("%q is not a schema URN", path.URN)
		}
	}
	name, sub, hasSub := strings.Cut(rest, ".")
	if !validName(name) || (hasSub && !validName(sub)) {
		return AttrPath{}, invalidFilter("%q is not an attribute path", text)
	}
	path.Name, path.Sub = name, sub
	return path, nil
}

// validName: ATTRNAME = ALPHA *(nameChar), and "$ref".
func validName(s string) bool {
	if s == "$ref" {
		return true
	}
	if s == "" || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isNameChar(s[i]) || s[i] == '$' {
			return false
		}
	}
	return true
}

func validURN(s string) bool {
	return len(s) > 4 && strings.EqualFold(s[:4], "urn:") && !strings.Contains(s, "::")
}
