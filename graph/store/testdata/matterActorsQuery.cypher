MATCH (m:Matter)
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
	WITH DISTINCT p ORDER BY p.id
	RETURN collect(p.id) AS actors
}
RETURN m {.id, .name, parent: [(m)-[:PART_OF]->(_up:Matter) | _up.id][0]} AS matter, actors
