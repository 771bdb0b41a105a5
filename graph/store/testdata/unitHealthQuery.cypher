CALL () { MATCH (t:Team) WHERE $kind IS NULL OR t.kind = $kind RETURN count(t) AS total }
CALL () {
	MATCH (t:Team) WHERE t.id > $after AND ($kind IS NULL OR t.kind = $kind)
	WITH t ORDER BY t.id LIMIT $limit
	RETURN collect(t) AS page
}
CALL (page) {
	UNWIND page AS t
	CALL (t) {
		MATCH (t)<-[:PART_OF]-*(:Team)<-[:MEMBER_OF]-(p:Person) WHERE coalesce(p.active, true)
		RETURN collect(DISTINCT p) AS people
	}
	CALL (people) {
		UNWIND people AS top
		WITH people, top WHERE NOT EXISTS { (top)-[:REPORTS_TO]->(boss:Person) WHERE boss IN people }
		MATCH chain = (top)((:Person)<-[:REPORTS_TO]-(r:Person) WHERE r IN people)*(:Person)
		RETURN coalesce(max(length(chain)) + 1, 0) AS layers
	}
	CALL (t, people) {
		CALL (t, people) {
			MATCH (t)<-[:PART_OF]-*(:Team)-[:HOLDS]->(md:Mandate) RETURN md
			UNION
			UNWIND people AS p
			MATCH (p)-[:HOLDS]->(md:Mandate) RETURN md
		}
		CALL (md) {
	MATCH (md)-[:DELEGATED_FROM]->*(x:Mandate)
	RETURN min(x.limit) AS lim,
		all(ok IN collect((x.validFrom IS NULL OR x.validFrom <= $at) AND (x.validUntil IS NULL OR $at < x.validUntil)) WHERE ok) AS effective
}
		RETURN count(CASE WHEN effective THEN md END) AS mandates
	}
	WITH t, people, layers, mandates ORDER BY t.id
	RETURN collect({team: t {.id, .name, .kind, .externalId, parent: [(t)-[:PART_OF]->(_up:Team) | _up.id][0]}, people: size(people), layers: layers, mandates: mandates}) AS units
}
RETURN total, units
