package scim

import (
	"strings"

	"github.com/orgnet/orgnet/graph"
)

// projection is what the attributes and excludedAttributes parameters
// (RFC 7644 §3.4.2.5) leave of a resource. id and schemas are always
// returned. Names a resource type does not define are ignored, so that
// one search can span Users and Groups.
type projection struct {
	only    []resolved // attributes: return these alone
	exclude []resolved // excludedAttributes: return all but these
}

func parseProjection(rt *resourceType, attrs, excluded []string) (projection, error) {
	if len(attrs) > 0 && len(excluded) > 0 {
		return projection{}, invalidValue("attributes and excludedAttributes exclude each other: give one")
	}
	resolveAll := func(names []string) ([]resolved, error) {
		var out []resolved
		for _, n := range names {
			path, err := ParsePath(n)
			if err != nil || path.Filter != nil {
				return nil, invalidValue("%q is not an attribute path", n)
			}
			switch {
			case path.Attr.URN == "" && strings.EqualFold(path.Attr.Name, "externalId"):
				out = append(out, resolved{attr: externalIDAttr})
				continue
			case path.Attr.URN == "" && strings.EqualFold(path.Attr.Name, "meta"):
				out = append(out, resolved{attr: metaAttr})
				continue
			case path.Attr.URN != "" && path.Attr.Sub == "" && strings.EqualFold(path.Attr.URN+":"+path.Attr.Name, rt.Extension.ID):
				// The whole extension.
				out = append(out, resolved{inExt: true})
				continue
			}
			if r, ok := rt.resolve(path.Attr); ok && !r.attr.ignored {
				out = append(out, r)
			}
		}
		return out, nil
	}
	var p projection
	var err error
	if p.only, err = resolveAll(attrs); err != nil {
		return projection{}, err
	}
	if p.exclude, err = resolveAll(excluded); err != nil {
		return projection{}, err
	}
	if len(attrs) > 0 && len(p.only) == 0 {
		// Only names the type does not define: id and schemas alone.
		p.only = []resolved{{attr: idAttr}}
	}
	return p, nil
}

var (
	metaAttr = &Attribute{Name: "meta", Type: typeComplex}
	idAttr   = &Attribute{Name: "id", Type: typeString}
)

// wants reports whether the projection returns the core attribute name
// (a Group's members are read only when it does).
func (p projection) wants(name string) bool {
	if len(p.only) > 0 {
		for _, r := range p.only {
			if !r.inExt && r.attr != nil && strings.EqualFold(r.attr.Name, name) {
				return true
			}
		}
		return false
	}
	for _, r := range p.exclude {
		if !r.inExt && r.attr != nil && r.sub == nil && strings.EqualFold(r.attr.Name, name) {
			return false
		}
	}
	return true
}

// teamParts is what a Group read must bring of the team's memberships:
// its members when they are returned, and its leads with them (leads are
// members: excluding members excludes the leads too, so that a team of
// thousands reads without walking them) or when asked for by name.
func (p projection) teamParts() graph.TeamParts {
	parts := graph.TeamParts{Members: p.wants("members")}
	for _, r := range p.only {
		if r.inExt && (r.attr == nil || r.attr.Name == "leads") {
			parts.Leads = true
		}
	}
	return parts
}

// apply projects a resource document.
func (p projection) apply(d doc) doc {
	if len(p.only) == 0 && len(p.exclude) == 0 {
		return d
	}
	if len(p.only) > 0 {
		out := doc{"id": d["id"], "schemas": d["schemas"]}
		for _, r := range p.only {
			copyPath(out, d, r)
		}
		return out
	}
	out := doc{}
	for k, v := range d {
		out[k] = v
	}
	for _, r := range p.exclude {
		dropPath(out, r)
	}
	return out
}

// extKey is the key of the extension the document holds, if any.
func extKey(d doc) string {
	for k := range d {
		if strings.HasPrefix(k, "urn:") {
			return k
		}
	}
	return ""
}

func copyPath(dst, src doc, r resolved) {
	from, to := src, dst
	if r.inExt {
		key := extKey(src)
		ext, ok := src[key].(doc)
		if !ok {
			return
		}
		if r.attr == nil {
			dst[key] = ext
			return
		}
		from, to = ext, subDoc(dst, key)
	}
	v, ok := from[r.attr.Name]
	if !ok {
		return
	}
	if r.sub == nil {
		to[r.attr.Name] = v
		return
	}
	switch x := v.(type) {
	case doc:
		if sv, ok := x[r.sub.Name]; ok {
			subDoc(to, r.attr.Name)[r.sub.Name] = sv
		}
	case []any:
		var list []any
		for _, e := range x {
			if m, ok := e.(doc); ok {
				if sv, ok := m[r.sub.Name]; ok {
					list = append(list, doc{r.sub.Name: sv})
				}
			}
		}
		if list != nil {
			to[r.attr.Name] = list
		}
	}
}

func dropPath(d doc, r resolved) {
	container := d
	if r.inExt {
		key := extKey(d)
		ext, ok := d[key].(doc)
		if !ok {
			return
		}
		if r.attr == nil {
			delete(d, key)
			return
		}
		// Copy before changing: documents may share their parts.
		copied := doc{}
		for k, v := range ext {
			copied[k] = v
		}
		d[key] = copied
		container = copied
	}
	if r.attr == nil {
		return
	}
	if r.sub == nil {
		delete(container, r.attr.Name)
		return
	}
	if m, ok := container[r.attr.Name].(doc); ok {
		copied := doc{}
		for k, v := range m {
			if k != r.sub.Name {
				copied[k] = v
			}
		}
		container[r.attr.Name] = copied
	}
}
