CALL () {
	MATCH (m:Matter) WHERE EXISTS { (:Touchpoint)-[:HANDLES]->(m) }
	CALL (m) {
	MATCH (m)-[:PART_OF]->*(:Matter)<-[:OVER]-(md:Mandate)
	CALL (md) {
	MATCH (md)-[:DELEGATED_FROM]->*(x:Mandate)
	RETURN min(x.limit) AS lim,
		all(ok IN collect((x.validFrom IS NULL OR x.validFrom <= $at) AND (x.validUntil IS NULL OR $at < x.validUntil)) WHERE ok) AS effective
}
	WITH md, lim WHERE effective AND ($amount IS NULL OR lim IS NULL OR $amount <= lim)
	MATCH (holder)-[:HOLDS]->(md)
		CALL (holder) {
		WITH holder WHERE holder:Person AND coalesce(holder.active, true)
		RETURN holder AS p
		UNION
		MATCH (holder:Team)<-[:PART_OF]-*(:Team)<-[:MEMBER_OF]-(p:Person)
		WHERE coalesce(p.active, true)
		RETURN p
	}
		RETURN collect(DISTINCT p) AS actors
	}
	MATCH (tp:Touchpoint)-[h:HANDLES]->(m)
	OPTIONAL CALL (tp, actors) {
		WITH tp, actors WHERE size(actors) > 0
		MATCH route = ANY SHORTEST (tp) (()-[:ESCALATES_TO]->(:Touchpoint))*
		(:Touchpoint)-[:STAFFED_BY]->(front WHERE (front:Team OR front:Person AND coalesce(front.active, true)) AND true)
		((x)-[:MEMBER_OF|PART_OF|REPORTS_TO]-(y) WHERE (y:Team OR y:Person AND coalesce(y.active, true)) AND true)*
		(actor:Person WHERE actor IN actors)
		RETURN route LIMIT 1
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
	WITH tp, {matter: m {.id, .name, parent: [(m)-[:PART_OF]->(_up:Matter) | _up.id][0]}, volume: h.volume, selfServiceRate: h.selfServiceRate,
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
RETURN tp {.id, .name, .channel, .selfService,
	staffedBy: COLLECT { MATCH (tp)-[_s:STAFFED_BY]->(_h) RETURN {type: CASE WHEN _h:Team THEN 'TEAM' ELSE 'PERSON' END, id: _h.id} ORDER BY _s.pos },
	escalatesTo: COLLECT { MATCH (tp)-[_e:ESCALATES_TO]->(_to:Touchpoint) RETURN _to.id ORDER BY _e.pos },
	handles: COLLECT { MATCH (tp)-[_r:HANDLES]->(_m:Matter) RETURN {matter: _m.id, volume: _r.volume, selfServiceRate: _r.selfServiceRate} ORDER BY _r.pos }} AS touchpoint, handlings
