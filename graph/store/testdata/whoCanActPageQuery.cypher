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
	CALL (holder) {
		WITH holder WHERE holder:Person AND coalesce(holder.active, true)
		RETURN holder AS p
		UNION
		MATCH (holder:Team)<-[:PART_OF]-*(:Team)<-[:MEMBER_OF]-(p:Person)
		WHERE coalesce(p.active, true)
		RETURN p
	}
	WITH p, collect({md: md, holder: holder, lim: lim}) AS grants ORDER BY p.id
	RETURN collect({p: p, grants: grants}) AS actors
}
WITH matterId, m, coalesce(actors, []) AS actors
CALL (actors) {
	UNWIND [a IN actors WHERE a.p.id > $after][0..$limit] AS a
	WITH a.p AS p, a.grants AS held
	CALL (held) {
		UNWIND held AS g
		WITH g.md AS md, g.holder AS holder, g.lim AS lim
		RETURN collect({mandate: md {.id, .name, .limit, .validFrom, .validUntil,
	matter: [(md)-[:OVER]->(_over:Matter) | _over.id][0],
	holder: [(_h)-[:HOLDS]->(md) | {type: CASE WHEN _h:Team THEN 'TEAM' ELSE 'PERSON' END, id: _h.id}][0],
	delegatedFrom: [(md)-[:DELEGATED_FROM]->(_src:Mandate) | _src.id][0]},
		team: CASE WHEN holder:Team THEN holder {.id, .name, .kind, .externalId, parent: [(holder)-[:PART_OF]->(_up:Team) | _up.id][0]} END, limit: lim}) AS grants
	}
	RETURN collect({person: p {.id, .name, .email, .title, .active, .userName, .externalId,
	manager: [(p)-[:REPORTS_TO]->(_boss:Person) | _boss.id][0]}, grants: grants}) AS page
}
RETURN matterId, m IS NOT NULL AS found, size(actors) AS total, page
