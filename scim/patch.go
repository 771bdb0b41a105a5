package scim

import (
	"fmt"
	"sort"
	"strings"
)

// PATCH (RFC 7644 §3.5.2): operations are decoded and checked whole
// first, then applied in order to the resource's document; the result is
// validated and written as one change, so a request is applied whole or
// not at all (docs/scim.md).

// patchOp is one operation, its path resolved against the resource type.
type patchOp struct {
	op    string // add, replace or remove
	path  PatchPath
	r     resolved
	value any // normalized for the target
	// hasValue says the request gave a value (remove may carry one: Entra
	// ID removes members by listing them).
	hasValue bool
	index    int // the operation's position in the request, for errors
}

// externalIDAttr describes the common attribute externalId, which no
// schema lists (RFC 7643 §3.1).
var externalIDAttr = str("externalId", "").exact()

// decodePatch checks a PatchOp body and resolves its operations. An
// operation without a path is split into one per attribute its value
// names.
func decodePatch(rt *resourceType, body map[string]any) ([]patchOp, error) {
	var rawOps []any
	for k, v := range body {
		switch {
		case strings.EqualFold(k, "schemas"):
			list, _ := v.([]any)
			found := false
			for _, s := range list {
				if u, ok := s.(string); ok && strings.EqualFold(u, PatchOpSchema) {
					found = true
				}
			}
			if !found {
				return nil, invalidValue("a PATCH body carries the schema %s", PatchOpSchema)
			}
		case strings.EqualFold(k, "Operations"):
			list, ok := v.([]any)
			if !ok {
				return nil, invalidSyntax("Operations must be a list")
			}
			rawOps = list
		default:
			return nil, invalidSyntax("unknown attribute %q of a PATCH body", k)
		}
	}
	if len(rawOps) == 0 {
		return nil, invalidValue("a PATCH body needs at least one operation")
	}
	var ops []patchOp
	for i, raw := range rawOps {
		o, ok := raw.(map[string]any)
		if !ok {
			return nil, invalidSyntax("Operations[%d] must be an object", i)
		}
		var opName, pathText string
		var value any
		hasValue, hasPath := false, false
		for k, v := range o {
			switch strings.ToLower(k) {
			case "op":
				s, ok := v.(string)
				if !ok {
					return nil, invalidSyntax("Operations[%d].op must be a string", i)
				}
				// Entra ID capitalizes its operations ("Add", "Replace").
				opName = strings.ToLower(s)
			case "path":
				s, ok := v.(string)
				if !ok {
					return nil, invalidSyntax("Operations[%d].path must be a string", i)
				}
				pathText, hasPath = s, s != ""
			case "value":
				value, hasValue = v, true
			default:
				return nil, invalidSyntax("unknown attribute %q of Operations[%d]", k, i)
			}
		}
		switch opName {
		case "add", "replace":
			if !hasValue {
				return nil, invalidValue("Operations[%d] (%s) needs a value", i, opName)
			}
		case "remove":
			if !hasPath {
				return nil, noTarget("Operations[%d] (remove) needs a path", i)
			}
		default:
			return nil, invalidSyntax("Operations[%d].op must be add, replace or remove, not %q", i, opName)
		}
		if !hasPath {
			split, err := splitPathless(rt, opName, value, i)
			if err != nil {
				return nil, err
			}
			ops = append(ops, split...)
			continue
		}
		if isExtension(rt, pathText) {
			split, err := extensionOps(rt, opName, value, i)
			if err != nil {
				return nil, err
			}
			ops = append(ops, split...)
			continue
		}
		op, err := resolveOp(rt, opName, pathText, value, hasValue, i)
		if err != nil {
			return nil, err
		}
		if op != nil {
			ops = append(ops, *op)
		}
	}
	return ops, nil
}

// isExtension reports whether a path names rt's extension whole.
func isExtension(rt *resourceType, path string) bool {
	return strings.EqualFold(strings.TrimSpace(path), rt.Extension.ID)
}

