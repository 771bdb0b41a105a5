package graph

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// The change log (docs/changes.md): every committed write to the live org
// is one ChangeRecord, with one ChangeEntry for each entity it created,
// overwrote or deleted, holding the entity as it was before and after.

// EntityType names a kind of entity in the change log (and in scenarios).
type EntityType string

const (
	EntityPerson     EntityType = "PERSON"
	EntityTeam       EntityType = "TEAM"
	EntityMembership EntityType = "MEMBERSHIP"
	EntityMatter     EntityType = "MATTER"
	EntityMandate    EntityType = "MANDATE"
	EntityTouchpoint EntityType = "TOUCHPOINT"
)

// EntityTypes lists every entity type in the order of the snapshot format.
var EntityTypes = []EntityType{EntityPerson, EntityTeam, EntityMembership, EntityMatter, EntityMandate, EntityTouchpoint}

// ChangeOp is what a change did to one entity.
type ChangeOp string

const (
	OpCreate ChangeOp = "CREATE"
	OpUpdate ChangeOp = "UPDATE"
	OpDelete ChangeOp = "DELETE"
)

// ChangeRecord is one committed write as the log keeps it.
type ChangeRecord struct {
	ID string
	// Version is the org's version this change made: the number of changes
	// up to and including it.
	Version int64
	// At is when it was committed; never earlier than the change before it.
	At        time.Time
	Principal Principal
	// ApprovedBy is the admin who approved a write the deletion guard held.
	ApprovedBy *Principal
	Via        Via
	Created    int
	Updated    int
	Deleted    int
	// EntryCount is the number of its entries.
	EntryCount int
	// Reverts names the change a REVERT undid.
	Reverts *string
}

// ChangeEntry is what one change did to one entity. Before and After are
// the entity's JSON in the snapshot format, nil where it did not exist.
type ChangeEntry struct {
	Version int64
	Seq     int
	Type    EntityType
	ID      string
	Op      ChangeOp
	Before  json.RawMessage
	After   json.RawMessage
}

// EntityKey names one entity of any type. A membership's ID is
// MembershipID(person, team).
type EntityKey struct {
	Type EntityType
	ID   string
}

// MembershipID is the id the change log gives a membership: the person's
// and the team's ids joined by "/", each with "\" written "\\" and "/"
// written "\/", so that no two memberships share one.
func MembershipID(person, team string) string {
	esc := strings.NewReplacer(`\`, `\\`, `/`, `\/`)
	return esc.Replace(person) + "/" + esc.Replace(team)
}

// Entries lists the entries a plan records, in a fixed order (type by type
// as in the snapshot format; creations, then overwrites, then deletions),
// each made only when asked for: the first import of 100 000 people has
// some 280 000.
type Entries struct {
	sections []entrySection
	n        int
}

type entrySection struct {
	typ   EntityType
	op    ChangeOp
	n     int
	entry func(i int) (id string, before, after any)
}

// Len is the number of entries.
func (e Entries) Len() int { return e.n }

// At is entry i (Seq i), its Version left for the writer to set.
func (e Entries) At(i int) (ChangeEntry, error) {
	seq := i
	for _, s := range e.sections {
		if i >= s.n {
			i -= s.n
			continue
		}
		id, before, after := s.entry(i)
		entry := ChangeEntry{Seq: seq, Type: s.typ, ID: id, Op: s.op}
		var err error
		if entry.Before, err = EntityJSON(before); err == nil {
			entry.After, err = EntityJSON(after)
		}
		if err != nil {
			return ChangeEntry{}, fmt.Errorf("%s %q: %w", s.typ, id, err)
		}
		return entry, nil
	}
	return ChangeEntry{}, fmt.Errorf("entry %d of %d", seq, e.n)
}

// PlanEntries lists the entries recording p.
func PlanEntries(p Plan) Entries {
	var e Entries
	add := func(s []entrySection) {
		for _, sec := range s {
			if sec.n > 0 {
				e.sections = append(e.sections, sec)
				e.n += sec.n
			}
		}
	}
	add(sectionsOf(EntityPerson, p.Create.People, p.Update.People, p.Delete.People, p.Before.People, Person.Key, idOf))
	add(sectionsOf(EntityTeam, p.Create.Teams, p.Update.Teams, p.Delete.Teams, p.Before.Teams, Team.Key, idOf))
	add(sectionsOf(EntityMembership, p.Create.Memberships, p.Update.Memberships, keys(p.Delete.Memberships, Membership.Key),
		p.Before.Memberships, Membership.Key, func(k MembershipKey) string { return MembershipID(k.Person, k.Team) }))
	add(sectionsOf(EntityMatter, p.Create.Matters, p.Update.Matters, p.Delete.Matters, p.Before.Matters, Matter.Key, idOf))
	add(sectionsOf(EntityMandate, p.Create.Mandates, p.Update.Mandates, p.Delete.Mandates, p.Before.Mandates, Mandate.Key, idOf))
	add(sectionsOf(EntityTouchpoint, p.Create.Touchpoints, p.Update.Touchpoints, p.Delete.Touchpoints, p.Before.Touchpoints, Touchpoint.Key, idOf))
	return e
}

func idOf(id string) string { return id }

// sectionsOf makes the creations, overwrites and deletions of one type.
func sectionsOf[T any, K comparable](typ EntityType, create, update []T, del []K, before []T, key func(T) K, id func(K) string) []entrySection {
	var was map[K]T
	if len(update)+len(del) > 0 {
		was = make(map[K]T, len(before))
		for _, b := range before {
			was[key(b)] = b
		}
	}
	return []entrySection{
		{typ, OpCreate, len(create), func(i int) (string, any, any) { return id(key(create[i])), nil, create[i] }},
		{typ, OpUpdate, len(update), func(i int) (string, any, any) {
			k := key(update[i])
			return id(k), was[k], update[i]
		}},
		{typ, OpDelete, len(del), func(i int) (string, any, any) { return id(del[i]), was[del[i]], nil }},
	}
}

// EntityJSON is an entity in the snapshot format, as the change log and an
// export write it; nil for none. A touchpoint's lists are written [] when
// empty.
func EntityJSON(v any) (json.RawMessage, error) {
	if v == nil {
		return nil, nil
	}
	if tp, ok := v.(Touchpoint); ok {
		v = normalTouchpoint(tp)
	}
	return json.Marshal(v)
}

func normalTouchpoint(tp Touchpoint) Touchpoint {
	if tp.StaffedBy == nil {
		tp.StaffedBy = []Holder{}
	}
	if tp.EscalatesTo == nil {
		tp.EscalatesTo = []string{}
	}
	if tp.Handles == nil {
		tp.Handles = []Handling{}
	}
	return tp
}

// SplitMembershipID is the person and team of a MembershipID; ok is false
// for a string MembershipID does not make.
func SplitMembershipID(id string) (person, team string, ok bool) {
	var parts []string
	var cur []byte
	for i := 0; i < len(id); i++ {
		switch c := id[i]; c {
		case '\\':
			if i+1 == len(id) || (id[i+1] != '\\' && id[i+1] != '/') {
				return "", "", false
			}
			i++
			cur = append(cur, id[i])
		case '/':
			parts = append(parts, string(cur))
			cur = cur[:0]
		default:
			cur = append(cur, c)
		}
	}
	parts = append(parts, string(cur))
	if len(parts) != 2 {
		return "", "", false
	}
	return parts[0], parts[1], true
}
