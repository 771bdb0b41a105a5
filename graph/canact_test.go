package graph_test

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/orgnet/orgnet/graph"
)

// The decision of canAct (docs/questions.md §2.7) and the words of its reason, on
// candidates made by hand: the store's query only finds them.

var (
	decideAt     = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	decideAnn    = graph.Person{ID: "ann", Name: "Ann Lind", Active: true}
	decideMatter = graph.Matter{ID: "fee", Name: "Card fee refund"}
	decideCards  = graph.Team{ID: "cards", Name: "Cards", Kind: graph.TeamKindUnit}
)

func onDay(s string) *time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &t
}

func upTo(f float64) *float64 { return &f }

// direct is a grant of a mandate the person holds themself.
func directGrant(id, name string, lim *float64) graph.Grant {
	return graph.Grant{Mandate: graph.Mandate{ID: id, Name: name}, Via: graph.ViaDirect, Limit: lim}
}

// viaTeam is a grant of a mandate held by team.
func teamGrant(id, name string, team graph.Team, lim *float64) graph.Grant {
	return graph.Grant{Mandate: graph.Mandate{ID: id, Name: name}, Via: graph.ViaTeam, Team: &team, Limit: lim}
}

// inForce is a candidate whose chain is the mandate alone, in its window.
func inForce(g graph.Grant) graph.Candidate {
	return graph.Candidate{Grant: g, Chain: []graph.ChainLink{{ID: g.Mandate.ID, Name: g.Mandate.Name, InWindow: true}}}
}

// chained is a candidate with the delegation chain links (the mandate
// first).
func chained(g graph.Grant, links ...graph.ChainLink) graph.Candidate {
	return graph.Candidate{Grant: g, Chain: links}
}

func linkInWindow(id, name string) graph.ChainLink {
	return graph.ChainLink{ID: id, Name: name, InWindow: true}
}

func expiredOn(id, name, until string) graph.ChainLink {
	return graph.ChainLink{ID: id, Name: name, ValidUntil: onDay(until)}
}

func validFromOn(id, name, from string) graph.ChainLink {
	return graph.ChainLink{ID: id, Name: name, ValidFrom: onDay(from)}
}

func grantIDs(gs []graph.Grant) []string {
	ids := []string{}
	for _, g := range gs {
		ids = append(ids, g.Mandate.ID)
	}
	return ids
}

