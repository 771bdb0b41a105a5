package graph_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/orgnet/orgnet/graph"
)

// TestPlanAroundKeepsTheChangesProblemsOnly: the neighborhood holds
// entities whose references lead out of it; their problems are not the
// change's. Those of the change's own entities, of its removals and of the
// subjects are, whatever their ids are made of.
func TestPlanAroundKeepsTheChangesProblemsOnly(t *testing.T) {
	odd := `a "quoted"] id.with [dots`
	n := graph.Neighborhood{
		Org: graph.Snapshot{People: []graph.Person{
			{ID: "boss", Name: "Boss", Active: true, Manager: ptrTo("outside")}, // context: its manager was not read
			{ID: odd, Name: "Odd", Active: true, Manager: ptrTo("gone")},        // a subject
			{ID: "gone", Name: "Gone", Active: true},
			{ID: "other", Name: "Other", Active: true, Manager: ptrTo("gone")}, // context, wrongly left out of the subjects
		}},
		Subjects: graph.Subjects{People: map[string]bool{odd: true}},
		Size:     100,
	}
	c := graph.Change{
		Put:    graph.Snapshot{People: []graph.Person{{ID: "new", Name: "New", Active: true, Manager: ptrTo("nobody")}}},
		Remove: graph.Removal{People: []string{"gone", "never"}},
	}
	plan, problems := graph.PlanAround(n, c)
	assert.Equal(t, graph.Plan{}, plan)
	assert.ElementsMatch(t, []graph.Problem{
		{Path: "remove.people[1]", Message: `"never" does not exist`},
		{Path: "people[0].manager", Message: `person "nobody" does not exist`},
		{Path: `existing.people["a \"quoted\"] id.with [dots"].manager`, Message: `person "gone" does not exist`},
	}, problems)
}

// TestPlanAroundCountsTheWholeOrg: the report counts every entity of the
// org the change leaves alone as unchanged, read or not.
func TestPlanAroundCountsTheWholeOrg(t *testing.T) {
	n := graph.Neighborhood{
		Org: graph.Snapshot{
			People:      []graph.Person{{ID: "a", Name: "A", Active: true}, {ID: "b", Name: "B", Active: true}, {ID: "c", Name: "C", Active: true}},
			Teams:       []graph.Team{{ID: "t", Name: "T", Kind: graph.TeamKindUnit}},
			Memberships: []graph.Membership{{Person: "c", Team: "t", Role: graph.RoleMember}},
		},
		Size: 1000,
	}
	c := graph.Change{
		Put: graph.Snapshot{
			People:      []graph.Person{{ID: "a", Name: "A2", Active: true}, {ID: "b", Name: "B", Active: true}, {ID: "d", Name: "D", Active: true}},
			Memberships: []graph.Membership{{Person: "d", Team: "t", Role: graph.RoleLead}},
		},
		Remove: graph.Removal{People: []string{"c"}},
	}
	plan, problems := graph.PlanAround(n, c)
	assert.Empty(t, problems)
	// Created: d and its membership; updated: a; deleted: c and its
	// membership; the other 1000 - 3 are unchanged, b among them.
	assert.Equal(t, graph.ImportReport{Created: 2, Updated: 1, Deleted: 2, Unchanged: 997}, plan.Report)
	assert.Equal(t, []string{"c"}, plan.Delete.People)
	assert.Equal(t, []graph.Membership{{Person: "c", Team: "t"}}, plan.Delete.Memberships)
	assert.Equal(t, []graph.Person{{ID: "a", Name: "A", Active: true}, {ID: "c", Name: "C", Active: true}}, plan.Before.People)
}

// FuzzPlanAroundKeepsSubjects: whatever an id is made of, a problem Apply
// reports at an existing entity is kept when that entity is a subject and
// dropped when it is context.
func FuzzPlanAroundKeepsSubjects(f *testing.F) {
	for _, id := range []string{"p1", `a "quoted" id`, `x].y[`, "日本", "\xff\xfe", "", " ", `\"`, "existing.people[\"p\"]"} {
		f.Add(id)
	}
	f.Fuzz(func(t *testing.T, id string) {
		if id == "gone" {
			return
		}
		org := graph.Snapshot{People: []graph.Person{
			{ID: id, Name: "Reports to the one removed", Active: true, Manager: ptrTo("gone")},
			{ID: "gone", Name: "Removed", Active: true},
		}}
		c := graph.Change{Remove: graph.Removal{People: []string{"gone"}}}
		_, all := graph.Apply(&org, c)
		if len(all) == 0 {
			t.Fatalf("removing %q's manager gave no problem", id)
		}

		_, kept := graph.PlanAround(graph.Neighborhood{Org: org, Subjects: graph.Subjects{People: map[string]bool{id: true}}, Size: 2}, c)
		assert.Equal(t, all, kept, "the subject's problems")
		_, dropped := graph.PlanAround(graph.Neighborhood{Org: org, Size: 2}, c)
		assert.Empty(t, dropped, "the context's problems")
	})
}
