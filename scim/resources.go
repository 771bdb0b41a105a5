package scim

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/orgnet/orgnet/graph"
)

// How people and teams read as SCIM Users and Groups, and back
// (docs/scim.md).

// etag is an entity's ETag: the org version of its last change.
func etag(version int64) string { return fmt.Sprintf(`W/"%d"`, version) }

func meta(resourceType, location string, version int64) doc {
	return doc{"resourceType": resourceType, "location": location, "version": etag(version)}
}

// userDoc is a person as a SCIM User. base is the /scim/v2 URL that
// locations and references start with.
func userDoc(p graph.PersonRecord, base string) doc {
	d := doc{
		"schemas":     []any{UserSchema},
		"id":          p.ID,
		"displayName": p.Name,
		"name":        doc{"formatted": p.Name},
		"active":      p.Active,
		"meta":        meta("User", base+"/Users/"+p.ID, p.Version),
	}
	if p.UserName != nil {
		d["userName"] = *p.UserName
	}
	if p.ExternalID != nil {
		d["externalId"] = *p.ExternalID
	}
	if p.Title != nil {
		d["title"] = *p.Title
	}
	if p.Email != nil {
		d["emails"] = []any{doc{"value": *p.Email, "type": "work"}}
	}
	if p.Manager != nil {
		d["schemas"] = []any{UserSchema, EnterpriseSchema}
		d[EnterpriseSchema] = doc{"manager": doc{"value": *p.Manager, "$ref": base + "/Users/" + *p.Manager}}
	}
	return d
}

// personFromDoc is the person a normalized User document describes, with
// id. before is the document the request changed (a PATCH), nil when the
// request gave the whole resource: it says which of displayName and
// name.formatted the request set when both are there and differ.
func personFromDoc(d, before doc, id string) (graph.Person, error) {
	p := graph.Person{ID: id, Active: true}
	userName, _ := d["userName"].(string)
	if strings.TrimSpace(userName) == "" {
		return graph.Person{}, invalidValue("userName is required")
	}
	p.UserName = &userName
	p.Name = chooseName(d, before, userName)
	if s, ok := d["externalId"].(string); ok {
		p.ExternalID = &s
	}
	if s, ok := d["title"].(string); ok {
		p.Title = &s
	}
	if b, ok := d["active"].(bool); ok {
		p.Active = b
	}
	p.Email = primaryEmail(d["emails"])
	if ext, ok := d[EnterpriseSchema].(map[string]any); ok {
		p.Manager = refValue(ext["manager"])
	}
	return p, nil
}

// chooseName picks a person's one name from what a User says: displayName,
// else name.formatted, else the given and family names, else userName. A
// PATCH that changed name.formatted alone names the person by it.
func chooseName(d, before doc, userName string) string {
	display, _ := d["displayName"].(string)
	name, _ := d["name"].(map[string]any)
	formatted, _ := name["formatted"].(string)
	if before != nil {
		wasDisplay, _ := before["displayName"].(string)
		wasName, _ := before["name"].(map[string]any)
		wasFormatted, _ := wasName["formatted"].(string)
		if formatted != wasFormatted && display == wasDisplay && strings.TrimSpace(formatted) != "" {
			return formatted
		}
	}
	given, _ := name["givenName"].(string)
	family, _ := name["familyName"].(string)
	for _, n := range []string{display, formatted, strings.TrimSpace(given + " " + family), userName} {
		if strings.TrimSpace(n) != "" {
			return n
		}
	}
	return userName
}

// primaryEmail is the email orgnet keeps of a User's emails: the primary
// one, else the work one, else the first.
func primaryEmail(v any) *string {
	list, _ := v.([]any)
	var best map[string]any
	rank := func(e map[string]any) int {
		switch {
		case e["primary"] == true:
			return 3
		case strings.EqualFold(fmt.Sprint(e["type"]), "work"):
			return 2
		}
		return 1
	}
	for _, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			continue
		}
		if s, _ := m["value"].(string); s == "" {
			continue
		}
		if best == nil || rank(m) > rank(best) {
			best = m
		}
	}
	if best == nil {
		return nil
	}
	s := best["value"].(string)
	return &s
}

// refValue is the id a reference ({value, $ref}) names: its value, else
// the last segment of its $ref. nil for none.
func refValue(v any) *string {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	if s, _ := m["value"].(string); s != "" {
		return &s
	}
	if r, _ := m["$ref"].(string); r != "" {
		s := r[strings.LastIndexByte(r, '/')+1:]
		if s != "" {
			return &s
		}
	}
	return nil
}

// groupDoc is a team as a SCIM Group; its members only when the record
// holds them.
func groupDoc(t graph.TeamRecord, base string) doc {
	d := doc{
		"schemas":     []any{GroupSchema, OrgnetSchema},
		"id":          t.ID,
		"displayName": t.Name,
		"meta":        meta("Group", base+"/Groups/"+t.ID, t.Version),
	}
	if t.ExternalID != nil {
		d["externalId"] = *t.ExternalID
	}
	ext := doc{"kind": string(t.Kind)}
	if t.Parent != nil {
		ext["parent"] = doc{"value": *t.Parent, "$ref": base + "/Groups/" + *t.Parent}
	}
	if len(t.Leads) > 0 {
		leads := make([]any, len(t.Leads))
		for i, id := range t.Leads {
			leads[i] = doc{"value": id, "$ref": base + "/Users/" + id}
		}
		ext["leads"] = leads
	}
	d[OrgnetSchema] = ext
	if t.Members != nil {
		members := make([]any, len(t.Members))
		for i, m := range t.Members {
			members[i] = doc{"value": m.Person, "$ref": base + "/Users/" + m.Person, "type": "User"}
		}
		d["members"] = members
	}
	return d
}

// teamFromDoc is the team a normalized Group document describes, with id;
// kind is the team's kind when the document gives none.
func teamFromDoc(d doc, id string, kind graph.TeamKind) (graph.Team, error) {
	name, _ := d["displayName"].(string)
	if strings.TrimSpace(name) == "" {
		return graph.Team{}, invalidValue("displayName is required")
	}
	t := graph.Team{ID: id, Name: name, Kind: kind}
	if s, ok := d["externalId"].(string); ok {
		t.ExternalID = &s
	}
	if ext, ok := d[OrgnetSchema].(map[string]any); ok {
		if k, ok := ext["kind"].(string); ok {
			switch graph.TeamKind(strings.ToUpper(k)) {
			case graph.TeamKindUnit, graph.TeamKindTeam:
				t.Kind = graph.TeamKind(strings.ToUpper(k))
			default:
				return graph.Team{}, invalidValue("kind must be UNIT or TEAM, not %q", k)
			}
		}
		t.Parent = refValue(ext["parent"])
	}
	return t, nil
}

// memberIDs are the people a list of members (or leads) names. A member
// whose type says it is a group is refused: teams nest through parent.
func memberIDs(v any, what string) ([]string, error) {
	list, _ := v.([]any)
	ids := make([]string, 0, len(list))
	for i, e := range list {
		m, _ := e.(map[string]any)
		if t, ok := m["type"].(string); ok && !strings.EqualFold(t, "User") {
			return nil, invalidValue("%s[%d] is a %s: orgnet's groups hold people (teams nest through parent)", what, i, t)
		}
		id := refValue(m)
		if id == nil {
			return nil, invalidValue("%s[%d] names nobody: give its value", what, i)
		}
		ids = append(ids, *id)
	}
	return ids, nil
}

// newID makes the id of a person or team created through SCIM (RFC 4122
// version 4 form).
func newID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
