package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/internal/testneo4j"
)

// mandateOrg pins SPEC §2.2–§2.9. At qT (2026-06-01):
//   - md-cards is over "Cards" (card), the parent of "Card fee refund" (fee)
//     and "Card block" (block), held by the unit "Cards"; Ann is in its
//     sub-team "Cards back office", Cy in the unit itself, Bo (inactive) in
//     the sub-team.
//   - Ann also holds md-fee-ann (2000) over fee; inactive Bo holds md-fee-bo.
//   - Lending is a three-step chain: md-loan-1 (Dag, unlimited) →
//     md-loan-2 (Eva, 5000) → md-loan-3 (Fia, 2000); Dag also holds
//     md-loan-small (100).
//   - Currency exchange (fx): md-old (Gus) expired on 2026-01-01 and
//     md-old-d (Fia) is delegated from it; md-until (Dag) ends exactly at
//     qT; md-from (Eva) starts exactly at qT; md-later (Cy) starts in 2027.
const mandateOrg = `{
  "people": [
    {"id": "ann", "name": "Ann Lind", "email": "ann@example.org", "title": "Case handler", "manager": "cy"},
    {"id": "bo", "name": "Bo Ek", "active": false},
    {"id": "cy", "name": "Cy Dahl"},
    {"id": "dag", "name": "Dag Holm"},
    {"id": "eva", "name": "Eva Falk"},
    {"id": "fia", "name": "Fia Gran"},
    {"id": "gus", "name": "Gus Hed"}
  ],
  "teams": [
    {"id": "bank", "name": "Bank", "kind": "UNIT"},
    {"id": "cards", "name": "Cards", "kind": "UNIT", "parent": "bank"},
    {"id": "cardsbo", "name": "Cards back office", "kind": "TEAM", "parent": "cards"}
  ],
  "memberships": [
    {"person": "ann", "team": "cardsbo", "role": "MEMBER"},
    {"person": "bo", "team": "cardsbo", "role": "MEMBER"},
    {"person": "cy", "team": "cards", "role": "LEAD"}
  ],
  "matters": [
    {"id": "card", "name": "Cards"},
    {"id": "fee", "name": "Card fee refund", "parent": "card"},
    {"id": "block", "name": "Card block", "parent": "card"},
    {"id": "loan", "name": "Loans"},
    {"id": "fx", "name": "Currency exchange"}
  ],
  "mandates": [
    {"id": "md-cards", "name": "Card fees", "matter": "card", "holder": {"type": "TEAM", "id": "cards"}, "limit": 10000},
    {"id": "md-fee-ann", "name": "Small fee refunds", "matter": "fee", "holder": {"type": "PERSON", "id": "ann"}, "limit": 2000},
    {"id": "md-fee-bo", "name": "Fee refunds", "matter": "fee", "holder": {"type": "PERSON", "id": "bo"}, "limit": 500},
    {"id": "md-loan-1", "name": "Lending", "matter": "loan", "holder": {"type": "PERSON", "id": "dag"}},
    {"id": "md-loan-2", "name": "Lending, regional", "matter": "loan", "holder": {"type": "PERSON", "id": "eva"}, "limit": 5000, "delegatedFrom": "md-loan-1"},
    {"id": "md-loan-3", "name": "Lending, branch", "matter": "loan", "holder": {"type": "PERSON", "id": "fia"}, "limit": 2000, "delegatedFrom": "md-loan-2"},
    {"id": "md-loan-small", "name": "Small loans", "matter": "loan", "holder": {"type": "PERSON", "id": "dag"}, "limit": 100},
    {"id": "md-old", "name": "Old FX desk", "matter": "fx", "holder": {"type": "PERSON", "id": "gus"}, "validUntil": "2026-01-01T00:00:00Z"},
    {"id": "md-old-d", "name": "Old FX desk, delegated", "matter": "fx", "holder": {"type": "PERSON", "id": "fia"}, "delegatedFrom": "md-old"},
    {"id": "md-until", "name": "FX until June", "matter": "fx", "holder": {"type": "PERSON", "id": "dag"}, "validUntil": "2026-06-01T00:00:00Z"},
    {"id": "md-from", "name": "FX from June", "matter": "fx", "holder": {"type": "PERSON", "id": "eva"}, "validFrom": "2026-06-01T00:00:00Z"},
    {"id": "md-later", "name": "FX from 2027", "matter": "fx", "holder": {"type": "PERSON", "id": "cy"}, "validFrom": "2027-01-01T00:00:00Z"}
  ],
  "touchpoints": []
}`

