package graph

import "time"

// The deletion guard (docs/changes.md): a write by anyone but an admin that
// would take many people out of the org at once is held for an admin's
// approval instead of committed, so that one empty REPLACE from a broken
// HR sync cannot silently delete everyone.

// PeopleRemoved counts the people p takes out of the active org: active
// people it deletes and people it deactivates.
func (p Plan) PeopleRemoved() int {
	was := make(map[string]Person, len(p.Before.People))
	for _, b := range p.Before.People {
		was[b.ID] = b
	}
	n := 0
	for _, id := range p.Delete.People {
		if was[id].Active {
			n++
		}
	}
	for _, q := range p.Update.People {
		if b, ok := was[q.ID]; ok && b.Active && !q.Active {
			n++
		}
	}
	return n
}

// MinDeletionLimit is the fewest people the default limit allows.
const MinDeletionLimit = 10

// DeletionLimit is how many people one write by a non-admin may take out
// of the active org before it is held: configured when it is above zero,
// else 5 % of the active people, and at least MinDeletionLimit.
func DeletionLimit(configured, activePeople int) int {
	if configured > 0 {
		return configured
	}
	return max(MinDeletionLimit, activePeople*5/100)
}

// Guarded reports whether the deletion guard holds a write by p that
// removes removed people from an org with activePeople active ones.
func Guarded(p Principal, removed, configured, activePeople int) bool {
	return p.Role != AdminRole && removed > DeletionLimit(configured, activePeople)
}

// PendingWrite is a write the deletion guard held: it waits, stored in the
// database, for an admin to approve or reject it.
type PendingWrite struct {
	ID        string
	Principal Principal
	Via       Via
	// Replace says the write is a REPLACE import.
	Replace   bool
	CreatedAt time.Time
	// Version is the org's version when the write was held; approving it
	// once the org has moved on is a conflict.
	Version int64
	// Report is what the write would have done when it was held.
	Report ImportReport
	// PeopleRemoved is how many people it would delete or deactivate, and
	// Limit how many it might have without being held.
	PeopleRemoved int
	Limit         int
}
