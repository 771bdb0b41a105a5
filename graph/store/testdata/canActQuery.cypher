OPTIONAL MATCH (p:Person {id: $personId})
OPTIONAL MATCH (m:Matter {id: $matterId})
OPTIONAL CALL (p, m) {
	CALL (p) {
	MATCH (p)-[:HOLDS]->(md:Mandate)
	RETURN md, p AS holder
	UNION
	MATCH (p)-[:MEMBER_OF]->(:Team)-[:PART_OF]->*(holder:Team)-[:HOLDS]->(md:Mandate)
	RETURN md, holder
}
	WITH md, holder WHERE EXISTS { (m)-[:PART_OF]->*(:Matter)<-[:OVER]-(md) }
	CALL (md) {
		MATCH chain = (md)-[:DELEGATED_FROM]->*(x:Mandate)
		WITH x, length(chain) AS depth ORDER BY depth
		RETURN min(x.limit) AS lim, collect({id: x.id, name: x.name, validFrom: x.validFrom, validUntil: x.validUntil,
			inWindow: (x.validFrom IS NULL OR x.validFrom <= $at) AND (x.validUntil IS NULL OR $at < x.validUntil)}) AS chain
	}
	RETURN collect({grant: {mandate: md {.id, .name, .limit, .validFrom, .validUntil,
	matter: [(md)-[:OVER]->(_over:Matter) | _over.id][0],
	holder: [(_h)-[:HOLDS]->(md) | {type: CASE WHEN _h:Team THEN 'TEAM' ELSE 'PERSON' END, id: _h.id}][0],
	delegatedFrom: [(md)-[:DELEGATED_FROM]->(_src:Mandate) | _src.id][0]},
		team: CASE WHEN holder:Team THEN holder {.id, .name, .kind, .externalId, parent: [(holder)-[:PART_OF]->(_up:Team) | _up.id][0]} END, limit: lim}, chain: chain}) AS candidates
}
RETURN p {.id, .name, .email, .title, .active, .userName, .externalId,
	manager: [(p)-[:REPORTS_TO]->(_boss:Person) | _boss.id][0]} AS person, m {.id, .name, parent: [(m)-[:PART_OF]->(_up:Matter) | _up.id][0]} AS matter, candidates
