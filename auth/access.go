// Package auth decides who is asking and what they may do: principals
// from API tokens orgnet issued or from OIDC access tokens, local mode, and
// the role table of docs/access.md. The GraphQL schema names, for every
// root field and personal field, the capability it needs (the @allowed
// directive); this package says which roles have it.
package auth

import "github.com/orgnet/orgnet/graph"

// Capability is a row of the role table: something a principal may do.
type Capability string

const (
	// Read: every query — lookups, questions, orgHealth, changes.
	Read Capability = "READ"
	// SeePersonal: personal fields such as Person.email; others see null.
	SeePersonal Capability = "SEE_PERSONAL"
	// Plan: scenarios — create, change, compare, discard.
	Plan Capability = "PLAN"
	// Write: the live org — importOrg, POST /import, entity mutations, SCIM.
	Write Capability = "WRITE"
	// Administer: apply a scenario, approve a held write, revert a change,
	// manage tokens.
	Administer Capability = "ADMINISTER"
)

// Capabilities lists every row of the table, in its order.
var Capabilities = []Capability{Read, SeePersonal, Plan, Write, Administer}

// roleTable is docs/access.md's table: the roles that have each capability.
var roleTable = map[Capability][]graph.Role{
	Read:        {graph.ReaderRole, graph.PlannerRole, graph.HRRole, graph.AdminRole},
	SeePersonal: {graph.HRRole, graph.AdminRole},
	Plan:        {graph.PlannerRole, graph.AdminRole},
	Write:       {graph.HRRole, graph.AdminRole},
	Administer:  {graph.AdminRole},
}

// Allows says whether role has capability c. An unknown capability is
// allowed to nobody.
func Allows(role graph.Role, c Capability) bool {
	for _, r := range roleTable[c] {
		if r == role {
			return true
		}
	}
	return false
}

// Hides says whether a field needing c answers null to a principal without
// it, instead of refusing the request with FORBIDDEN: personal fields are
// left out, not denied, so that a reader's query of people still works.
func Hides(c Capability) bool { return c == SeePersonal }

// Forbidden is the error for a principal whose role may not do c.
func Forbidden(p graph.Principal, c Capability, what string) *graph.Error {
	return &graph.Error{Code: graph.CodeForbidden,
		Message: "role " + string(p.Role) + " may not " + describe[c] + " (" + what + ")"}
}

var describe = map[Capability]string{
	Read:        "read the org",
	SeePersonal: "see personal fields",
	Plan:        "work on scenarios",
	Write:       "write the live org",
	Administer:  "administer orgnet",
}