// qT is the instant the questions are asked at, unless a case says otherwise.
var qT = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// qAmount is an amount for a question.
func qAmount(a float64) *float64 { return &a }

// qImport makes the test database's org exactly doc.
func qImport(t *testing.T, st *store.Store, doc string) *graph.Snapshot {
	t.Helper()
	snap := decode(t, doc)
	hImport(t, st, snap)
	return snap
}

// qLimit writes a limit as the cases do: "∞" for unlimited.
func qLimit(l *float64) string {
	if l == nil {
		return "∞"
	}
	return fmt.Sprint(*l)
}

// qGrants writes grants as "md-cards TEAM cards ≤10000, md-fee-ann DIRECT ≤2000".
func qGrants(gs []graph.Grant) string {
	var out []string
	for _, g := range gs {
		s := g.Mandate.ID + " " + string(g.Via)
		if g.Team != nil {
			s += " " + g.Team.ID
		}
		out = append(out, s+" ≤"+qLimit(g.Limit))
	}
	return strings.Join(out, ", ")
}

// qActors writes actors one a line as "ann ≤10000: <grants>".
func qActors(actors []graph.Actor) []string {
	out := []string{}
	for _, a := range actors {
		out = append(out, a.Person.ID+" ≤"+qLimit(a.Limit)+": "+qGrants(a.Grants))
	}
	return out
}

func TestWhoCanAct(t *testing.T) {
	st := testneo4j.Store(t)
	qImport(t, st, mandateOrg)
	ctx := context.Background()

	cases := []struct {
		name   string
		matter string
		amount *float64
		at     time.Time
		want   []string
	}{
		{"a mandate over a parent matter covers the child; a team mandate reaches a sub-team's member, naming the holding team", "block", nil, qT, []string{
			"ann ≤10000: md-cards TEAM cards ≤10000",
			"cy ≤10000: md-cards TEAM cards ≤10000",
		}},
		{"an inactive holder or member never acts; the best limit is the max over grants", "fee", nil, qT, []string{
			"ann ≤10000: md-cards TEAM cards ≤10000, md-fee-ann DIRECT ≤2000",
			"cy ≤10000: md-cards TEAM cards ≤10000",
		}},
		{"the limit is the min along a three-step chain; unlimited wins the best limit", "loan", nil, qT, []string{
			"dag ≤∞: md-loan-1 DIRECT ≤∞, md-loan-small DIRECT ≤100",
			"eva ≤5000: md-loan-2 DIRECT ≤5000",
			"fia ≤2000: md-loan-3 DIRECT ≤2000",
		}},
		{"an amount exactly at the limit is allowed; only grants allowing the amount count", "loan", qAmount(2000), qT, []string{
			"dag ≤∞: md-loan-1 DIRECT ≤∞",
			"eva ≤5000: md-loan-2 DIRECT ≤5000",
			"fia ≤2000: md-loan-3 DIRECT ≤2000",
		}},
		{"an amount just above the limit is not", "loan", qAmount(2000.01), qT, []string{
			"dag ≤∞: md-loan-1 DIRECT ≤∞",
			"eva ≤5000: md-loan-2 DIRECT ≤5000",
		}},
		{"an amount of zero is within any limit", "fee", qAmount(0), qT, []string{
			"ann ≤10000: md-cards TEAM cards ≤10000, md-fee-ann DIRECT ≤2000",
			"cy ≤10000: md-cards TEAM cards ≤10000",
		}},
		{"delegated from an expired source is disabled; validUntil at T is not effective, validFrom at T is", "fx", nil, qT, []string{
			"eva ≤∞: md-from DIRECT ≤∞",
		}},
		{"before the source expired the delegation is effective", "fx", nil, time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), []string{
			"dag ≤∞: md-until DIRECT ≤∞",
			"fia ≤∞: md-old-d DIRECT ≤∞",
			"gus ≤∞: md-old DIRECT ≤∞",
		}},
		{"an instant before validUntil is effective, before validFrom is not", "fx", nil, qT.Add(-time.Second), []string{
			"dag ≤∞: md-until DIRECT ≤∞",
		}},
		{"a mandate not yet valid becomes effective at its validFrom", "fx", nil, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), []string{
			"cy ≤∞: md-later DIRECT ≤∞",
			"eva ≤∞: md-from DIRECT ≤∞",
		}},
		{"an amount above every limit leaves nobody", "block", qAmount(20000), qT, []string{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := st.WhoCanAct(ctx, []string{c.matter}, graph.Question{Amount: c.amount, At: c.at})
			require.NoError(t, err)
			assert.Equal(t, c.want, qActors(got[c.matter]))
		})
	}
}

