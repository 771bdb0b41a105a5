package store_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
)

var planner = graph.Principal{Name: "planner", Role: graph.PlannerRole}

// entityJSON is v as the change log records it.
func entityJSON(t *testing.T, v any) json.RawMessage {
	t.Helper()
	b, err := graph.EntityJSON(v)
	require.NoError(t, err)
	return b
}

func mandateOf(t *testing.T, org *graph.Snapshot, id string) graph.Mandate {
	t.Helper()
	for _, md := range org.Mandates {
		if md.ID == id {
			return md
		}
	}
	t.Fatalf("no mandate %q", id)
	return graph.Mandate{}
}

func scenarioStatus(t *testing.T, st *store.Store, id string) graph.ScenarioStatus {
	t.Helper()
	got, err := st.Scenarios(context.Background(), []string{id})
	require.NoError(t, err)
	return got[id].Status
}

func TestApplyScenarioRecordsOneChangeViaScenario(t *testing.T) {
	st, sc := scenarioOrg(t)
	ctx := graph.NewContextWithPrincipal(context.Background(), admin)
	// Three steps: md2 handed to Ann, a new matter, the new matter renamed.
	// Their net change is one update and one creation.
	for _, step := range []graph.ScenarioStep{
		feeRefundsToAnn(),
		{Upsert: graph.Snapshot{Matters: []graph.Matter{{ID: "chargeback", Name: "Chargeback", Parent: qPtr("card")}}}},
		{Upsert: graph.Snapshot{Matters: []graph.Matter{{ID: "chargeback", Name: "Chargebacks", Parent: qPtr("card")}}}},
	} {
		_, err := st.ChangeScenario(ctx, sc.ID, step, "planner")
		require.NoError(t, err)
	}
	before, err := st.ReadOrg(ctx)
	require.NoError(t, err)
	v0, err := st.OrgVersion(ctx)
	require.NoError(t, err)
	logged := len(changesOf(t, st))

	out, err := st.ApplyScenario(ctx, sc.ID, version(v0), "apply-1")
	require.NoError(t, err)
	assert.Equal(t, []int{1, 1, 0}, []int{out.Created, out.Updated, out.Deleted})
	assert.Equal(t, v0+1, out.Version, "one change, one version")
	require.NotEmpty(t, out.ChangeID)

	changes := changesOf(t, st)
	require.Len(t, changes, logged+1, "exactly one change recorded")
	c := changes[0]
	assert.Equal(t, out.ChangeID, c.ID)
	assert.Equal(t, graph.ViaScenario, c.Via)
	assert.Equal(t, admin, c.Principal, "the principal who applied it")
	assert.Equal(t, []int{1, 1, 0, 2}, []int{c.Created, c.Updated, c.Deleted, c.EntryCount})
	after, err := st.ReadOrg(ctx)
	require.NoError(t, err)
	entries := entriesOf(t, st, c)
	for i := range entries {
		entries[i].Version, entries[i].Seq = 0, 0
	}
	assert.Equal(t, []graph.ChangeEntry{
		{Type: graph.EntityMatter, ID: "chargeback", Op: graph.OpCreate,
			After: entityJSON(t, graph.Matter{ID: "chargeback", Name: "Chargebacks", Parent: qPtr("card")})},
		{Type: graph.EntityMandate, ID: "md2", Op: graph.OpUpdate,
			Before: entityJSON(t, mandateOf(t, before, "md2")), After: entityJSON(t, mandateOf(t, after, "md2"))},
	}, entries, "the steps' net change, each entity before and after")
	assert.Equal(t, "ann", mandateOf(t, after, "md2").Holder.ID)
	assert.Equal(t, graph.ScenarioApplied, scenarioStatus(t, st, sc.ID), "marked applied with the write")

	// The same key again answers the first outcome and writes nothing.
	again, err := st.ApplyScenario(ctx, sc.ID, version(v0), "apply-1")
	require.NoError(t, err)
	assert.True(t, again.Replayed)
	assert.Equal(t, out.ChangeID, again.ChangeID)
	assert.Len(t, changesOf(t, st), logged+1)

	// Another apply is refused: the scenario is no longer open.
	_, err = st.ApplyScenario(ctx, sc.ID, nil, "")
	assert.Equal(t, graph.CodeBadInput, graph.ErrorCode(err), "%v", err)
	assert.Len(t, changesOf(t, st), logged+1)
}

