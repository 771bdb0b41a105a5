package scim

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
)

// The protocol layer over a store in memory: what reaches the store, and
// what does not.

func str2(s string) *string { return &s }

func newFake() *fakeStore {
	return &fakeStore{
		people: map[string]graph.PersonRecord{
			"u1": {Person: graph.Person{ID: "u1", Name: "Ann", UserName: str2("ann"), Active: true}, Version: 3},
		},
		teams: map[string]graph.TeamRecord{
			"g1": {Team: graph.Team{ID: "g1", Name: "Desk", Kind: graph.TeamKindTeam}, Version: 5},
		},
		members: map[string]map[string]graph.MembershipRole{"g1": {}},
	}
}

func call(t *testing.T, h http.Handler, method, path, body string, header ...string) (*httptest.ResponseRecorder, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(method, "http://orgnet.example"+Prefix+path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var out map[string]any
	if rec.Body.Len() > 0 {
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &out), rec.Body.String())
	}
	return rec, out
}

func TestRejectedRequestsWriteNothing(t *testing.T) {
	patch := func(ops string) string {
		return `{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": ` + ops + `}`
	}
	for _, tc := range []struct {
		name, method, path, body string
		status                   int
		scimType                 ScimType
	}{
		{"malformed JSON", "POST", "/Users", `{"userName": "x",`, 400, TypeInvalidSyntax},
		{"two JSON values", "POST", "/Users", `{"userName": "x"} {}`, 400, TypeInvalidSyntax},
		{"not an object", "POST", "/Users", `["userName"]`, 400, TypeInvalidSyntax},
		{"an attribute no schema defines", "POST", "/Users", `{"userName": "x", "shoeSize": 42}`, 400, TypeInvalidSyntax},
		{"an unknown sub-attribute", "POST", "/Users", `{"userName": "x", "name": {"formatted": "X", "nickname": "x"}}`, 400, TypeInvalidSyntax},
		{"a schema the resource does not carry", "POST", "/Users", `{"schemas": ["urn:example:Widget"], "userName": "x"}`, 400, TypeInvalidValue},
		{"userName of the wrong type", "POST", "/Users", `{"userName": 7}`, 400, TypeInvalidValue},
		{"active that is no boolean", "POST", "/Users", `{"userName": "x", "active": "maybe"}`, 400, TypeInvalidValue},
		{"no userName", "POST", "/Users", `{"displayName": "X"}`, 400, TypeInvalidValue},
		{"a group with no name", "POST", "/Groups", `{"members": []}`, 400, TypeInvalidValue},
		{"a group as a member", "POST", "/Groups", `{"displayName": "G", "members": [{"value": "g2", "type": "Group"}]}`, 400, TypeInvalidValue},
		{"an unknown kind", "POST", "/Groups", `{"displayName": "G", "urn:orgnet:params:scim:schemas:extension:2.0:Group": {"kind": "TRIBE"}}`, 400, TypeInvalidValue},
		{"a taken userName, in another case", "POST", "/Users", `{"userName": "ANN"}`, 409, TypeUniqueness},
		{"a PATCH op that is none", "PATCH", "/Users/u1", patch(`[{"op": "merge", "path": "title", "value": "x"}]`), 400, TypeInvalidSyntax},
		{"a PATCH without operations", "PATCH", "/Users/u1", patch(`[]`), 400, TypeInvalidValue},
		{"a PATCH path to nothing", "PATCH", "/Users/u1", patch(`[{"op": "add", "path": "shoeSize", "value": 1}]`), 400, TypeInvalidPath},
		{"a PATCH of a read-only attribute", "PATCH", "/Users/u1", patch(`[{"op": "replace", "path": "id", "value": "u9"}]`), 400, TypeMutability},
		{"a remove without a path", "PATCH", "/Users/u1", patch(`[{"op": "remove"}]`), 400, TypeNoTarget},
		{"a PATCH value of the wrong type", "PATCH", "/Users/u1", patch(`[{"op": "replace", "path": "active", "value": 1}]`), 400, TypeInvalidValue},
		{"one bad operation among good ones", "PATCH", "/Users/u1", patch(`[{"op": "replace", "path": "title", "value": "Boss"}, {"op": "replace", "path": "title.x", "value": "y"}]`), 400, TypeInvalidPath},
		{"a filter on a sub-attribute of a simple one", "PATCH", "/Users/u1", patch(`[{"op": "remove", "path": "title[value eq \"x\"]"}]`), 400, TypeInvalidPath},
		{"a PATCH body without the PatchOp schema", "PATCH", "/Users/u1", `{"schemas": ["urn:x"], "Operations": [{"op": "remove", "path": "title"}]}`, 400, TypeInvalidValue},
		{"a stale If-Match", "PATCH", "/Users/u1", patch(`[{"op": "replace", "path": "title", "value": "Boss"}]`), 412, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := newFake()
			h := New(fs, Options{})
			rec, body := call(t, h, tc.method, tc.path, tc.body, "If-Match", `W/"2"`)
			assert.Equal(t, tc.status, rec.Code, rec.Body.String())
			assert.Equal(t, contentType, rec.Header().Get("Content-Type"))
			assert.Equal(t, []any{ErrorSchema}, body["schemas"])
			assert.Equal(t, http.StatusText(tc.status) != "", body["status"] != nil)
			if tc.scimType != "" {
				assert.Equal(t, string(tc.scimType), body["scimType"])
			}
			assert.NotEmpty(t, body["detail"])
			assert.Empty(t, fs.writes, "a rejected request writes nothing")
		})
	}
}

