package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The request sequences Okta and Entra ID send, replayed as they send
// them (bodies from their provisioning documentation, ids of ours), with
// orgnet's GraphQL answers checked after each step: what SCIM writes is
// the org every question answers from.

const patchOpSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

// scimOrgView is what GraphQL says of a person, and who can act on a matter.
type scimOrgView struct {
	Person *struct {
		Name, UserName, ExternalID string
		Email                      *string
		Active                     bool
		Manager                    *struct{ ID string }
		Memberships                struct {
			Nodes []struct {
				Team struct{ ID, Name string }
				Role string
			}
		}
	}
	WhoCanAct []struct{ Person struct{ ID string } }
}

const scimOrgViewQuery = `query($id: ID!, $matter: ID!) {
  person(id: $id) { name userName externalId email active manager { id }
    memberships { nodes { team { id name } role } } }
  whoCanAct(matter: $matter) { person { id } } }`

func (v scimOrgView) actors() []string {
	var ids []string
	for _, a := range v.WhoCanAct {
		ids = append(ids, a.Person.ID)
	}
	return ids
}

func (v scimOrgView) teams() map[string]string {
	out := map[string]string{}
	for _, m := range v.Person.Memberships.Nodes {
		out[m.Team.ID] = m.Role
	}
	return out
}

func scimViewOf(t *testing.T, ts *testServer, person, matter string) scimOrgView {
	t.Helper()
	var v scimOrgView
	ts.query(t, scimOrgViewQuery, map[string]any{"id": person, "matter": matter}, &v)
	require.NotNil(t, v.Person, "GraphQL knows no person %q", person)
	return v
}

// grantTeam gives team a mandate over a matter (through an import, as an
// HR sync would), so that who can act follows the team's members.
func grantTeam(t *testing.T, ts *testServer, team string) {
	t.Helper()
	snap := fmt.Sprintf(`{"matters": [{"id": "m-refund", "name": "Refunds"}],
	  "mandates": [{"id": "d-refund", "name": "Refunds", "matter": "m-refund", "holder": {"type": "TEAM", "id": %q}}]}`, team)
	ts.importOK(t, "merge", []byte(snap))
}

func (c *scimClient) must(status int, method, path string, body any, header ...string) scimAnswer {
	c.t.Helper()
	a := c.do(method, path, body, header...)
	require.Equal(c.t, status, a.Status, "%s %s: %s", method, path, a.Raw)
	return a
}

func q(filter string) string { return url.QueryEscape(filter) }