func TestWhoCanActReturnsWholeEntities(t *testing.T) {
	st := testneo4j.Store(t)
	snap := qImport(t, st, mandateOrg)
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
	qImport(t, st, mandateOrg)
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
	qImport(t, st, routeOrg)
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

func TestCanAct(t *testing.T) {
	st := testneo4j.Store(t)
	qImport(t, st, mandateOrg)
	ctx := context.Background()

	cases := []struct {
		name           string
		person, matter string
		amount         *float64
		at             time.Time
		allowed        bool
		grants         string
		reason         string
	}{
		{"allowed through a team mandate over the parent matter, naming the best grant and counting the others",
			"ann", "fee", qAmount(2000), qT, true, "md-cards TEAM cards ≤10000, md-fee-ann DIRECT ≤2000",
			`Ann Lind can act on "Card fee refund" for 2000: mandate "Card fees" (md-cards) held through team "Cards", effective limit 10000. 1 other grant also allows it.`},
		{"allowed directly with no limit",
			"dag", "loan", nil, qT, true, "md-loan-1 DIRECT ≤∞, md-loan-small DIRECT ≤100",
			`Dag Holm can act on "Loans": mandate "Lending" (md-loan-1) held directly, with no limit. 1 other grant also allows it.`},
		{"an amount exactly at the effective limit is allowed",
			"fia", "loan", qAmount(2000), qT, true, "md-loan-3 DIRECT ≤2000",
			`Fia Gran can act on "Loans" for 2000: mandate "Lending, branch" (md-loan-3) held directly, effective limit 2000.`},
		{"an amount just above the limit is not, naming the mandate and the limit",
			"fia", "loan", qAmount(2000.5), qT, false, "",
			`Fia Gran cannot act on "Loans" for 2000.5: mandate "Lending, branch" (md-loan-3) held directly covers it, but its effective limit is 2000.`},
		{"several limits below the amount: the highest is the explanation, the others are listed",
			"ann", "fee", qAmount(20000), qT, false, "",
			`Ann Lind cannot act on "Card fee refund" for 20000: mandate "Card fees" (md-cards) held through team "Cards" covers it, but its effective limit is 10000. ` +
				`Also: mandate "Small fee refunds" (md-fee-ann) held directly covers it, but its effective limit is 2000.`},
		{"an inactive holder cannot act",
			"bo", "fee", nil, qT, false, "",
			`Bo Ek cannot act on "Card fee refund": Bo Ek is inactive, and an inactive person never acts.`},
		{"no mandate exercised by the person covers the matter",
			"cy", "loan", nil, qT, false, "",
			`Cy Dahl cannot act on "Loans": no mandate Cy Dahl holds, directly or through a team, covers it.`},
		{"delegated from an expired source: the reason names the source and the date",
			"fia", "fx", nil, qT, false, "",
			`Fia Gran cannot act on "Currency exchange": mandate "Old FX desk, delegated" (md-old-d) held directly covers it, but the mandate it is delegated from, "Old FX desk" (md-old), expired on 2026-01-01.`},
		{"validUntil exactly at T: expired",
			"dag", "fx", nil, qT, false, "",
			`Dag Holm cannot act on "Currency exchange": mandate "FX until June" (md-until) held directly covers it, but it expired on 2026-06-01.`},
		{"validFrom exactly at T: effective",
			"eva", "fx", nil, qT, true, "md-from DIRECT ≤∞",
			`Eva Falk can act on "Currency exchange": mandate "FX from June" (md-from) held directly, with no limit.`},
		{"not valid until a later date",
			"cy", "fx", nil, qT, false, "",
			`Cy Dahl cannot act on "Currency exchange": mandate "FX from 2027" (md-later) held directly covers it, but it is not valid until 2027-01-01.`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := st.CanAct(ctx, c.person, c.matter, graph.Question{Amount: c.amount, At: c.at})
			require.NoError(t, err)
			assert.Equal(t, c.allowed, got.Allowed)
			assert.Equal(t, c.grants, qGrants(got.Grants))
			assert.NotNil(t, got.Grants)
			assert.Equal(t, c.reason, got.Reason)
		})
	}
}

