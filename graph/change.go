package graph

import (
	"fmt"
	"slices"
	"time"
)

// Change is one write to an organization: entities to put (each created, or
// overwritten whole with its own links), memberships to add or re-role, and
// entities to remove. A removed person or team takes its memberships along.
type Change struct {
	Put    Snapshot
	Remove Removal
	// Presence says whether the put entities (memberships aside) must be
	// new, must exist already, or may be either (the default, as in MERGE).
	Presence Presence
	// Limits are the lengths ids and names may have; the zero value is the
	// defaults of docs/writes.md.
	Limits Limits
}

// Presence is what a change expects of its put entities' ids.
type Presence int

const (
	EitherNewOrExisting Presence = iota
	MustBeNew                    // creating: the id must be free
	MustExist                    // overwriting: the id must be taken
)

// Removal names entities to delete, by id; memberships by person and team.
type Removal struct {
	People, Teams, Matters, Mandates, Touchpoints []string
	Memberships                                   []Membership
}

// MembershipKey identifies a membership: a person is in a team at most once.
type MembershipKey struct{ Person, Team string }

// Key is m's identity.
func (m Membership) Key() MembershipKey { return MembershipKey{m.Person, m.Team} }

// Apply computes the organization that results from applying c to base and
// validates it whole, so a change is rejected for anything it would break
// elsewhere too (a removed manager, a source mandate's limit cut below a
// delegation). Problems with entities of c.Put have paths into c.Put
// ("people[2].manager"); problems with untouched entities of base name them
// by id ("existing.people[\"p7\"].manager").
func Apply(base *Snapshot, c Change) (*Snapshot, []Problem) {
	if base == nil {
		base = &Snapshot{}
	}
	var problems []Problem
	after := &Snapshot{}
	origin := map[string][]string{} // section → path of each entity in after

	put := func(section string, n int) {
		for i := 0; i < n; i++ {
			origin[section] = append(origin[section], fmt.Sprintf("%s[%d]", section, i))
		}
	}
	keep := func(section, id string) {
		origin[section] = append(origin[section], fmt.Sprintf("existing.%s[%q]", section, id))
	}
	removed := func(section string, ids []string, existing map[string]bool) map[string]bool {
		set := make(map[string]bool, len(ids))
		for i, id := range ids {
			if !existing[id] {
				problems = append(problems, Problem{Path: fmt.Sprintf("remove.%s[%d]", section, i), Message: fmt.Sprintf("%q does not exist", id)})
			}
			set[id] = true
		}
		return set
	}

	presence := func(section string, put []string, existing map[string]bool) {
		for i, id := range put {
			switch {
			case c.Presence == MustBeNew && existing[id]:
				problems = append(problems, Problem{Path: fmt.Sprintf("%s[%d].id", section, i), Message: fmt.Sprintf("%q already exists", id)})
			case c.Presence == MustExist && !existing[id]:
				problems = append(problems, Problem{Path: fmt.Sprintf("%s[%d].id", section, i), Message: fmt.Sprintf("%q does not exist", id)})
			}
		}
	}
	if c.Presence != EitherNewOrExisting {
		presence("people", keys(c.Put.People, Person.Key), setOf(base.People, Person.Key))
		presence("teams", keys(c.Put.Teams, Team.Key), setOf(base.Teams, Team.Key))
		presence("matters", keys(c.Put.Matters, Matter.Key), setOf(base.Matters, Matter.Key))
		presence("mandates", keys(c.Put.Mandates, Mandate.Key), setOf(base.Mandates, Mandate.Key))
		presence("touchpoints", keys(c.Put.Touchpoints, Touchpoint.Key), setOf(base.Touchpoints, Touchpoint.Key))
	}

	gone := removed("people", c.Remove.People, setOf(base.People, Person.Key))
	goneTeams := removed("teams", c.Remove.Teams, setOf(base.Teams, Team.Key))
	after.People = mergeByID(c.Put.People, base.People, gone, Person.Key, "people", put, keep)
	after.Teams = mergeByID(c.Put.Teams, base.Teams, goneTeams, Team.Key, "teams", put, keep)
	after.Matters = mergeByID(c.Put.Matters, base.Matters, removed("matters", c.Remove.Matters, setOf(base.Matters, Matter.Key)), Matter.Key, "matters", put, keep)
	after.Mandates = mergeByID(c.Put.Mandates, base.Mandates, removed("mandates", c.Remove.Mandates, setOf(base.Mandates, Mandate.Key)), Mandate.Key, "mandates", put, keep)
	after.Touchpoints = mergeByID(c.Put.Touchpoints, base.Touchpoints, removed("touchpoints", c.Remove.Touchpoints, setOf(base.Touchpoints, Touchpoint.Key)), Touchpoint.Key, "touchpoints", put, keep)

	// Memberships: put ones are added or re-roled; removed ones, and those of
	// removed people and teams, go.
	after.Memberships = append(after.Memberships, c.Put.Memberships...)
	put("memberships", len(c.Put.Memberships))
	putKeys := setOf(c.Put.Memberships, Membership.Key)
	goneKeys := map[MembershipKey]bool{}
	baseKeys := setOf(base.Memberships, Membership.Key)
	for i, m := range c.Remove.Memberships {
		if !baseKeys[m.Key()] {
			problems = append(problems, Problem{Path: fmt.Sprintf("remove.memberships[%d]", i), Message: fmt.Sprintf("person %q is not in team %q", m.Person, m.Team)})
		}
		goneKeys[m.Key()] = true
	}
	for _, m := range base.Memberships {
		if putKeys[m.Key()] || goneKeys[m.Key()] || gone[m.Person] || goneTeams[m.Team] {
			continue
		}
		after.Memberships = append(after.Memberships, m)
		origin["memberships"] = append(origin["memberships"], fmt.Sprintf("existing.memberships[%q]", m.Person+" in "+m.Team))
	}

	problems = append(problems, validate(after, c.Limits, func(section string, i int) string { return origin[section][i] })...)
	return after, problems
}