func TestSCIMOktaSequence(t *testing.T) {
	ts := newTestServer(t)
	c := newSCIM(t, ts)

	// Okta looks the userName up before it creates.
	a := c.must(http.StatusOK, "GET", "/Users?filter="+q(`userName eq "test.user@okta.local"`)+"&startIndex=1&count=100", nil)
	assert.EqualValues(t, 0, a.Body["totalResults"])

	a = c.must(http.StatusCreated, "POST", "/Users", map[string]any{
		"schemas":     []string{"urn:ietf:params:scim:schemas:core:2.0:User"},
		"userName":    "test.user@okta.local",
		"name":        map[string]any{"givenName": "Test", "familyName": "User"},
		"emails":      []any{map[string]any{"primary": true, "value": "test.user@okta.local", "type": "work"}},
		"displayName": "Test User", "locale": "en-US", "externalId": "00ujl29u0le5T6Aj10h7",
		"groups": []any{}, "password": "1mz050nq", "active": true,
	})
	user := a.Body["id"].(string)
	assert.NotEmpty(t, a.Header.Get("ETag"))
	assert.Equal(t, c.base+"/Users/"+user, a.Header.Get("Location"))
	boss := c.must(http.StatusCreated, "POST", "/Users", map[string]any{"userName": "boss@okta.local", "displayName": "The Boss"}).Body["id"].(string)

	// The lookup finds it now, whatever the case of the userName.
	a = c.must(http.StatusOK, "GET", "/Users?filter="+q(`userName eq "Test.User@OKTA.local"`), nil)
	require.EqualValues(t, 1, a.Body["totalResults"])

	// Okta pushes a group: it looks for it, creates it empty, then adds
	// the member by PATCH.
	a = c.must(http.StatusOK, "GET", "/Groups?filter="+q(`displayName eq "Refund desk"`), nil)
	assert.EqualValues(t, 0, a.Body["totalResults"])
	group := c.must(http.StatusCreated, "POST", "/Groups", map[string]any{
		"schemas": []string{"urn:ietf:params:scim:schemas:core:2.0:Group"}, "displayName": "Refund desk", "members": []any{},
	}).Body["id"].(string)
	grantTeam(t, ts, group)
	c.must(http.StatusNoContent, "PATCH", "/Groups/"+group, map[string]any{"schemas": []string{patchOpSchema},
		"Operations": []any{map[string]any{"op": "add", "path": "members", "value": []any{map[string]any{"value": user, "display": "test.user@okta.local"}}}}})
	v := scimViewOf(t, ts, user, "m-refund")
	assert.Equal(t, "Test User", v.Person.Name)
	assert.Equal(t, "test.user@okta.local", v.Person.UserName)
	assert.Equal(t, "00ujl29u0le5T6Aj10h7", v.Person.ExternalID)
	assert.Equal(t, map[string]string{group: "MEMBER"}, v.teams())
	assert.Equal(t, []string{user}, v.actors(), "a member of the team that holds the mandate can act")

	// A profile update comes as a PUT of the whole user, the manager in
	// the enterprise extension.
	c.must(http.StatusOK, "PUT", "/Users/"+user, map[string]any{
		"schemas": []string{"urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"},
		"id":      user, "userName": "test.user@okta.local", "displayName": "Test User-Renamed",
		"name":   map[string]any{"givenName": "Test", "familyName": "User-Renamed"},
		"emails": []any{map[string]any{"primary": true, "value": "renamed@okta.local", "type": "work"}},
		"active": true, "externalId": "00ujl29u0le5T6Aj10h7",
		"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": map[string]any{"manager": map[string]any{"value": boss}},
	})
	v = scimViewOf(t, ts, user, "m-refund")
	assert.Equal(t, "Test User-Renamed", v.Person.Name)
	require.NotNil(t, v.Person.Manager)
	assert.Equal(t, boss, v.Person.Manager.ID)
	assert.Equal(t, "renamed@okta.local", *v.Person.Email)

	// Deprovisioning is active: false, by PATCH without a path.
	a = c.must(http.StatusOK, "PATCH", "/Users/"+user, map[string]any{"schemas": []string{patchOpSchema},
		"Operations": []any{map[string]any{"op": "replace", "value": map[string]any{"active": false}}}})
	assert.Equal(t, false, a.Body["active"])
	v = scimViewOf(t, ts, user, "m-refund")
	assert.False(t, v.Person.Active)
	assert.Empty(t, v.actors(), "an inactive person never acts")
	assert.Equal(t, map[string]string{group: "MEMBER"}, v.teams(), "deactivation keeps the person's teams")

	// A deactivated user is still returned, to the lookup as to a GET.
	a = c.must(http.StatusOK, "GET", "/Users?filter="+q(`userName eq "test.user@okta.local"`), nil)
	require.EqualValues(t, 1, a.Body["totalResults"])
	assert.Equal(t, false, a.Body["Resources"].([]any)[0].(map[string]any)["active"])
	c.must(http.StatusOK, "GET", "/Users/"+user, nil)

	// Reactivation, the group renamed by a PATCH without a path, and the
	// member removed by a value filter.
	c.must(http.StatusOK, "PATCH", "/Users/"+user, map[string]any{"schemas": []string{patchOpSchema},
		"Operations": []any{map[string]any{"op": "replace", "value": map[string]any{"active": true}}}})
	assert.Equal(t, []string{user}, scimViewOf(t, ts, user, "m-refund").actors())
	c.must(http.StatusNoContent, "PATCH", "/Groups/"+group, map[string]any{"schemas": []string{patchOpSchema},
		"Operations": []any{map[string]any{"op": "replace", "value": map[string]any{"id": group, "displayName": "Refund desk (renamed)"}}}})
	c.must(http.StatusNoContent, "PATCH", "/Groups/"+group, map[string]any{"schemas": []string{patchOpSchema},
		"Operations": []any{map[string]any{"op": "remove", "path": fmt.Sprintf(`members[value eq %q]`, user)}}})
	v = scimViewOf(t, ts, user, "m-refund")
	assert.Empty(t, v.teams())
	assert.Empty(t, v.actors(), "out of the team, out of its mandate")
	a = c.must(http.StatusOK, "GET", "/Groups/"+group, nil)
	assert.Equal(t, "Refund desk (renamed)", a.Body["displayName"])
}

