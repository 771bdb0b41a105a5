package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/internal/testneo4j"
)

// scenarioOrg imports smallOrg (see import_test.go) and opens a scenario
// over it.
func scenarioOrg(t *testing.T) (*store.Store, *graph.Scenario) {
	t.Helper()
	st := testneo4j.Store(t)
	_, err := st.Import(context.Background(), decode(t, smallOrg), graph.ImportReplace, nil)
	require.NoError(t, err)
	sc, err := st.CreateScenario(context.Background(), "Give the phone the refunds", nil, "planner")
	require.NoError(t, err)
	return st, sc
}

// feeRefundsToAnn hands md2 (Bo's fee refunds, Bo inactive) to Ann.
func feeRefundsToAnn() graph.ScenarioStep {
	lim := 500.0
	src := "md1"
	return graph.ScenarioStep{Upsert: graph.Snapshot{Mandates: []graph.Mandate{{ID: "md2", Name: "Fee refunds", Matter: "fee",
		Holder: graph.Holder{Type: graph.HolderPerson, ID: "ann"}, Limit: &lim, DelegatedFrom: &src}}}}
}

var scenarioAt = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func actorIDs(actors []graph.Actor) []string {
	out := []string{}
	for _, a := range actors {
		out = append(out, a.Person.ID)
	}
	return out
}

func TestScenarioAnswersAsIfAppliedAndLiveStaysAsItIs(t *testing.T) {
	st, sc := scenarioOrg(t)
	ctx := context.Background()
	q := graph.Question{At: scenarioAt, Amount: qAmount(400)}

	changed, err := st.ChangeScenario(ctx, sc.ID, feeRefundsToAnn(), "planner")
	require.NoError(t, err)
	require.Len(t, changed.Steps, 1)
	assert.Equal(t, 1, changed.Steps[0].Seq)
	assert.Equal(t, "planner", changed.Steps[0].By)

	inside := store.InScenario(ctx, sc.ID)
	got, err := st.WhoCanAct(inside, []string{"fee"}, q)
	require.NoError(t, err)
	assert.Equal(t, []string{"ann"}, actorIDs(got["fee"]), "inside the scenario Ann holds md2 as well as md1 through Cards")

	got, err = st.WhoCanAct(ctx, []string{"fee"}, q)
	require.NoError(t, err)
	assert.Equal(t, []string{"ann"}, actorIDs(got["fee"]), "live: Ann through Cards only")
	mds, err := st.Mandates(ctx, []string{"md2"})
	require.NoError(t, err)
	assert.Equal(t, "bo", mds["md2"].Holder.ID, "the live org keeps md2 with Bo")
	mds, err = st.Mandates(inside, []string{"md2"})
	require.NoError(t, err)
	assert.Equal(t, "ann", mds["md2"].Holder.ID, "a lookup inside the scenario sees the step")
}

func TestScenarioStepRefusedLeavesScenarioAsItWas(t *testing.T) {
	st, sc := scenarioOrg(t)
	ctx := context.Background()
	_, err := st.ChangeScenario(ctx, sc.ID, feeRefundsToAnn(), "planner")
	require.NoError(t, err)

	wide := 20000.0
	ceoUnder := "bo"
	tests := []struct {
		name  string
		step  graph.ScenarioStep
		paths []string
	}{
		{"a manager cycle", graph.ScenarioStep{Upsert: graph.Snapshot{People: []graph.Person{{ID: "ceo", Name: "Ingrid Berg", Manager: &ceoUnder, Active: true}}}},
			[]string{"upsert.people[0].manager"}},
		{"a dangling reference", graph.ScenarioStep{Delete: []graph.EntityKey{{Type: graph.EntityMatter, ID: "fee"}}},
			[]string{`existing.mandates["md2"].matter`, `existing.touchpoints["phone"].handles[0].matter`, `existing.touchpoints["web"].handles[0].matter`}},
		{"a delegated limit widened above its source, laid over the earlier step", func() graph.ScenarioStep {
			s := feeRefundsToAnn()
			s.Upsert.Mandates[0].Limit = &wide
			return s
		}(), []string{"upsert.mandates[0].limit"}},
		{"a removal of what is not there", graph.ScenarioStep{RemoveMemberships: []graph.MembershipKey{{Person: "ann", Team: "squad"}}},
			[]string{"removeMemberships[0]"}},
		{"an entity upserted and removed in one step", graph.ScenarioStep{
			Upsert: graph.Snapshot{Matters: []graph.Matter{{ID: "new", Name: "New"}}},
			Delete: []graph.EntityKey{{Type: graph.EntityMatter, ID: "new"}}}, []string{"delete[0]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := st.ChangeScenario(ctx, sc.ID, tt.step, "planner")
			require.Error(t, err)
			var e *graph.Error
			require.ErrorAs(t, err, &e)
			require.Equal(t, graph.CodeBadInput, e.Code, err.Error())
			var paths []string
			for _, p := range e.Problems {
				paths = append(paths, p.Path)
			}
			assert.ElementsMatch(t, tt.paths, paths, err.Error())

			after, err := st.Scenarios(ctx, []string{sc.ID})
			require.NoError(t, err)
			assert.Len(t, after[sc.ID].Steps, 1, "the refused step is not added")
		})
	}
}

