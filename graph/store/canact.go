package store

import (
	"context"
	"fmt"

	"github.com/orgnet/orgnet/graph"
)

// canActQuery answers canAct($personId, $matterId, $amount, $at) (docs/questions.md §2.7)
// with what it takes to explain the answer: the person and the matter (null
// when unknown) and every candidate — each mandate the person exercises
// (docs/questions.md §2.6) that covers the matter (docs/questions.md §2.3), whatever its validity or
// limit — with its effective limit and its delegation chain (the mandate
// first, then its sources), each link saying whether it is inside its
// validity window at $at.
var canActQuery = `
	OPTIONAL MATCH (p:Person {id: $personId})
	OPTIONAL MATCH (m:Matter {id: $matterId})
	OPTIONAL CALL (p, m) {
		` + exercisedMandates + `
		WITH md, holder WHERE EXISTS { (m)-[:PART_OF]->*(:Matter)<-[:OVER]-(md) }
		CALL (md) {
			MATCH chain = (md)-[:DELEGATED_FROM]->*(x:Mandate)
			WITH x, length(chain) AS depth ORDER BY depth
			RETURN min(x.limit) AS lim, collect({id: x.id, name: x.name, validFrom: x.validFrom, validUntil: x.validUntil,
				inWindow: (x.validFrom IS NULL OR x.validFrom <= $at) AND (x.validUntil IS NULL OR $at < x.validUntil)}) AS chain
		}
		RETURN collect({grant: ` + grantProjection + `, chain: chain}) AS candidates
	}
	RETURN ` + personProjection + ` AS person, ` + matterProjection + ` AS matter, candidates`

// CanAct answers canAct(P, M, A, T) of docs/questions.md §2.7 in one round trip: the
// query finds the person, the matter and every candidate mandate, and
// graph.Decide makes the decision and its reason of them. An unknown person
// or matter is NOT_FOUND; a negative amount is BAD_INPUT.
func (s *Store) CanAct(ctx context.Context, personID, matterID string, q graph.Question) (graph.Decision, error) {
	if err := q.Check(); err != nil {
		return graph.Decision{}, err
	}
	q.At = graph.Instant(q.At) // one instant for the query and the reason
	recs, err := s.query(ctx, canActQuery, questionParams(q, map[string]any{"personId": personID, "matterId": matterID}))
	if err != nil {
		return graph.Decision{}, fmt.Errorf("can act: %w", err)
	}
	if len(recs) != 1 {
		return graph.Decision{}, fmt.Errorf("can act: %d rows, want 1", len(recs))
	}
	person, _ := recs[0].Get("person")
	matter, _ := recs[0].Get("matter")
	cands, _ := recs[0].Get("candidates")
	p, ok := person.(map[string]any)
	if !ok {
		return graph.Decision{}, graph.NotFound("person", personID)
	}
	m, ok := matter.(map[string]any)
	if !ok {
		return graph.Decision{}, graph.NotFound("matter", matterID)
	}
	var candidates []graph.Candidate
	for _, c := range list(cands) {
		candidates = append(candidates, toCandidate(c.(map[string]any)))
	}
	return graph.Decide(toPerson(p), toMatter(m), candidates, q), nil
}

// toCandidate decodes a candidate of canActQuery.
func toCandidate(m map[string]any) graph.Candidate {
	c := graph.Candidate{Grant: toGrant(m["grant"].(map[string]any))}
	for _, l := range list(m["chain"]) {
		lm := l.(map[string]any)
		c.Chain = append(c.Chain, graph.ChainLink{ID: str(lm["id"]), Name: str(lm["name"]),
			ValidFrom: optTime(lm["validFrom"]), ValidUntil: optTime(lm["validUntil"]), InWindow: boolOr(lm["inWindow"], false)})
	}
	return c
}
