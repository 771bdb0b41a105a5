package store

import (
	"fmt"
	"strings"

	"github.com/orgnet/orgnet/graph"
)

// compiledFilter is a graph.Filter as a Cypher predicate and its parameters.
// The predicate's text is assembled only from the fixed fragments below,
// chosen by the filter's shape; every value the caller gave is a parameter
// ($f0, $f1, …). A caller's text never becomes query text.
type compiledFilter struct {
	where  string
	params map[string]any
}

// fieldExpr is the Cypher expression of each filterable field, over the
// variables the directory queries bind: p (a person), t (a team), and
// inside a FilterAny, _mp and _mr (a member and the membership).
var fieldExpr = map[graph.FilterField]string{
	graph.FieldPersonID:         "p.id",
	graph.FieldPersonUserName:   "p.userName",
	graph.FieldPersonExternalID: "p.externalId",
	graph.FieldPersonName:       "p.name",
	graph.FieldPersonEmail:      "p.email",
	graph.FieldPersonTitle:      "p.title",
	graph.FieldPersonActive:     "coalesce(p.active, true)",
	graph.FieldPersonManager:    "[(p)-[:REPORTS_TO]->(_boss:Person) | _boss.id][0]",

	graph.FieldTeamID:         "t.id",
	graph.FieldTeamName:       "t.name",
	graph.FieldTeamExternalID: "t.externalId",
	graph.FieldTeamKind:       "t.kind",
	graph.FieldTeamParent:     "[(t)-[:PART_OF]->(_up:Team) | _up.id][0]",

	graph.FieldMemberPerson: "_mp.id",
	graph.FieldMemberName:   "_mp.name",
	graph.FieldMemberRole:   "_mr.role",
}

// foldedExpr is the case-folded form of a field kept folded in the store:
// userName's fold is a property of its own (written with the person and
// indexed), so that a case-insensitive eq, the lookup identity tools make
// before every create, is an index seek.
var foldedExpr = map[graph.FilterField]string{
	graph.FieldPersonUserName: "p.userNameKey",
}

var compareCypher = map[graph.CompareOp]string{
	graph.CompareEq:         "=",
	graph.CompareNe:         "=", // negated below
	graph.CompareContains:   "CONTAINS",
	graph.CompareStartsWith: "STARTS WITH",
	graph.CompareEndsWith:   "ENDS WITH",
	graph.CompareGt:         ">",
	graph.CompareGe:         ">=",
	graph.CompareLt:         "<",
	graph.CompareLe:         "<=",
}

// compileFilter compiles f for a query over the entity whose fields it
// names. A nil filter matches everything.
//
// Comparisons follow two-valued logic: an absent field compares false, so
// "ne" and "not" hold for it. Cypher's null propagates, which in a WHERE
// reads as false; that is already two-valued for and/or, so only where a
// negation would turn null into null again is the operand coalesced.
// Positive comparisons stay bare so that the planner can use indexes.
func compileFilter(f *graph.Filter) (compiledFilter, error) {
	c := compiledFilter{params: map[string]any{}}
	if f == nil {
		c.where = "true"
		return c, nil
	}
	var b strings.Builder
	if err := c.compile(&b, *f, false, 0); err != nil {
		return compiledFilter{}, err
	}
	c.where = b.String()
	return c, nil
}

func (c *compiledFilter) param(v any) string {
	name := fmt.Sprintf("f%d", len(c.params))
	c.params[name] = v
	return "$" + name
}

func (c *compiledFilter) compile(b *strings.Builder, f graph.Filter, inAny bool, depth int) error {
	if depth > 64 {
		return fmt.Errorf("filter: nested deeper than 64")
	}
	switch f.Op {
	case graph.FilterAnd, graph.FilterOr:
		if len(f.Args) == 0 {
			return fmt.Errorf("filter: %v with no operands", f.Op)
		}
		join := " AND "
		if f.Op == graph.FilterOr {
			join = " OR "
		}
		b.WriteString("(")
		for i, a := range f.Args {
			if i > 0 {
				b.WriteString(join)
			}
			if err := c.compile(b, a, inAny, depth+1); err != nil {
				return err
			}
		}
		b.WriteString(")")
	case graph.FilterNot:
		if len(f.Args) != 1 {
			return fmt.Errorf("filter: not with %d operands", len(f.Args))
		}
		b.WriteString("(NOT coalesce(")
		if err := c.compile(b, f.Args[0], inAny, depth+1); err != nil {
			return err
		}
		b.WriteString(", false))")
	case graph.FilterConst:
		if f.Holds {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case graph.FilterPresent:
		expr, err := c.field(f.Field, inAny)
		if err != nil {
			return err
		}
		// Present means a non-empty value (RFC 7644 §3.4.2.2); an empty
		// string is as good as none.
		fmt.Fprintf(b, "(%[1]s IS NOT NULL AND toString(%[1]s) <> '')", expr)
	case graph.FilterCompare:
		return c.compare(b, f, inAny)
	case graph.FilterAny:
		if inAny || len(f.Args) != 1 || f.Field != graph.FieldTeamMembers {
			return fmt.Errorf("filter: a membership condition must stand alone over a team's members")
		}
		b.WriteString("EXISTS { MATCH (_mp:Person)-[_mr:MEMBER_OF]->(t) WHERE ")
		if err := c.compile(b, f.Args[0], true, depth+1); err != nil {
			return err
		}
		b.WriteString(" }")
	default:
		return fmt.Errorf("filter: unknown operation %d", f.Op)
	}
	return nil
}

func (c *compiledFilter) field(field graph.FilterField, inAny bool) (string, error) {
	expr, ok := fieldExpr[field]
	if !ok {
		return "", fmt.Errorf("filter: unknown field %q", field)
	}
	if member := strings.HasPrefix(string(field), "member."); member != inAny {
		return "", fmt.Errorf("filter: field %q outside its collection", field)
	}
	return expr, nil
}

func (c *compiledFilter) compare(b *strings.Builder, f graph.Filter, inAny bool) error {
	expr, err := c.field(f.Field, inAny)
	if err != nil {
		return err
	}
	op, ok := compareCypher[f.Compare]
	if !ok {
		return fmt.Errorf("filter: unknown comparison %q", f.Compare)
	}
	value := f.Value
	switch v := value.(type) {
	case string:
		if f.FoldCase {
			value = graph.FoldCase(v)
			if folded, ok := foldedExpr[f.Field]; ok {
				expr = folded
			} else {
				expr = "toLower(" + expr + ")"
			}
		}
	case float64, bool:
		if f.Compare == graph.CompareContains || f.Compare == graph.CompareStartsWith || f.Compare == graph.CompareEndsWith {
			return fmt.Errorf("filter: %s compares strings only", f.Compare)
		}
	default:
		return fmt.Errorf("filter: a value of type %T", value)
	}
	cmp := fmt.Sprintf("%s %s %s", expr, op, c.param(value))
	if f.Compare == graph.CompareNe {
		cmp = "(NOT coalesce(" + cmp + ", false))"
	}
	b.WriteString(cmp)
	return nil
}
