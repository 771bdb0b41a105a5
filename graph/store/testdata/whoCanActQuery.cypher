UNWIND $matterIds AS matterId
OPTIONAL MATCH (m:Matter {id: matterId})
OPTIONAL CALL (m) {
	MATCH (m)-[:PART_OF]->*(:Matter)<-[:OVER]-(md:Mandate)
	CALL (md) {
	MATCH (md)-[:DELEGATED_FROM]->*(x:Mandate)
	RETURN min(x.limit) AS lim,
		all(ok IN collect((x.validFrom IS NULL OR x.validFrom <= $at) AND (x.validUntil IS NULL OR $at < x.validUntil)) WHERE ok) AS effective
}
	WITH md, lim WHERE effective AND ($amount IS NULL OR lim IS NULL OR $amount <= lim)
	MATCH (holder)-[:HOLDS]->(md)
	WITH holder, {mandate: md {.id, .name, .limit, .validFrom, .validUntil,
	matter: [(md)-[:OVER]->(_over:Matter) | _over.id][0],
	holder: [(_h)-[:HOLDS]->(md) | {type: CASE WHEN _h:Team THEN 'TEAM' ELSE 'PERSON' END, id: _h.id}][0],
	delegatedFrom: [(md)-[:DELEGATED_FROM]->(_src:Mandate) | _src.id][0]},
		team: CASE WHEN holder:Team THEN holder {.id, .name, .kind, .externalId, parent: [(holder)-[:PART_OF]->(_up:Team) | _up.id][0]} END, limit: lim} AS grant
	CALL (holder) {
		WITH holder WHERE holder:Person AND coalesce(holder.active, true)
		RETURN holder AS p
		UNION
		MATCH (holder:Team)<-[:PART_OF]-*(:Team)<-[:MEMBER_OF]-(p:Person)
		WHERE coalesce(p.active, true)
		RETURN p
	}
	RETURN p, collect(grant) AS grants
}
RETURN matterId, m IS NOT NULL AS found, p {.id, .name, .email, .title, .active, .userName, .externalId,
	manager: [(p)-[:REPORTS_TO]->(_boss:Person) | _boss.id][0]} AS person, grants
