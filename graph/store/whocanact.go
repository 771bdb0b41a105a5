package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/orgnet/orgnet/graph"
)

// grantingMandates is the start of a CALL (m) subquery giving one row per
// mandate md that grants whoCanAct(m, $amount, $at) (SPEC §2.3–§2.5, §2.7) to
// whoever exercises it, with lim(md) and its holder: md covers m (it is over
// m or a matter above it), is effective at $at and its effective limit allows
// $amount (equal allowed; a null $amount asks for any amount).
const grantingMandates = `
		MATCH (m)-[:PART_OF]->*(:Matter)<-[:OVER]-(md:Mandate)
		` + mandateStanding + `
		WITH md, lim WHERE effective AND ($amount IS NULL OR lim IS NULL OR $amount <= lim)
		MATCH (holder)-[:HOLDS]->(md)`

// exercisers is a CALL (holder) subquery giving the people p who exercise a
// mandate held by holder (SPEC §2.2, §2.6), each once: the holder if an
// active person; if a team, the active members of the team or of any team
// below it, however many of those teams they are in.
const exercisers = `CALL (holder) {
			WITH holder WHERE holder:Person AND coalesce(holder.active, true)
			RETURN holder AS p
			UNION
			MATCH (holder:Team)<-[:PART_OF]-*(:Team)<-[:MEMBER_OF]-(p:Person)
			WHERE coalesce(p.active, true)
			RETURN p
		}`

// grantProjection is a grant as a map, for the mandate md, its effective
// limit lim and its holder: a team holder is the team it is held through.
var grantProjection = `{mandate: ` + mandateProjection + `,
			team: CASE WHEN holder:Team THEN ` + projectTeam("holder") + ` END, limit: lim}`

// whoCanActQuery answers whoCanAct(M, $amount, $at) (SPEC §2.8) for every
// matter M of $matterIds: one row per matter and actor with the actor's
// grants, and one row with a null person for a matter nobody can act on.
// found is false for an id that is no matter. Each grant is projected once,
// before it fans out to the people who exercise it.
var whoCanActQuery = `
	UNWIND $matterIds AS matterId
	OPTIONAL MATCH (m:Matter {id: matterId})
	OPTIONAL CALL (m) {
		` + grantingMandates + `
		WITH holder, ` + grantProjection + ` AS grant
		` + exercisers + `
		RETURN p, collect(grant) AS grants
	}
	RETURN matterId, m IS NOT NULL AS found, ` + personProjection + ` AS person, grants`

