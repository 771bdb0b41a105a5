package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/orgnet/orgnet/auth"
	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/internal/testneo4j"
	"github.com/orgnet/orgnet/resolvers"
	"github.com/orgnet/orgnet/server"
)

// roleTable is docs/access.md's table, the one table the HTTP tests are
// generated from: for each capability, whether reader, planner, hr and
// admin have it.
var roleTable = map[string][4]bool{
	"READ":         {true, true, true, true},
	"SEE_PERSONAL": {false, false, true, true},
	"PLAN":         {false, true, false, true},
	"WRITE":        {false, false, true, true},
	"ADMINISTER":   {false, false, false, true},
}

var roles = []graph.Role{graph.ReaderRole, graph.PlannerRole, graph.HRRole, graph.AdminRole}

func schema() *ast.Schema {
	return resolvers.NewExecutableSchema(resolvers.Config{Resolvers: &resolvers.Resolver{}}).Schema()
}

// capabilityOf is the capability a field's @allowed names, "" if none.
func capabilityOf(f *ast.FieldDefinition) string {
	d := f.Directives.ForName("allowed")
	if d == nil {
		return ""
	}
	return d.Arguments.ForName("to").Value.Raw
}

// rootFields lists the fields of Query, Mutation and Subscription.
func rootFields(s *ast.Schema) map[string]*ast.Definition {
	out := map[string]*ast.Definition{}
	for _, def := range []*ast.Definition{s.Query, s.Mutation, s.Subscription} {
		if def != nil {
			out[def.Name] = def
		}
	}
	return out
}

// The schema walk: every field of Query, Mutation and Subscription names
// the capability it needs, so that a field added without one is a failing
// test, not an open door.
func TestEveryRootFieldHasARule(t *testing.T) {
	s := schema()
	for _, def := range rootFields(s) {
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			c := capabilityOf(f)
			if !assert.NotEmpty(t, c, "%s.%s has no access rule: add @allowed(to: READ|PLAN|WRITE|ADMINISTER) to it in schema/*.graphqls, "+
				"choosing the row of the role table in docs/access.md that it belongs to", def.Name, f.Name) {
				continue
			}
			_, known := roleTable[c]
			assert.True(t, known, "%s.%s names capability %s, which is not in the role table", def.Name, f.Name, c)
		}
	}
	assert.Equal(t, "SEE_PERSONAL", capabilityOf(s.Types["Person"].Fields.ForName("email")), "Person.email is personal")
	var declared []string
	for _, v := range s.Types["Capability"].EnumValues {
		declared = append(declared, v.Name)
	}
	var known []string
	for _, c := range auth.Capabilities {
		known = append(known, string(c))
	}
	assert.ElementsMatch(t, known, declared, "the schema's Capability enum is auth's table")
	assert.Len(t, roleTable, len(auth.Capabilities))
}

