// Package scim is orgnet's SCIM 2.0 service (RFC 7643, RFC 7644) for HR
// and identity tools: Users are people, Groups are teams and their
// memberships, on the same store, validation, change log and deletion
// guard as every other write (docs/scim.md). The protocol layer is
// orgnet's own: filters are parsed here and compiled by the store into
// parameterised Cypher, and PATCH works out a one-member change of a large
// team without reading its other members.
package scim

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// Store is what the SCIM service needs of the org's store.
type Store interface {
	// FindPeople answers the people f matches (nil: everyone), a window
	// at a time in id order, with the org's version read first.
	FindPeople(ctx context.Context, f *graph.Filter, w graph.Window) (graph.PeoplePage, error)
	// FindTeams is FindPeople for teams, reading the parts of their
	// memberships asked for.
	FindTeams(ctx context.Context, f *graph.Filter, w graph.Window, parts graph.TeamParts) (graph.TeamsPage, error)
	// TeamMembershipsOf answers the memberships the named people have in
	// team, reading nothing of its other members.
	TeamMembershipsOf(ctx context.Context, team string, people []string) ([]graph.TeamMember, error)
	// Write is the org's one write path: validated, all-or-nothing,
	// recorded as a change, guarded (CONFLICT when IfVersion is stale).
	Write(ctx context.Context, w graph.WriteRequest) (graph.WriteOutcome, error)
}

// Options configure the service.
type Options struct {
	// BaseURL is the external URL of /scim/v2 (behind a proxy, say);
	// empty: taken from each request's host.
	BaseURL string
	// MaxBodyBytes bounds a request body.
	MaxBodyBytes int64
	// DefaultCount and MaxCount size list pages when a client asks for
	// no count, or for more than MaxCount.
	DefaultCount, MaxCount int
	// WriteAttempts bounds how often a PUT, PATCH or DELETE is redone
	// when another write changed the org between its read and its write.
	WriteAttempts int
	Log           *slog.Logger
}

// DefaultOptions are the settings orgnet serves with unless configured.
func DefaultOptions() Options {
	return Options{MaxBodyBytes: 1 << 20, DefaultCount: 1000, MaxCount: 1000, WriteAttempts: 8, Log: slog.Default()}
}

// Prefix is where the service is mounted.
const Prefix = "/scim/v2"

const contentType = "application/scim+json"

// Handler serves /scim/v2.
type Handler struct {
	store Store
	opts  Options
	mux   *http.ServeMux
}

// New makes the service over store.
func New(store Store, opts Options) *Handler {
	d := DefaultOptions()
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = d.MaxBodyBytes
	}
	if opts.DefaultCount <= 0 {
		opts.DefaultCount = d.DefaultCount
	}
	if opts.MaxCount <= 0 {
		opts.MaxCount = d.MaxCount
	}
	if opts.WriteAttempts <= 0 {
		opts.WriteAttempts = d.WriteAttempts
	}
	if opts.Log == nil {
		opts.Log = d.Log
	}
	h := &Handler{store: store, opts: opts, mux: http.NewServeMux()}
	h.routes()
	return h
}

