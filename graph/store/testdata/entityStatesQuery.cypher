RETURN
	COLLECT { UNWIND $people AS id MATCH (p:Person {id: id}) RETURN p {.id, .name, .email, .title, .active, .userName, .externalId,
	manager: [(p)-[:REPORTS_TO]->(_boss:Person) | _boss.id][0]} } AS people,
	COLLECT { UNWIND $teams AS id MATCH (t:Team {id: id}) RETURN t {.id, .name, .kind, .externalId, parent: [(t)-[:PART_OF]->(_up:Team) | _up.id][0]} } AS teams,
	COLLECT { UNWIND $matters AS id MATCH (m:Matter {id: id}) RETURN m {.id, .name, parent: [(m)-[:PART_OF]->(_up:Matter) | _up.id][0]} } AS matters,
	COLLECT { UNWIND $mandates AS id MATCH (md:Mandate {id: id}) RETURN md {.id, .name, .limit, .validFrom, .validUntil,
	matter: [(md)-[:OVER]->(_over:Matter) | _over.id][0],
	holder: [(_h)-[:HOLDS]->(md) | {type: CASE WHEN _h:Team THEN 'TEAM' ELSE 'PERSON' END, id: _h.id}][0],
	delegatedFrom: [(md)-[:DELEGATED_FROM]->(_src:Mandate) | _src.id][0]} } AS mandates,
	COLLECT { UNWIND $touchpoints AS id MATCH (tp:Touchpoint {id: id}) RETURN tp {.id, .name, .channel, .selfService,
	staffedBy: COLLECT { MATCH (tp)-[_s:STAFFED_BY]->(_h) RETURN {type: CASE WHEN _h:Team THEN 'TEAM' ELSE 'PERSON' END, id: _h.id} ORDER BY _s.pos },
	escalatesTo: COLLECT { MATCH (tp)-[_e:ESCALATES_TO]->(_to:Touchpoint) RETURN _to.id ORDER BY _e.pos },
	handles: COLLECT { MATCH (tp)-[_r:HANDLES]->(_m:Matter) RETURN {matter: _m.id, volume: _r.volume, selfServiceRate: _r.selfServiceRate} ORDER BY _r.pos }} } AS touchpoints,
	COLLECT { UNWIND $memberships AS k MATCH (:Person {id: k.person})-[r:MEMBER_OF]->(:Team {id: k.team})
		RETURN {person: k.person, team: k.team, role: r.role} } AS memberships