func TestActionableMatters(t *testing.T) {
	st := testneo4j.Store(t)
	qImport(t, st, mandateOrg)
	ctx := context.Background()

	cases := []struct {
		name   string
		person string
		amount *float64
		at     time.Time
		want   []string // "matter ≤best: grants"
	}{
		{"a covered matter expands to its descendants, each with its grants and best limit", "ann", nil, qT, []string{
			"block ≤10000: md-cards TEAM cards ≤10000",
			"card ≤10000: md-cards TEAM cards ≤10000",
			"fee ≤10000: md-cards TEAM cards ≤10000, md-fee-ann DIRECT ≤2000",
		}},
		{"an amount above a grant's limit drops that grant", "ann", qAmount(5000), qT, []string{
			"block ≤10000: md-cards TEAM cards ≤10000",
			"card ≤10000: md-cards TEAM cards ≤10000",
			"fee ≤10000: md-cards TEAM cards ≤10000",
		}},
		{"unlimited wins the best limit", "dag", nil, qT, []string{
			"loan ≤∞: md-loan-1 DIRECT ≤∞, md-loan-small DIRECT ≤100",
		}},
		{"a mandate whose source expired gives nothing", "fia", nil, qT, []string{
			"loan ≤2000: md-loan-3 DIRECT ≤2000",
		}},
		{"an inactive person can act on nothing", "bo", nil, qT, []string{}},
		{"a person with no mandate can act on nothing", "gus", nil, qT, []string{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := st.ActionableMatters(ctx, c.person, graph.Question{Amount: c.amount, At: c.at})
			require.NoError(t, err)
			lines := []string{}
			for _, mg := range got {
				lines = append(lines, mg.Matter.ID+" ≤"+qLimit(mg.Limit)+": "+qGrants(mg.Grants))
			}
			assert.Equal(t, c.want, lines)
		})
	}
	got, err := st.ActionableMatters(ctx, "ann", graph.Question{At: qT})
	require.NoError(t, err)
	assert.Equal(t, graph.Matter{ID: "fee", Name: "Card fee refund", Parent: qPtr("card")}, got[2].Matter, "matters come whole")
}

func qPtr[T any](v T) *T { return &v }