func (h *Handler) routes() {
	p := Prefix
	only := func(method string, fn http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if r.Method != method && !(method == http.MethodGet && r.Method == http.MethodHead) {
				w.Header().Set("Allow", method)
				h.fail(w, r, newError(http.StatusMethodNotAllowed, "", "%s %s is not supported: use %s", r.Method, r.URL.Path, method))
				return
			}
			fn(w, r)
		}
	}
	h.mux.HandleFunc(p+"/ServiceProviderConfig", only(http.MethodGet, h.serviceProviderConfig))
	h.mux.HandleFunc(p+"/ResourceTypes", only(http.MethodGet, h.resourceTypes))
	h.mux.HandleFunc(p+"/ResourceTypes/{id}", only(http.MethodGet, h.resourceType))
	h.mux.HandleFunc(p+"/Schemas", only(http.MethodGet, h.schemas))
	h.mux.HandleFunc(p+"/Schemas/{id}", only(http.MethodGet, h.schema))
	h.mux.HandleFunc(p+"/.search", only(http.MethodPost, h.searchAll))
	for _, rt := range []*resourceType{userType, groupType} {
		rt := rt
		h.mux.HandleFunc("GET "+p+rt.Endpoint, func(w http.ResponseWriter, r *http.Request) { h.list(w, r, rt, nil) })
		h.mux.HandleFunc("POST "+p+rt.Endpoint, func(w http.ResponseWriter, r *http.Request) { h.create(w, r, rt) })
		h.mux.HandleFunc("POST "+p+rt.Endpoint+"/.search", func(w http.ResponseWriter, r *http.Request) { h.search(w, r, rt) })
		h.mux.HandleFunc("GET "+p+rt.Endpoint+"/{id}", func(w http.ResponseWriter, r *http.Request) { h.get(w, r, rt) })
		h.mux.HandleFunc("PUT "+p+rt.Endpoint+"/{id}", func(w http.ResponseWriter, r *http.Request) { h.replace(w, r, rt) })
		h.mux.HandleFunc("PATCH "+p+rt.Endpoint+"/{id}", func(w http.ResponseWriter, r *http.Request) { h.patch(w, r, rt) })
		h.mux.HandleFunc("DELETE "+p+rt.Endpoint+"/{id}", func(w http.ResponseWriter, r *http.Request) { h.delete(w, r, rt) })
	}
	h.mux.HandleFunc(catchAll, h.unrouted)
}

const catchAll = Prefix + "/"

// unrouted answers what no route takes: a 405 when the path is served
// for other methods, else a 404, each as a SCIM error (the mux's own are
// plain text).
func (h *Handler) unrouted(w http.ResponseWriter, r *http.Request) {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := h.mux.Handler(probe); pattern != catchAll {
			allowed = append(allowed, m)
		}
	}
	if len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		h.fail(w, r, newError(http.StatusMethodNotAllowed, "", "%s %s is not supported: use %s", r.Method, r.URL.Path, strings.Join(allowed, ", ")))
		return
	}
	h.fail(w, r, notFound("there is no %s", r.URL.Path))
}

// ServeHTTP answers one request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// base is the URL of /scim/v2 as the client reaches it.
func (h *Handler) base(r *http.Request) string {
	if h.opts.BaseURL != "" {
		return strings.TrimRight(h.opts.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + Prefix
}

// respond writes a SCIM JSON answer.
func (h *Handler) respond(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// fail answers err as a SCIM error (RFC 7644 §3.12). An error that is no
// SCIM or application error is a 500 whose details go only to the log.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	e, ok := fromGraph(err)
	if !ok {
		if errors.Is(err, context.DeadlineExceeded) {
			e = newError(http.StatusServiceUnavailable, "", "the database took too long to answer")
		} else {
			h.opts.Log.Error("scim: internal error", "method", r.Method, "path", r.URL.Path, "error", err.Error())
			e = newError(http.StatusInternalServerError, "", "internal error; the details are in the server log")
		}
	}
	if e.Status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	h.respond(w, e.Status, e.body())
}

// readBody decodes a JSON object body, bounded in size. The content type,
// when given, must be JSON.
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request) (map[string]any, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, _ := strings.Cut(ct, ";")
		mt = strings.TrimSpace(strings.ToLower(mt))
		if mt != contentType && mt != "application/json" {
			return nil, newError(http.StatusUnsupportedMediaType, "", "send %s or application/json, not %s", contentType, mt)
		}
	}
	var body any
	if err := decodeJSON(http.MaxBytesReader(w, r.Body, h.opts.MaxBodyBytes), &body); err != nil {
		return nil, err
	}
	obj, ok := body.(map[string]any)
	if !ok {
		return nil, invalidSyntax("the body must be a JSON object")
	}
	return numbersAsFloat(obj).(map[string]any), nil
}