func TestSCIMEntraSequence(t *testing.T) {
	ts := newTestServer(t)
	c := newSCIM(t, ts)
	const enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
	ts.importOK(t, "merge", []byte(`{"matters": [{"id": "m-refund", "name": "Refunds"}]}`))

	a := c.must(http.StatusOK, "GET", "/Users?filter="+q(`userName eq "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1"`), nil)
	assert.EqualValues(t, 0, a.Body["totalResults"])
	create := func(userName, externalID string) string {
		return c.must(http.StatusCreated, "POST", "/Users", map[string]any{
			"schemas":    []string{"urn:ietf:params:scim:schemas:core:2.0:User", enterprise},
			"externalId": externalID, "userName": userName, "active": true,
			"emails": []any{map[string]any{"primary": true, "type": "work", "value": userName + "@testuser.com"}},
			"meta":   map[string]any{"resourceType": "User"},
			"name":   map[string]any{"formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"},
			"roles":  []any{},
		}).Body["id"].(string)
	}
	user := create("Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1", "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef")
	manager := create("Test_Manager_2f4c", "6f0c0a0e-0000-4000-8000-000000000001")
	v := scimViewOf(t, ts, user, "m-refund")
	assert.Equal(t, "givenName familyName", v.Person.Name, "name.formatted names a person when no displayName is given")

	// Entra ID capitalizes its operations, sends booleans as strings and
	// the manager as a bare id.
	a = c.must(http.StatusOK, "PATCH", "/Users/"+user, map[string]any{"schemas": []string{patchOpSchema}, "Operations": []any{
		map[string]any{"op": "Replace", "path": `emails[type eq "work"].value`, "value": "updatedEmail@microsoft.com"},
		map[string]any{"op": "Replace", "path": "name.familyName", "value": "updatedFamilyName"},
		map[string]any{"op": "Add", "path": enterprise + ":manager", "value": manager},
		map[string]any{"op": "Replace", "path": "displayName", "value": "Updated Name"},
	}})
	assert.Equal(t, "Updated Name", a.Body["displayName"])
	v = scimViewOf(t, ts, user, "m-refund")
	assert.Equal(t, "updatedEmail@microsoft.com", *v.Person.Email)
	require.NotNil(t, v.Person.Manager)
	assert.Equal(t, manager, v.Person.Manager.ID)
	assert.Equal(t, "Updated Name", v.Person.Name)

	// Groups: looked up without members, created without them, members
	// added later by PATCH.
	c.must(http.StatusOK, "GET", "/Groups?excludedAttributes=members&filter="+q(`displayName eq "Refund desk"`), nil)
	group := c.must(http.StatusCreated, "POST", "/Groups", map[string]any{
		"schemas": []string{"urn:ietf:params:scim:schemas:core:2.0:Group"}, "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
		"displayName": "Refund desk", "meta": map[string]any{"resourceType": "Group"},
	}).Body["id"].(string)
	grantTeam(t, ts, group)
	a = c.must(http.StatusOK, "GET", "/Groups/"+group+"?excludedAttributes=members", nil)
	assert.NotContains(t, a.Body, "members")
	c.must(http.StatusNoContent, "PATCH", "/Groups/"+group, map[string]any{"schemas": []string{patchOpSchema}, "Operations": []any{
		map[string]any{"op": "Add", "path": "members", "value": []any{map[string]any{"$ref": nil, "value": user}, map[string]any{"$ref": nil, "value": manager}}},
	}})
	v = scimViewOf(t, ts, user, "m-refund")
	assert.Equal(t, map[string]string{group: "MEMBER"}, v.teams())
	assert.ElementsMatch(t, []string{user, manager}, v.actors())

	// Entra ID checks a membership with a filter on the group's members.
	a = c.must(http.StatusOK, "GET", "/Groups?excludedAttributes=members&filter="+q(fmt.Sprintf(`id eq %q and members eq %q`, group, user)), nil)
	assert.EqualValues(t, 1, a.Body["totalResults"])

	// Disabling comes as "False", a string.
	c.must(http.StatusOK, "PATCH", "/Users/"+user, map[string]any{"schemas": []string{patchOpSchema},
		"Operations": []any{map[string]any{"op": "Replace", "path": "active", "value": "False"}}})
	v = scimViewOf(t, ts, user, "m-refund")
	assert.False(t, v.Person.Active)
	assert.Equal(t, []string{manager}, v.actors())

	// Removing a member lists it as the value of a Remove on members.
	c.must(http.StatusNoContent, "PATCH", "/Groups/"+group, map[string]any{"schemas": []string{patchOpSchema}, "Operations": []any{
		map[string]any{"op": "Remove", "path": "members", "value": []any{map[string]any{"value": manager}}},
	}})
	v = scimViewOf(t, ts, manager, "m-refund")
	assert.Empty(t, v.teams())
	assert.Empty(t, v.actors())

	// The manager goes: refused while a report names them, then done.
	a = c.must(http.StatusConflict, "DELETE", "/Users/"+manager, nil)
	assert.Contains(t, a.Body["detail"], "manager")
	c.must(http.StatusOK, "PATCH", "/Users/"+user, map[string]any{"schemas": []string{patchOpSchema},
		"Operations": []any{map[string]any{"op": "Remove", "path": enterprise + ":manager"}}})
	c.must(http.StatusNoContent, "DELETE", "/Users/"+manager, nil)
	c.must(http.StatusNotFound, "GET", "/Users/"+manager, nil)
	var gone struct{ Person *struct{ ID string } }
	ts.query(t, `query($id: ID!) { person(id: $id) { id } }`, map[string]any{"id": manager}, &gone)
	assert.Nil(t, gone.Person)
	assert.Nil(t, scimViewOf(t, ts, user, "m-refund").Person.Manager)
}