func TestApplyScenarioRefusedWritesNothing(t *testing.T) {
	tests := []struct {
		name string
		// setup prepares the scenario (one step, feeRefundsToAnn, already
		// made) and answers the context and ifVersion to apply it with.
		setup    func(t *testing.T, st *store.Store, id string) (context.Context, *int64)
		id       string // when not the scenario's
		wantCode graph.Code
		status   graph.ScenarioStatus // the scenario's after the refusal
	}{
		{"a stale ifVersion is a conflict", func(t *testing.T, st *store.Store, id string) (context.Context, *int64) {
			v, err := st.OrgVersion(context.Background())
			require.NoError(t, err)
			return graph.NewContextWithPrincipal(context.Background(), admin), version(v - 1)
		}, "", graph.CodeConflict, graph.ScenarioOpen},
		{"a conflict with the live org refuses it", func(t *testing.T, st *store.Store, id string) (context.Context, *int64) {
			_, err := st.Apply(context.Background(), graph.Change{Remove: graph.Removal{Mandates: []string{"md2"}}})
			require.NoError(t, err)
			return graph.NewContextWithPrincipal(context.Background(), admin), nil
		}, "", graph.CodeConflict, graph.ScenarioOpen},
		{"a planner may not apply", func(t *testing.T, st *store.Store, id string) (context.Context, *int64) {
			return graph.NewContextWithPrincipal(context.Background(), planner), nil
		}, "", graph.CodeForbidden, graph.ScenarioOpen},
		{"a discarded scenario is not applied", func(t *testing.T, st *store.Store, id string) (context.Context, *int64) {
			_, err := st.DiscardScenario(context.Background(), id)
			require.NoError(t, err)
			return graph.NewContextWithPrincipal(context.Background(), admin), nil
		}, "", graph.CodeBadInput, graph.ScenarioDiscarded},
		{"an unknown scenario is not found", func(t *testing.T, st *store.Store, id string) (context.Context, *int64) {
			return graph.NewContextWithPrincipal(context.Background(), admin), nil
		}, "no-such-scenario", graph.CodeNotFound, graph.ScenarioOpen},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, sc := scenarioOrg(t)
			_, err := st.ChangeScenario(context.Background(), sc.ID, feeRefundsToAnn(), "planner")
			require.NoError(t, err)
			ctx, ifVersion := tt.setup(t, st, sc.ID)
			before, err := st.ReadOrg(ctx)
			require.NoError(t, err)
			logged := changesOf(t, st)
			id := sc.ID
			if tt.id != "" {
				id = tt.id
			}

			_, err = st.ApplyScenario(ctx, id, ifVersion, "")
			require.Error(t, err)
			assert.Equal(t, tt.wantCode, graph.ErrorCode(err), "%v", err)
			after, err := st.ReadOrg(ctx)
			require.NoError(t, err)
			assert.Equal(t, sortedOrg(before), sortedOrg(after), "the live org unchanged")
			assert.Equal(t, logged, changesOf(t, st), "no change recorded")
			assert.Equal(t, tt.status, scenarioStatus(t, st, sc.ID))
		})
	}
}

func TestApplyScenarioThatChangesNothingIsMarkedAppliedWithNoChange(t *testing.T) {
	st, sc := scenarioOrg(t)
	ctx := graph.NewContextWithPrincipal(context.Background(), admin)
	// md2 handed to Ann and back to Bo: the net change is nothing.
	_, err := st.ChangeScenario(ctx, sc.ID, feeRefundsToAnn(), "planner")
	require.NoError(t, err)
	org, err := st.ReadOrg(ctx)
	require.NoError(t, err)
	_, err = st.ChangeScenario(ctx, sc.ID, graph.ScenarioStep{Upsert: graph.Snapshot{Mandates: []graph.Mandate{mandateOf(t, org, "md2")}}}, "planner")
	require.NoError(t, err)
	v0, err := st.OrgVersion(ctx)
	require.NoError(t, err)
	logged := len(changesOf(t, st))

	out, err := st.ApplyScenario(ctx, sc.ID, version(v0), "")
	require.NoError(t, err)
	assert.Empty(t, out.ChangeID, "a write that changes nothing records no change")
	assert.Equal(t, v0, out.Version)
	assert.Len(t, changesOf(t, st), logged)
	assert.Equal(t, graph.ScenarioApplied, scenarioStatus(t, st, sc.ID))
}
