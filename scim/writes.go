package scim

import (
	"context"
	"net/http"
	"strings"

	"github.com/orgnet/orgnet/graph"
)

// principalOf is who a request writes as: the principal the service's
// authentication put in its context.
func principalOf(ctx context.Context) graph.Principal { return graph.PrincipalFromContext(ctx) }

// create answers POST /Users and /Groups: a person or team with an id of
// orgnet's making (docs/scim.md), validated and written as one change.
func (h *Handler) create(w http.ResponseWriter, r *http.Request, rt *resourceType) {
	ctx := r.Context()
	raw, err := h.readBody(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d, err := normalizeResource(rt, raw)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	id := newID()
	var change graph.Change
	var respond func(version int64) doc
	if rt == userType {
		p, err := personFromDoc(d, nil, id)
		if err == nil {
			err = h.userNameFree(ctx, *p.UserName, id)
		}
		if err != nil {
			h.fail(w, r, err)
			return
		}
		change = graph.Change{Put: graph.Snapshot{People: []graph.Person{p}}, Presence: graph.MustBeNew}
		respond = func(v int64) doc { return userDoc(graph.PersonRecord{Person: p, Version: v}, h.base(r)) }
	} else {
		t, err := teamFromDoc(d, id, graph.TeamKindTeam)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		m := newMemberChanges(ctx, h.store, id, true)
		if err := setMembers(m, d); err != nil {
			h.fail(w, r, err)
			return
		}
		put, _ := m.change()
		change = graph.Change{Put: graph.Snapshot{Teams: []graph.Team{t}, Memberships: put}, Presence: graph.MustBeNew}
		respond = func(v int64) doc {
			return groupDoc(graph.TeamRecord{Team: t, Version: v, Leads: leadsOf(m), Members: membersOf(m)}, h.base(r))
		}
	}
	out, err := h.write(ctx, change, nil)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	created := respond(out.Version)
	w.Header().Set("Location", created["meta"].(doc)["location"].(string))
	w.Header().Set("ETag", etag(out.Version))
	proj, _ := parseProjection(rt, splitList(r.URL.Query().Get("attributes")), splitList(r.URL.Query().Get("excludedAttributes")))
	h.respond(w, http.StatusCreated, proj.apply(created))
}

// userNameFree refuses a userName another person has (409 uniqueness).
// It answers early and clearly; the write path checks again under the
// org's lock, where two requests racing for one name are told apart.
func (h *Handler) userNameFree(ctx context.Context, userName, id string) error {
	f := graph.And(graph.Compare(graph.FieldPersonUserName, graph.CompareEq, userName, true),
		graph.Not(graph.Compare(graph.FieldPersonID, graph.CompareEq, id, false)))
	page, err := h.store.FindPeople(ctx, &f, graph.Window{Count: 1})
	if err != nil {
		return err
	}
	if page.Total > 0 {
		return newError(http.StatusConflict, TypeUniqueness, "userName %q is taken (by User %q)", userName, page.People[0].ID)
	}
	return nil
}

// setMembers makes a team's members and leads those of a whole Group
// document (POST, PUT).
func setMembers(m *memberChanges, d doc) error {
	members, err := memberIDs(d["members"], "members")
	if err != nil {
		return err
	}
	var leads []string
	if ext, ok := d[OrgnetSchema].(map[string]any); ok {
		if leads, err = memberIDs(ext["leads"], "leads"); err != nil {
			return err
		}
	}
	if err := m.replace(members, false); err != nil {
		return err
	}
	return m.replace(leads, true)
}

// membersOf lists the members m ends with; m must know every member.
func membersOf(m *memberChanges) []graph.TeamMember {
	out := []graph.TeamMember{}
	for _, id := range m.current() {
		out = append(out, graph.TeamMember{Person: id, Name: m.names[id], Role: m.role(id)})
	}
	return out
}

// replace answers PUT: the resource becomes the body's, whole.
func (h *Handler) replace(w http.ResponseWriter, r *http.Request, rt *resourceType) {
	raw, err := h.readBody(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d, err := normalizeResource(rt, raw)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	id := r.PathValue("id")
	var result doc
	h.edit(w, r, rt, func(current doc, version int64) (graph.Change, error) {
		if rt == userType {
			p, err := personFromDoc(d, nil, id)
			if err == nil {
				err = h.userNameFree(r.Context(), *p.UserName, id)
			}
			if err != nil {
				return graph.Change{}, err
			}
			result = userDoc(graph.PersonRecord{Person: p}, h.base(r))
			return graph.Change{Put: graph.Snapshot{People: []graph.Person{p}}, Presence: graph.MustExist}, nil
		}
		kind := graph.TeamKind(current[OrgnetSchema].(doc)["kind"].(string))
		t, err := teamFromDoc(d, id, kind)
		if err != nil {
			return graph.Change{}, err
		}
		m := newMemberChanges(r.Context(), h.store, id, false)
		if err := setMembers(m, d); err != nil {
			return graph.Change{}, err
		}
		put, remove := m.change()
		result = groupDoc(graph.TeamRecord{Team: t, Leads: leadsOf(m), Members: membersOf(m)}, h.base(r))
		return graph.Change{Put: graph.Snapshot{Teams: []graph.Team{t}, Memberships: put}, Remove: graph.Removal{Memberships: remove}, Presence: graph.MustExist}, nil
	}, func(out graph.WriteOutcome, current doc, version int64) {
		h.answerWrite(w, r, rt, result, out, version)
	})
}

// answerWrite answers a PUT or PATCH with the resource as written. Its
// version is the write's when it changed anything, else what it was.
func (h *Handler) answerWrite(w http.ResponseWriter, r *http.Request, rt *resourceType, result doc, out graph.WriteOutcome, was int64) {
	version := was
	if changed(out) {
		version = out.Version
	}
	result["meta"].(doc)["version"] = etag(version)
	w.Header().Set("ETag", etag(version))
	proj, err := parseProjection(rt, splitList(r.URL.Query().Get("attributes")), splitList(r.URL.Query().Get("excludedAttributes")))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.respond(w, http.StatusOK, proj.apply(result))
}

// leadsOf lists the leads m ends with; m must know every member.
func leadsOf(m *memberChanges) []string {
	var out []string
	for _, id := range m.current() {
		if m.role(id) == graph.RoleLead {
			out = append(out, id)
		}
	}
	return out
}

// patch answers PATCH (RFC 7644 §3.5.2). Every operation is checked
// before any is applied; the result is validated and written whole. A
// User comes back whole (200); a Group with 204, since its whole would
// carry every member, unless attributes or excludedAttributes ask for it.
func (h *Handler) patch(w http.ResponseWriter, r *http.Request, rt *resourceType) {
	body, err := h.readBody(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ops, err := decodePatch(rt, body)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	id := r.PathValue("id")
	var result doc
	h.edit(w, r, rt, func(current doc, version int64) (graph.Change, error) {
		before := copyDoc(current)
		d := copyDoc(current)
		if rt == userType {
			for _, op := range ops {
				if err := applyOp(rt, d, op); err != nil {
					return graph.Change{}, err
				}
			}
			p, err := personFromDoc(d, before, id)
			if err != nil {
				return graph.Change{}, err
			}
			if was, _ := before["userName"].(string); !strings.EqualFold(was, *p.UserName) {
				if err := h.userNameFree(r.Context(), *p.UserName, id); err != nil {
					return graph.Change{}, err
				}
			}
			result = userDoc(graph.PersonRecord{Person: p}, h.base(r))
			return graph.Change{Put: graph.Snapshot{People: []graph.Person{p}}, Presence: graph.MustExist}, nil
		}
		m := newMemberChanges(r.Context(), h.store, id, false)
		for _, op := range ops {
			var err error
			if op.r.attr.Name == "members" || op.r.attr.Name == "leads" {
				err = m.apply(op)
			} else {
				err = applyOp(rt, d, op)
			}
			if err != nil {
				return graph.Change{}, err
			}
		}
		kind := graph.TeamKind(before[OrgnetSchema].(doc)["kind"].(string))
		t, err := teamFromDoc(d, id, kind)
		if err != nil {
			return graph.Change{}, err
		}
		put, remove := m.change()
		change := graph.Change{Put: graph.Snapshot{Memberships: put}, Remove: graph.Removal{Memberships: remove}}
		if was, _ := teamFromDoc(before, id, kind); !sameTeam(was, t) {
			change.Put.Teams = []graph.Team{t}
		}
		return change, nil
	}, func(out graph.WriteOutcome, current doc, version int64) {
		if rt == userType {
			h.answerWrite(w, r, rt, result, out, version)
			return
		}
		q := r.URL.Query()
		if q.Get("attributes") == "" && q.Get("excludedAttributes") == "" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		h.get(w, r, rt)
	})
}

func sameTeam(a, b graph.Team) bool {
	eq := func(x, y *string) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	return a.ID == b.ID && a.Name == b.Name && a.Kind == b.Kind && eq(a.Parent, b.Parent) && eq(a.ExternalID, b.ExternalID)
}

// delete answers DELETE: the person or team goes, with its memberships.
// A person others still name (as manager, a mandate's holder, a
// touchpoint's staff) stays, and the answer (409) lists who names them.
func (h *Handler) delete(w http.ResponseWriter, r *http.Request, rt *resourceType) {
	id := r.PathValue("id")
	h.edit(w, r, rt, func(doc, int64) (graph.Change, error) {
		if rt == userType {
			return graph.Change{Remove: graph.Removal{People: []string{id}}}, nil
		}
		return graph.Change{Remove: graph.Removal{Teams: []string{id}}}, nil
	}, func(graph.WriteOutcome, doc, int64) {
		w.WriteHeader(http.StatusNoContent)
	})
}

// copyDoc copies a document deeply enough to change it: its objects and
// lists, not its strings.
func copyDoc(d doc) doc {
	out := make(doc, len(d))
	for k, v := range d {
		out[k] = copyValue(v)
	}
	return out
}

func copyValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return copyDoc(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = copyValue(e)
		}
		return out
	}
	return v
}

// changed reports whether a write changed anything.
func changed(out graph.WriteOutcome) bool {
	r := out.ImportReport
	return r.Created+r.Updated+r.Deleted > 0
}
