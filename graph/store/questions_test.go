package store_test

// The store's mechanics of the questions of docs/questions.md: whole entities in
// answers, round trips, errors. What the answers are is pinned by the rule
// cases (internal/oracle/testdata/rules, run by rules_test.go) and the
// randomized tests.

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/internal/oracle/rulecase"
	"github.com/orgnet/orgnet/internal/testneo4j"
)

// qT is the instant the questions are asked at, the rule cases' own.
var qT = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// qAmount is an amount for a question.
func qAmount(a float64) *float64 { return &a }

// qImport makes the test database's org exactly the org of a rule-case
// file's first document: who-can-act.yaml pins docs/questions.md §2.2–§2.9,
// customer-distance.yaml §2.11.
func qImport(t *testing.T, st *store.Store, file string) *graph.Snapshot {
	t.Helper()
	snap := ruleOrg(t, file, 1)
	hImport(t, st, snap)
	return snap
}

// qActors writes actors one a line, as the rule cases do.
func qActors(actors []graph.Actor) []string {
	out := []string{}
	for _, a := range actorsOf(actors) {
		out = append(out, rulecase.FormatActor(a))
	}
	return out
}

func TestWhoCanActReturnsWholeEntities(t *testing.T) {
	st := testneo4j.Store(t)
	snap := qImport(t, st, "who-can-act.yaml")
	got, err := st.WhoCanAct(context.Background(), []string{"fee"}, graph.Question{At: qT})
	require.NoError(t, err)
	require.NotEmpty(t, got["fee"])

	person := func(id string) graph.Person {
		return *qFind(snap.People, func(p graph.Person) bool { return p.ID == id })
	}
	mandate := func(id string) graph.Mandate {
		return *qFind(snap.Mandates, func(m graph.Mandate) bool { return m.ID == id })
	}
	team := func(id string) *graph.Team { return qFind(snap.Teams, func(t graph.Team) bool { return t.ID == id }) }
	want := graph.Actor{Person: person("ann"), Limit: qAmount(10000), Grants: []graph.Grant{
		{Mandate: mandate("md-cards"), Via: graph.ViaTeam, Team: team("cards"), Limit: qAmount(10000)},
		{Mandate: mandate("md-fee-ann"), Via: graph.ViaDirect, Limit: qAmount(2000)},
	}}
	assert.Equal(t, want, got["fee"][0])
	assert.Equal(t, "cy", *got["fee"][0].Person.Manager, "the person comes whole, manager included")
	assert.Equal(t, "bank", *got["fee"][0].Grants[0].Team.Parent, "the team comes whole, parent included")
}

func qFind[T any](xs []T, ok func(T) bool) *T {
	for i := range xs {
		if ok(xs[i]) {
			return &xs[i]
		}
	}
	return nil
}

func TestWhoCanActIsOneRoundTripForManyMatters(t *testing.T) {
	st := testneo4j.Store(t)
	qImport(t, st, "who-can-act.yaml")
	ctx, trips := store.CountRoundTrips(context.Background())

	got, err := st.WhoCanAct(ctx, []string{"block", "fee", "loan", "fx", "card", "fee"}, graph.Question{At: qT, Amount: qAmount(2000)})
	require.NoError(t, err)
	assert.Equal(t, int64(1), trips.Load())
	assert.Equal(t, map[string][]string{
		"block": {"ann ≤10000: md-cards TEAM cards ≤10000", "cy ≤10000: md-cards TEAM cards ≤10000"},
		"card":  {"ann ≤10000: md-cards TEAM cards ≤10000", "cy ≤10000: md-cards TEAM cards ≤10000"},
		"fee":   {"ann ≤10000: md-cards TEAM cards ≤10000, md-fee-ann DIRECT ≤2000", "cy ≤10000: md-cards TEAM cards ≤10000"},
		"loan":  {"dag ≤∞: md-loan-1 DIRECT ≤∞", "eva ≤5000: md-loan-2 DIRECT ≤5000", "fia ≤2000: md-loan-3 DIRECT ≤2000"},
		"fx":    {"eva ≤∞: md-from DIRECT ≤∞"},
	}, map[string][]string{
		"block": qActors(got["block"]), "card": qActors(got["card"]), "fee": qActors(got["fee"]),
		"loan": qActors(got["loan"]), "fx": qActors(got["fx"]),
	})
	assert.Len(t, got, 5)
}

