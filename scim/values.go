package scim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// doc is a resource as JSON: attribute names as the schema spells them,
// extension attributes under the extension's URN.
type doc = map[string]any

// decodeJSON reads a request body into v, strictly: one JSON value, no
// trailing data. A malformed body is a 400 invalidSyntax; nothing is
// written for it.
func decodeJSON(body io.Reader, v any) error {
	dec := json.NewDecoder(body)
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		var tooBig interface{ Error() string }
		if errors.As(err, &tooBig) && strings.Contains(err.Error(), "request body too large") {
			return newError(413, "", "the request body is too large")
		}
		return invalidSyntax("the body is not valid JSON: %v", err)
	}
	if dec.More() {
		return invalidSyntax("the body holds more than one JSON value")
	}
	if _, err := dec.Token(); err != io.EOF {
		return invalidSyntax("the body has data after its JSON value")
	}
	return nil
}

// normalizeResource checks a request's resource body against rt's schemas
// and returns it with every attribute name spelled as the schema spells
// it. Read-only attributes (id, meta) are dropped, as RFC 7643 §7 says a
// service provider does. An attribute no schema of rt defines is a 400
// invalidSyntax; a value of the wrong type a 400 invalidValue.
func normalizeResource(rt *resourceType, raw map[string]any) (doc, error) {
	out := doc{}
	for k, v := range raw {
		switch {
		case strings.EqualFold(k, "schemas"):
			if err := checkSchemas(rt, v); err != nil {
				return nil, err
			}
		case strings.EqualFold(k, "id"), strings.EqualFold(k, "meta"):
			// Read-only: the server's to set.
		case strings.EqualFold(k, "externalId"):
			s, err := stringValue("externalId", v)
			if err != nil {
				return nil, err
			}
			if s != nil {
				out["externalId"] = *s
			}
		case strings.EqualFold(k, rt.Extension.ID):
			if v == nil {
				continue
			}
			obj, ok := v.(map[string]any)
			if !ok {
				return nil, invalidValue("%s must be an object", k)
			}
			delete(obj, "schemas")
			ext, err := normalizeAttrs(rt.Extension.Attributes, obj, rt.Extension.ID+":")
			if err != nil {
				return nil, err
			}
			out[rt.Extension.ID] = ext
		default:
			// A key may name an attribute fully ("urn:…:User:title").
			path, err := ParsePath(k)
			if err != nil || path.Filter != nil {
				return nil, invalidSyntax("unknown attribute %q", k)
			}
			r, ok := rt.resolve(path.Attr)
			if !ok || r.sub != nil {
				return nil, invalidSyntax("unknown attribute %q", k)
			}
			val, err := normalizeValue(r.attr, v, k)
			if err != nil {
				return nil, err
			}
			container := out
			if r.inExt {
				container = subDoc(out, rt.Extension.ID)
			}
			if val != nil {
				container[r.attr.Name] = val
			}
		}
	}
	return out, nil
}

// checkSchemas accepts a "schemas" list that names only rt's schemas.
func checkSchemas(rt *resourceType, v any) error {
	list, ok := v.([]any)
	if !ok {
		return invalidValue("schemas must be a list of schema URNs")
	}
	for _, s := range list {
		urn, ok := s.(string)
		if !ok {
			return invalidValue("schemas must be a list of schema URNs")
		}
		if !strings.EqualFold(urn, rt.Schema.ID) && !strings.EqualFold(urn, rt.Extension.ID) {
			return invalidValue("a %s does not carry the schema %q", rt.Name, urn)
		}
	}
	return nil
}

// subDoc returns d[key] as an object, making it if absent.
func subDoc(d doc, key string) doc {
	if m, ok := d[key].(map[string]any); ok {
		return m
	}
	m := doc{}
	d[key] = m
	return m
}

func normalizeAttrs(attrs []*Attribute, obj map[string]any, prefix string) (doc, error) {
	out := doc{}
	for k, v := range obj {
		a := findAttr(attrs, k)
		if a == nil {
			return nil, invalidSyntax("unknown attribute %q", prefix+k)
		}
		val, err := normalizeValue(a, v, prefix+a.Name)
		if err != nil {
			return nil, err
		}
		if val != nil {
			out[a.Name] = val
		}
	}
	return out, nil
}

// normalizeValue checks v against a and returns it normalized: sub-attribute
// names as the schema spells them, booleans as bool (Entra ID sends "True"
// and "False" as strings), a bare string given for a complex attribute as
// its value sub-attribute (Entra ID sends a manager so). null is no value.
// Ignored attributes are taken as they come.
func normalizeValue(a *Attribute, v any, name string) (any, error) {
	if v == nil {
		return nil, nil
	}
	if a.ignored {
		// Kept in the document (a given and a family name may make the
		// person's name) but never written or returned.
		return v, nil
	}
	if a.MultiValued {
		list, ok := v.([]any)
		if !ok {
			// One value where a list is due: take it as a list of one.
			list = []any{v}
		}
		out := make([]any, 0, len(list))
		for i, e := range list {
			single := *a
			single.MultiValued = false
			val, err := normalizeValue(&single, e, fmt.Sprintf("%s[%d]", name, i))
			if err != nil {
				return nil, err
			}
			if val != nil {
				out = append(out, val)
			}
		}
		return out, nil
	}
	switch a.Type {
	case typeComplex:
		switch x := v.(type) {
		case map[string]any:
			return normalizeAttrs(a.SubAttributes, x, name+".")
		case string:
			if findAttr(a.SubAttributes, "value") != nil {
				if x == "" {
					return nil, nil
				}
				return doc{"value": x}, nil
			}
		}
		return nil, invalidValue("%s must be an object", name)
	case typeBoolean:
		return boolValue(name, v)
	case typeString, typeReference:
		s, err := stringValue(name, v)
		if err != nil || s == nil {
			return nil, err
		}
		return *s, nil
	}
	return nil, invalidValue("%s has a type orgnet does not take", name)
}

func stringValue(name string, v any) (*string, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string:
		return &x, nil
	}
	return nil, invalidValue("%s must be a string, not %s", name, jsonType(v))
}

// boolValue takes a JSON boolean, or the strings "true" and "false" in any
// case.
func boolValue(name string, v any) (any, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case string:
		switch strings.ToLower(x) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
	}
	return nil, invalidValue("%s must be true or false, not %s", name, jsonType(v))
}

func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case string:
		return fmt.Sprintf("the string %q", x)
	case json.Number, float64:
		return "a number"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// deepEqual compares two normalized JSON values.
func deepEqual(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}
