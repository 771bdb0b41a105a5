package graph

import (
	"encoding/json"
	"strings"
)

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

// Conflict is the error for a write made for another state of the org.
func Conflict(message string, details map[string]any) *Error {
	return &Error{Code: CodeConflict, Message: message}
}