// routeOrg pins SPEC §2.11. Who can act on what:
//   - refund: Max and Ada (members of the staffing team "First line"), Pia
//     (who staffs the phone directly, up to 100; her manager is Max) and Sub
//     (in "Night shift", a sub-team of "First line"): chat is 2 hops from
//     Ada and Max, phone 1 from Pia and 2 from Max.
//   - complaint: Ida only. Email is staffed by Ola, whose manager Kim is
//     inactive; Ida is Kim's manager and in "CX", the parent of Ola's team
//     "CX north": the route must go round Kim, through the teams.
//   - escalated: Jon only, who reports to inactive Kim and is in no team:
//     unreachable from email.
//   - mortgage: Eli only, who staffs the expert line (escalated to from the
//     branch, which Pia also staffs) and is in no team: unreachable from the
//     phone, since a route never goes back into a touchpoint through its
//     staff.
//   - night: Sub only.
//
// Web escalates to chat, which escalates back to web (a cycle); loop-a and
// loop-b escalate to each other and have no staff; faq has neither staff
// nor escalation; old is staffed by inactive Kim only.
const routeOrg = `{
  "people": [
    {"id": "ada", "name": "Ada Ahl"},
    {"id": "max", "name": "Max Berg"},
    {"id": "lea", "name": "Lea Carr"},
    {"id": "sub", "name": "Sub Dahl"},
    {"id": "pia", "name": "Pia Ek", "manager": "max"},
    {"id": "ola", "name": "Ola Falk", "manager": "kim"},
    {"id": "kim", "name": "Kim Gran", "manager": "ida", "active": false},
    {"id": "ida", "name": "Ida Holm"},
    {"id": "jon", "name": "Jon Ito", "manager": "kim"},
    {"id": "eli", "name": "Eli Jung"}
  ],
  "teams": [
    {"id": "support", "name": "Support", "kind": "UNIT"},
    {"id": "l1", "name": "First line", "kind": "TEAM", "parent": "support"},
    {"id": "night", "name": "Night shift", "kind": "TEAM", "parent": "l1"},
    {"id": "cx", "name": "CX", "kind": "UNIT"},
    {"id": "cx-north", "name": "CX north", "kind": "UNIT", "parent": "cx"}
  ],
  "memberships": [
    {"person": "max", "team": "l1", "role": "MEMBER"},
    {"person": "ada", "team": "l1", "role": "MEMBER"},
    {"person": "lea", "team": "l1", "role": "LEAD"},
    {"person": "sub", "team": "night", "role": "MEMBER"},
    {"person": "ola", "team": "cx-north", "role": "MEMBER"},
    {"person": "ida", "team": "cx", "role": "LEAD"}
  ],
  "matters": [
    {"id": "refund", "name": "Refund"},
    {"id": "complaint", "name": "Complaint"},
    {"id": "escalated", "name": "Escalated complaint"},
    {"id": "mortgage", "name": "Mortgage"},
    {"id": "night", "name": "Night matters"}
  ],
  "mandates": [
    {"id": "md-refund-max", "name": "Refunds", "matter": "refund", "holder": {"type": "PERSON", "id": "max"}},
    {"id": "md-refund-ada", "name": "Refunds", "matter": "refund", "holder": {"type": "PERSON", "id": "ada"}},
    {"id": "md-refund-pia", "name": "Refunds", "matter": "refund", "holder": {"type": "PERSON", "id": "pia"}, "limit": 100},
    {"id": "md-refund-night", "name": "Refunds", "matter": "refund", "holder": {"type": "TEAM", "id": "night"}},
    {"id": "md-night", "name": "Night matters", "matter": "night", "holder": {"type": "PERSON", "id": "sub"}},
    {"id": "md-complaint", "name": "Complaints", "matter": "complaint", "holder": {"type": "PERSON", "id": "ida"}},
    {"id": "md-escalated", "name": "Escalations", "matter": "escalated", "holder": {"type": "PERSON", "id": "jon"}},
    {"id": "md-mortgage", "name": "Mortgages", "matter": "mortgage", "holder": {"type": "PERSON", "id": "eli"}}
  ],
  "touchpoints": [
    {"id": "tp-web", "name": "Web", "channel": "WEB", "selfService": true, "staffedBy": [], "escalatesTo": ["tp-chat"], "handles": []},
    {"id": "tp-chat", "name": "Chat", "channel": "CHAT", "selfService": false, "staffedBy": [{"type": "TEAM", "id": "l1"}], "escalatesTo": ["tp-web"],
     "handles": [{"matter": "refund", "volume": 100, "selfServiceRate": 0}]},
    {"id": "tp-phone", "name": "Phone", "channel": "PHONE", "selfService": false, "staffedBy": [{"type": "PERSON", "id": "pia"}], "escalatesTo": [], "handles": []},
    {"id": "tp-branch", "name": "Branch", "channel": "BRANCH", "selfService": false, "staffedBy": [{"type": "PERSON", "id": "pia"}], "escalatesTo": ["tp-expert"], "handles": []},
    {"id": "tp-expert", "name": "Expert line", "channel": "PHONE", "selfService": false, "staffedBy": [{"type": "PERSON", "id": "eli"}], "escalatesTo": [], "handles": []},
    {"id": "tp-email", "name": "Email", "channel": "EMAIL", "selfService": false, "staffedBy": [{"type": "PERSON", "id": "ola"}], "escalatesTo": [], "handles": []},
    {"id": "tp-old", "name": "Old desk", "channel": "OTHER", "selfService": false, "staffedBy": [{"type": "PERSON", "id": "kim"}], "escalatesTo": [], "handles": []},
    {"id": "tp-loop-a", "name": "Loop A", "channel": "APP", "selfService": true, "staffedBy": [], "escalatesTo": ["tp-loop-b"], "handles": []},
    {"id": "tp-loop-b", "name": "Loop B", "channel": "APP", "selfService": true, "staffedBy": [], "escalatesTo": ["tp-loop-a"], "handles": []},
    {"id": "tp-faq", "name": "FAQ", "channel": "WEB", "selfService": true, "staffedBy": [], "escalatesTo": [], "handles": []}
  ]
}`

