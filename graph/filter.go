package graph

// Filter is a condition on people or teams, built by a caller from its own
// query language (SCIM's filter, docs/scim.md) and compiled by the store
// into parameterised Cypher: fields come from the closed set below, values
// travel as parameters, so no text of the caller's ever becomes query text.
type Filter struct {
	Op FilterOp
	// Args are the operands of And, Or and Not, and for Any the condition
	// each membership is tested against.
	Args []Filter
	// Field is what Compare and Present look at, and the collection Any
	// ranges over.
	Field FilterField
	// Compare is the comparison of a Compare filter; Value its operand
	// (string, float64 or bool).
	Compare CompareOp
	Value   any
	// FoldCase compares strings case-insensitively.
	FoldCase bool
	// Holds is the answer of a Const filter.
	Holds bool
}

// FilterOp says what kind of node a Filter is.
type FilterOp int

const (
	FilterAnd FilterOp = iota + 1
	FilterOr
	FilterNot
	FilterCompare
	FilterPresent
	// FilterAny holds when some membership of the team satisfies Args[0],
	// whose fields are the Member* fields.
	FilterAny
	// FilterConst always answers Holds.
	FilterConst
)

// CompareOp is a comparison of a field with a value.
type CompareOp string

const (
	CompareEq         CompareOp = "eq"
	CompareNe         CompareOp = "ne"
	CompareContains   CompareOp = "co"
	CompareStartsWith CompareOp = "sw"
	CompareEndsWith   CompareOp = "ew"
	CompareGt         CompareOp = "gt"
	CompareGe         CompareOp = "ge"
	CompareLt         CompareOp = "lt"
	CompareLe         CompareOp = "le"
)

// FilterField is a filterable field of a person, a team or a membership.
type FilterField string

const (
	FieldPersonID         FilterField = "person.id"
	FieldPersonUserName   FilterField = "person.userName"
	FieldPersonExternalID FilterField = "person.externalId"
	FieldPersonName       FilterField = "person.name"
	FieldPersonEmail      FilterField = "person.email"
	FieldPersonTitle      FilterField = "person.title"
	FieldPersonActive     FilterField = "person.active"
	FieldPersonManager    FilterField = "person.manager"

	FieldTeamID         FilterField = "team.id"
	FieldTeamName       FilterField = "team.name"
	FieldTeamExternalID FilterField = "team.externalId"
	FieldTeamKind       FilterField = "team.kind"
	FieldTeamParent     FilterField = "team.parent"
	// FieldTeamMembers is the collection FilterAny ranges over.
	FieldTeamMembers FilterField = "team.members"

	FieldMemberPerson FilterField = "member.person"
	FieldMemberName   FilterField = "member.name"
	FieldMemberRole   FilterField = "member.role"
)

// The constructors below read as the filter they build.

// And holds when every f holds.
func And(f ...Filter) Filter { return Filter{Op: FilterAnd, Args: f} }

// Or holds when some f holds.
func Or(f ...Filter) Filter { return Filter{Op: FilterOr, Args: f} }

// Not holds when f does not.
func Not(f Filter) Filter { return Filter{Op: FilterNot, Args: []Filter{f}} }

// Compare compares field with value; foldCase ignores the case of strings.
func Compare(field FilterField, op CompareOp, value any, foldCase bool) Filter {
	return Filter{Op: FilterCompare, Field: field, Compare: op, Value: value, FoldCase: foldCase}
}

// Present holds when field has a value.
func Present(field FilterField) Filter { return Filter{Op: FilterPresent, Field: field} }

// AnyMember holds when some membership of the team satisfies f.
func AnyMember(f Filter) Filter {
	return Filter{Op: FilterAny, Field: FieldTeamMembers, Args: []Filter{f}}
}

// Const always answers holds.
func Const(holds bool) Filter { return Filter{Op: FilterConst, Holds: holds} }
