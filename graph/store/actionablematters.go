package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/orgnet/orgnet/graph"
)

// exercisedMandates is a CALL (p) subquery giving one row per mandate md the
// person p exercises (SPEC §2.6), whatever its validity or limit, with its
// holder: p itself, or a team that p is a member of directly or through a
// team below it — once per mandate, however many of those teams p is in. It
// does not look at whether p is active.
const exercisedMandates = `CALL (p) {
		MATCH (p)-[:HOLDS]->(md:Mandate)
		RETURN md, p AS holder
		UNION
		MATCH (p)-[:MEMBER_OF]->(:Team)-[:PART_OF]->*(holder:Team)-[:HOLDS]->(md:Mandate)
		RETURN md, holder
	}`

// grantedMandates is the start of a CALL (p) subquery giving one row per
// mandate md the person p exercises (SPEC §2.6), with its holder and
// lim(md), that is effective at $at and allows $amount; none for an
// inactive person.
var grantedMandates = `WITH p WHERE coalesce(p.active, true)
		` + exercisedMandates + `
		` + mandateStanding + `
		WITH md, holder, lim WHERE effective AND ($amount IS NULL OR lim IS NULL OR $amount <= lim)`

// actionableMattersQuery answers actionableMatters($personId, $amount, $at)
// (SPEC §2.9): one row per matter the person can act on — the matters of the
// mandates they exercise that are effective at $at and allow $amount, and
// every matter below those — with the granting mandates. found is false
// when there is no such person; an inactive person gets no matter. Each
// grant is projected once, before it fans out to the matters it covers.
var actionableMattersQuery = `
	OPTIONAL MATCH (p:Person {id: $personId})
	OPTIONAL CALL (p) {
		` + grantedMandates + `
		WITH md, ` + grantProjection + ` AS grant
		MATCH (md)-[:OVER]->(:Matter)<-[:PART_OF]-*(m:Matter)
		RETURN m, collect(grant) AS grants
	}
	RETURN p IS NOT NULL AS found, ` + matterProjection + ` AS matter, grants`

// ActionableMatters answers actionableMatters(P, A, T) of SPEC §2.9 in one
// round trip: every matter the person can act on (a covered matter and all
// matters below it), sorted by matter id, with the person's best limit on it
// (nil: unlimited) and the granting mandates, sorted by (mandate id, via,
// team id). An inactive person can act on nothing. An unknown person is
// NOT_FOUND; a negative amount is BAD_INPUT.
func (s *Store) ActionableMatters(ctx context.Context, personID string, q graph.Question) ([]graph.MatterGrant, error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	var out []graph.MatterGrant
	var missing bool // no such person
	start := func() { out, missing = []graph.MatterGrant{}, false }
	err := s.queryEach(ctx, actionableMattersQuery, questionParams(q, map[string]any{"personId": personID}), start, func(rec *neo4j.Record) error {
		found, _ := rec.Get("found")
		if !boolOr(found, false) {
			missing = true
			return nil
		}
		matter, _ := rec.Get("matter")
		grants, _ := rec.Get("grants")
		if m, ok := matter.(map[string]any); ok {
			gs := toGrants(grants)
			out = append(out, graph.MatterGrant{Matter: toMatter(m), Limit: graph.BestLimit(gs), Grants: gs})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("actionable matters: %w", err)
	}
	if missing {
		return nil, graph.NotFound("person", personID)
	}
	slices.SortFunc(out, func(a, b graph.MatterGrant) int { return strings.Compare(a.Matter.ID, b.Matter.ID) })
	return out, nil
}

// actionableMattersPageQuery answers actionableMatters($personId, $amount,
// $at) (SPEC §2.9) a page at a time, in one row: found (false when there is
// no such person), total (every matter they can act on) and page, the
// matters after $after by id, $limit of them, each with the granting
// mandates. Only the page is projected and sent.
var actionableMattersPageQuery = `
	OPTIONAL MATCH (p:Person {id: $personId})
	OPTIONAL CALL (p) {
		` + grantedMandates + `
		MATCH (md)-[:OVER]->(:Matter)<-[:PART_OF]-*(m:Matter)
		WITH m, collect({md: md, holder: holder, lim: lim}) AS grants ORDER BY m.id
		RETURN collect({m: m, grants: grants}) AS matters
	}
	WITH p, coalesce(matters, []) AS matters
	CALL (matters) {
		UNWIND [x IN matters WHERE x.m.id > $after][0..$limit] AS x
		WITH x.m AS m, x.grants AS held
		` + grantsOf("held") + `
		RETURN collect({matter: ` + matterProjection + `, grants: grants}) AS page
	}
	RETURN p IS NOT NULL AS found, size(matters) AS total, page`

// ActionableMattersPage answers actionableMatters(P, A, T) of SPEC §2.9 a
// page at a time, in one round trip: the page p of the matters the person
// can act on, by matter id, each as ActionableMatters gives them, and how
// many they are in all. An unknown person is NOT_FOUND; a negative amount
// is BAD_INPUT.
func (s *Store) ActionableMattersPage(ctx context.Context, personID string, q graph.Question, p graph.Page) (graph.Conn[graph.MatterGrant], error) {
	if err := q.Check(); err != nil {
		return graph.Conn[graph.MatterGrant]{}, err
	}
	params := pageParams(p)
	params["personId"] = personID
	recs, err := s.query(ctx, actionableMattersPageQuery, questionParams(q, params))
	if err != nil {
		return graph.Conn[graph.MatterGrant]{}, fmt.Errorf("actionable matters: %w", err)
	}
	if len(recs) != 1 {
		return graph.Conn[graph.MatterGrant]{}, fmt.Errorf("actionable matters: %d rows, want 1", len(recs))
	}
	r := row{recs[0]}
	if !boolOr(r.value("found"), false) {
		return graph.Conn[graph.MatterGrant]{}, graph.NotFound("person", personID)
	}
	items := []graph.MatterGrant{}
	for _, x := range r.list("page") {
		xm := x.(map[string]any)
		gs := toGrants(xm["grants"])
		items = append(items, graph.MatterGrant{Matter: toMatter(xm["matter"].(map[string]any)), Limit: graph.BestLimit(gs), Grants: gs})
	}
	slices.SortFunc(items, func(a, b graph.MatterGrant) int { return strings.Compare(a.Matter.ID, b.Matter.ID) })
	total, _ := r.value("total").(int64)
	return pageOf(items, int(total), p), nil
}