func keys[T any, K comparable](items []T, key func(T) K) []K {
	out := make([]K, len(items))
	for i, it := range items {
		out[i] = key(it)
	}
	return out
}

func setOf[T any, K comparable](items []T, key func(T) K) map[K]bool {
	set := make(map[K]bool, len(items))
	for _, it := range items {
		set[key(it)] = true
	}
	return set
}

// mergeByID lists put, then the entities of base that put neither
// overwrites nor gone removes.
func mergeByID[T any](put, base []T, gone map[string]bool, id func(T) string, section string, markPut func(string, int), keep func(string, string)) []T {
	out := append([]T(nil), put...)
	markPut(section, len(put))
	putIDs := setOf(put, id)
	for _, e := range base {
		if !putIDs[id(e)] && !gone[id(e)] {
			out = append(out, e)
			keep(section, id(e))
		}
	}
	return out
}

// Plan is what a write must do to the database to turn one organization into
// another: entities to create, to overwrite and to delete, and the report.
// Before holds the state, before the write, of every entity it overwrites
// or deletes (memberships included): what a change log records and a
// revert puts back.
type Plan struct {
	Create Snapshot
	Update Snapshot
	Delete Removal
	Before Snapshot
	Report ImportReport
}

// Diff plans the write from before to after, comparing entity by entity so
// that writing an organization over itself plans nothing.
func Diff(before, after *Snapshot) Plan {
	var p Plan
	diffByID(before.People, after.People, Person.Key, equalPerson, &p.Create.People, &p.Update.People, &p.Delete.People, &p.Before.People, &p.Report)
	diffByID(before.Teams, after.Teams, Team.Key, equalTeam, &p.Create.Teams, &p.Update.Teams, &p.Delete.Teams, &p.Before.Teams, &p.Report)
	diffByID(before.Matters, after.Matters, Matter.Key, equalMatter, &p.Create.Matters, &p.Update.Matters, &p.Delete.Matters, &p.Before.Matters, &p.Report)
	diffByID(before.Mandates, after.Mandates, Mandate.Key, equalMandate, &p.Create.Mandates, &p.Update.Mandates, &p.Delete.Mandates, &p.Before.Mandates, &p.Report)
	diffByID(before.Touchpoints, after.Touchpoints, Touchpoint.Key, equalTouchpoint, &p.Create.Touchpoints, &p.Update.Touchpoints, &p.Delete.Touchpoints, &p.Before.Touchpoints, &p.Report)
	var deleted []MembershipKey
	diffByID(before.Memberships, after.Memberships, Membership.Key, func(a, b Membership) bool { return a == b }, &p.Create.Memberships, &p.Update.Memberships, &deleted, &p.Before.Memberships, &p.Report)
	for _, k := range deleted {
		p.Delete.Memberships = append(p.Delete.Memberships, Membership{Person: k.Person, Team: k.Team})
	}
	return p
}