func TestQuestionErrors(t *testing.T) {
	st := testneo4j.Store(t)
	qImport(t, st, "customer-distance.yaml")
	ctx := context.Background()
	q := graph.Question{At: qT}
	neg := graph.Question{At: qT, Amount: qAmount(-1)}

	cases := []struct {
		name string
		ask  func() error
		code graph.Code
		says string
	}{
		{"whoCanAct of an unknown matter, the first of several", func() error {
			_, err := st.WhoCanAct(ctx, []string{"refund", "nope-1", "nope-2"}, q)
			return err
		}, graph.CodeNotFound, `matter "nope-1"`},
		{"whoCanAct with a negative amount", func() error { _, err := st.WhoCanAct(ctx, []string{"refund"}, neg); return err }, graph.CodeBadInput, "amount"},
		{"canAct of an unknown person", func() error { _, err := st.CanAct(ctx, "nope", "refund", q); return err }, graph.CodeNotFound, `person "nope"`},
		{"canAct of an unknown matter", func() error { _, err := st.CanAct(ctx, "max", "nope", q); return err }, graph.CodeNotFound, `matter "nope"`},
		{"canAct with a negative amount", func() error { _, err := st.CanAct(ctx, "max", "refund", neg); return err }, graph.CodeBadInput, "amount"},
		{"actionableMatters of an unknown person", func() error { _, err := st.ActionableMatters(ctx, "nope", q); return err }, graph.CodeNotFound, `person "nope"`},
		{"actionableMatters with a negative amount", func() error { _, err := st.ActionableMatters(ctx, "max", neg); return err }, graph.CodeBadInput, "amount"},
		{"customerDistance from an unknown touchpoint", func() error { _, err := st.CustomerDistance(ctx, "nope", "refund", q); return err }, graph.CodeNotFound, `touchpoint "nope"`},
		{"customerDistance to an unknown matter", func() error { _, err := st.CustomerDistance(ctx, "tp-chat", "nope", q); return err }, graph.CodeNotFound, `matter "nope"`},
		{"customerDistance with a negative amount", func() error { _, err := st.CustomerDistance(ctx, "tp-chat", "refund", neg); return err }, graph.CodeBadInput, "amount"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.ask()
			require.Error(t, err)
			assert.Equal(t, c.code, graph.ErrorCode(err))
			assert.Contains(t, err.Error(), c.says)
		})
	}
}

func TestCanActListsGrantsEvenWhenNone(t *testing.T) {
	st := testneo4j.Store(t)
	qImport(t, st, "who-can-act.yaml")
	for _, person := range []string{"ann", "bo", "cy"} { // allowed, inactive, no mandate
		d, err := st.CanAct(context.Background(), person, "fee", graph.Question{At: qT, Amount: qAmount(5000)})
		require.NoError(t, err)
		assert.NotNil(t, d.Grants, "%s: an empty list, never null", person)
		assert.NotEmpty(t, d.Reason, person)
	}
}

func TestActionableMattersReturnsWholeMatters(t *testing.T) {
	st := testneo4j.Store(t)
	qImport(t, st, "who-can-act.yaml")
	got, err := st.ActionableMatters(context.Background(), "ann", graph.Question{At: qT})
	require.NoError(t, err)
	require.Len(t, got, 3)
	assert.Equal(t, graph.Matter{ID: "fee", Name: "Card fee refund", Parent: qPtr("card")}, got[2].Matter, "matters come whole")
}

func qPtr[T any](v T) *T { return &v }

func TestCustomerDistanceReturnsWholeEntities(t *testing.T) {
	st := testneo4j.Store(t)
	qImport(t, st, "customer-distance.yaml")
	got, err := st.CustomerDistance(context.Background(), "tp-web", "refund", graph.Question{At: qT})
	require.NoError(t, err)
	require.NotNil(t, got)
	require.Len(t, got.Path, 4)
	assert.Equal(t, 3, got.Hops)
	assert.Equal(t, &graph.Touchpoint{ID: "tp-web", Name: "Web", Channel: graph.ChannelWeb, SelfService: true, EscalatesTo: []string{"tp-chat"}}, got.Path[0])
	assert.Equal(t, &graph.Team{ID: "l1", Name: "First line", Kind: graph.TeamKindTeam, Parent: qPtr("support")}, got.Path[2])
	assert.Equal(t, graph.Person{ID: "ada", Name: "Ada Ahl", Active: true}, got.Actor)
}

func TestMandateStatus(t *testing.T) {
	st := testneo4j.Store(t)
	qImport(t, st, "who-can-act.yaml")
	ctx, trips := store.CountRoundTrips(context.Background())

	got, err := st.MandateStatus(ctx, []string{"md-loan-1", "md-loan-3", "md-old", "md-old-d", "md-until", "md-from", "nope"}, qT)
	require.NoError(t, err)
	assert.Equal(t, int64(1), trips.Load())
	assert.Equal(t, map[string]graph.MandateStatus{
		"md-loan-1": {EffectiveLimit: nil, Effective: true},
		"md-loan-3": {EffectiveLimit: qAmount(2000), Effective: true},
		"md-old":    {Effective: false},
		"md-old-d":  {Effective: false},
		"md-until":  {Effective: false},
		"md-from":   {Effective: true},
	}, got)
}
