package graph

// Principal is who asks: the name a token or identity provider gives, and
// the role that decides what they may do.
type Principal struct {
	Name string `json:"name"`
	Role Role   `json:"role"`
}

// Role is what a principal may do, from reading to administering (not to
// be confused with MembershipRole, a person's role in a team).
type Role string

const (
	ReaderRole  Role = "reader"
	PlannerRole Role = "planner"
	HRRole      Role = "hr"
	AdminRole   Role = "admin"
)

// Via says through which door a change came in.
type Via string

const (
	ViaImport   Via = "IMPORT"
	ViaMutation Via = "MUTATION"
	ViaSCIM     Via = "SCIM"
	ViaScenario Via = "SCENARIO"
	ViaRevert   Via = "REVERT"
)

// WriteRequest is one write to the live org, whatever door it came through:
// validated against the org as it is inside the writing transaction and
// written all-or-nothing, as one change.
type WriteRequest struct {
	Change Change
	// Replace makes the org exactly Change.Put (a REPLACE import).
	Replace   bool
	Via       Via
	Principal Principal
	// IfVersion, when set, refuses the write with CodeConflict unless the
	// org is at that version.
	IfVersion *int64
	// IdempotencyKey names the write so that a client that lost the answer
	// can send it again and get the first outcome instead of a second write.
	IdempotencyKey string
	// DryRun validates and reports, writing nothing.
	DryRun bool
	// Guard holds a write by a non-admin that deletes or deactivates many
	// people for an admin's approval instead of committing it.
	Guard bool
}

// WriteOutcome is what a write did: its report (embedded, so that the
// outcome reads as the import report clients know, with the version
// beside it).
type WriteOutcome struct {
	ImportReport
	// Version is the org's version after the write: unchanged when the
	// write changed nothing.
	Version int64 `json:"version"`
	// ChangeID names the recorded change; empty when nothing changed.
	ChangeID string `json:"changeId,omitempty"`
	// Replayed says the outcome is that of an earlier write with the same
	// idempotency key.
	Replayed bool `json:"replayed,omitempty"`
}

// ParseRole reads a role by its name (reader, planner, hr, admin).
func ParseRole(s string) (Role, bool) {
	switch r := Role(s); r {
	case ReaderRole, PlannerRole, HRRole, AdminRole:
		return r, true
	}
	return "", false
}
