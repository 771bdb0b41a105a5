package graph

// The directory view of the org: people and teams found by a Filter, a page
// at a time, each with the version of its last change, as identity tools
// (SCIM, docs/scim.md) read them.

// PersonRecord is a person with the org version of its last change: the
// entity's ETag.
type PersonRecord struct {
	Person
	Version int64
}

// TeamRecord is a team with the org version of its last change (its own or
// a membership's) and, when asked for, the people who lead it and its
// members.
type TeamRecord struct {
	Team
	Version int64
	// Leads is nil when the leads were not read.
	Leads []string
	// Members is nil when the members were not read.
	Members []TeamMember
}

// TeamMember is one membership of a team, seen from the team.
type TeamMember struct {
	Person string
	Name   string
	Role   MembershipRole
}

// PeoplePage is a window of the people a filter matches, how many match
// in all, and the org's version when the read began: a write made for
// what was read names it as its IfVersion.
type PeoplePage struct {
	Total      int
	People     []PersonRecord
	OrgVersion int64
}

// TeamsPage is PeoplePage for teams.
type TeamsPage struct {
	Total      int
	Teams      []TeamRecord
	OrgVersion int64
}

// TeamParts says which of a team's memberships a read brings: its members
// (with their roles, so its leads too), or its leads alone. A team read
// with neither costs what a team of one does, whatever its size.
type TeamParts struct {
	Members, Leads bool
}

// Window is a page of a directory listing: Count entries from Offset (0
// is the first), in id order.
type Window struct {
	Offset, Count int
}
