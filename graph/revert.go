package graph

import (
	"encoding/json"
	"fmt"
)

// Revert is the change that undoes a recorded change (docs/changes.md):
// every entity it touched is put back as it was before, or removed if the
// change created it. current is the org as it is now, holding at least
// every entity the entries name. An entity whose present state is no longer
// what the change left (its entry's After) is a conflict: the revert would
// undo a later change too, so it is refused and the conflicts listed.
func Revert(entries []ChangeEntry, current *Snapshot) (Change, []EntityKey, error) {
	now := indexSnapshot(current)
	var c Change
	var conflicts []EntityKey
	for _, e := range entries {
		same, err := now.holds(e.Type, e.ID, e.After)
		if err != nil {
			return Change{}, nil, fmt.Errorf("entry %d of change %d: %w", e.Seq, e.Version, err)
		}
		if !same {
			conflicts = append(conflicts, EntityKey{e.Type, e.ID})
			continue
		}
		if err := c.undo(e); err != nil {
			return Change{}, nil, fmt.Errorf("entry %d of change %d: %w", e.Seq, e.Version, err)
		}
	}
	if len(conflicts) > 0 {
		return Change{}, conflicts, nil
	}
	return c, nil, nil
}

// undo adds to c what puts e's entity back as it was before e.
func (c *Change) undo(e ChangeEntry) error {
	if e.Before == nil {
		return c.remove(e)
	}
	var err error
	switch e.Type {
	case EntityPerson:
		err = appendDecoded(&c.Put.People, e.Before)
	case EntityTeam:
		err = appendDecoded(&c.Put.Teams, e.Before)
	case EntityMembership:
		err = appendDecoded(&c.Put.Memberships, e.Before)
	case EntityMatter:
		err = appendDecoded(&c.Put.Matters, e.Before)
	case EntityMandate:
		err = appendDecoded(&c.Put.Mandates, e.Before)
	case EntityTouchpoint:
		err = appendDecoded(&c.Put.Touchpoints, e.Before)
	default:
		err = fmt.Errorf("unknown entity type %q", e.Type)
	}
	return err
}

// remove adds to c the removal of the entity e created.
func (c *Change) remove(e ChangeEntry) error {
	switch e.Type {
	case EntityPerson:
		c.Remove.People = append(c.Remove.People, e.ID)
	case EntityTeam:
		c.Remove.Teams = append(c.Remove.Teams, e.ID)
	case EntityMembership:
		var m Membership
		if err := json.Unmarshal(e.After, &m); err != nil {
			return fmt.Errorf("membership %s: %w", e.ID, err)
		}
		c.Remove.Memberships = append(c.Remove.Memberships, Membership{Person: m.Person, Team: m.Team})
	case EntityMatter:
		c.Remove.Matters = append(c.Remove.Matters, e.ID)
	case EntityMandate:
		c.Remove.Mandates = append(c.Remove.Mandates, e.ID)
	case EntityTouchpoint:
		c.Remove.Touchpoints = append(c.Remove.Touchpoints, e.ID)
	default:
		return fmt.Errorf("unknown entity type %q", e.Type)
	}
	return nil
}

func appendDecoded[T any](to *[]T, raw json.RawMessage) error {
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		return err
	}
	*to = append(*to, v)
	return nil
}

// snapshotIndex finds a snapshot's entities by type and id.
type snapshotIndex struct {
	people      map[string]Person
	teams       map[string]Team
	memberships map[string]Membership
	matters     map[string]Matter
	mandates    map[string]Mandate
	touchpoints map[string]Touchpoint
}

func indexSnapshot(s *Snapshot) snapshotIndex {
	if s == nil {
		s = &Snapshot{}
	}
	return snapshotIndex{
		people:      indexBy(s.People, Person.Key),
		teams:       indexBy(s.Teams, Team.Key),
		memberships: indexBy(s.Memberships, func(m Membership) string { return MembershipID(m.Person, m.Team) }),
		matters:     indexBy(s.Matters, Matter.Key),
		mandates:    indexBy(s.Mandates, Mandate.Key),
		touchpoints: indexBy(s.Touchpoints, Touchpoint.Key),
	}
}

func indexBy[T any](items []T, key func(T) string) map[string]T {
	m := make(map[string]T, len(items))
	for _, it := range items {
		m[key(it)] = it
	}
	return m
}

// holds reports whether the entity of type typ and id is now exactly state
// (absent, for a nil state).
func (x snapshotIndex) holds(typ EntityType, id string, state json.RawMessage) (bool, error) {
	switch typ {
	case EntityPerson:
		return sameState(x.people, id, state, equalPerson)
	case EntityTeam:
		return sameState(x.teams, id, state, equalTeam)
	case EntityMembership:
		return sameState(x.memberships, id, state, func(a, b Membership) bool { return a == b })
	case EntityMatter:
		return sameState(x.matters, id, state, equalMatter)
	case EntityMandate:
		return sameState(x.mandates, id, state, equalMandate)
	case EntityTouchpoint:
		return sameState(x.touchpoints, id, state, equalTouchpoint)
	}
	return false, fmt.Errorf("unknown entity type %q", typ)
}

func sameState[T any](now map[string]T, id string, state json.RawMessage, equal func(a, b T) bool) (bool, error) {
	cur, exists := now[id]
	if state == nil {
		return !exists, nil
	}
	var want T
	if err := json.Unmarshal(state, &want); err != nil {
		return false, err
	}
	return exists && equal(cur, want), nil
}