func TestIfMatchNamesTheVersion(t *testing.T) {
	fs := newFake()
	h := New(fs, Options{})
	body := `{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "replace", "path": "title", "value": "Boss"}]}`
	for _, tag := range []string{`W/"3"`, `"3"`, `*`, `W/"1", W/"3"`} {
		rec, out := call(t, h, "PATCH", "/Users/u1", body, "If-Match", tag)
		assert.Equal(t, http.StatusOK, rec.Code, "If-Match %s", tag)
		assert.Equal(t, "Boss", out["title"])
	}
	rec, _ := call(t, h, "GET", "/Users/u1", "", "If-None-Match", `W/"3"`)
	assert.Equal(t, http.StatusNotModified, rec.Code)
	rec, _ = call(t, h, "GET", "/Users/u1", "")
	assert.Equal(t, `W/"3"`, rec.Header().Get("ETag"))
}

func TestOneMemberPatchReadsOneMembership(t *testing.T) {
	for _, tc := range []struct {
		name, ops string
		reads     []string
		put       []graph.Membership
		remove    []graph.Membership
	}{
		{"adding one member reads that membership alone",
			`[{"op": "add", "path": "members", "value": [{"value": "u1"}]}]`,
			[]string{"teams", "memberships"}, []graph.Membership{{Person: "u1", Team: "g1", Role: graph.RoleMember}}, nil},
		{"removing one member by a value filter reads that membership alone",
			`[{"op": "remove", "path": "members[value eq \"u7\"]"}]`,
			[]string{"teams", "memberships"}, nil, []graph.Membership{{Person: "u7", Team: "g1"}}},
		{"removing listed members (Entra ID) reads those alone",
			`[{"op": "Remove", "path": "members", "value": [{"value": "u7"}]}]`,
			[]string{"teams", "memberships"}, nil, []graph.Membership{{Person: "u7", Team: "g1"}}},
		{"making a member a lead reads that membership alone",
			`[{"op": "add", "path": "urn:orgnet:params:scim:schemas:extension:2.0:Group:leads", "value": [{"value": "u7"}]}]`,
			[]string{"teams", "memberships"}, []graph.Membership{{Person: "u7", Team: "g1", Role: graph.RoleLead}}, nil},
		{"replacing the members reads them all",
			`[{"op": "replace", "path": "members", "value": [{"value": "u1"}]}]`,
			[]string{"teams", "teams+members"}, []graph.Membership{{Person: "u1", Team: "g1", Role: graph.RoleMember}}, []graph.Membership{{Person: "u7", Team: "g1"}}},
		{"a filter on something else reads them all",
			`[{"op": "remove", "path": "members[display sw \"A\"]"}]`,
			[]string{"teams", "teams+members"}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := newFake()
			fs.members["g1"]["u7"] = graph.RoleMember
			h := New(fs, Options{})
			rec, _ := call(t, h, "PATCH", "/Groups/g1", `{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": `+tc.ops+`}`)
			require.Equal(t, http.StatusNoContent, rec.Code, rec.Body.String())
			assert.Equal(t, tc.reads, fs.reads)
			require.Len(t, fs.writes, 1)
			w := fs.writes[0]
			assert.Equal(t, graph.ViaSCIM, w.Via)
			assert.True(t, w.Guard, "SCIM writes are counted by the deletion guard")
			require.NotNil(t, w.IfVersion, "the write is made for the org as read")
			assert.Equal(t, tc.put, w.Change.Put.Memberships)
			assert.Equal(t, tc.remove, w.Change.Remove.Memberships)
			assert.Empty(t, w.Change.Put.Teams, "the team itself is unchanged")
		})
	}
}

func TestDiscoveryAnswersOnlyGet(t *testing.T) {
	h := New(newFake(), Options{})
	for _, path := range []string{"/ServiceProviderConfig", "/ResourceTypes", "/Schemas", "/Schemas/" + UserSchema, "/ResourceTypes/User"} {
		rec, _ := call(t, h, "GET", path, "")
		assert.Equal(t, http.StatusOK, rec.Code, path)
		for _, m := range []string{"POST", "PUT", "PATCH", "DELETE"} {
			rec, body := call(t, h, m, path, "{}")
			assert.Equal(t, http.StatusMethodNotAllowed, rec.Code, "%s %s", m, path)
			assert.Equal(t, []any{ErrorSchema}, body["schemas"])
		}
	}
	rec, body := call(t, h, "GET", "/Schemas/urn:example:none", "")
	assert.Equal(t, http.StatusNotFound, rec.Code)
	assert.Equal(t, "404", body["status"])
	rec, _ = call(t, h, "GET", "/Widgets", "")
	assert.Equal(t, http.StatusNotFound, rec.Code)
	rec, _ = call(t, h, "PUT", "/Users", "{}")
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
}

func TestSchemasPublishNoEmptyURIs(t *testing.T) {
	h := New(newFake(), Options{})
	rec, _ := call(t, h, "GET", "/Schemas", "")
	assert.NotContains(t, rec.Body.String(), `"documentationUri":""`)
	assert.NotContains(t, rec.Body.String(), "givenName", "attributes orgnet does not keep are not published")
	rec, _ = call(t, h, "GET", "/ServiceProviderConfig", "")
	assert.NotContains(t, rec.Body.String(), `documentationUri`)
}
