CALL () {
	CALL () {
		UNWIND $change.removed.people AS id
		MATCH (p:Person)-[:REPORTS_TO]->(:Person {id: id})
		RETURN p
	UNION
		UNWIND $change.userNameKeys AS key
		MATCH (p:Person {userNameKey: key})
		RETURN p
	}
	RETURN collect(DISTINCT p) AS subjectPeople
}
CALL () {
	UNWIND $change.removed.teams AS id
	MATCH (t:Team)-[:PART_OF]->(:Team {id: id})
	RETURN collect(DISTINCT t) AS subjectTeams
}
CALL () {
	UNWIND $change.removed.matters AS id
	MATCH (m:Matter)-[:PART_OF]->(:Matter {id: id})
	RETURN collect(DISTINCT m) AS subjectMatters
}
CALL () {
	CALL () {
		UNWIND $change.removed.mandates AS id
		MATCH (md:Mandate)-[:DELEGATED_FROM]->(:Mandate {id: id})
		RETURN md
	UNION
		UNWIND $change.removed.people AS id
		MATCH (:Person {id: id})-[:HOLDS]->(md:Mandate)
		RETURN md
	UNION
		UNWIND $change.removed.teams AS id
		MATCH (:Team {id: id})-[:HOLDS]->(md:Mandate)
		RETURN md
	UNION
		UNWIND $change.removed.matters AS id
		MATCH (md:Mandate)-[:OVER]->(:Matter {id: id})
		RETURN md
	UNION
		UNWIND $change.removed.matters AS id
		MATCH (x:Matter {id: id})<-[:PART_OF*0..]-(:Matter)<-[:OVER]-(md:Mandate)-[:DELEGATED_FROM]->(:Mandate)-[:OVER]->(over:Matter)
		WHERE NOT EXISTS { (over)-[:PART_OF*0..]->(x) }
		RETURN md
	UNION
		UNWIND $change.putMatters AS r
		MATCH (x:Matter {id: r.id})
		OPTIONAL MATCH (x)-[:PART_OF]->(up:Matter)
		WITH x, r, up
		WHERE NOT (up IS NULL AND r.parent IS NULL OR coalesce(up.id = r.parent, false))
		MATCH (x)<-[:PART_OF*0..]-(:Matter)<-[:OVER]-(md:Mandate)-[:DELEGATED_FROM]->(:Mandate)-[:OVER]->(over:Matter)
		WHERE NOT EXISTS { (over)-[:PART_OF*0..]->(x) }
		RETURN md
	UNION
		UNWIND $change.putMandates AS r
		MATCH (x:Mandate {id: r.id})
		OPTIONAL MATCH (x)-[:DELEGATED_FROM]->(src:Mandate)
		WITH x, r, src
		WHERE NOT (x.limit IS NULL AND r.limit IS NULL OR coalesce(x.limit = r.limit, false))
		   OR NOT (src IS NULL AND r.delegatedFrom IS NULL OR coalesce(src.id = r.delegatedFrom, false))
		MATCH (x)<-[:DELEGATED_FROM*1..]-(md:Mandate)
		RETURN md
	UNION
		UNWIND $change.putMandates AS r
		MATCH (x:Mandate {id: r.id})<-[:DELEGATED_FROM]-(md:Mandate)
		WHERE NOT EXISTS { (x)-[:OVER]->(:Matter {id: r.matter}) }
		RETURN md
	}
	RETURN collect(DISTINCT md) AS subjectMandates
}
CALL () {
	CALL () {
		UNWIND $change.removed.touchpoints AS id
		MATCH (tp:Touchpoint)-[:ESCALATES_TO]->(:Touchpoint {id: id})
		RETURN tp
	UNION
		UNWIND $change.removed.people AS id
		MATCH (tp:Touchpoint)-[:STAFFED_BY]->(:Person {id: id})
		RETURN tp
	UNION
		UNWIND $change.removed.teams AS id
		MATCH (tp:Touchpoint)-[:STAFFED_BY]->(:Team {id: id})
		RETURN tp
	UNION
		UNWIND $change.removed.matters AS id
		MATCH (tp:Touchpoint)-[:HANDLES]->(:Matter {id: id})
		RETURN tp
	}
	RETURN collect(DISTINCT tp) AS subjectTouchpoints
}
CALL (subjectMandates) {
	CALL (subjectMandates) {
		UNWIND $change.ids.mandates AS id
		MATCH (md:Mandate {id: id})
		RETURN md
	UNION
		UNWIND $change.chains.mandates AS id
		MATCH (:Mandate {id: id})-[:DELEGATED_FROM*0..]->(md:Mandate)
		RETURN md
	UNION
		UNWIND subjectMandates AS s
		MATCH (s)-[:DELEGATED_FROM*0..]->(md:Mandate)
		RETURN md
	}
	RETURN collect(DISTINCT md) AS mandates
}
CALL (mandates, subjectMandates, subjectMatters, subjectTouchpoints) {
	CALL (mandates, subjectMandates, subjectMatters, subjectTouchpoints) {
		UNWIND $change.ids.matters AS id
		MATCH (m:Matter {id: id})
		RETURN m
	UNION
		UNWIND $change.chains.matters AS id
		MATCH (:Matter {id: id})-[:PART_OF*0..]->(m:Matter)
		RETURN m
	UNION
		UNWIND subjectMatters AS m
		RETURN m
	UNION
		UNWIND mandates AS md
		MATCH (md)-[:OVER]->(m:Matter)
		RETURN m
	UNION
		UNWIND subjectMandates AS s
		MATCH (s)-[:OVER]->(over:Matter)
		WITH DISTINCT over
		MATCH (over)-[:PART_OF*0..]->(m:Matter)
		RETURN m
	UNION
		UNWIND subjectTouchpoints AS tp
		MATCH (tp)-[:HANDLES]->(m:Matter)
		RETURN m
	}
	RETURN collect(DISTINCT m) AS matters
}
CALL (mandates, subjectPeople, subjectTouchpoints) {
	CALL (mandates, subjectPeople, subjectTouchpoints) {
		UNWIND $change.ids.people AS id
		MATCH (p:Person {id: id})
		RETURN p
	UNION
		UNWIND $change.chains.people AS id
		MATCH (:Person {id: id})-[:REPORTS_TO*0..]->(p:Person)
		RETURN p
	UNION
		UNWIND subjectPeople AS s
		OPTIONAL MATCH (s)-[:REPORTS_TO]->(boss:Person)
		UNWIND [s, boss] AS p
		WITH p WHERE p IS NOT NULL
		RETURN p
	UNION
		UNWIND mandates AS md
		MATCH (p:Person)-[:HOLDS]->(md)
		RETURN p
	UNION
		UNWIND subjectTouchpoints AS tp
		MATCH (tp)-[:STAFFED_BY]->(p:Person)
		RETURN p
	}
	RETURN collect(DISTINCT p) AS people
}
CALL (mandates, subjectTeams, subjectTouchpoints) {
	CALL (mandates, subjectTeams, subjectTouchpoints) {
		UNWIND $change.ids.teams AS id
		MATCH (t:Team {id: id})
		RETURN t
	UNION
		UNWIND $change.chains.teams AS id
		MATCH (:Team {id: id})-[:PART_OF*0..]->(t:Team)
		RETURN t
	UNION
		UNWIND subjectTeams AS t
		RETURN t
	UNION
		UNWIND mandates AS md
		MATCH (t:Team)-[:HOLDS]->(md)
		RETURN t
	UNION
		UNWIND subjectTouchpoints AS tp
		MATCH (tp)-[:STAFFED_BY]->(t:Team)
		RETURN t
	}
	RETURN collect(DISTINCT t) AS teams
}
CALL (subjectTouchpoints) {
	CALL (subjectTouchpoints) {
		UNWIND $change.ids.touchpoints AS id
		MATCH (tp:Touchpoint {id: id})
		RETURN tp
	UNION
		UNWIND subjectTouchpoints AS tp
		RETURN tp
	UNION
		UNWIND subjectTouchpoints AS s
		MATCH (s)-[:ESCALATES_TO]->(tp:Touchpoint)
		RETURN tp
	}
	RETURN collect(DISTINCT tp) AS touchpoints
}
CALL () {
	CALL () {
		UNWIND $change.memberships AS k
		MATCH (:Person {id: k.person})-[r:MEMBER_OF]->(:Team {id: k.team})
		RETURN k.person AS person, k.team AS team, r.role AS role
	UNION
		UNWIND $change.removed.people AS id
		MATCH (:Person {id: id})-[r:MEMBER_OF]->(t:Team)
		RETURN id AS person, t.id AS team, r.role AS role
	UNION
		UNWIND $change.removed.teams AS id
		MATCH (p:Person)-[r:MEMBER_OF]->(:Team {id: id})
		RETURN p.id AS person, id AS team, r.role AS role
	}
	RETURN collect([person, team, role]) AS memberships
}
CALL () { MATCH (n:Person) RETURN count(n) AS nPeople }
CALL () { MATCH (n:Team) RETURN count(n) AS nTeams }
CALL () { MATCH (n:Matter) RETURN count(n) AS nMatters }
CALL () { MATCH (n:Mandate) RETURN count(n) AS nMandates }
CALL () { MATCH (n:Touchpoint) RETURN count(n) AS nTouchpoints }
CALL () { MATCH ()-[r:MEMBER_OF]->() RETURN count(r) AS nMemberships }
WITH *, nPeople + nTeams + nMatters + nMandates + nTouchpoints + nMemberships AS size
RETURN [p IN people | p {.id, .name, .email, .title, .active, .userName, .externalId,
		manager: [(p)-[:REPORTS_TO]->(_boss:Person) | _boss.id][0]}] AS people,
	[t IN teams | t {.id, .name, .kind, .externalId, parent: [(t)-[:PART_OF]->(_up:Team) | _up.id][0]}] AS teams,
	[m IN matters | m {.id, .name, parent: [(m)-[:PART_OF]->(_up:Matter) | _up.id][0]}] AS matters,
	[md IN mandates | md {.id, .name, .limit, .validFrom, .validUntil,
		matter: [(md)-[:OVER]->(_over:Matter) | _over.id][0],
		holder: [(_h)-[:HOLDS]->(md) | {type: CASE WHEN _h:Team THEN 'TEAM' ELSE 'PERSON' END, id: _h.id}][0],
		delegatedFrom: [(md)-[:DELEGATED_FROM]->(_src:Mandate) | _src.id][0]}] AS mandates,
	[tp IN touchpoints | tp {.id, .name, .channel, .selfService,
		staffedBy: COLLECT { MATCH (tp)-[_s:STAFFED_BY]->(_h) RETURN {type: CASE WHEN _h:Team THEN 'TEAM' ELSE 'PERSON' END, id: _h.id} ORDER BY _s.pos },
		escalatesTo: COLLECT { MATCH (tp)-[_e:ESCALATES_TO]->(_to:Touchpoint) RETURN _to.id ORDER BY _e.pos },
		handles: COLLECT { MATCH (tp)-[_r:HANDLES]->(_m:Matter) RETURN {matter: _m.id, volume: _r.volume, selfServiceRate: _r.selfServiceRate} ORDER BY _r.pos }}] AS touchpoints,
	memberships,
	[p IN subjectPeople | p.id] AS subjectPeople,
	[t IN subjectTeams | t.id] AS subjectTeams,
	[m IN subjectMatters | m.id] AS subjectMatters,
	[md IN subjectMandates | md.id] AS subjectMandates,
	[tp IN subjectTouchpoints | tp.id] AS subjectTouchpoints,
	size