// numbersAsFloat turns the decoder's json.Numbers into float64.
func numbersAsFloat(v any) any {
	switch x := v.(type) {
	case json.Number:
		f, _ := x.Float64()
		return f
	case []any:
		for i := range x {
			x[i] = numbersAsFloat(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = numbersAsFloat(x[k])
		}
	}
	return v
}

// listParams are a query's parameters (RFC 7644 §3.4.2), from the URL or
// a /.search body.
type listParams struct {
	filter     Filter
	startIndex int // 1-based
	count      int
	proj       projection
}

func (h *Handler) paramsFromQuery(r *http.Request, rt *resourceType) (listParams, error) {
	q := r.URL.Query()
	p := listParams{startIndex: 1, count: h.opts.DefaultCount}
	var err error
	if f := q.Get("filter"); f != "" {
		if p.filter, err = ParseFilter(f); err != nil {
			return p, err
		}
	}
	if s := q.Get("startIndex"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return p, invalidValue("startIndex must be an integer")
		}
		p.startIndex = max(n, 1)
	}
	if s := q.Get("count"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return p, invalidValue("count must be an integer")
		}
		p.count = n
	}
	p.count = min(max(p.count, 0), h.opts.MaxCount)
	p.proj, err = parseProjection(rt, splitList(q.Get("attributes")), splitList(q.Get("excludedAttributes")))
	return p, err
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// paramsFromBody reads a SearchRequest (RFC 7644 §3.4.3).
func (h *Handler) paramsFromBody(body map[string]any, rt *resourceType) (listParams, error) {
	p := listParams{startIndex: 1, count: h.opts.DefaultCount}
	var err error
	var attrs, excluded []string
	strs := func(k string, v any) ([]string, error) {
		if s, ok := v.(string); ok {
			return splitList(s), nil
		}
		list, ok := v.([]any)
		if !ok {
			return nil, invalidValue("%s must be a list of attribute paths", k)
		}
		var out []string
		for _, e := range list {
			s, ok := e.(string)
			if !ok {
				return nil, invalidValue("%s must be a list of attribute paths", k)
			}
			out = append(out, s)
		}
		return out, nil
	}
	for k, v := range body {
		switch strings.ToLower(k) {
		case "schemas":
		case "filter":
			s, ok := v.(string)
			if !ok {
				return p, invalidFilter("filter must be a string")
			}
			if s != "" {
				if p.filter, err = ParseFilter(s); err != nil {
					return p, err
				}
			}
		case "startindex":
			n, ok := v.(float64)
			if !ok {
				return p, invalidValue("startIndex must be an integer")
			}
			p.startIndex = max(int(n), 1)
		case "count":
			n, ok := v.(float64)
			if !ok {
				return p, invalidValue("count must be an integer")
			}
			p.count = int(n)
		case "attributes":
			if attrs, err = strs(k, v); err != nil {
				return p, err
			}
		case "excludedattributes":
			if excluded, err = strs(k, v); err != nil {
				return p, err
			}
		case "sortby", "sortorder":
			// Sorting is not offered (ServiceProviderConfig says so):
			// answers come in id order.
		default:
			return p, invalidSyntax("unknown attribute %q of a search request", k)
		}
	}
	p.count = min(max(p.count, 0), h.opts.MaxCount)
	p.proj, err = parseProjection(rt, attrs, excluded)
	return p, err
}