// extensionOps turns an operation on the whole extension into one per
// attribute: add and replace set those the value gives, remove removes
// every attribute the extension does not require.
func extensionOps(rt *resourceType, opName string, value any, i int) ([]patchOp, error) {
	if opName != "remove" {
		return splitPathless(rt, opName, map[string]any{rt.Extension.ID: value}, i)
	}
	var ops []patchOp
	for _, a := range rt.Extension.Attributes {
		if a.ignored || a.Required {
			continue
		}
		op, err := resolveOp(rt, opName, rt.Extension.ID+":"+a.Name, nil, false, i)
		if err != nil {
			return nil, err
		}
		ops = append(ops, *op)
	}
	return ops, nil
}

// splitPathless turns an add or replace without a path into one operation
// per attribute of its value (RFC 7644 §3.5.2.1: the value holds the
// attributes to add). Keys may be attribute names, full paths
// ("name.givenName", "urn:…:User:manager") or an extension's URN.
func splitPathless(rt *resourceType, opName string, value any, i int) ([]patchOp, error) {
	obj, ok := value.(map[string]any)
	if !ok {
		return nil, invalidValue("Operations[%d] has no path, so its value must be an object of attributes", i)
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys) // a stable order, so that a request means one thing
	var ops []patchOp
	for _, k := range keys {
		v := obj[k]
		switch {
		case strings.EqualFold(k, "schemas"), strings.EqualFold(k, "id"), strings.EqualFold(k, "meta"):
			continue // read-only: ignored, as in a resource body
		case strings.EqualFold(k, rt.Extension.ID):
			ext, ok := v.(map[string]any)
			if !ok {
				return nil, invalidValue("Operations[%d].value.%s must be an object", i, k)
			}
			subKeys := make([]string, 0, len(ext))
			for sk := range ext {
				if !strings.EqualFold(sk, "schemas") {
					subKeys = append(subKeys, sk)
				}
			}
			sort.Strings(subKeys)
			for _, sk := range subKeys {
				op, err := resolveOp(rt, opName, rt.Extension.ID+":"+sk, ext[sk], true, i)
				if err != nil {
					return nil, err
				}
				if op != nil {
					ops = append(ops, *op)
				}
			}
			continue
		}
		op, err := resolveOp(rt, opName, k, v, true, i)
		if err != nil {
			return nil, err
		}
		if op != nil {
			ops = append(ops, *op)
		}
	}
	return ops, nil
}

// resolveOp parses an operation's path, finds what it names and
// normalizes its value for that target. nil means an operation on an
// attribute orgnet accepts and does not keep.
func resolveOp(rt *resourceType, opName, pathText string, value any, hasValue bool, i int) (*patchOp, error) {
	path, err := ParsePath(pathText)
	if err != nil {
		e := err.(*Error)
		e.Detail = fmt.Sprintf("Operations[%d]: %s", i, e.Detail)
		return nil, e
	}
	op := &patchOp{op: opName, path: path, hasValue: hasValue, index: i}
	switch {
	case path.Attr.URN == "" && (strings.EqualFold(path.Attr.Name, "id") || strings.EqualFold(path.Attr.Name, "meta") || strings.EqualFold(path.Attr.Name, "schemas")):
		return nil, mutability("Operations[%d]: %s is read-only", i, path.Attr.Name)
	case path.Attr.URN == "" && strings.EqualFold(path.Attr.Name, "externalId"):
		if path.Filter != nil || path.Attr.Sub != "" {
			return nil, invalidPath("Operations[%d]: externalId is a simple attribute", i)
		}
		op.r = resolved{attr: externalIDAttr}
	default:
		r, ok := rt.resolve(path.Attr)
		if !ok {
			return nil, invalidPath("Operations[%d]: %s has no attribute %q", i, rt.Name, pathText)
		}
		op.r = r
	}
	a := op.r.attr
	if path.Filter != nil && (!a.MultiValued || a.Type != typeComplex) {
		return nil, invalidPath("Operations[%d]: %s is not a multi-valued complex attribute, so it takes no filter", i, a.Name)
	}
	if a.ignored || (op.r.sub != nil && op.r.sub.ignored) {
		return nil, nil
	}
	if !hasValue || value == nil {
		op.value = nil
		return op, nil
	}
	target := a
	switch {
	case op.r.sub != nil:
		target = op.r.sub
	case path.Filter != nil:
		single := *a
		single.MultiValued = false
		target = &single
	}
	v, err := normalizeValue(target, value, pathText)
	if err != nil {
		e := err.(*Error)
		e.Detail = fmt.Sprintf("Operations[%d]: %s", i, e.Detail)
		return nil, e
	}
	op.value = v
	return op, nil
}

