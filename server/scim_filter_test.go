package server_test

import (
	"net/http"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// directoryOrg is a small org whose people differ in every attribute a
// SCIM filter can name.
const directoryOrg = `{
  "people": [
    {"id": "p1", "name": "Ann Lind", "userName": "Ann.Lind@Example.com", "externalId": "ext-1", "email": "ann@example.com", "title": "Head of Cards"},
    {"id": "p2", "name": "Bo Berg", "userName": "bo@example.com", "externalId": "EXT-2", "manager": "p1", "title": "Agent"},
    {"id": "p3", "name": "Cy Dahl", "userName": "cy@example.org", "manager": "p1", "active": false},
    {"id": "p4", "name": "Di Ek"}
  ],
  "teams": [
    {"id": "t1", "name": "Cards", "kind": "UNIT", "externalId": "grp-1"},
    {"id": "t2", "name": "Card squad", "kind": "TEAM", "parent": "t1"}
  ],
  "memberships": [
    {"person": "p1", "team": "t1", "role": "LEAD"},
    {"person": "p2", "team": "t1", "role": "MEMBER"},
    {"person": "p3", "team": "t2", "role": "MEMBER"}
  ]
}`

// TestSCIMFilters pins what each filter finds, through the HTTP service
// and the Cypher it compiles to.
func TestSCIMFilters(t *testing.T) {
	ts := newTestServer(t)
	ts.importOK(t, "replace", []byte(directoryOrg))
	c := newSCIM(t, ts)
	find := func(endpoint, filter string) []string {
		t.Helper()
		a := c.must(http.StatusOK, "GET", endpoint+"?filter="+q(filter), nil)
		var ids []string
		for _, r := range a.Body["Resources"].([]any) {
			ids = append(ids, r.(map[string]any)["id"].(string))
		}
		sort.Strings(ids)
		require.EqualValues(t, len(ids), a.Body["totalResults"])
		return ids
	}
	for _, tc := range []struct {
		name, endpoint, filter string
		want                   []string
	}{
		{"userName eq ignores case", "/Users", `userName eq "ann.lind@example.COM"`, []string{"p1"}},
		{"attribute names ignore case", "/Users", `USERNAME Eq "bo@example.com"`, []string{"p2"}},
		{"externalId eq is case-exact", "/Users", `externalId eq "ext-2"`, nil},
		{"externalId eq matches exactly", "/Users", `externalId eq "EXT-2"`, []string{"p2"}},
		{"co on a name ignores case", "/Users", `displayName co "BERG"`, []string{"p2"}},
		{"sw", "/Users", `userName sw "c"`, []string{"p3"}},
		{"ew", "/Users", `userName ew ".com"`, []string{"p1", "p2"}},
		{"gt on strings is lexicographic", "/Users", `userName gt "bo@example.com"`, []string{"p3"}},
		{"le", "/Users", `name.formatted le "Bo Berg"`, []string{"p1", "p2"}},
		{"pr", "/Users", `title pr`, []string{"p1", "p2"}},
		{"not pr holds for the absent", "/Users", `not (userName pr)`, []string{"p4"}},
		{"ne holds for the absent", "/Users", `title ne "Agent"`, []string{"p1", "p3", "p4"}},
		{"active eq false", "/Users", `active eq false`, []string{"p3"}},
		{"active eq True, Entra's case", "/Users", `active eq True`, []string{"p1", "p2", "p4"}},
		{"and binds tighter than or", "/Users", `userName sw "a" or userName sw "b" and active eq false`, []string{"p1"}},
		{"grouping", "/Users", `(userName sw "a" or userName sw "b") and title eq "agent"`, []string{"p2"}},
		{"the manager in the enterprise extension", "/Users", `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "p1"`, []string{"p2", "p3"}},
		{"an email by a value filter", "/Users", `emails[type eq "work" and value co "@example"]`, []string{"p1"}},
		{"emails.value", "/Users", `emails.value eq "ANN@example.com"`, []string{"p1"}},
		{"meta.resourceType", "/Users", `meta.resourceType eq "User"`, []string{"p1", "p2", "p3", "p4"}},
		{"a group by name", "/Groups", `displayName eq "cards"`, []string{"t1"}},
		{"a group by member", "/Groups", `members[value eq "p3"]`, []string{"t2"}},
		{"members eq, Entra's membership check", "/Groups", `id eq "t1" and members eq "p2"`, []string{"t1"}},
		{"a group by its lead", "/Groups", `urn:orgnet:params:scim:schemas:extension:2.0:Group:leads[value eq "p1"]`, []string{"t1"}},
		{"a lead is no lead of a team they only belong to", "/Groups", `leads.value eq "p2"`, nil},
		{"kind and parent", "/Groups", `kind eq "TEAM" and parent.value eq "t1"`, []string{"t2"}},
		{"not over a member filter", "/Groups", `not (members pr)`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, find(tc.endpoint, tc.filter))
		})
	}
	for _, bad := range []string{
		`name.givenName eq "Ann"`,           // not kept
		`meta.lastModified gt "2025-01-01"`, // not kept
		`active gt true`,                    // booleans compare by eq and ne
		`userName eq 7`,                     // a string compares with a string
		`userName eq "x" and`,               // not a filter
		`emails[type eq "work"`,             // not closed
		`nickName pr`,                       // not kept
		`title eq null`,                     // null compares with nothing
	} {
		a := c.must(http.StatusBadRequest, "GET", "/Users?filter="+q(bad), nil)
		assert.Equal(t, "invalidFilter", a.Body["scimType"], bad)
	}
}

// TestSCIMPagination pins startIndex and count.
func TestSCIMPagination(t *testing.T) {
	ts := newTestServer(t)
	ts.importOK(t, "replace", []byte(directoryOrg))
	c := newSCIM(t, ts)
	page := func(query string) (int, []string) {
		a := c.must(http.StatusOK, "GET", "/Users?"+query, nil)
		var ids []string
		for _, r := range a.Body["Resources"].([]any) {
			ids = append(ids, r.(map[string]any)["id"].(string))
		}
		assert.EqualValues(t, len(ids), a.Body["itemsPerPage"])
		return int(a.Body["totalResults"].(float64)), ids
	}
	total, ids := page("startIndex=2&count=2")
	assert.Equal(t, 4, total)
	assert.Equal(t, []string{"p2", "p3"}, ids)
	_, ids = page("startIndex=4&count=10")
	assert.Equal(t, []string{"p4"}, ids)
	_, ids = page("startIndex=0&count=1") // below 1 reads as 1
	assert.Equal(t, []string{"p1"}, ids)
	total, ids = page("count=0") // the count alone
	assert.Equal(t, 4, total)
	assert.Empty(t, ids)
	_, ids = page("startIndex=9")
	assert.Empty(t, ids)
	c.must(http.StatusBadRequest, "GET", "/Users?count=many", nil)
}
