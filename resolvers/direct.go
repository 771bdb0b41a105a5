package resolvers

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// Direct answers. gqlgen executes every field of an answer alike: a field
// context, a context, the field middleware, a deferred group and a goroutine
// per list element, some fifteen allocations a field even where the field
// is a struct field read. Below a resolver, most of an answer is such reads
// (the people, grants, mandates and teams of a whoCanAct answer), and that
// machinery cost more than the database's answer itself.
//
// So a resolver's result whose whole selection is plain is written here, in
// one pass, by FieldMiddleware: gqlgen takes a Marshaler returned by the
// middleware as the field's answer. A selection is plain when every field
// in it, at every depth, is a struct field (neither a resolver nor a method,
// without arguments or a schema directive such as @allowed) of an object
// type, a list or a scalar gqlgen writes with its own marshallers, and no
// fragment is deferred. The bytes are gqlgen's own (the same marshallers,
// the same order, aliases and __typename; direct_test.go holds the two
// paths equal): anything else — a nil where the schema says non-null, an
// infinite Float, a type this file does not know — gives the result back to
// gqlgen, which answers it as it always did, errors included.

// plainFields caches, by "Type.field", whether a field is plain.
var plainFields sync.Map // string → bool

// goFields caches, by Go struct type and GraphQL field name, the index of
// the struct field gqlgen reads for it; -1 when there is none to read
// directly (a method, an embedded field, two candidates).
var goFields sync.Map // goFieldKey → int

type goFieldKey struct {
	t    reflect.Type
	name string
}

// fieldIsPlain says whether field of typeName is a struct field read. fc is
// the FieldContext of the field whose selection holds it: its Child gives
// the field's own context, where gqlgen's generated code says whether it
// has a resolver or is a method.
func fieldIsPlain(ctx context.Context, fc *graphql.FieldContext, typeName string, field graphql.CollectedField) bool {
	key := typeName + "." + field.Name
	if v, ok := plainFields.Load(key); ok {
		return v.(bool)
	}
	def := field.Definition
	plain := def != nil && len(def.Arguments) == 0 && fc != nil && fc.Child != nil
	for i := 0; plain && i < len(def.Directives); i++ {
		plain = def.Directives[i].Name == "deprecated"
	}
	if plain {
		child, err := fc.Child(ctx, field)
		plain = err == nil && child != nil && !child.IsResolver && !child.IsMethod
	}
	plainFields.Store(key, plain)
	return plain
}

// goField is the index of the struct field of t that gqlgen binds the
// GraphQL field name to (its binder's rule: an exported field whose name
// equals name ignoring case and underscores), or -1 where gqlgen could bind
// something else: a method of the same name, an embedded struct, or more
// than one such field.
func goField(t reflect.Type, name string) int {
	key := goFieldKey{t, name}
	if v, ok := goFields.Load(key); ok {
		return v.(int)
	}
	index := -1
	fold := func(s string) string { return strings.ReplaceAll(s, "_", "") }
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous {
			index = -1
			break
		}
		if f.IsExported() && strings.EqualFold(fold(f.Name), fold(name)) {
			if index >= 0 {
				index = -1
				break
			}
			index = i
		}
	}
	pt := reflect.PointerTo(t)
	for i := 0; i < pt.NumMethod(); i++ {
		if strings.EqualFold(pt.Method(i).Name, name) {
			index = -1
		}
	}
	goFields.Store(key, index)
	return index
}

// implementors are the type conditions an object of typeName satisfies:
// itself, its interfaces and the unions it is in, as gqlgen's generated
// <type>Implementors lists.
var implementors sync.Map // string → []string

func implementorsOf(typeName string) []string {
	if v, ok := implementors.Load(typeName); ok {
		return v.([]string)
	}
	names := []string{typeName}
	if def := parsedSchema.Types[typeName]; def != nil {
		names = append(names, def.Interfaces...)
	}
	for _, def := range parsedSchema.Types {
		if def.Kind == ast.Union {
			for _, member := range def.Types {
				if member == typeName {
					names = append(names, def.Name)
				}
			}
		}
	}
	implementors.Store(typeName, names)
	return names
}

