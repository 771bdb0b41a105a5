package scim

import (
	"strings"

	"github.com/orgnet/orgnet/graph"
)

// A parsed filter becomes a graph.Filter by resolving each attribute it
// names against the resource type's schemas: a closed table from SCIM
// attributes to the store's fields, with each attribute's type and
// case-exactness deciding how it compares. An attribute orgnet does not
// keep, or a comparison its type does not allow, is a 400 invalidFilter.

// fieldSpec is how one SCIM attribute filters: a store field, or (for
// attributes orgnet reports as a constant, such as an email's type) the
// constant and the field whose presence it goes with.
type fieldSpec struct {
	field    graph.FilterField
	typ      string // typeString, typeBoolean
	fold     bool   // compares regardless of case
	constant any    // set: the attribute's value wherever present is
	// presentWith has a value exactly when this attribute does.
	presentWith graph.FilterField
}

func stringField(f graph.FilterField, fold bool) fieldSpec {
	return fieldSpec{field: f, typ: typeString, fold: fold}
}

// userFields maps User attributes, by lower-cased path, to fields.
var userFields = map[string]fieldSpec{
	"id":                stringField(graph.FieldPersonID, false),
	"username":          stringField(graph.FieldPersonUserName, true),
	"externalid":        stringField(graph.FieldPersonExternalID, false),
	"displayname":       stringField(graph.FieldPersonName, true),
	"name.formatted":    stringField(graph.FieldPersonName, true),
	"title":             stringField(graph.FieldPersonTitle, true),
	"active":            {field: graph.FieldPersonActive, typ: typeBoolean},
	"emails":            stringField(graph.FieldPersonEmail, true),
	"emails.value":      stringField(graph.FieldPersonEmail, true),
	"emails.type":       {typ: typeString, fold: true, constant: "work", presentWith: graph.FieldPersonEmail},
	"manager":           stringField(graph.FieldPersonManager, false),
	"manager.value":     stringField(graph.FieldPersonManager, false),
	"manager.$ref":      {}, // refused below: compare manager.value
	"meta.resourcetype": {typ: typeString, constant: "User", presentWith: graph.FieldPersonID},
}

// groupFields maps Group attributes; member ones are fields of a
// membership (FilterAny).
var groupFields = map[string]fieldSpec{
	"id":                stringField(graph.FieldTeamID, false),
	"externalid":        stringField(graph.FieldTeamExternalID, false),
	"displayname":       stringField(graph.FieldTeamName, true),
	"kind":              stringField(graph.FieldTeamKind, true),
	"parent":            stringField(graph.FieldTeamParent, false),
	"parent.value":      stringField(graph.FieldTeamParent, false),
	"meta.resourcetype": {typ: typeString, constant: "Group", presentWith: graph.FieldTeamID},
}

// memberFields are the sub-attributes of members and leads.
var memberFields = map[string]fieldSpec{
	"value":   stringField(graph.FieldMemberPerson, false),
	"display": stringField(graph.FieldMemberName, true),
	"type":    {typ: typeString, constant: "User", presentWith: graph.FieldMemberPerson},
}

// compileQuery turns a parsed filter into a graph.Filter over rt's
// entities.
func compileQuery(rt *resourceType, f Filter) (graph.Filter, error) {
	switch x := f.(type) {
	case And:
		l, err := compileQuery(rt, x.Left)
		if err != nil {
			return graph.Filter{}, err
		}
		r, err := compileQuery(rt, x.Right)
		if err != nil {
			return graph.Filter{}, err
		}
		return graph.And(l, r), nil
	case Or:
		l, err := compileQuery(rt, x.Left)
		if err != nil {
			return graph.Filter{}, err
		}
		r, err := compileQuery(rt, x.Right)
		if err != nil {
			return graph.Filter{}, err
		}
		return graph.Or(l, r), nil
	case Not:
		in, err := compileQuery(rt, x.X)
		if err != nil {
			return graph.Filter{}, err
		}
		return graph.Not(in), nil
	case Present:
		return attrFilter(rt, x.Path, nil)
	case Compare:
		return attrFilter(rt, x.Path, &x)
	case ValuePath:
		return valuePathFilter(rt, x)
	}
	return graph.Filter{}, invalidFilter("unsupported filter %s", f)
}

// canonicalPath checks that p names an attribute of rt and spells it as
// the field tables key it: "name.formatted", "manager.value".
func canonicalPath(rt *resourceType, p AttrPath) (key string, member string, err error) {
	switch {
	case p.URN == "" && strings.EqualFold(p.Name, "id"), p.URN == "" && strings.EqualFold(p.Name, "externalId"):
		if p.Sub != "" {
			return "", "", invalidFilter("%s has no sub-attributes", p.Name)
		}
		return strings.ToLower(p.Name), "", nil
	case p.URN == "" && strings.EqualFold(p.Name, "meta"):
		if strings.EqualFold(p.Sub, "resourceType") {
			return "meta.resourcetype", "", nil
		}
		return "", "", invalidFilter("orgnet does not filter on meta.%s", p.Sub)
	}
	r, ok := rt.resolve(p)
	if !ok {
		return "", "", invalidFilter("%s has no attribute %q", rt.Name, p.String())
	}
	if r.attr.ignored || (r.sub != nil && r.sub.ignored) {
		return "", "", invalidFilter("orgnet keeps no %s of a %s, so it cannot filter on it", p.String(), rt.Name)
	}
	if rt == groupType && (r.attr.Name == "members" || r.attr.Name == "leads") {
		sub := "value"
		if r.sub != nil {
			sub = r.sub.Name
		}
		return "", r.attr.Name + "." + strings.ToLower(sub), nil
	}
	key = strings.ToLower(r.attr.Name)
	if r.sub != nil {
		key += "." + strings.ToLower(r.sub.Name)
	}
	return key, "", nil
}