// applyOp applies one operation to d.
func applyOp(rt *resourceType, d doc, op patchOp) error {
	container := d
	if op.r.inExt {
		container = subDoc(d, rt.Extension.ID)
	}
	a, sub := op.r.attr, op.r.sub
	name := a.Name
	switch {
	case op.path.Filter != nil:
		return applyFiltered(container, op)
	case sub == nil && op.op == "remove" && a.MultiValued && op.value != nil:
		// Remove the listed values (Entra ID removes members so).
		container[name] = without(asList(container[name]), asList(op.value))
	case sub == nil && op.op == "remove":
		delete(container, name)
	case sub == nil && a.MultiValued && op.op == "add":
		container[name] = union(asList(container[name]), asList(op.value))
	case sub == nil && a.Type == typeComplex && !a.MultiValued:
		// add and replace both merge the given sub-attributes into a
		// complex attribute (RFC 7644 §3.5.2.1, §3.5.2.3).
		if op.value == nil {
			delete(container, name)
			break
		}
		merged := subDoc(container, name)
		for k, v := range op.value.(map[string]any) {
			merged[k] = v
		}
	case sub == nil:
		setOrDelete(container, name, op.value)
	case a.MultiValued:
		// A sub-attribute of every value ("emails.value").
		list := asList(container[name])
		if len(list) == 0 && op.op != "remove" && op.value != nil {
			list = []any{doc{}}
		}
		for _, e := range list {
			if m, ok := e.(map[string]any); ok {
				if op.op == "remove" {
					delete(m, sub.Name)
				} else {
					setOrDelete(m, sub.Name, op.value)
				}
			}
		}
		container[name] = list
	default:
		if op.op == "remove" {
			if m, ok := container[name].(map[string]any); ok {
				delete(m, sub.Name)
			}
			break
		}
		setOrDelete(subDoc(container, name), sub.Name, op.value)
	}
	return nil
}

// applyFiltered applies an operation whose path filters the values of a
// multi-valued attribute ("emails[type eq \"work\"].value").
func applyFiltered(container doc, op patchOp) error {
	a, sub := op.r.attr, op.r.sub
	list := asList(container[a.Name])
	var kept []any
	matched := 0
	for _, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			continue
		}
		hit, err := matches(op.path.Filter, m, a)
		if err != nil {
			return err
		}
		if !hit {
			kept = append(kept, e)
			continue
		}
		matched++
		switch {
		case op.op == "remove" && sub == nil:
			continue // dropped
		case op.op == "remove":
			delete(m, sub.Name)
		case sub != nil:
			setOrDelete(m, sub.Name, op.value)
		case op.value != nil:
			for k, v := range op.value.(map[string]any) {
				m[k] = v
			}
		}
		kept = append(kept, m)
	}
	if matched == 0 && op.op != "remove" {
		// Nothing matched: make the value the filter describes (Entra ID
		// adds a work email as emails[type eq "work"].value).
		fresh, ok := valueFromFilter(op.path.Filter)
		if !ok {
			return noTarget("Operations[%d]: %s matches no value", op.index, op.path)
		}
		if sub != nil {
			setOrDelete(fresh, sub.Name, op.value)
		} else if m, ok := op.value.(map[string]any); ok {
			for k, v := range m {
				fresh[k] = v
			}
		}
		kept = append(kept, fresh)
	}
	if len(kept) == 0 {
		delete(container, a.Name)
	} else {
		container[a.Name] = kept
	}
	return nil
}

// valueFromFilter is the value an equality filter describes: "type eq
// \"work\" and primary eq true" gives {type: work, primary: true}.
func valueFromFilter(f Filter) (doc, bool) {
	switch x := f.(type) {
	case Compare:
		if x.Op != OpEq || x.Path.Sub != "" || x.Path.URN != "" {
			return nil, false
		}
		var v any
		switch x.Value.Kind {
		case KindString:
			v = x.Value.Str
		case KindBool:
			v = x.Value.Bool
		default:
			return nil, false
		}
		return doc{x.Path.Name: v}, true
	case And:
		l, ok1 := valueFromFilter(x.Left)
		r, ok2 := valueFromFilter(x.Right)
		if !ok1 || !ok2 {
			return nil, false
		}
		for k, v := range r {
			l[k] = v
		}
		return l, true
	}
	return nil, false
}

