CALL () { MATCH (p:Person)
		RETURN collect([p.id, null, null, null, p.active, [(p)-[:REPORTS_TO]->(boss:Person) | boss.id][0], null, null]) AS people }
CALL () { MATCH (t:Team)
		RETURN collect([t.id, t.name, t.kind, [(t)-[:PART_OF]->(up:Team) | up.id][0], t.externalId]) AS teams }
CALL () { MATCH (p:Person)-[r:MEMBER_OF]->(t:Team) RETURN collect([p.id, t.id, r.role]) AS memberships }
CALL () { MATCH (m:Matter) RETURN collect([m.id, m.name, [(m)-[:PART_OF]->(up:Matter) | up.id][0]]) AS matters }
CALL () { MATCH (md:Mandate)
		RETURN collect([md.id, md.name, md.limit, md.validFrom, md.validUntil,
			[(md)-[:OVER]->(over:Matter) | over.id][0],
			[(h)-[:HOLDS]->(md) | [CASE WHEN h:Team THEN 'TEAM' ELSE 'PERSON' END, h.id]][0],
			[(md)-[:DELEGATED_FROM]->(src:Mandate) | src.id][0]]) AS mandates }
CALL () { MATCH (tp:Touchpoint) RETURN collect(tp {.id, .name, .channel, .selfService,
		staffedBy: COLLECT { MATCH (tp)-[_s:STAFFED_BY]->(_h) RETURN {type: CASE WHEN _h:Team THEN 'TEAM' ELSE 'PERSON' END, id: _h.id} ORDER BY _s.pos },
		escalatesTo: COLLECT { MATCH (tp)-[_e:ESCALATES_TO]->(_to:Touchpoint) RETURN _to.id ORDER BY _e.pos },
		handles: COLLECT { MATCH (tp)-[_r:HANDLES]->(_m:Matter) RETURN {matter: _m.id, volume: _r.volume, selfServiceRate: _r.selfServiceRate} ORDER BY _r.pos }}) AS touchpoints }
RETURN people, teams, memberships, matters, mandates, touchpoints