// attrFilter compiles "path pr" (c nil) or "path op value".
func attrFilter(rt *resourceType, p AttrPath, c *Compare) (graph.Filter, error) {
	key, member, err := canonicalPath(rt, p)
	if err != nil {
		return graph.Filter{}, err
	}
	if member != "" {
		attr, sub, _ := strings.Cut(member, ".")
		inner, err := specFilter(memberFields, sub, p, c)
		if err != nil {
			return graph.Filter{}, err
		}
		return memberFilter(attr, inner), nil
	}
	fields := userFields
	if rt == groupType {
		fields = groupFields
	}
	return specFilter(fields, key, p, c)
}

// memberFilter: some membership matches inner; for leads, some LEAD one.
func memberFilter(attr string, inner graph.Filter) graph.Filter {
	if attr == "leads" {
		inner = graph.And(graph.Compare(graph.FieldMemberRole, graph.CompareEq, string(graph.RoleLead), false), inner)
	}
	return graph.AnyMember(inner)
}

// valuePathFilter compiles "attr[filter]": for members and leads a
// condition on one membership; for a User's emails, on its one email.
func valuePathFilter(rt *resourceType, v ValuePath) (graph.Filter, error) {
	r, ok := rt.resolve(v.Path)
	if !ok || !r.attr.MultiValued || r.attr.Type != typeComplex {
		return graph.Filter{}, invalidFilter("%s is not a multi-valued complex attribute of a %s", v.Path, rt.Name)
	}
	if r.attr.ignored {
		return graph.Filter{}, invalidFilter("orgnet keeps no %s of a %s, so it cannot filter on it", v.Path, rt.Name)
	}
	var fields map[string]fieldSpec
	prefix := ""
	switch {
	case rt == groupType:
		fields = memberFields
	case r.attr.Name == "emails":
		fields, prefix = userFields, "emails."
	default:
		return graph.Filter{}, invalidFilter("orgnet does not filter within %s", v.Path)
	}
	inner, err := innerFilter(fields, prefix, v.Filter)
	if err != nil {
		return graph.Filter{}, err
	}
	if rt == groupType {
		return memberFilter(r.attr.Name, inner), nil
	}
	return inner, nil
}

// innerFilter compiles a value path's filter, whose attributes are
// sub-attributes named bare.
func innerFilter(fields map[string]fieldSpec, prefix string, f Filter) (graph.Filter, error) {
	switch x := f.(type) {
	case And, Or:
		var l, r Filter
		if a, ok := x.(And); ok {
			l, r = a.Left, a.Right
		} else {
			o := x.(Or)
			l, r = o.Left, o.Right
		}
		lf, err := innerFilter(fields, prefix, l)
		if err != nil {
			return graph.Filter{}, err
		}
		rf, err := innerFilter(fields, prefix, r)
		if err != nil {
			return graph.Filter{}, err
		}
		if _, ok := x.(And); ok {
			return graph.And(lf, rf), nil
		}
		return graph.Or(lf, rf), nil
	case Not:
		in, err := innerFilter(fields, prefix, x.X)
		if err != nil {
			return graph.Filter{}, err
		}
		return graph.Not(in), nil
	case Present:
		if x.Path.URN != "" || x.Path.Sub != "" {
			return graph.Filter{}, invalidFilter("%s: a value filter names sub-attributes bare", x.Path)
		}
		return specFilter(fields, prefix+strings.ToLower(x.Path.Name), x.Path, nil)
	case Compare:
		if x.Path.URN != "" || x.Path.Sub != "" {
			return graph.Filter{}, invalidFilter("%s: a value filter names sub-attributes bare", x.Path)
		}
		return specFilter(fields, prefix+strings.ToLower(x.Path.Name), x.Path, &x)
	}
	return graph.Filter{}, invalidFilter("value filters do not nest")
}

// specFilter compiles presence (c nil) or a comparison on the attribute
// the table keys as key.
func specFilter(fields map[string]fieldSpec, key string, p AttrPath, c *Compare) (graph.Filter, error) {
	spec, ok := fields[key]
	if !ok || spec.typ == "" {
		return graph.Filter{}, invalidFilter("orgnet does not filter on %s", p)
	}
	if c == nil {
		if spec.constant != nil {
			return graph.Present(spec.presentWith), nil
		}
		return graph.Present(spec.field), nil
	}
	op := graph.CompareOp(c.Op)
	var value any
	switch spec.typ {
	case typeBoolean:
		if c.Value.Kind != KindBool {
			return graph.Filter{}, invalidFilter("%s is a boolean: compare it with true or false", p)
		}
		if c.Op != OpEq && c.Op != OpNe {
			return graph.Filter{}, invalidFilter("%s is a boolean: only eq and ne compare it", p)
		}
		value = c.Value.Bool
	default:
		if c.Value.Kind != KindString {
			return graph.Filter{}, invalidFilter("%s is a string: compare it with a string", p)
		}
		value = c.Value.Str
	}
	if spec.constant != nil {
		holds, err := compareValue(spec.constant, c.Op, c.Value, &Attribute{Name: p.String(), Type: spec.typ, CaseExact: !spec.fold})
		if err != nil {
			return graph.Filter{}, err
		}
		if c.Op == OpNe {
			// ne holds where the attribute is absent too.
			return graph.Or(graph.Not(graph.Present(spec.presentWith)), graph.Const(holds)), nil
		}
		return graph.And(graph.Present(spec.presentWith), graph.Const(holds)), nil
	}
	return graph.Compare(spec.field, op, value, spec.fold), nil
}
