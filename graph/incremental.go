package graph

import (
	"slices"
	"strconv"
	"strings"
)

// Neighborhood is the part of an organization that deciding one change
// needs, so that a write costs what it touches rather than the whole org.
// The store reads it (see store's planWrite); PlanAround then gives the
// same plan and the same problems as Apply and Diff over the whole org
// would, provided the whole org is valid and the neighborhood holds:
//
//   - the current state of every entity the change puts or removes, every
//     membership it puts or removes, and every membership of a person or
//     team it removes;
//   - every entity the change's own entities refer to, with the whole chain
//     above each manager, team parent, matter parent, delegation source and
//     mandate matter it names;
//   - the Subjects: every other entity whose validity the change can alter
//     (one that refers to a removed entity; a mandate below a mandate whose
//     limit, source or matter changes; a delegated mandate whose matter lies
//     below a matter that moves or goes, with its source's matter outside;
//     a person whose userName a put person takes, regardless of case), and
//     for each, what it refers to, with the chains above its matter and its
//     delegation source, and the matter of every mandate on that chain.
//
// Everything else in it is context: its own problems, which come from what
// the neighborhood leaves out, are not the change's and are dropped.
type Neighborhood struct {
	Org      Snapshot
	Subjects Subjects
	// Size is the number of entities of the whole org, memberships
	// included: the report counts every untouched one as unchanged.
	Size int
}

// Subjects names, by id, entities of a neighborhood besides the change's
// own whose validity the change can alter.
type Subjects struct {
	People, Teams, Matters, Mandates, Touchpoints map[string]bool
}

// section is the set of subjects of a snapshot section ("people", …).
func (s Subjects) section(name string) map[string]bool {
	switch name {
	case "people":
		return s.People
	case "teams":
		return s.Teams
	case "matters":
		return s.Matters
	case "mandates":
		return s.Mandates
	case "touchpoints":
		return s.Touchpoints
	}
	return nil
}

// PlanAround validates c against the neighborhood n and plans it, as
// Apply and Diff over the whole org would: the problems the change's own
// entities and its subjects have, and on none, the plan, its report
// counting the untouched rest of the org as unchanged.
func PlanAround(n Neighborhood, c Change) (Plan, []Problem) {
	after, problems := Apply(&n.Org, c)
	problems = slices.DeleteFunc(problems, func(p Problem) bool { return !n.concerns(p.Path) })
	if len(problems) > 0 {
		return Plan{}, problems
	}
	plan := Diff(&n.Org, after)
	plan.Report.Unchanged = n.Size - plan.Report.Deleted - plan.Report.Updated
	return plan, nil
}

// concerns reports whether a problem at path is the change's: one in the
// change itself (a path into c, or "remove.…") or at a subject. Apply names
// an entity it kept from the base `existing.<section>["<id>"]`.
func (n Neighborhood) concerns(path string) bool {
	rest, ok := strings.CutPrefix(path, "existing.")
	if !ok {
		return true
	}
	section, rest, ok := strings.Cut(rest, "[")
	if !ok {
		return false
	}
	quoted, err := strconv.QuotedPrefix(rest)
	if err != nil {
		return false
	}
	id, err := strconv.Unquote(quoted)
	return err == nil && n.Subjects.section(section)[id]
}