func TestScenarioLifecycle(t *testing.T) {
	st, sc := scenarioOrg(t)
	ctx := context.Background()
	_, err := st.ChangeScenario(ctx, sc.ID, feeRefundsToAnn(), "planner")
	require.NoError(t, err)
	undone, err := st.UndoScenarioStep(ctx, sc.ID)
	require.NoError(t, err)
	assert.Empty(t, undone.Steps)
	_, err = st.UndoScenarioStep(ctx, sc.ID)
	assert.Equal(t, graph.CodeBadInput, graph.ErrorCode(err), "nothing left to undo")

	list, err := st.ListScenarios(ctx, nil)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, graph.ScenarioOpen, list[0].Status)

	discarded, err := st.DiscardScenario(ctx, sc.ID)
	require.NoError(t, err)
	assert.Equal(t, graph.ScenarioDiscarded, discarded.Status)
	_, err = st.ChangeScenario(ctx, sc.ID, feeRefundsToAnn(), "planner")
	assert.Equal(t, graph.CodeBadInput, graph.ErrorCode(err), "a discarded scenario takes no step")
	_, err = st.WhoCanAct(store.InScenario(ctx, sc.ID), []string{"fee"}, graph.Question{At: scenarioAt})
	assert.Equal(t, graph.CodeBadInput, graph.ErrorCode(err), "nor questions")
	_, err = st.WhoCanAct(store.InScenario(ctx, "sc-nope"), []string{"fee"}, graph.Question{At: scenarioAt})
	assert.Equal(t, graph.CodeNotFound, graph.ErrorCode(err))
	open := graph.ScenarioOpen
	list, err = st.ListScenarios(ctx, &open)
	require.NoError(t, err)
	assert.Empty(t, list)
}

func TestScenarioConflicts(t *testing.T) {
	ctx := context.Background()
	newMatter := graph.ScenarioStep{Upsert: graph.Snapshot{Matters: []graph.Matter{{ID: "chargeback", Name: "Chargeback"}}}}
	tests := []struct {
		name   string
		step   graph.ScenarioStep
		live   graph.Change
		entity graph.EntityKey
		gone   bool // the live state is absent now
	}{
		{"a live update of an entity the step overwrites", feeRefundsToAnn(),
			graph.Change{Put: graph.Snapshot{Mandates: []graph.Mandate{{ID: "md2", Name: "Fee refunds, renamed", Matter: "fee",
				Holder: graph.Holder{Type: graph.HolderPerson, ID: "bo"}, Limit: qAmount(500), DelegatedFrom: qPtr("md1")}}}},
			graph.EntityKey{Type: graph.EntityMandate, ID: "md2"}, false},
		{"a live delete of an entity the step overwrites", feeRefundsToAnn(),
			graph.Change{Remove: graph.Removal{Mandates: []string{"md2"}}},
			graph.EntityKey{Type: graph.EntityMandate, ID: "md2"}, true},
		{"a live create of an id the step creates", newMatter,
			graph.Change{Put: graph.Snapshot{Matters: []graph.Matter{{ID: "chargeback", Name: "Chargebacks (live)"}}}},
			graph.EntityKey{Type: graph.EntityMatter, ID: "chargeback"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, sc := scenarioOrg(t)
			_, err := st.ChangeScenario(ctx, sc.ID, tt.step, "planner")
			require.NoError(t, err)
			conflicts, err := st.ScenarioConflicts(ctx, []graph.Scenario{*sc})
			require.NoError(t, err)
			require.Empty(t, conflicts[sc.ID], "conflicts of the scenario as created (no steps)")
			stored, err := st.Scenarios(ctx, []string{sc.ID})
			require.NoError(t, err)
			conflicts, err = st.ScenarioConflicts(ctx, []graph.Scenario{stored[sc.ID]})
			require.NoError(t, err)
			require.Empty(t, conflicts[sc.ID], "no conflict before the live org moves")

			_, err = st.Apply(ctx, tt.live)
			require.NoError(t, err)
			conflicts, err = st.ScenarioConflicts(ctx, []graph.Scenario{stored[sc.ID]})
			require.NoError(t, err)
			require.Len(t, conflicts[sc.ID], 1)
			c := conflicts[sc.ID][0]
			assert.Equal(t, 1, c.Step)
			assert.Equal(t, tt.entity, c.Entity)
			assert.Equal(t, tt.gone, c.Live == nil, "live state now: %s", c.Live)

			// Undone and made again, the step assumes the live org as it is.
			_, err = st.UndoScenarioStep(ctx, sc.ID)
			require.NoError(t, err)
			redone, err := st.ChangeScenario(ctx, sc.ID, tt.step, "planner")
			require.NoError(t, err)
			conflicts, err = st.ScenarioConflicts(ctx, []graph.Scenario{*redone})
			require.NoError(t, err)
			assert.Empty(t, conflicts[sc.ID])
		})
	}
}

