OPTIONAL MATCH (p:Person {id: $personId})
OPTIONAL CALL (p) {
	WITH p WHERE coalesce(p.active, true)
	CALL (p) {
	MATCH (p)-[:HOLDS]->(md:Mandate)
	RETURN md, p AS holder
	UNION
	MATCH (p)-[:MEMBER_OF]->(:Team)-[:PART_OF]->*(holder:Team)-[:HOLDS]->(md:Mandate)
	RETURN md, holder
}
	CALL (md) {
	MATCH (md)-[:DELEGATED_FROM]->*(x:Mandate)
	RETURN min(x.limit) AS lim,
		all(ok IN collect((x.validFrom IS NULL OR x.validFrom <= $at) AND (x.validUntil IS NULL OR $at < x.validUntil)) WHERE ok) AS effective
}
	WITH md, holder, lim WHERE effective AND ($amount IS NULL OR lim IS NULL OR $amount <= lim)
	MATCH (md)-[:OVER]->(:Matter)<-[:PART_OF]-*(m:Matter)
	WITH m, collect({md: md, holder: holder, lim: lim}) AS grants ORDER BY m.id
	RETURN collect({m: m, grants: grants}) AS matters
}
WITH p, coalesce(matters, []) AS matters
CALL (matters) {
	UNWIND [x IN matters WHERE x.m.id > $after][0..$limit] AS x
	WITH x.m AS m, x.grants AS held
	CALL (held) {
		UNWIND held AS g
		WITH g.md AS md, g.holder AS holder, g.lim AS lim
		RETURN collect({mandate: md {.id, .name, .limit, .validFrom, .validUntil,
	matter: [(md)-[:OVER]->(_over:Matter) | _over.id][0],
	holder: [(_h)-[:HOLDS]->(md) | {type: CASE WHEN _h:Team THEN 'TEAM' ELSE 'PERSON' END, id: _h.id}][0],
	delegatedFrom: [(md)-[:DELEGATED_FROM]->(_src:Mandate) | _src.id][0]},
		team: CASE WHEN holder:Team THEN holder {.id, .name, .kind, .externalId, parent: [(holder)-[:PART_OF]->(_up:Team) | _up.id][0]} END, limit: lim}) AS grants
	}
	RETURN collect({matter: m {.id, .name, parent: [(m)-[:PART_OF]->(_up:Matter) | _up.id][0]}, grants: grants}) AS page
}
RETURN p IS NOT NULL AS found, size(matters) AS total, page