// Empty reports whether the plan writes nothing.
func (p Plan) Empty() bool {
	return p.Report.Created == 0 && p.Report.Updated == 0 && p.Report.Deleted == 0
}

// diffByID compares entity by entity; of several with one id (which
// Validate rejects) the first counts, as in Validate. was receives the
// earlier state of each entity updated or deleted.
func diffByID[T any, K comparable](before, after []T, id func(T) K, equal func(a, b T) bool, create, update *[]T, del *[]K, was *[]T, r *ImportReport) {
	old := make(map[K]T, len(before))
	for _, e := range before {
		if _, dup := old[id(e)]; !dup {
			old[id(e)] = e
		}
	}
	present := make(map[K]bool, len(after))
	for _, e := range after {
		if present[id(e)] {
			continue
		}
		present[id(e)] = true
		prev, existed := old[id(e)]
		switch {
		case !existed:
			*create = append(*create, e)
			r.Created++
		case !equal(prev, e):
			*update = append(*update, e)
			*was = append(*was, prev)
			r.Updated++
		default:
			r.Unchanged++
		}
	}
	for _, e := range before {
		if !present[id(e)] {
			present[id(e)] = true
			*del = append(*del, id(e))
			*was = append(*was, e)
			r.Deleted++
		}
	}
}

func equalPtr[T comparable](a, b *T) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

func equalTime(a, b *time.Time) bool {
	return (a == nil) == (b == nil) && (a == nil || a.Equal(*b))
}

func equalPerson(a, b Person) bool {
	return a.ID == b.ID && a.Name == b.Name && equalPtr(a.Email, b.Email) && equalPtr(a.Title, b.Title) &&
		equalPtr(a.Manager, b.Manager) && a.Active == b.Active && equalPtr(a.UserName, b.UserName) && equalPtr(a.ExternalID, b.ExternalID)
}

func equalTeam(a, b Team) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Kind == b.Kind && equalPtr(a.Parent, b.Parent) && equalPtr(a.ExternalID, b.ExternalID)
}

func equalMatter(a, b Matter) bool {
	return a.ID == b.ID && a.Name == b.Name && equalPtr(a.Parent, b.Parent)
}

func equalMandate(a, b Mandate) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Matter == b.Matter && a.Holder == b.Holder &&
		equalPtr(a.Limit, b.Limit) && equalPtr(a.DelegatedFrom, b.DelegatedFrom) &&
		equalTime(a.ValidFrom, b.ValidFrom) && equalTime(a.ValidUntil, b.ValidUntil)
}

func equalTouchpoint(a, b Touchpoint) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Channel == b.Channel && a.SelfService == b.SelfService &&
		slices.Equal(a.StaffedBy, b.StaffedBy) && slices.Equal(a.EscalatesTo, b.EscalatesTo) && slices.Equal(a.Handles, b.Handles)
}

// Key is the entity's id.
func (p Person) Key() string { return p.ID }

// Key is the entity's id.
func (t Team) Key() string { return t.ID }

// Key is the entity's id.
func (m Matter) Key() string { return m.ID }

// Key is the entity's id.
func (m Mandate) Key() string { return m.ID }

// Key is the entity's id.
func (t Touchpoint) Key() string { return t.ID }