// sampleValue is a value of type t for a field's required argument: the
// role test sends each root field once, and only needs it to pass
// validation.
func sampleValue(s *ast.Schema, t *ast.Type, depth int) string {
	if t.Elem != nil {
		return "[]"
	}
	def := s.Types[t.NamedType]
	switch {
	case def.Kind == ast.Enum:
		return def.EnumValues[0].Name
	case def.Kind == ast.InputObject:
		var parts []string
		for _, f := range def.Fields {
			if f.Type.NonNull && f.DefaultValue == nil && depth < 4 {
				parts = append(parts, f.Name+": "+sampleValue(s, f.Type, depth+1))
			}
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	switch t.NamedType {
	case "Int":
		return "1"
	case "Float":
		return "1.5"
	case "Boolean":
		return "false"
	case "DateTime":
		return `"2026-01-01T00:00:00Z"`
	}
	return `"role-test-absent"`
}

// fieldRequest is a document asking one root field with sample arguments.
func fieldRequest(s *ast.Schema, op string, f *ast.FieldDefinition) string {
	var args []string
	for _, a := range f.Arguments {
		if a.Type.NonNull && a.DefaultValue == nil {
			args = append(args, a.Name+": "+sampleValue(s, a.Type, 0))
		}
	}
	call := f.Name
	if len(args) > 0 {
		call += "(" + strings.Join(args, ", ") + ")"
	}
	if ret := s.Types[f.Type.Name()]; ret.Kind != ast.Scalar && ret.Kind != ast.Enum {
		call += " { __typename }"
	}
	return op + " { " + call + " }"
}

// roleServer serves the test org with one API token per role.
type roleServer struct {
	*testServer
	tokens map[graph.Role]string
}

func newRoleServer(t *testing.T) *roleServer {
	t.Helper()
	s := newTestOrgServer(t)
	forgetTokens(t)
	tokens := map[graph.Role]string{}
	for _, r := range roles {
		tokens[r] = issueToken(t, s.Store, "test-"+string(r), r)
	}
	return &roleServer{testServer: serveWithTokens(t, s.Store), tokens: tokens}
}

// issueToken issues an API token named name with role r.
func issueToken(t *testing.T, st *store.Store, name string, r graph.Role) string {
	t.Helper()
	tok, err := auth.IssueToken(context.Background(), st, name, r)
	require.NoError(t, err)
	return tok
}

// serveWithTokens serves st with API tokens on: every request needs one.
func serveWithTokens(t *testing.T, st *store.Store) *testServer {
	t.Helper()
	a, err := auth.NewAuthenticator(auth.Config{}, st, "127.0.0.1:0")
	require.NoError(t, err)
	var cfg server.Config
	cfg.Auth = a
	return serveWith(t, st, cfg)
}

func (s *roleServer) as(r graph.Role) http.Header {
	return http.Header{"Authorization": {"Bearer " + s.tokens[r]}}
}

// Every row of the role table, both ways, over HTTP: each root field of
// the schema is sent by each role, and is FORBIDDEN exactly for the roles
// its capability's row leaves out. Fields other work adds later are
// covered as soon as they are in the schema.
func TestRoleTableOverHTTP(t *testing.T) {
	s := newRoleServer(t)
	sch := schema()
	covered := map[string]bool{"SEE_PERSONAL": true, "WRITE": true} // by the tests below too
	for op, def := range map[string]*ast.Definition{"query": sch.Query, "mutation": sch.Mutation} {
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			c := capabilityOf(f)
			covered[c] = true
			doc := fieldRequest(sch, op, f)
			for i, r := range roles {
				allowed := roleTable[c][i]
				name := fmt.Sprintf("%s.%s (%s) as %s", def.Name, f.Name, c, r)
				t.Run(name, func(t *testing.T) {
					res := s.post(t, doc, nil, s.as(r))
					require.Equal(t, http.StatusOK, res.Status, "%s", doc)
					codes := errorCodes(res.Errors)
					if allowed {
						assert.NotContains(t, codes, "FORBIDDEN", "%s: %+v", doc, res.Errors)
						assert.NotContains(t, codes, "UNAUTHENTICATED")
					} else {
						assert.Equal(t, []string{"FORBIDDEN"}, codes, "%s", doc)
					}
				})
			}
		}
	}
	for c := range roleTable {
		if !covered[c] {
			t.Logf("no field needs %s yet; its row is checked by auth.TestRoleTable until one does", c)
		}
	}
	t.Run("Person.email is null for roles without SEE_PERSONAL", func(t *testing.T) {
		for i, r := range roles {
			res := s.post(t, `{ person(id: "p1") { email name } }`, nil, s.as(r))
			require.Empty(t, res.Errors)
			var data struct{ Person struct{ Email *string } }
			require.NoError(t, json.Unmarshal(res.Data, &data))
			if roleTable["SEE_PERSONAL"][i] {
				require.NotNil(t, data.Person.Email, "%s sees email", r)
				assert.Equal(t, "ada@fjordbank.example", *data.Person.Email)
			} else {
				assert.Nil(t, data.Person.Email, "%s sees no email", r)
			}
		}
	})
	t.Run("/scim/v2 needs WRITE, and refuses in SCIM's shape", func(t *testing.T) {
		for i, r := range roles {
			req, err := http.NewRequest(http.MethodGet, s.URL+"/scim/v2/Users?count=1", nil)
			require.NoError(t, err)
			req.Header.Set("Authorization", "Bearer "+s.tokens[r])
			res, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			var body map[string]any
			require.NoError(t, json.NewDecoder(res.Body).Decode(&body))
			res.Body.Close()
			if roleTable["WRITE"][i] {
				assert.Equal(t, http.StatusOK, res.StatusCode, "%s may use SCIM: %v", r, body)
				continue
			}
			assert.Equal(t, http.StatusForbidden, res.StatusCode, "%s may not use SCIM", r)
			assert.Equal(t, []any{"urn:ietf:params:scim:api:messages:2.0:Error"}, body["schemas"])
			assert.Equal(t, "403", body["status"])
		}
		res, err := http.Get(s.URL + "/scim/v2/Users")
		require.NoError(t, err)
		res.Body.Close()
		assert.Equal(t, http.StatusUnauthorized, res.StatusCode, "no token")
		assert.Equal(t, "application/scim+json", res.Header.Get("Content-Type"))
	})
	t.Run("POST /import needs WRITE", func(t *testing.T) {
		for i, r := range roles {
			req, err := http.NewRequest(http.MethodPost, s.URL+"/import?mode=merge", strings.NewReader(`{}`))
			require.NoError(t, err)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+s.tokens[r])
			res, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			res.Body.Close()
			if roleTable["WRITE"][i] {
				assert.Equal(t, http.StatusOK, res.StatusCode, "%s may import", r)
			} else {
				assert.Equal(t, http.StatusForbidden, res.StatusCode, "%s may not import", r)
			}
		}
	})
}

