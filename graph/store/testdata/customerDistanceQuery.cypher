OPTIONAL MATCH (tp:Touchpoint {id: $touchpointId})
OPTIONAL MATCH (m:Matter {id: $matterId})
OPTIONAL CALL (tp, m) {
	CALL (m) {
	MATCH (m)-[:PART_OF]->*(:Matter)<-[:OVER]-(md:Mandate)
	CALL (md) {
	MATCH (md)-[:DELEGATED_FROM]->*(x:Mandate)
	RETURN min(x.limit) AS lim,
		all(ok IN collect((x.validFrom IS NULL OR x.validFrom <= $at) AND (x.validUntil IS NULL OR $at < x.validUntil)) WHERE ok) AS effective
}
	WITH md, lim WHERE effective AND ($amount IS NULL OR lim IS NULL OR $amount <= lim)
	MATCH (holder)-[:HOLDS]->(md)
		WITH collect(DISTINCT holder) AS holders
		CALL (holders) {
			UNWIND holders AS h
			MATCH (h:Team)<-[:PART_OF]-*(u:Team)
			RETURN collect(DISTINCT u) AS teams
		}
		RETURN [h IN holders WHERE h:Person AND coalesce(h.active, true)] AS people, teams
	}
	WITH tp, people, teams WHERE size(people) + size(teams) > 0
	MATCH route = ANY SHORTEST (tp) (()-[:ESCALATES_TO]->(:Touchpoint))*
		(:Touchpoint)-[:STAFFED_BY]->(front WHERE (front:Team OR front:Person AND coalesce(front.active, true)) AND true)
		((x)-[:MEMBER_OF|PART_OF|REPORTS_TO]-(y) WHERE (y:Team OR y:Person AND coalesce(y.active, true)) AND true)*
		(actor:Person WHERE actor IN people OR EXISTS { (actor)-[:MEMBER_OF]->(u:Team) WHERE u IN teams })
	WITH route, actor LIMIT $tieWindow
	RETURN route ORDER BY length(route), actor.id LIMIT 1
}
CALL (route) {
	UNWIND nodes(route) AS n
	WITH n, n AS tp, n AS t, n AS p
	RETURN collect(CASE
		WHEN n:Touchpoint THEN {touchpoint: tp {.id, .name, .channel, .selfService,
	staffedBy: COLLECT { MATCH (tp)-[_s:STAFFED_BY]->(_h) RETURN {type: CASE WHEN _h:Team THEN 'TEAM' ELSE 'PERSON' END, id: _h.id} ORDER BY _s.pos },
	escalatesTo: COLLECT { MATCH (tp)-[_e:ESCALATES_TO]->(_to:Touchpoint) RETURN _to.id ORDER BY _e.pos },
	handles: COLLECT { MATCH (tp)-[_r:HANDLES]->(_m:Matter) RETURN {matter: _m.id, volume: _r.volume, selfServiceRate: _r.selfServiceRate} ORDER BY _r.pos }}}
		WHEN n:Team THEN {team: t {.id, .name, .kind, .externalId, parent: [(t)-[:PART_OF]->(_up:Team) | _up.id][0]}}
		ELSE {person: p {.id, .name, .email, .title, .active, .userName, .externalId,
	manager: [(p)-[:REPORTS_TO]->(_boss:Person) | _boss.id][0]}}
	END) AS path
}
RETURN tp IS NOT NULL AS tpFound, m IS NOT NULL AS matterFound, path
