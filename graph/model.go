// Package graph is orgnet's org graph: the model of SPEC §1 as plain Go
// types (the ones GraphQL binds to), the snapshot format HR tools sync in,
// its validation (SPEC §3), the application error codes, and the rules
// that need no database: canAct's decision and its reason (Decide), the
// assembly of key people (PlanKeyPeople), and org health computed over an
// org the store has just read (Net). It knows nothing of Neo4j or GraphQL;
// the store package beside it speaks Cypher.
package graph

import "time"

// TeamKind says whether a team is a box of the formal structure or a
// cross-organizational team.
type TeamKind string

const (
	TeamKindUnit TeamKind = "UNIT"
	TeamKindTeam TeamKind = "TEAM"
)

// MembershipRole is a person's role in a team.
type MembershipRole string

const (
	RoleMember MembershipRole = "MEMBER"
	RoleLead   MembershipRole = "LEAD"
)

// Channel is where a touchpoint meets customers.
type Channel string

const (
	ChannelWeb    Channel = "WEB"
	ChannelApp    Channel = "APP"
	ChannelChat   Channel = "CHAT"
	ChannelPhone  Channel = "PHONE"
	ChannelEmail  Channel = "EMAIL"
	ChannelBranch Channel = "BRANCH"
	ChannelSocial Channel = "SOCIAL"
	ChannelOther  Channel = "OTHER"
)

// Channels lists every channel in the order of SPEC §1.
var Channels = []Channel{ChannelWeb, ChannelApp, ChannelChat, ChannelPhone, ChannelEmail, ChannelBranch, ChannelSocial, ChannelOther}

// HolderType says whether a mandate holder or touchpoint staff is a person or a team.
type HolderType string

const (
	HolderPerson HolderType = "PERSON"
	HolderTeam   HolderType = "TEAM"
)

// Person is someone in the organization; ID is the HR system's stable id.
// An inactive person stays listed but never acts, staffs or lies on a route.
type Person struct {
	ID      string  `json:"id"`
	Name    string  `json:"name"`
	Email   *string `json:"email,omitempty"`
	Title   *string `json:"title,omitempty"`
	Manager *string `json:"manager,omitempty"`
	Active  bool    `json:"active"`
	// UserName is the name an identity tool signs the person in with:
	// unique, compared regardless of case (docs/scim.md).
	UserName *string `json:"userName,omitempty"`
	// ExternalID is the identity tool's own id for the person.
	ExternalID *string `json:"externalId,omitempty"`
}

// Team is a unit of the formal structure or a cross-organizational team.
// Parent links make a forest.
type Team struct {
	ID     string   `json:"id"`
	Name   string   `json:"name"`
	Kind   TeamKind `json:"kind"`
	Parent *string  `json:"parent,omitempty"`
	// ExternalID is an identity tool's own id for the team, kept for it
	// as SCIM asks of every resource (docs/scim.md).
	ExternalID *string `json:"externalId,omitempty"`
}

// Membership puts a person in a team. A person and a team share at most one.
type Membership struct {
	Person string         `json:"person"`
	Team   string         `json:"team"`
	Role   MembershipRole `json:"role"`
}

// Matter is something one can act or decide on. Parent links make a forest of
// broader matters; a mandate over a matter covers its whole subtree.
type Matter struct {
	ID     string  `json:"id"`
	Name   string  `json:"name"`
	Parent *string `json:"parent,omitempty"`
}

// Holder names the person or team a mandate is held by or a touchpoint is staffed by.
type Holder struct {
	Type HolderType `json:"type"`
	ID   string     `json:"id"`
}

// Mandate is the authority to act on a matter up to Limit (nil: no limit),
// possibly delegated from another mandate and valid in [ValidFrom, ValidUntil).
type Mandate struct {
	ID            string     `json:"id"`
	Name          string     `json:"name"`
	Matter        string     `json:"matter"`
	Holder        Holder     `json:"holder"`
	Limit         *float64   `json:"limit,omitempty"`
	DelegatedFrom *string    `json:"delegatedFrom,omitempty"`
	ValidFrom     *time.Time `json:"validFrom,omitempty"`
	ValidUntil    *time.Time `json:"validUntil,omitempty"`
}

// Handling is a matter a touchpoint handles: Volume cases a month, of which
// the share SelfServiceRate is resolved without a person.
type Handling struct {
	Matter          string  `json:"matter"`
	Volume          float64 `json:"volume"`
	SelfServiceRate float64 `json:"selfServiceRate"`
}

// Residual is the volume that needs a person: volume × (1 − selfServiceRate).
func (h Handling) Residual() float64 { return h.Volume * (1 - h.SelfServiceRate) }

// Member is a membership seen whole: the person, the team and the role.
type Member struct {
	Person Person
	Team   Team
	Role   MembershipRole
}

// TouchpointHandling is a touchpoint that handles a matter, seen from the
// matter.
type TouchpointHandling struct {
	Touchpoint      Touchpoint
	Volume          float64
	SelfServiceRate float64
}

// Residual is the volume that needs a person (SPEC §2b).
func (h TouchpointHandling) Residual() float64 {
	return Handling{Volume: h.Volume, SelfServiceRate: h.SelfServiceRate}.Residual()
}

// MatterHandling is a matter a touchpoint handles, seen from the touchpoint.
type MatterHandling struct {
	Matter          Matter
	Volume          float64
	SelfServiceRate float64
}

// Residual is the volume that needs a person (SPEC §2b).
func (h MatterHandling) Residual() float64 {
	return Handling{Volume: h.Volume, SelfServiceRate: h.SelfServiceRate}.Residual()
}

// Touchpoint is where customers meet the organization.
type Touchpoint struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Channel     Channel    `json:"channel"`
	SelfService bool       `json:"selfService"`
	StaffedBy   []Holder   `json:"staffedBy"`
	EscalatesTo []string   `json:"escalatesTo"`
	Handles     []Handling `json:"handles"`
}

// Snapshot is a whole organization, or part of one, in the HR sync format of
// SPEC §3.
type Snapshot struct {
	People      []Person     `json:"people"`
	Teams       []Team       `json:"teams"`
	Memberships []Membership `json:"memberships"`
	Matters     []Matter     `json:"matters"`
	Mandates    []Mandate    `json:"mandates"`
	Touchpoints []Touchpoint `json:"touchpoints"`
}

// ImportMode says what an import does with entities the snapshot leaves out.
type ImportMode string

const (
	// ImportMerge creates or overwrites the snapshot's entities whole and adds
	// its memberships; nothing is deleted.
	ImportMerge ImportMode = "MERGE"
	// ImportReplace makes the org exactly the snapshot.
	ImportReplace ImportMode = "REPLACE"
)

// ImportReport counts what an import did, entity by entity (memberships included).
type ImportReport struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Deleted   int `json:"deleted"`
	Unchanged int `json:"unchanged"`
}