func TestApplyScenarioRefusedWhileConflictsThenApplied(t *testing.T) {
	ctx := context.Background()
	newMatter := graph.ScenarioStep{Upsert: graph.Snapshot{Matters: []graph.Matter{{ID: "chargeback", Name: "Chargeback", Parent: qPtr("card")}}}}
	tests := []struct {
		name string
		step graph.ScenarioStep
		live graph.Change
	}{
		{"a live update", feeRefundsToAnn(), graph.Change{Put: graph.Snapshot{Mandates: []graph.Mandate{{ID: "md2", Name: "Renamed live", Matter: "fee",
			Holder: graph.Holder{Type: graph.HolderPerson, ID: "bo"}, Limit: qAmount(500), DelegatedFrom: qPtr("md1")}}}}},
		{"a live delete", feeRefundsToAnn(), graph.Change{Remove: graph.Removal{Mandates: []string{"md2"}}}},
		{"a live create of an id the scenario creates", newMatter, graph.Change{Put: graph.Snapshot{Matters: []graph.Matter{{ID: "chargeback", Name: "Chargebacks (live)"}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, sc := scenarioOrg(t)
			_, err := st.ChangeScenario(ctx, sc.ID, tt.step, "planner")
			require.NoError(t, err)
			_, err = st.Apply(ctx, tt.live)
			require.NoError(t, err)
			before, err := st.ReadOrg(ctx)
			require.NoError(t, err)

			_, err = st.ApplyScenario(ctx, sc.ID, nil, "")
			require.Equal(t, graph.CodeConflict, graph.ErrorCode(err), "%v", err)
			after, err := st.ReadOrg(ctx)
			require.NoError(t, err)
			require.Equal(t, sortedOrg(before), sortedOrg(after), "a refused apply writes nothing")

			_, err = st.UndoScenarioStep(ctx, sc.ID)
			require.NoError(t, err)
			_, err = st.ChangeScenario(ctx, sc.ID, tt.step, "planner")
			require.NoError(t, err)
			inside, err := st.ReadOrg(store.InScenario(ctx, sc.ID))
			require.NoError(t, err)
			report, err := st.ApplyScenario(ctx, sc.ID, nil, "")
			require.NoError(t, err)
			assert.Positive(t, report.Created+report.Updated)
			applied, err := st.ReadOrg(ctx)
			require.NoError(t, err)
			require.Equal(t, sortedOrg(inside), sortedOrg(applied), "the live org becomes what the scenario showed")

			got, err := st.Scenarios(ctx, []string{sc.ID})
			require.NoError(t, err)
			assert.Equal(t, graph.ScenarioApplied, got[sc.ID].Status)
			_, err = st.ApplyScenario(ctx, sc.ID, nil, "")
			assert.Equal(t, graph.CodeBadInput, graph.ErrorCode(err), "applied once")
		})
	}
}

// sortedOrg is org with every list in id order, for comparing two reads of
// one org (the database answers in its own order).
func sortedOrg(org *graph.Snapshot) *graph.Snapshot {
	s := *org
	s.People = slices.SortedFunc(slices.Values(org.People), func(a, b graph.Person) int { return strings.Compare(a.ID, b.ID) })
	s.Teams = slices.SortedFunc(slices.Values(org.Teams), func(a, b graph.Team) int { return strings.Compare(a.ID, b.ID) })
	s.Memberships = slices.SortedFunc(slices.Values(org.Memberships), func(a, b graph.Membership) int {
		return strings.Compare(a.Person+"\x00"+a.Team, b.Person+"\x00"+b.Team)
	})
	s.Matters = slices.SortedFunc(slices.Values(org.Matters), func(a, b graph.Matter) int { return strings.Compare(a.ID, b.ID) })
	s.Mandates = slices.SortedFunc(slices.Values(org.Mandates), func(a, b graph.Mandate) int { return strings.Compare(a.ID, b.ID) })
	s.Touchpoints = slices.SortedFunc(slices.Values(org.Touchpoints), func(a, b graph.Touchpoint) int { return strings.Compare(a.ID, b.ID) })
	return &s
}
