MATCH (t:Team) WHERE t.id IN $teamIds
WITH collect(t) AS asked
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
	RETURN collect(DISTINCT p) AS actors
}
WITH asked, m, actors WHERE size(actors) > 0
UNWIND actors AS p
WITH asked, p, collect({matter: m, actors: size(actors)}) AS matters
CALL (p, asked) {
	MATCH (p)-[:MEMBER_OF]->(:Team)-[:PART_OF]->*(t:Team) WHERE t IN asked
	RETURN collect(DISTINCT t) AS units
}
UNWIND units AS t
UNWIND matters AS x
WITH t, x.matter AS m, x.actors AS actors, count(*) AS inside WHERE inside = actors
RETURN t.id AS teamId, m {.id, .name, parent: [(m)-[:PART_OF]->(_up:Matter) | _up.id][0]} AS matter ORDER BY m.id
