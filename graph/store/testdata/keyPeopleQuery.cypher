UNWIND $handlings AS handling
MATCH (tp:Touchpoint {id: handling.touchpoint}), (m:Matter {id: handling.matter})
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
	RETURN collect(DISTINCT p) AS everyone
}
UNWIND handling.people AS personId
MATCH (gone:Person {id: personId})
WITH handling, tp, gone, [p IN everyone WHERE p <> gone] AS actors
OPTIONAL CALL (tp, gone, actors) {
	WITH tp, gone, actors WHERE size(actors) > 0
	MATCH route = ANY SHORTEST (tp) (()-[:ESCALATES_TO]->(:Touchpoint))*
		(:Touchpoint)-[:STAFFED_BY]->(front WHERE (front:Team OR front:Person AND coalesce(front.active, true)) AND front <> gone)
		((x)-[:MEMBER_OF|PART_OF|REPORTS_TO]-(y) WHERE (y:Team OR y:Person AND coalesce(y.active, true)) AND y <> gone)*
		(actor:Person WHERE actor IN actors)
	RETURN true AS reachable LIMIT 1
}
RETURN handling.touchpoint AS touchpoint, handling.matter AS matter, gone.id AS person, reachable IS NOT NULL AS reachable