// No, malformed, unknown or revoked credentials: 401 with
// WWW-Authenticate: Bearer and UNAUTHENTICATED, before anything runs.
func TestUnauthenticatedRequests(t *testing.T) {
	s := newRoleServer(t)
	revoked, err := auth.IssueToken(context.Background(), s.Store, "to-revoke", graph.AdminRole)
	require.NoError(t, err)
	res := s.post(t, `{ person(id: "p1") { id } }`, nil, http.Header{"Authorization": {"Bearer " + revoked}})
	require.Empty(t, res.Errors, "valid before the revoke")
	_, err = s.Store.RevokeToken(context.Background(), "to-revoke", timeNow())
	require.NoError(t, err)

	for _, tc := range []struct{ name, header string }{
		{"no Authorization header", ""},
		{"malformed header", "Token abc"},
		{"bearer with nothing", "Bearer "},
		{"unknown token", "Bearer orgnet_0123456789ab_" + strings.Repeat("x", 43)},
		{"malformed token", "Bearer orgnet_nope"},
		{"revoked token, on the next request", "Bearer " + revoked},
		{"a JWT when no OIDC is configured", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, route := range []string{"/graphql", "/import"} {
				req, err := http.NewRequest(http.MethodPost, s.URL+route, strings.NewReader(`{"query":"{ person(id: \"p1\") { id } }"}`))
				require.NoError(t, err)
				req.Header.Set("Content-Type", "application/json")
				if tc.header != "" {
					req.Header.Set("Authorization", tc.header)
				}
				res := s.send(t, req)
				assert.Equal(t, http.StatusUnauthorized, res.Status, route)
				assert.Equal(t, "UNAUTHENTICATED", res.only(t).Code(), route)
			}
			req, _ := http.NewRequest(http.MethodGet, s.URL+"/graphql?query={__typename}", nil)
			if tc.header != "" {
				req.Header.Set("Authorization", tc.header)
			}
			raw, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			raw.Body.Close()
			assert.Equal(t, http.StatusUnauthorized, raw.StatusCode)
			assert.True(t, strings.HasPrefix(raw.Header.Get("WWW-Authenticate"), "Bearer"), raw.Header.Get("WWW-Authenticate"))
		})
	}
	t.Run("health, readiness and metrics need no token", func(t *testing.T) {
		for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
			res, err := http.Get(s.URL + path)
			require.NoError(t, err)
			res.Body.Close()
			assert.Equal(t, http.StatusOK, res.StatusCode, path)
		}
	})
}

// forgetTokens wipes the test database when the test ends: a token left in
// it would end local mode for whatever serves it next (the browser tests).
func forgetTokens(tb testing.TB) {
	tb.Cleanup(func() { testneo4j.Wipe(tb, testneo4j.URI(tb)) })
}

// viewer answers who the request is, as the authenticator found it: each
// token's own name and role, never another's; and local and admin where
// no token is needed. The web app's sign-in checks a pasted token with it.
func TestViewerIsTheRequestsPrincipal(t *testing.T) {
	type viewer struct{ Viewer graph.Principal }
	t.Run("local mode: local, admin", func(t *testing.T) {
		s := newTestOrgServer(t)
		var got viewer
		s.query(t, `{ viewer { name role } }`, nil, &got)
		assert.Equal(t, graph.LocalAdmin, got.Viewer)
	})
	s := newRoleServer(t)
	for _, r := range roles {
		t.Run("an API token of role "+string(r), func(t *testing.T) {
			res := s.post(t, `{ viewer { name role } }`, nil, s.as(r))
			require.Empty(t, res.Errors)
			var got viewer
			require.NoError(t, json.Unmarshal(res.Data, &got))
			assert.Equal(t, graph.Principal{Name: "test-" + string(r), Role: r}, got.Viewer)
		})
	}
	t.Run("no token: UNAUTHENTICATED, nobody", func(t *testing.T) {
		res := s.post(t, `{ viewer { name role } }`, nil, nil)
		assert.Equal(t, http.StatusUnauthorized, res.Status)
		assert.Equal(t, "UNAUTHENTICATED", res.only(t).Code())
	})
}
