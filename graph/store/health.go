package store

import (
	"context"
	"fmt"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// Org health (SPEC §2b) is asked at an instant T with no amount, so every
// health query runs the fragments of SPEC §2 with $amount null.

// healthHandlingsQuery answers the per-handling part of SPEC §2b: one row
// per touchpoint, every touchpoint, with each matter it handles (volume,
// self-service rate), whether its front line (SPEC §2.10) can act on it and
// one shortest route to a person who can (SPEC §2.11; no path when nobody
// reachable can act).
//
// whoCanAct is found once per handled matter, not once per handling. The
// route search is customerDistance's, run for every handling in the same
// query, and it stops at the first route, which is a shortest one (see
// customerDistanceQuery): the distance is customerDistance's, the person
// reached may be another of the equally near. Reading further, to pick the
// smallest id as customerDistance does, made the search explore the whole
// reachable org for matters with few actors: three times the db hits on
// the demo.
var healthHandlingsQuery = `
	CALL () {
		MATCH (m:Matter) WHERE EXISTS { (:Touchpoint)-[:HANDLES]->(m) }
		CALL (m) {
			` + grantingMandates + `
			` + exercisers + `
			RETURN collect(DISTINCT p) AS actors
		}
		MATCH (tp:Touchpoint)-[h:HANDLES]->(m)
		OPTIONAL CALL (tp, actors) {
			WITH tp, actors WHERE size(actors) > 0
			` + routeSearch(anyNode) + `
			RETURN route LIMIT 1
		}
		` + routePathProjection + `
		WITH tp, {matter: ` + matterProjection + `, volume: h.volume, selfServiceRate: h.selfServiceRate,
			frontLineCanAct: EXISTS {
				MATCH (tp)-[:STAFFED_BY]->(staff)(()<-[:PART_OF]-(:Team))*()<-[:MEMBER_OF]-{0,1}(c:Person)
				WHERE (staff:Person OR staff:Team) AND c IN actors
			},
			path: path} AS handling
		RETURN tp, collect(handling) AS handlings
		UNION
		MATCH (tp:Touchpoint) WHERE NOT EXISTS { (tp)-[:HANDLES]->(:Matter) }
		RETURN tp, [] AS handlings
	}
	RETURN ` + touchpointProjection + ` AS touchpoint, handlings`

// healthMattersQuery answers orphanMatters and singleActorMatters (SPEC
// §2b): one row per matter fewer than two people can act on, with that
// person (null for an orphan). It stops looking for actors at the second.
var healthMattersQuery = `
	MATCH (m:Matter)
	CALL (m) {
		CALL (m) {
			` + grantingMandates + `
			` + exercisers + `
			RETURN DISTINCT p LIMIT 2
		}
		RETURN collect(p) AS actors
	}
	WITH m, actors WHERE size(actors) < 2
	WITH m, actors[0] AS p
	RETURN ` + matterProjection + ` AS matter, CASE WHEN p IS NOT NULL THEN ` + personProjection + ` END AS person
	ORDER BY m.id`

// healthStructureQuery answers layers, unitDepth and spanOfControl (SPEC
// §2b) in one row:
//   - layers: from every top (an active person without an active manager)
//     down through active reports; an inactive person ends a chain, and
//     whoever reports to them tops a chain of their own. 0 with nobody
//     active.
//   - unitDepth: from every root team down through child teams of any
//     kind. 0 with no teams.
//   - span: per active person, their active direct reports, over those who
//     have any; the median of an even count is the mean of the two middle
//     values (percentileCont). Null mean and median when nobody has reports.
const healthStructureQuery = `
	CALL () {
		MATCH (top:Person) WHERE coalesce(top.active, true)
			AND NOT EXISTS { (top)-[:REPORTS_TO]->(boss:Person) WHERE coalesce(boss.active, true) }
		MATCH chain = (top)((:Person)<-[:REPORTS_TO]-(r:Person) WHERE coalesce(r.active, true))*(:Person)
		RETURN coalesce(max(length(chain)) + 1, 0) AS layers
	}
	CALL () {
		MATCH (root:Team) WHERE NOT EXISTS { (root)-[:PART_OF]->(:Team) }
		MATCH chain = (root)<-[:PART_OF]-*(:Team)
		RETURN coalesce(max(length(chain)) + 1, 0) AS unitDepth
	}
	CALL () {
		MATCH (boss:Person) WHERE coalesce(boss.active, true)
		WITH COUNT { (boss)<-[:REPORTS_TO]-(r:Person) WHERE coalesce(r.active, true) } AS reports
		WHERE reports > 0
		RETURN coalesce(max(reports), 0) AS maxSpan, avg(reports) AS meanSpan, percentileCont(reports, 0.5) AS medianSpan
	}
	RETURN layers, unitDepth, maxSpan, meanSpan, medianSpan`

// OrgHealth answers orgHealth(T) of SPEC §2b (at the zero time: now) in
// three round trips in one read transaction: every handling with its
// residual, whether its front line can act, its distance and its route;
// the matters nobody or only one person can act on; and the shape of the
// org (layers, unitDepth, spanOfControl). It adds the volume figures per
// touchpoint and per channel. Entities come whole. Lists are sorted by id
// (handlings by touchpoint, then matter).
func (s *Store) OrgHealth(ctx context.Context, at time.Time) (*graph.OrgHealth, error) {
	at = graph.Instant(at)
	params := map[string]any{"at": at, "amount": nil}
	return read(ctx, s, func(tx runner) (*graph.OrgHealth, error) {
		h := &graph.OrgHealth{At: at, OrphanMatters: []graph.Matter{}, SingleActorMatters: []graph.SingleActor{}, Handlings: []graph.HandlingHealth{}}

		recs, err := run(ctx, tx, healthHandlingsQuery, params)
		if err != nil {
			return nil, fmt.Errorf("org health: handlings: %w", err)
		}
		touchpoints := make([]graph.Touchpoint, 0, len(recs))
		for _, rec := range recs {
			r := row{rec}
			tp := toTouchpoint(r.value("touchpoint").(map[string]any))
			touchpoints = append(touchpoints, tp)
			for _, hv := range r.list("handlings") {
				hm := hv.(map[string]any)
				hh := graph.HandlingHealth{
					Touchpoint:      tp,
					Matter:          toMatter(hm["matter"].(map[string]any)),
					Residual:        graph.Handling{Volume: toFloat(hm["volume"]), SelfServiceRate: toFloat(hm["selfServiceRate"])}.Residual(),
					FrontLineCanAct: boolOr(hm["frontLineCanAct"], false),
					Route:           toRoute(hm["path"]),
				}
				if hh.Route != nil {
					d := hh.Route.Hops
					hh.Distance = &d
				}
				h.Handlings = append(h.Handlings, hh)
			}
		}
		h.Breakdown(touchpoints)

		if recs, err = run(ctx, tx, healthMattersQuery, params); err != nil {
			return nil, fmt.Errorf("org health: matters: %w", err)
		}
		for _, rec := range recs {
			r := row{rec}
			m := toMatter(r.value("matter").(map[string]any))
			if p, ok := r.value("person").(map[string]any); ok {
				h.SingleActorMatters = append(h.SingleActorMatters, graph.SingleActor{Matter: m, Person: toPerson(p)})
			} else {
				h.OrphanMatters = append(h.OrphanMatters, m)
			}
		}

		if recs, err = run(ctx, tx, healthStructureQuery, nil); err != nil {
			return nil, fmt.Errorf("org health: structure: %w", err)
		}
		if len(recs) != 1 {
			return nil, fmt.Errorf("org health: structure: %d rows, want 1", len(recs))
		}
		r := row{recs[0]}
		layers, _ := r.value("layers").(int64)
		depth, _ := r.value("unitDepth").(int64)
		maxSpan, _ := r.value("maxSpan").(int64)
		h.Layers, h.UnitDepth = int(layers), int(depth)
		h.SpanOfControl = graph.Span{Max: int(maxSpan), Mean: optFloat(r.value("meanSpan")), Median: optFloat(r.value("medianSpan"))}
		return h, nil
	})
}

// keyPeopleQuery answers, for each handling of $handlings (a touchpoint, a
// matter and the people of $handlings.people on its route now), whether
// someone who can act on the matter at $at would still be reachable from
// the touchpoint were each of those people inactive: a route of SPEC §2.11
// that avoids that person to another person of whoCanAct (SPEC §2.8). The
// search stops at the first such route.
var keyPeopleQuery = `
	UNWIND $handlings AS handling
	MATCH (tp:Touchpoint {id: handling.touchpoint}), (m:Matter {id: handling.matter})
	CALL (m) {
		` + grantingMandates + `
		` + exercisers + `
		RETURN collect(DISTINCT p) AS everyone
	}
	UNWIND handling.people AS personId
	MATCH (gone:Person {id: personId})
	WITH handling, tp, gone, [p IN everyone WHERE p <> gone] AS actors
	OPTIONAL CALL (tp, gone, actors) {
		WITH tp, gone, actors WHERE size(actors) > 0
		` + routeSearch(func(n string) string { return n + " <> gone" }) + `
		RETURN true AS reachable LIMIT 1
	}
	RETURN handling.touchpoint AS touchpoint, handling.matter AS matter, gone.id AS person, reachable IS NOT NULL AS reachable`

// KeyPeople pages, by person id, the key people of the org whose health is
// h (as OrgHealth answered it): the active people who are the only one able
// to act on at least one matter at h.At, with the matters, the residual
// volume of their handlings, and the handlings that would be stranded were
// the person inactive (SPEC §2.1) — see graph.PlanKeyPeople. The handlings
// that might be are searched again, avoiding the person, for the page's
// people in one round trip (none when there is nothing to search).
func (s *Store) KeyPeople(ctx context.Context, h *graph.OrgHealth, p graph.Page) (graph.Conn[graph.KeyPerson], error) {
	plan := graph.PlanKeyPeople(h, p)
	stranded := map[graph.Stranded]bool{}
	if len(plan.Reroutes) > 0 {
		recs, err := s.query(ctx, keyPeopleQuery, map[string]any{"handlings": rerouteRows(plan.Reroutes), "at": h.At, "amount": nil})
		if err != nil {
			return graph.Conn[graph.KeyPerson]{}, fmt.Errorf("key people: %w", err)
		}
		for _, rec := range recs {
			r := row{rec}
			if !boolOr(r.value("reachable"), true) {
				stranded[graph.Stranded{Touchpoint: r.str("touchpoint"), Matter: r.str("matter"), Person: r.str("person")}] = true
			}
		}
	}
	return plan.Assemble(stranded), nil
}

// rerouteRows is the $handlings parameter of keyPeopleQuery: per handling,
// the people to avoid one at a time.
func rerouteRows(reroutes []graph.Reroute) []map[string]any {
	rows := make([]map[string]any, len(reroutes))
	for i, r := range reroutes {
		rows[i] = map[string]any{"touchpoint": r.Touchpoint, "matter": r.Matter, "people": r.Avoid}
	}
	return rows
}

// unitHealthQuery pages the teams (of kind $kind; null: any), by id, after
// $after, $limit of them, and describes each team t with the teams below it
// at $at: members(t) of SPEC §2.2; the longest manager chain among them (an
// inactive person, or one outside members(t), ends a chain); and the
// mandates effective at $at held by a team of desc(t) or a person of
// members(t). total counts the teams of the kind.
var unitHealthQuery = `
	CALL () { MATCH (t:Team) WHERE $kind IS NULL OR t.kind = $kind RETURN count(t) AS total }
	CALL () {
		MATCH (t:Team) WHERE t.id > $after AND ($kind IS NULL OR t.kind = $kind)
		WITH t ORDER BY t.id LIMIT $limit
		RETURN collect(t) AS page
	}
	CALL (page) {
		UNWIND page AS t
		CALL (t) {
			MATCH (t)<-[:PART_OF]-*(:Team)<-[:MEMBER_OF]-(p:Person) WHERE coalesce(p.active, true)
			RETURN collect(DISTINCT p) AS people
		}
		CALL (people) {
			UNWIND people AS top
			WITH people, top WHERE NOT EXISTS { (top)-[:REPORTS_TO]->(boss:Person) WHERE boss IN people }
			MATCH chain = (top)((:Person)<-[:REPORTS_TO]-(r:Person) WHERE r IN people)*(:Person)
			RETURN coalesce(max(length(chain)) + 1, 0) AS layers
		}
		CALL (t, people) {
			CALL (t, people) {
				MATCH (t)<-[:PART_OF]-*(:Team)-[:HOLDS]->(md:Mandate) RETURN md
				UNION
				UNWIND people AS p
				MATCH (p)-[:HOLDS]->(md:Mandate) RETURN md
			}
			` + mandateStanding + `
			RETURN count(CASE WHEN effective THEN md END) AS mandates
		}
		WITH t, people, layers, mandates ORDER BY t.id
		RETURN collect({team: ` + teamProjection + `, people: size(people), layers: layers, mandates: mandates}) AS units
	}
	RETURN total, units`

// exclusiveMattersQuery answers, for each team t of $teamIds, the matters
// some person can act on at $at and only people of members(t) (SPEC §2.2)
// can: one row per team and such matter, by matter id.
//
// It counts, per matter and team, the matter's actors in members(t),
// walking up from each actor's teams once (not down from each team, which
// would visit the whole org below a top unit for every actor).
var exclusiveMattersQuery = `
	MATCH (t:Team) WHERE t.id IN $teamIds
	WITH collect(t) AS asked
	MATCH (m:Matter)
	CALL (m) {
		` + grantingMandates + `
		` + exercisers + `
		RETURN collect(DISTINCT p) AS actors
	}
	WITH asked, m, actors WHERE size(actors) > 0
	UNWIND actors AS p
	WITH asked, p, collect({matter: m, actors: size(actors)}) AS matters
	CALL (p, asked) {
		MATCH (p)-[:MEMBER_OF]->(:Team)-[:PART_OF]->*(t:Team) WHERE t IN asked
		RETURN collect(DISTINCT t) AS units
	}
	UNWIND units AS t
	UNWIND matters AS x
	WITH t, x.matter AS m, x.actors AS actors, count(*) AS inside WHERE inside = actors
	RETURN t.id AS teamId, ` + matterProjection + ` AS matter ORDER BY m.id`

// UnitHealth pages the teams of kind (nil: any kind), by id, each described
// with the teams below it at at (the zero time: now), in one round trip:
// its active people, the layers of management among them and the mandates
// in force held inside it (see graph.UnitHealth). Teams come whole.
func (s *Store) UnitHealth(ctx context.Context, at time.Time, kind *graph.TeamKind, p graph.Page) (graph.Conn[graph.UnitHealth], error) {
	at = graph.Instant(at)
	params := pageParams(p)
	params["at"], params["amount"], params["kind"] = at, nil, deref((*string)(kind))
	recs, err := s.query(ctx, unitHealthQuery, params)
	if err != nil {
		return graph.Conn[graph.UnitHealth]{}, fmt.Errorf("unit health: %w", err)
	}
	if len(recs) != 1 {
		return graph.Conn[graph.UnitHealth]{}, fmt.Errorf("unit health: %d rows, want 1", len(recs))
	}
	r := row{recs[0]}
	var items []graph.UnitHealth
	for _, u := range r.list("units") {
		um := u.(map[string]any)
		items = append(items, graph.UnitHealth{At: at, Team: toTeam(um["team"].(map[string]any)), People: int(toFloat(um["people"])),
			Layers: int(toFloat(um["layers"])), Mandates: int(toFloat(um["mandates"]))})
	}
	total, _ := r.value("total").(int64)
	return pageOf(items, int(total), p), nil
}

// ExclusiveMatters answers, for each team of teamIDs, the matters somebody
// can act on at at (the zero time: now) and only people of the team or the
// teams below it can, by matter id, in one round trip. Every id is a key of
// the answer (an unknown team has no matters). Matters come whole.
func (s *Store) ExclusiveMatters(ctx context.Context, teamIDs []string, at time.Time) (map[string][]graph.Matter, error) {
	ids := distinct(teamIDs)
	out := make(map[string][]graph.Matter, len(ids))
	for _, id := range ids {
		out[id] = []graph.Matter{}
	}
	if len(ids) == 0 {
		return out, nil
	}
	recs, err := s.query(ctx, exclusiveMattersQuery, map[string]any{"teamIds": ids, "at": graph.Instant(at), "amount": nil})
	if err != nil {
		return nil, fmt.Errorf("exclusive matters: %w", err)
	}
	for _, rec := range recs {
		r := row{rec}
		out[r.str("teamId")] = append(out[r.str("teamId")], toMatter(r.value("matter").(map[string]any)))
	}
	return out, nil
}
