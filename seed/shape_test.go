package seed

import (
	"fmt"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// Helpers that measure the shape of a snapshot, for the demo and synth tests.

// chainDepth is the length, counted in entities, of the longest chain of
// parent links among ids; parent maps an id to its parent ("" for none).
func chainDepth(ids []string, parent map[string]string) int {
	deepest := 0
	for _, id := range ids {
		n := 1
		for p := parent[id]; p != ""; p = parent[p] {
			n++
		}
		deepest = max(deepest, n)
	}
	return deepest
}

// unitDepth is the longest chain of UNIT teams linked by parent, in teams.
func unitDepth(s *graph.Snapshot) int {
	var ids []string
	parent := map[string]string{}
	for _, t := range s.Teams {
		if t.Kind == graph.TeamKindUnit {
			ids = append(ids, t.ID)
			if t.Parent != nil {
				parent[t.ID] = *t.Parent
			}
		}
	}
	return chainDepth(ids, parent)
}

// matterDepth is the longest chain of matters linked by parent, in matters.
func matterDepth(s *graph.Snapshot) int {
	var ids []string
	parent := map[string]string{}
	for _, m := range s.Matters {
		ids = append(ids, m.ID)
		if m.Parent != nil {
			parent[m.ID] = *m.Parent
		}
	}
	return chainDepth(ids, parent)
}

// delegationSteps maps each mandate to the number of delegation steps from
// its root mandate (0 for a mandate not delegated).
func delegationSteps(s *graph.Snapshot) map[string]int {
	source := map[string]string{}
	for _, m := range s.Mandates {
		if m.DelegatedFrom != nil {
			source[m.ID] = *m.DelegatedFrom
		}
	}
	steps := map[string]int{}
	for _, m := range s.Mandates {
		for at := source[m.ID]; at != ""; at = source[at] {
			steps[m.ID]++
		}
	}
	return steps
}

func maxValue(m map[string]int) int {
	best := 0
	for _, v := range m {
		best = max(best, v)
	}
	return best
}

// childUnits counts the child units of each UNIT team that has any.
func childUnits(s *graph.Snapshot) map[string]int {
	kids := map[string]int{}
	for _, t := range s.Teams {
		if t.Kind == graph.TeamKindUnit && t.Parent != nil {
			kids[*t.Parent]++
		}
	}
	return kids
}

// directReports counts the direct reports, active or not, of each person
// who has any.
func directReports(s *graph.Snapshot) map[string]int {
	reports := map[string]int{}
	for _, p := range s.People {
		if p.Manager != nil {
			reports[*p.Manager]++
		}
	}
	return reports
}

func minMax(m map[string]int) (lo, hi int) {
	first := true
	for _, v := range m {
		if first || v < lo {
			lo = v
		}
		if first || v > hi {
			hi = v
		}
		first = false
	}
	return lo, hi
}

func teamKinds(s *graph.Snapshot) map[string]graph.TeamKind {
	kinds := map[string]graph.TeamKind{}
	for _, t := range s.Teams {
		kinds[t.ID] = t.Kind
	}
	return kinds
}

// unitsOf maps each person to the UNIT teams they are a member of.
func unitsOf(s *graph.Snapshot) map[string][]string {
	kinds := teamKinds(s)
	units := map[string][]string{}
	for _, m := range s.Memberships {
		if kinds[m.Team] == graph.TeamKindUnit {
			units[m.Person] = append(units[m.Person], m.Team)
		}
	}
	return units
}

// teamUnits maps each TEAM team to the set of units its members belong to.
func teamUnits(s *graph.Snapshot) map[string]map[string]bool {
	kinds := teamKinds(s)
	units := unitsOf(s)
	out := map[string]map[string]bool{}
	for _, t := range s.Teams {
		if t.Kind == graph.TeamKindTeam {
			out[t.ID] = map[string]bool{}
		}
	}
	for _, m := range s.Memberships {
		if kinds[m.Team] == graph.TeamKindTeam {
			for _, u := range units[m.Person] {
				out[m.Team][u] = true
			}
		}
	}
	return out
}

// teamsPerPerson counts each person's TEAM memberships.
func teamsPerPerson(s *graph.Snapshot) map[string]int {
	kinds := teamKinds(s)
	n := map[string]int{}
	for _, m := range s.Memberships {
		if kinds[m.Team] == graph.TeamKindTeam {
			n[m.Person]++
		}
	}
	return n
}

// unitLeads maps each UNIT team to its LEAD members.
func unitLeads(s *graph.Snapshot) map[string][]string {
	kinds := teamKinds(s)
	leads := map[string][]string{}
	for _, m := range s.Memberships {
		if kinds[m.Team] == graph.TeamKindUnit && m.Role == graph.RoleLead {
			leads[m.Team] = append(leads[m.Team], m.Person)
		}
	}
	return leads
}

// hierarchyMismatches lists the people whose manager is not the one the
// unit hierarchy implies (the lead of their unit; for a lead, the lead of the
// parent unit; nobody for the top unit's lead), and the people not in
// exactly one unit and units without exactly one lead. Empty when the
// managers follow the hierarchy.
func hierarchyMismatches(s *graph.Snapshot) []string {
	units, leads := unitsOf(s), unitLeads(s)
	parent := map[string]string{}
	for _, t := range s.Teams {
		if t.Parent != nil {
			parent[t.ID] = *t.Parent
		}
	}
	var out []string
	for _, t := range s.Teams {
		if t.Kind == graph.TeamKindUnit && len(leads[t.ID]) != 1 {
			out = append(out, fmt.Sprintf("unit %s has %d leads", t.ID, len(leads[t.ID])))
		}
	}
	for _, p := range s.People {
		if len(units[p.ID]) != 1 {
			out = append(out, fmt.Sprintf("%s is in %d units", p.ID, len(units[p.ID])))
			continue
		}
		unit, want := units[p.ID][0], ""
		switch lead := leads[unit]; {
		case len(lead) != 1:
			continue
		case lead[0] != p.ID:
			want = lead[0]
		case parent[unit] != "" && len(leads[parent[unit]]) == 1:
			want = leads[parent[unit]][0]
		}
		got := ""
		if p.Manager != nil {
			got = *p.Manager
		}
		if got != want {
			out = append(out, fmt.Sprintf("%s reports to %q, not %q", p.ID, got, want))
		}
	}
	return out
}

// windows counts mandates whose window ended by `at` and those whose
// window starts after `at`.
func windows(s *graph.Snapshot, at time.Time) (expired, future int) {
	for _, m := range s.Mandates {
		if m.ValidUntil != nil && !at.Before(*m.ValidUntil) {
			expired++
		}
		if m.ValidFrom != nil && m.ValidFrom.After(at) {
			future++
		}
	}
	return expired, future
}
