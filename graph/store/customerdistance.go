package store

import (
	"context"
	"fmt"

	"github.com/orgnet/orgnet/graph"
)

// customerDistanceQuery answers customerDistance($touchpointId, $matterId,
// $amount, $at) (SPEC §2.11): one shortest route from the touchpoint to a
// person of whoCanAct($matterId, $amount, $at), as its nodes projected in
// order, touchpoint first; no route when nobody reachable can act.
// tpFound and matterFound say whether the ids exist.
//
// Every route of the graph of §2.11 has one shape, since nothing but an
// escalation enters a touchpoint: escalations between touchpoints (one way),
// one staffing edge to a team or an active person (one way), then
// membership, team-parent and manager edges walked either way between teams
// and active people.
//
// The actors are not listed before the search (a matter may have tens of
// thousands): the query collects the granting mandates' holders and the
// teams below the team holders, and the search asks of each person it
// reaches whether they are an active holder or a member of one of those
// teams (SPEC §2.2, §2.6).
//
// The search is one breadth-first search from the touchpoint for all actors
// at once: ANY SHORTEST with an unbound end yields one route per actor
// reached, and Neo4j (StatefulShortestPath) yields them lazily, level by
// level, nearest first. The LIMIT therefore stops the search soon after the
// first level holding an actor instead of searching the whole reachable org
// and tracing a route to every actor in it, which costs far more than the
// search itself. The first $tieWindow routes include the nearest; among them
// the smallest actor id wins, which is the smallest id among all the nearest
// while no more than $tieWindow are equally near. The hop count relies on
// the nearest-first order; the tests pin it.
var customerDistanceQuery = `
	OPTIONAL MATCH (tp:Touchpoint {id: $touchpointId})
	OPTIONAL MATCH (m:Matter {id: $matterId})
	OPTIONAL CALL (tp, m) {
		CALL (m) {
			` + grantingMandates + `
			WITH collect(DISTINCT holder) AS holders
			CALL (holders) {
				UNWIND holders AS h
				MATCH (h:Team)<-[:PART_OF]-*(u:Team)
				RETURN collect(DISTINCT u) AS teams
			}
			RETURN [h IN holders WHERE h:Person AND coalesce(h.active, true)] AS people, teams
		}
		WITH tp, people, teams WHERE size(people) + size(teams) > 0
		` + nearestRoute + `
	}
	` + routePathProjection + `
	RETURN tp IS NOT NULL AS tpFound, m IS NOT NULL AS matterFound, path`

// routeSearchTo is a MATCH binding route to a shortest route of the graph
// of SPEC §2.11 from the touchpoint tp to a person actor for whom isActor
// holds. A route may pass through a team or person n only where keep(n)
// holds, a condition added to the graph's own ("true" for none). The routes
// come lazily, nearest first; see customerDistanceQuery.
func routeSearchTo(keep func(n string) string, isActor string) string {
	return `MATCH route = ANY SHORTEST (tp) (()-[:ESCALATES_TO]->(:Touchpoint))*
			(:Touchpoint)-[:STAFFED_BY]->(front WHERE (front:Team OR front:Person AND coalesce(front.active, true)) AND ` + keep("front") + `)
			((x)-[:MEMBER_OF|PART_OF|REPORTS_TO]-(y) WHERE (y:Team OR y:Person AND coalesce(y.active, true)) AND ` + keep("y") + `)*
			(actor:Person WHERE ` + isActor + `)`
}

// isHolderOrMember says whether actor exercises one of the granting
// mandates, given people (their active person holders) and teams (their team
// holders and every team below one).
const isHolderOrMember = "actor IN people OR EXISTS { (actor)-[:MEMBER_OF]->(u:Team) WHERE u IN teams }"

// anyNode keeps every node: routeSearch over the graph of SPEC §2.11 as it is.
func anyNode(string) string { return "true" }

// nearestRoute is the end of a CALL subquery over tp, people and teams
// returning the route customerDistance answers: a shortest one to the actor
// with the smallest id among the first $tieWindow.
var nearestRoute = routeSearchTo(anyNode, isHolderOrMember) + `
		WITH route, actor LIMIT $tieWindow
		RETURN route ORDER BY length(route), actor.id LIMIT 1`

// routePathProjection projects the nodes of route (null: none) in order as
// path, each as {touchpoint: …}, {team: …} or {person: …}.
var routePathProjection = `CALL (route) {
		UNWIND nodes(route) AS n
		WITH n, n AS tp, n AS t, n AS p
		RETURN collect(CASE
			WHEN n:Touchpoint THEN {touchpoint: ` + touchpointProjection + `}
			WHEN n:Team THEN {team: ` + teamProjection + `}
			ELSE {person: ` + personProjection + `}
		END) AS path
	}`

// tieWindow is how many of the nearest routes customerDistance compares to
// pick the actor with the smallest id; see customerDistanceQuery.
const tieWindow = 16

// CustomerDistance answers customerDistance(TP, M, A, T) of SPEC §2.11 in
// one round trip: the number of hops from the touchpoint to the nearest
// person who can act on the matter, that person, and one shortest route to
// them (touchpoint first, the person last). Among the nearest, the one with
// the smallest id is chosen (when no more than 16 are equally near). nil
// when nobody reachable can act. An unknown
// touchpoint or matter is NOT_FOUND; a negative amount is BAD_INPUT.
func (s *Store) CustomerDistance(ctx context.Context, touchpointID, matterID string, q graph.Question) (*graph.Route, error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	recs, err := s.query(ctx, customerDistanceQuery, questionParams(q, map[string]any{"touchpointId": touchpointID, "matterId": matterID, "tieWindow": tieWindow}))
	if err != nil {
		return nil, fmt.Errorf("customer distance: %w", err)
	}
	if len(recs) != 1 {
		return nil, fmt.Errorf("customer distance: %d rows, want 1", len(recs))
	}
	tpFound, _ := recs[0].Get("tpFound")
	matterFound, _ := recs[0].Get("matterFound")
	path, _ := recs[0].Get("path")
	switch {
	case !boolOr(tpFound, false):
		return nil, graph.NotFound("touchpoint", touchpointID)
	case !boolOr(matterFound, false):
		return nil, graph.NotFound("matter", matterID)
	}
	return toRoute(path), nil
}

// toRoute decodes a path of routePathProjection; nil for no path.
func toRoute(path any) *graph.Route {
	nodes := list(path)
	if len(nodes) == 0 {
		return nil
	}
	route := &graph.Route{Hops: len(nodes) - 1, Path: make([]graph.RouteNode, 0, len(nodes))}
	for _, n := range nodes {
		n := n.(map[string]any)
		switch {
		case n["touchpoint"] != nil:
			tp := toTouchpoint(n["touchpoint"].(map[string]any))
			route.Path = append(route.Path, &tp)
		case n["team"] != nil:
			t := toTeam(n["team"].(map[string]any))
			route.Path = append(route.Path, &t)
		default:
			p := toPerson(n["person"].(map[string]any))
			route.Path = append(route.Path, &p)
			route.Actor = p
		}
	}
	return route
}