// WhoCanAct answers whoCanAct(M, A, T) of SPEC §2.8 for each matter of
// matterIDs, in one round trip: every person who can act on M, sorted by
// person id, with their best limit (nil: unlimited) and every granting
// mandate, sorted by (mandate id, via, team id). Every id is a key of the
// answer, with an empty list when nobody can act. An id that is no matter
// is NOT_FOUND (the first such id is named); a negative amount is
// BAD_INPUT.
func (s *Store) WhoCanAct(ctx context.Context, matterIDs []string, q graph.Question) (map[string][]graph.Actor, error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	ids := distinct(matterIDs)
	if len(ids) == 0 {
		return map[string][]graph.Actor{}, nil
	}
	var out map[string][]graph.Actor // a key for every matter found
	start := func() { out = make(map[string][]graph.Actor, len(ids)) }
	err := s.queryEach(ctx, whoCanActQuery, questionParams(q, map[string]any{"matterIds": ids}), start, func(rec *neo4j.Record) error {
		id, _ := rec.Get("matterId")
		ok, _ := rec.Get("found")
		person, _ := rec.Get("person")
		grants, _ := rec.Get("grants")
		matter := str(id)
		if !boolOr(ok, false) {
			return nil
		}
		if out[matter] == nil {
			out[matter] = []graph.Actor{}
		}
		if p, ok := person.(map[string]any); ok {
			out[matter] = append(out[matter], toActor(p, grants))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("who can act: %w", err)
	}
	for _, id := range ids {
		if _, found := out[id]; !found {
			return nil, graph.NotFound("matter", id)
		}
	}
	for _, actors := range out {
		slices.SortFunc(actors, func(a, b graph.Actor) int { return strings.Compare(a.Person.ID, b.Person.ID) })
	}
	return out, nil
}

// toActor decodes a person projection and its list of grant projections.
func toActor(person map[string]any, grants any) graph.Actor {
	gs := toGrants(grants)
	return graph.Actor{Person: toPerson(person), Limit: graph.BestLimit(gs), Grants: gs}
}

// toGrants decodes a list of grant projections, sorted by (mandate id, via,
// team id).
func toGrants(v any) []graph.Grant {
	gs := []graph.Grant{}
	for _, g := range list(v) {
		gs = append(gs, toGrant(g.(map[string]any)))
	}
	graph.SortGrants(gs)
	return gs
}

// toGrant decodes a grant projection: a grant with a team is held through it.
func toGrant(m map[string]any) graph.Grant {
	g := graph.Grant{Via: graph.ViaDirect, Limit: optFloat(m["limit"])}
	if md, ok := m["mandate"].(map[string]any); ok {
		g.Mandate = toMandate(md)
	}
	if t, ok := m["team"].(map[string]any); ok {
		team := toTeam(t)
		g.Via, g.Team = graph.ViaTeam, &team
	}
	return g
}

// questionParams adds the parameters of a question, $at and $amount, to
// params.
func questionParams(q graph.Question, params map[string]any) map[string]any {
	params["at"] = graph.Instant(q.At)
	if q.Amount != nil {
		params["amount"] = *q.Amount
	} else {
		params["amount"] = nil
	}
	return params
}

// distinct is ids without repeats, in their first order.
func distinct(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// whoCanActPageQuery answers whoCanAct(M, $amount, $at) (SPEC §2.8) a page
// at a time for every matter M of $matterIds: one row per matter with
// found (false for an id that is no matter), total (everyone who can act)
// and page, the people after $after by id, $limit of them, each with their
// grants. Everyone who can act is found, to count them and order them, but
// only the page is projected and sent.
var whoCanActPageQuery = `
	UNWIND $matterIds AS matterId
	OPTIONAL MATCH (m:Matter {id: matterId})
	OPTIONAL CALL (m) {
		` + grantingMandates + `
		` + exercisers + `
		WITH p, collect({md: md, holder: holder, lim: lim}) AS grants ORDER BY p.id
		RETURN collect({p: p, grants: grants}) AS actors
	}
	WITH matterId, m, coalesce(actors, []) AS actors
	CALL (actors) {
		UNWIND [a IN actors WHERE a.p.id > $after][0..$limit] AS a
		WITH a.p AS p, a.grants AS held
		` + grantsOf("held") + `
		RETURN collect({person: ` + personProjection + `, grants: grants}) AS page
	}
	RETURN matterId, m IS NOT NULL AS found, size(actors) AS total, page`

// grantsOf is a CALL subquery projecting the list of {md, holder, lim} maps
// bound to held as the list grants of grant projections.
func grantsOf(held string) string {
	return `CALL (` + held + `) {
			UNWIND ` + held + ` AS g
			WITH g.md AS md, g.holder AS holder, g.lim AS lim
			RETURN collect(` + grantProjection + `) AS grants
		}`
}

// WhoCanActPage answers whoCanAct(M, A, T) of SPEC §2.8 a page at a time
// for each matter of matterIDs, in one round trip: the page p of the people
// who can act on M, by person id, each as WhoCanAct gives them, and how many
// they are in all. Every id is a key of the answer. An id that is no matter
// is NOT_FOUND (the first such id is named); a negative amount is
// BAD_INPUT.
func (s *Store) WhoCanActPage(ctx context.Context, matterIDs []string, q graph.Question, p graph.Page) (map[string]graph.Conn[graph.Actor], error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	ids := distinct(matterIDs)
	out := make(map[string]graph.Conn[graph.Actor], len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	params := pageParams(p)
	params["matterIds"] = ids
	recs, err := s.query(ctx, whoCanActPageQuery, questionParams(q, params))
	if err != nil {
		return nil, fmt.Errorf("who can act: %w", err)
	}
	for _, rec := range recs {
		r := row{rec}
		if !boolOr(r.value("found"), false) {
			return nil, graph.NotFound("matter", r.str("matterId"))
		}
		items := []graph.Actor{}
		for _, a := range r.list("page") {
			am := a.(map[string]any)
			items = append(items, toActor(am["person"].(map[string]any), am["grants"]))
		}
		slices.SortFunc(items, func(a, b graph.Actor) int { return strings.Compare(a.Person.ID, b.Person.ID) })
		total, _ := r.value("total").(int64)
		out[r.str("matterId")] = pageOf(items, int(total), p)
	}
	return out, nil
}