// directAnswer writes res, the result of the field fc stands for, if its
// selection is plain; ok is false when gqlgen must answer it.
func directAnswer(ctx context.Context, fc *graphql.FieldContext, res any) (graphql.Marshaler, bool) {
	def := fc.Field.Definition
	if def == nil || fc.Field.Selections == nil || !objectBelow(def.Type) {
		return nil, false // a scalar gains nothing from being written here
	}
	oc := graphql.GetOperationContext(ctx)
	if oc == nil {
		return nil, false
	}
	w := &directWriter{ctx: ctx, oc: oc}
	if !w.plain(fc, def.Type, fc.Field.Selections) {
		return nil, false
	}
	if !w.value(def.Type, fc.Field.Selections, reflect.ValueOf(res)) {
		return nil, false
	}
	out := w.buf.Bytes()
	return graphql.WriterFunc(func(dst io.Writer) { _, _ = dst.Write(out) }), true
}

// objectBelow says whether t is an object type or a list of them, at any
// depth.
func objectBelow(t *ast.Type) bool {
	for t.Elem != nil {
		t = t.Elem
	}
	def := parsedSchema.Types[t.NamedType]
	return def != nil && def.Kind == ast.Object
}

type directWriter struct {
	ctx context.Context
	oc  *graphql.OperationContext
	buf bytes.Buffer
	// collected holds the fields of each selection, collected once for
	// the check and every element of a list rather than once for each.
	collected map[collectedKey][]graphql.CollectedField
}

type collectedKey struct {
	typeName string
	sel      *ast.Selection // the selection set's first element: its identity
}

// collect is the fields of selection sel on an object of type typeName,
// as gqlgen collects them.
func (w *directWriter) collect(typeName string, sel ast.SelectionSet) []graphql.CollectedField {
	if len(sel) == 0 {
		return graphql.CollectFields(w.oc, sel, implementorsOf(typeName))
	}
	key := collectedKey{typeName, &sel[0]}
	fields, ok := w.collected[key]
	if !ok {
		fields = graphql.CollectFields(w.oc, sel, implementorsOf(typeName))
		if w.collected == nil {
			w.collected = map[collectedKey][]graphql.CollectedField{}
		}
		w.collected[key] = fields
	}
	return fields
}

// plain checks, without values, that the selection sel of a field of type
// t, whose context is fc, is plain at every depth.
func (w *directWriter) plain(fc *graphql.FieldContext, t *ast.Type, sel ast.SelectionSet) bool {
	for t.Elem != nil {
		t = t.Elem
	}
	def := parsedSchema.Types[t.NamedType]
	if def == nil {
		return false
	}
	switch def.Kind {
	case ast.Scalar, ast.Enum:
		return true
	case ast.Object:
	default:
		return false // interfaces and unions: gqlgen picks the concrete type
	}
	for _, f := range w.collect(def.Name, sel) {
		if len(f.Deferrables) > 0 {
			return false
		}
		if f.Name == "__typename" {
			continue
		}
		if !fieldIsPlain(w.ctx, fc, def.Name, f) {
			return false
		}
		if f.Definition.Type.Elem == nil && isLeaf(f.Definition.Type) {
			continue
		}
		child, err := fc.Child(w.ctx, f)
		if err != nil || !w.plain(child, f.Definition.Type, f.Selections) {
			return false
		}
	}
	return true
}

func isLeaf(t *ast.Type) bool {
	def := parsedSchema.Types[t.NamedType]
	return def != nil && (def.Kind == ast.Scalar || def.Kind == ast.Enum)
}

var (
	timeType = reflect.TypeFor[time.Time]()
	rawType  = reflect.TypeFor[json.RawMessage]()
)