func (h *Handler) search(w http.ResponseWriter, r *http.Request, rt *resourceType) {
	body, err := h.readBody(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p, err := h.paramsFromBody(body, rt)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.list(w, r, rt, &p)
}

// list answers a query of one resource type.
func (h *Handler) list(w http.ResponseWriter, r *http.Request, rt *resourceType, p *listParams) {
	if p == nil {
		q, err := h.paramsFromQuery(r, rt)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		p = &q
	}
	var f *graph.Filter
	if p.filter != nil {
		compiled, err := compileQuery(rt, p.filter)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		f = &compiled
	}
	total, docs, err := h.find(r.Context(), rt, f, graph.Window{Offset: p.startIndex - 1, Count: p.count}, p.proj, h.base(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.respond(w, http.StatusOK, listResponse(total, p.startIndex, docs))
}

func listResponse(total, startIndex int, docs []any) doc {
	if docs == nil {
		docs = []any{}
	}
	return doc{"schemas": []any{ListResponseSchema}, "totalResults": total, "startIndex": startIndex,
		"itemsPerPage": len(docs), "Resources": docs}
}

// find reads a window of rt's resources matching f, projected.
func (h *Handler) find(ctx context.Context, rt *resourceType, f *graph.Filter, win graph.Window, proj projection, base string) (int, []any, error) {
	var docs []any
	if rt == userType {
		page, err := h.store.FindPeople(ctx, f, win)
		if err != nil {
			return 0, nil, err
		}
		for _, p := range page.People {
			docs = append(docs, proj.apply(userDoc(p, base)))
		}
		return page.Total, docs, nil
	}
	page, err := h.store.FindTeams(ctx, f, win, proj.teamParts())
	if err != nil {
		return 0, nil, err
	}
	for _, t := range page.Teams {
		docs = append(docs, proj.apply(groupDoc(t, base)))
	}
	return page.Total, docs, nil
}

// searchAll answers POST /.search over every resource type: Users, then
// Groups. A filter applies to the types whose schemas define what it
// names; one that fits neither is a 400.
func (h *Handler) searchAll(w http.ResponseWriter, r *http.Request) {
	body, err := h.readBody(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	type part struct {
		rt *resourceType
		p  listParams
		f  *graph.Filter
	}
	var parts []part
	var firstErr error
	for _, rt := range []*resourceType{userType, groupType} {
		p, err := h.paramsFromBody(body, rt)
		var f *graph.Filter
		if err == nil && p.filter != nil {
			var c graph.Filter
			c, err = compileQuery(rt, p.filter)
			f = &c
		}
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		parts = append(parts, part{rt, p, f})
	}
	if len(parts) == 0 {
		h.fail(w, r, firstErr)
		return
	}
	// One window over the types in turn: the first type's matches, then
	// the next's.
	start := parts[0].p.startIndex
	offset, want := start-1, parts[0].p.count
	total := 0
	var all []any
	for _, part := range parts {
		n, docs, err := h.find(r.Context(), part.rt, part.f, graph.Window{Offset: max(offset-total, 0), Count: max(want-len(all), 0)}, part.p.proj, h.base(r))
		if err != nil {
			h.fail(w, r, err)
			return
		}
		total += n
		all = append(all, docs...)
	}
	h.respond(w, http.StatusOK, listResponse(total, start, all))
}

// get answers GET /Users/{id} and /Groups/{id}.
func (h *Handler) get(w http.ResponseWriter, r *http.Request, rt *resourceType) {
	proj, err := parseProjection(rt, splitList(r.URL.Query().Get("attributes")), splitList(r.URL.Query().Get("excludedAttributes")))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d, version, _, err := h.read(r.Context(), rt, r.PathValue("id"), proj.teamParts(), h.base(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	tag := etag(version)
	w.Header().Set("ETag", tag)
	if inm := r.Header.Get("If-None-Match"); inm != "" && etagMatches(inm, version) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Location", d["meta"].(doc)["location"].(string))
	h.respond(w, http.StatusOK, proj.apply(d))
}

// read finds one resource by id: its document, version and the org's
// version when the read began. 404 when there is none.
func (h *Handler) read(ctx context.Context, rt *resourceType, id string, parts graph.TeamParts, base string) (doc, int64, int64, error) {
	byID := graph.Compare(graph.FieldPersonID, graph.CompareEq, id, false)
	if rt == userType {
		page, err := h.store.FindPeople(ctx, &byID, graph.Window{Count: 1})
		if err != nil {
			return nil, 0, 0, err
		}
		if len(page.People) == 0 {
			return nil, 0, page.OrgVersion, notFound("there is no User %q", id)
		}
		return userDoc(page.People[0], base), page.People[0].Version, page.OrgVersion, nil
	}
	byID.Field = graph.FieldTeamID
	page, err := h.store.FindTeams(ctx, &byID, graph.Window{Count: 1}, parts)
	if err != nil {
		return nil, 0, 0, err
	}
	if len(page.Teams) == 0 {
		return nil, 0, page.OrgVersion, notFound("there is no Group %q", id)
	}
	return groupDoc(page.Teams[0], base), page.Teams[0].Version, page.OrgVersion, nil
}

// etagMatches reports whether an If-Match or If-None-Match header names
// version ("*" names any). Tags compare weakly: W/"3" and "3" are one.
func etagMatches(header string, version int64) bool {
	want := strconv.FormatInt(version, 10)
	for _, tag := range strings.Split(header, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" {
			return true
		}
		tag = strings.TrimPrefix(tag, "W/")
		if strings.Trim(tag, `"`) == want {
			return true
		}
	}
	return false
}

// precondition checks If-Match against the resource's version: 412 when
// the client changes a resource that changed since it read it.
func precondition(r *http.Request, version int64) error {
	if im := r.Header.Get("If-Match"); im != "" && !etagMatches(im, version) {
		return newError(http.StatusPreconditionFailed, "", "the resource is at version %s, not %s: read it again", etag(version), im)
	}
	return nil
}

// write sends one change through the org's write path, as SCIM, by the
// request's principal. ifVersion is the org version the change was
// worked out from.
func (h *Handler) write(ctx context.Context, change graph.Change, ifVersion *int64) (graph.WriteOutcome, error) {
	return h.store.Write(ctx, graph.WriteRequest{
		Change:    change,
		Via:       graph.ViaSCIM,
		Principal: principalOf(ctx),
		IfVersion: ifVersion,
		Guard:     true,
	})
}

// edit reads a resource, works out a change from it and writes the change
// for the org as read. When another write came between (CONFLICT), it
// reads again and redoes the work, a bounded number of times: a PATCH is
// applied to the resource as it is when written, never to a stale copy.
func (h *Handler) edit(w http.ResponseWriter, r *http.Request, rt *resourceType,
	work func(current doc, version int64) (graph.Change, error), done func(out graph.WriteOutcome, current doc, version int64)) {
	ctx := r.Context()
	id := r.PathValue("id")
	for attempt := 1; ; attempt++ {
		current, version, orgVersion, err := h.read(ctx, rt, id, graph.TeamParts{}, h.base(r))
		if err == nil {
			err = precondition(r, version)
		}
		var change graph.Change
		if err == nil {
			change, err = work(current, version)
		}
		if err != nil {
			h.fail(w, r, err)
			return
		}
		out, err := h.write(ctx, change, &orgVersion)
		if graph.ErrorCode(err) == graph.CodeConflict && attempt < h.opts.WriteAttempts {
			time.Sleep(time.Duration(attempt) * 5 * time.Millisecond)
			continue
		}
		if graph.ErrorCode(err) == graph.CodeConflict {
			h.fail(w, r, newError(http.StatusServiceUnavailable, "", "the org changed under this request %d times; send it again", attempt))
			return
		}
		if err != nil {
			if r.Method == http.MethodDelete && graph.ErrorCode(err) == graph.CodeBadInput {
				// Others still name what is to go: the resource is in a
				// state that forbids the request.
				e, _ := fromGraph(err)
				e.Status, e.ScimType = http.StatusConflict, ""
				err = e
			}
			h.fail(w, r, err)
			return
		}
		done(out, current, version)
		return
	}
}