// matches evaluates a value filter against one value of a multi-valued
// complex attribute a; the filter names a's sub-attributes bare.
func matches(f Filter, v map[string]any, a *Attribute) (bool, error) {
	switch x := f.(type) {
	case And:
		l, err := matches(x.Left, v, a)
		if err != nil || !l {
			return false, err
		}
		return matches(x.Right, v, a)
	case Or:
		l, err := matches(x.Left, v, a)
		if err != nil || l {
			return l, err
		}
		return matches(x.Right, v, a)
	case Not:
		in, err := matches(x.X, v, a)
		return !in, err
	case Present:
		sub, err := valueSub(x.Path, a)
		if err != nil {
			return false, err
		}
		val := v[sub.Name]
		return val != nil && val != "", nil
	case Compare:
		sub, err := valueSub(x.Path, a)
		if err != nil {
			return false, err
		}
		return compareValue(v[sub.Name], x.Op, x.Value, sub)
	}
	return false, invalidFilter("value filters do not nest")
}

func valueSub(p AttrPath, a *Attribute) (*Attribute, error) {
	if p.URN != "" || p.Sub != "" {
		return nil, invalidFilter("%s: a value filter names %s's sub-attributes bare", p, a.Name)
	}
	sub := findAttr(a.SubAttributes, p.Name)
	if sub == nil {
		return nil, invalidFilter("%s has no sub-attribute %q", a.Name, p.Name)
	}
	return sub, nil
}

// compareValue compares an attribute's value with a filter's literal by
// the attribute's type and case-exactness (RFC 7644 §3.4.2.2).
func compareValue(have any, op Op, want Value, a *Attribute) (bool, error) {
	switch a.Type {
	case typeBoolean:
		if want.Kind != KindBool || (op != OpEq && op != OpNe) {
			return false, invalidFilter("%s is a boolean: compare it with eq or ne and true or false", a.Name)
		}
		b, ok := have.(bool)
		return ok && (b == want.Bool) == (op == OpEq), nil
	case typeString, typeReference:
		if want.Kind != KindString {
			return false, invalidFilter("%s is a string: compare it with a string", a.Name)
		}
		s, ok := have.(string)
		if !ok {
			return op == OpNe, nil
		}
		w := want.Str
		if !a.CaseExact {
			s, w = strings.ToLower(s), strings.ToLower(w)
		}
		switch op {
		case OpEq:
			return s == w, nil
		case OpNe:
			return s != w, nil
		case OpCo:
			return strings.Contains(s, w), nil
		case OpSw:
			return strings.HasPrefix(s, w), nil
		case OpEw:
			return strings.HasSuffix(s, w), nil
		case OpGt:
			return s > w, nil
		case OpGe:
			return s >= w, nil
		case OpLt:
			return s < w, nil
		case OpLe:
			return s <= w, nil
		}
	}
	return false, invalidFilter("%s cannot be compared", a.Name)
}

func setOrDelete(m doc, key string, v any) {
	if v == nil {
		delete(m, key)
		return
	}
	m[key] = v
}

func asList(v any) []any {
	switch x := v.(type) {
	case []any:
		return x
	case nil:
		return nil
	}
	return []any{v}
}

// union appends the values of add that list does not hold already.
func union(list, add []any) []any {
	out := append([]any(nil), list...)
	for _, v := range add {
		if !containsValue(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// without drops from list the values of drop; complex values match on
// their "value" sub-attribute when drop gives one.
func without(list, drop []any) []any {
	var out []any
	for _, v := range list {
		if !containsValue(drop, v) {
			out = append(out, v)
		}
	}
	return out
}

func containsValue(list []any, v any) bool {
	for _, e := range list {
		if sameValue(e, v) {
			return true
		}
	}
	return false
}

// sameValue: two values of a multi-valued attribute are the same value
// when their "value" sub-attributes are (RFC 7643 §2.4), else when equal.
func sameValue(a, b any) bool {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if aok && bok {
		if av, ok := am["value"]; ok {
			if bv, ok := bm["value"]; ok {
				return av == bv
			}
		}
	}
	return deepEqual(a, b)
}