// value writes v, a value of GraphQL type t with selection sel.
func (w *directWriter) value(t *ast.Type, sel ast.SelectionSet, v reflect.Value) bool {
	for v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if !v.IsValid() || (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil() {
		if t.NonNull {
			return false // gqlgen's error and null, not ours
		}
		w.buf.WriteString("null")
		return true
	}
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if t.Elem != nil {
		if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
			return false
		}
		if v.Kind() == reflect.Slice && v.IsNil() && !t.NonNull {
			w.buf.WriteString("null")
			return true
		}
		w.buf.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				w.buf.WriteByte(',')
			}
			if !w.value(t.Elem, sel, v.Index(i)) {
				return false
			}
		}
		w.buf.WriteByte(']')
		return true
	}
	def := parsedSchema.Types[t.NamedType]
	switch {
	case def == nil:
		return false
	case def.Kind == ast.Object:
		return w.object(def.Name, sel, v)
	case def.Kind == ast.Enum:
		return w.enum(v)
	case def.Kind == ast.Scalar:
		return w.scalar(def.Name, v)
	}
	return false
}

func (w *directWriter) object(typeName string, sel ast.SelectionSet, v reflect.Value) bool {
	if v.Kind() != reflect.Struct {
		return false
	}
	fields := w.collect(typeName, sel)
	w.buf.WriteByte('{')
	for i, f := range fields {
		if written(fields[:i], f.Alias) {
			continue // as gqlgen's field set: the first of an alias only
		}
		if i > 0 {
			w.buf.WriteByte(',')
		}
		graphql.MarshalString(f.Alias).MarshalGQL(&w.buf)
		w.buf.WriteByte(':')
		if f.Name == "__typename" {
			graphql.MarshalString(typeName).MarshalGQL(&w.buf)
			continue
		}
		index := goField(v.Type(), f.Name)
		if index < 0 || !w.value(f.Definition.Type, f.Selections, v.Field(index)) {
			return false
		}
	}
	w.buf.WriteByte('}')
	return true
}

func written(before []graphql.CollectedField, alias string) bool {
	for _, f := range before {
		if f.Alias == alias {
			return true
		}
	}
	return false
}

// enum writes an enum value as gqlgen's generated marshallers do: by its own
// MarshalGQL when it has one, else as its string.
func (w *directWriter) enum(v reflect.Value) bool {
	if m, ok := v.Interface().(graphql.Marshaler); ok {
		m.MarshalGQL(&w.buf)
		return true
	}
	if _, ok := v.Interface().(graphql.ContextMarshaler); ok || v.Kind() != reflect.String {
		return false
	}
	graphql.MarshalString(v.String()).MarshalGQL(&w.buf)
	return true
}

// scalar writes a built-in or orgnet scalar with the marshaller gqlgen's
// generated code calls for it.
func (w *directWriter) scalar(name string, v reflect.Value) bool {
	switch {
	case name == "DateTime" && v.Type() == timeType:
		MarshalDateTime(v.Interface().(time.Time)).MarshalGQL(&w.buf)
	case name == "JSON" && v.Type() == rawType:
		MarshalJSON(v.Interface().(json.RawMessage)).MarshalGQL(&w.buf)
	case (name == "String" || name == "ID") && v.Kind() == reflect.String && !marshals(v):
		graphql.MarshalString(v.String()).MarshalGQL(&w.buf)
	case name == "Boolean" && v.Kind() == reflect.Bool && !marshals(v):
		graphql.MarshalBoolean(v.Bool()).MarshalGQL(&w.buf)
	case name == "Int" && v.Kind() == reflect.Int && !marshals(v):
		graphql.MarshalInt(int(v.Int())).MarshalGQL(&w.buf)
	case name == "Int" && v.Kind() == reflect.Int64 && !marshals(v):
		graphql.MarshalInt64(v.Int()).MarshalGQL(&w.buf)
	case name == "Int" && v.Kind() == reflect.Int32 && !marshals(v):
		graphql.MarshalInt32(int32(v.Int())).MarshalGQL(&w.buf)
	case name == "Float" && v.Kind() == reflect.Float64 && !marshals(v):
		if err := graphql.MarshalFloatContext(v.Float()).MarshalGQLContext(w.ctx, &w.buf); err != nil {
			return false
		}
	default:
		return false
	}
	return true
}

// marshals says whether v's type has marshallers of its own, which gqlgen
// would call instead.
func marshals(v reflect.Value) bool {
	switch v.Interface().(type) {
	case graphql.Marshaler, graphql.ContextMarshaler:
		return true
	}
	return false
}