func TestCustomerDistance(t *testing.T) {
	st := testneo4j.Store(t)
	qImport(t, st, routeOrg)
	ctx := context.Background()

	cases := []struct {
		name               string
		touchpoint, matter string
		amount             *float64
		path               []string // "Kind:id", touchpoint first; nil: no route
	}{
		{"a front-line person who can act is 1 hop", "tp-phone", "refund", nil,
			[]string{"Touchpoint:tp-phone", "Person:pia"}},
		{"via a staffing team 2 hops, the smallest id among the nearest", "tp-chat", "refund", nil,
			[]string{"Touchpoint:tp-chat", "Team:l1", "Person:ada"}},
		{"an amount above the front-line person's limit goes on to their manager", "tp-phone", "refund", qAmount(1000),
			[]string{"Touchpoint:tp-phone", "Person:pia", "Person:max"}},
		{"a member of a sub-team of a staffing team is one team further", "tp-chat", "night", nil,
			[]string{"Touchpoint:tp-chat", "Team:l1", "Team:night", "Person:sub"}},
		{"escalation cycles terminate, with the right distance", "tp-web", "refund", nil,
			[]string{"Touchpoint:tp-web", "Touchpoint:tp-chat", "Team:l1", "Person:ada"}},
		{"an inactive manager makes the route go round", "tp-email", "complaint", nil,
			[]string{"Touchpoint:tp-email", "Person:ola", "Team:cx-north", "Team:cx", "Person:ida"}},
		{"an inactive manager cuts the only route", "tp-email", "escalated", nil, nil},
		{"a touchpoint staffed only by an inactive person reaches nobody", "tp-old", "complaint", nil, nil},
		{"a route never enters a touchpoint through its staff", "tp-phone", "mortgage", nil, nil},
		{"escalation reaches the staff of the touchpoint escalated to", "tp-branch", "mortgage", nil,
			[]string{"Touchpoint:tp-branch", "Touchpoint:tp-expert", "Person:eli"}},
		{"an escalation cycle without staff reaches nobody", "tp-loop-a", "refund", nil, nil},
		{"self-service with no staff and no escalation reaches nobody", "tp-faq", "refund", nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := st.CustomerDistance(ctx, c.touchpoint, c.matter, graph.Question{Amount: c.amount, At: qT})
			require.NoError(t, err)
			if c.path == nil {
				assert.Nil(t, got)
				return
			}
			require.NotNil(t, got)
			var path []string
			for _, n := range got.Path {
				path = append(path, hNode(n))
			}
			assert.Equal(t, c.path, path)
			assert.Equal(t, len(c.path)-1, got.Hops)
			assert.Equal(t, strings.TrimPrefix(c.path[len(c.path)-1], "Person:"), got.Actor.ID)
		})
	}

	// The route's nodes come whole.
	got, err := st.CustomerDistance(ctx, "tp-web", "refund", graph.Question{At: qT})
	require.NoError(t, err)
	require.NotNil(t, got)
	require.Len(t, got.Path, 4)
	assert.Equal(t, &graph.Touchpoint{ID: "tp-web", Name: "Web", Channel: graph.ChannelWeb, SelfService: true, EscalatesTo: []string{"tp-chat"}}, got.Path[0])
	assert.Equal(t, &graph.Team{ID: "l1", Name: "First line", Kind: graph.TeamKindTeam, Parent: qPtr("support")}, got.Path[2])
	assert.Equal(t, graph.Person{ID: "ada", Name: "Ada Ahl", Active: true}, got.Actor)
}

func TestMandateStatus(t *testing.T) {
	st := testneo4j.Store(t)
	qImport(t, st, mandateOrg)
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