func TestDecide(t *testing.T) {
	cases := []struct {
		name    string
		person  graph.Person
		cands   []graph.Candidate
		amount  *float64
		allowed bool
		grants  []string // mandate ids of the allowing grants, in answer order
		reason  string
	}{
		{"allowed: the best grant has the highest limit, and 1 other is counted",
			decideAnn, []graph.Candidate{
				inForce(directGrant("md-fee-ann", "Small fee refunds", upTo(2000))),
				inForce(teamGrant("md-cards", "Card fees", decideCards, upTo(10000))),
			}, upTo(2000), true, []string{"md-cards", "md-fee-ann"},
			`Ann Lind can act on "Card fee refund" for 2000: mandate "Card fees" (md-cards) held through team "Cards", effective limit 10000. 1 other grant also allows it.`},
		{"allowed: an unlimited grant is the best, and several others are counted",
			decideAnn, []graph.Candidate{
				inForce(directGrant("md-a", "Small", upTo(100))),
				inForce(directGrant("md-b", "Any", nil)),
				inForce(directGrant("md-c", "Medium", upTo(500))),
			}, nil, true, []string{"md-a", "md-b", "md-c"},
			`Ann Lind can act on "Card fee refund": mandate "Any" (md-b) held directly, with no limit. 2 other grants also allow it.`},
		{"allowed alone: an amount exactly at the effective limit, no others to count",
			decideAnn, []graph.Candidate{inForce(directGrant("md-a", "Refunds", upTo(2000)))}, upTo(2000), true, []string{"md-a"},
			`Ann Lind can act on "Card fee refund" for 2000: mandate "Refunds" (md-a) held directly, effective limit 2000.`},
		{"allowed: only grants in force whose limit allows the amount are granting and counted",
			decideAnn, []graph.Candidate{
				inForce(directGrant("md-low", "Low", upTo(10))),
				chained(directGrant("md-old", "Old", nil), expiredOn("md-old", "Old", "2026-01-01")),
				inForce(directGrant("md-ok", "Enough", upTo(50))),
			}, upTo(20), true, []string{"md-ok"},
			`Ann Lind can act on "Card fee refund" for 20: mandate "Enough" (md-ok) held directly, effective limit 50.`},
		{"an inactive person never acts, whatever they hold",
			graph.Person{ID: "bo", Name: "Bo Ek"}, []graph.Candidate{inForce(directGrant("md-a", "Refunds", nil))}, nil, false, nil,
			`Bo Ek cannot act on "Card fee refund": Bo Ek is inactive, and an inactive person never acts.`},
		{"no mandate the person exercises covers the matter",
			decideAnn, nil, nil, false, nil,
			`Ann Lind cannot act on "Card fee refund": no mandate Ann Lind holds, directly or through a team, covers it.`},
		{"limit too low: the highest limit explains, the others are listed",
			decideAnn, []graph.Candidate{
				inForce(directGrant("md-fee-ann", "Small fee refunds", upTo(2000))),
				inForce(teamGrant("md-cards", "Card fees", decideCards, upTo(10000))),
			}, upTo(20000), false, nil,
			`Ann Lind cannot act on "Card fee refund" for 20000: mandate "Card fees" (md-cards) held through team "Cards" covers it, but its effective limit is 10000. ` +
				`Also: mandate "Small fee refunds" (md-fee-ann) held directly covers it, but its effective limit is 2000.`},
		{"limit too low with more than three others: three are listed, the rest counted",
			decideAnn, []graph.Candidate{
				inForce(directGrant("md-1", "One", upTo(1))), inForce(directGrant("md-2", "Two", upTo(2))),
				inForce(directGrant("md-3", "Three", upTo(3))), inForce(directGrant("md-4", "Four", upTo(4))),
				inForce(directGrant("md-5", "Five", upTo(5))),
			}, upTo(12.5), false, nil,
			`Ann Lind cannot act on "Card fee refund" for 12.5: mandate "Five" (md-5) held directly covers it, but its effective limit is 5. ` +
				`Also: mandate "Four" (md-4) held directly covers it, but its effective limit is 4; ` +
				`mandate "Three" (md-3) held directly covers it, but its effective limit is 3; ` +
				`mandate "Two" (md-2) held directly covers it, but its effective limit is 2; and 1 more.`},
		{"limits tied: the first grant in grant order explains",
			decideAnn, []graph.Candidate{inForce(directGrant("md-b", "B", upTo(5))), inForce(directGrant("md-a", "A", upTo(5)))}, upTo(6), false, nil,
			`Ann Lind cannot act on "Card fee refund" for 6: mandate "A" (md-a) held directly covers it, but its effective limit is 5. ` +
				`Also: mandate "B" (md-b) held directly covers it, but its effective limit is 5.`},
		{"the mandate itself expired",
			decideAnn, []graph.Candidate{chained(directGrant("md-until", "FX until June", nil), expiredOn("md-until", "FX until June", "2026-06-01"))}, nil, false, nil,
			`Ann Lind cannot act on "Card fee refund": mandate "FX until June" (md-until) held directly covers it, but it expired on 2026-06-01.`},
		{"the mandate itself is not valid yet",
			decideAnn, []graph.Candidate{chained(directGrant("md-later", "FX from 2027", nil), validFromOn("md-later", "FX from 2027", "2027-01-01"))}, nil, false, nil,
			`Ann Lind cannot act on "Card fee refund": mandate "FX from 2027" (md-later) held directly covers it, but it is not valid until 2027-01-01.`},
		{"the mandate it is delegated from expired",
			decideAnn, []graph.Candidate{chained(directGrant("md-old-d", "Old FX desk, delegated", nil),
				linkInWindow("md-old-d", "Old FX desk, delegated"), expiredOn("md-old", "Old FX desk", "2026-01-01"))}, nil, false, nil,
			`Ann Lind cannot act on "Card fee refund": mandate "Old FX desk, delegated" (md-old-d) held directly covers it, but the mandate it is delegated from, "Old FX desk" (md-old), expired on 2026-01-01.`},
		{"a source further up the delegation chain is not valid yet",
			decideAnn, []graph.Candidate{chained(directGrant("md-c", "Desk", nil),
				linkInWindow("md-c", "Desk"), linkInWindow("md-b", "Branch"), validFromOn("md-a", "Bank", "2027-01-01"))}, nil, false, nil,
			`Ann Lind cannot act on "Card fee refund": mandate "Desk" (md-c) held directly covers it, but "Bank" (md-a), further up its delegation chain, is not valid until 2027-01-01.`},
		{"the nearest lapse along the chain explains",
			decideAnn, []graph.Candidate{chained(directGrant("md-c", "Desk", nil),
				linkInWindow("md-c", "Desk"), expiredOn("md-b", "Branch", "2026-02-01"), expiredOn("md-a", "Bank", "2026-01-01"))}, nil, false, nil,
			`Ann Lind cannot act on "Card fee refund": mandate "Desk" (md-c) held directly covers it, but the mandate it is delegated from, "Branch" (md-b), expired on 2026-02-01.`},
		{"a lapse with no date is not in force",
			decideAnn, []graph.Candidate{chained(directGrant("md-x", "X", nil), graph.ChainLink{ID: "md-x", Name: "X"})}, nil, false, nil,
			`Ann Lind cannot act on "Card fee refund": mandate "X" (md-x) held directly covers it, but it is not in force.`},
		{"an instant that is not midnight UTC is written in full",
			decideAnn, []graph.Candidate{chained(directGrant("md-x", "X", nil),
				graph.ChainLink{ID: "md-x", Name: "X", ValidUntil: new(time.Date(2026, 5, 31, 12, 30, 0, 0, time.UTC))})}, nil, false, nil,
			`Ann Lind cannot act on "Card fee refund": mandate "X" (md-x) held directly covers it, but it expired on 2026-05-31T12:30:00Z.`},
		{"a mandate in force whose limit is too low explains before a lapsed one",
			decideAnn, []graph.Candidate{
				chained(directGrant("md-a", "Old", nil), expiredOn("md-a", "Old", "2026-01-01")),
				inForce(directGrant("md-b", "Small", upTo(10))),
			}, upTo(20), false, nil,
			`Ann Lind cannot act on "Card fee refund" for 20: mandate "Small" (md-b) held directly covers it, but its effective limit is 10. ` +
				`Also: mandate "Old" (md-a) held directly covers it, but it expired on 2026-01-01.`},
		{"among lapsed mandates, one whose limit would allow the amount explains first",
			decideAnn, []graph.Candidate{
				chained(directGrant("md-a", "Old small", upTo(10)), expiredOn("md-a", "Old small", "2026-01-01")),
				chained(directGrant("md-b", "Old big", upTo(100)), expiredOn("md-b", "Old big", "2026-02-01")),
			}, upTo(20), false, nil,
			`Ann Lind cannot act on "Card fee refund" for 20: mandate "Old big" (md-b) held directly covers it, but it expired on 2026-02-01. ` +
				`Also: mandate "Old small" (md-a) held directly covers it, but it expired on 2026-01-01.`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := slices.Clone(c.cands)
			got := graph.Decide(c.person, decideMatter, c.cands, graph.Question{Amount: c.amount, At: decideAt})
			assert.Equal(t, c.allowed, got.Allowed)
			assert.Equal(t, c.reason, got.Reason)
			assert.NotNil(t, got.Grants, "a refusal lists no grants, never null")
			assert.Equal(t, c.grants, nilIfEmpty(grantIDs(got.Grants)))
			assert.Equal(t, before, c.cands, "Decide leaves the candidates as they were")
		})
	}
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

// A validity window is [validFrom, validUntil): at validFrom a mandate is in
// force. Whether a link is in its window is the query's to say; Decide
// trusts InWindow and only words the dates.
func TestDecideTrustsTheWindowTheQueryGave(t *testing.T) {
	from := graph.ChainLink{ID: "md-from", Name: "FX from June", ValidFrom: &decideAt, InWindow: true}
	got := graph.Decide(decideAnn, decideMatter, []graph.Candidate{chained(directGrant("md-from", "FX from June", nil), from)}, graph.Question{At: decideAt})
	assert.True(t, got.Allowed)
	assert.Equal(t, `Ann Lind can act on "Card fee refund": mandate "FX from June" (md-from) held directly, with no limit.`, got.Reason)
}
