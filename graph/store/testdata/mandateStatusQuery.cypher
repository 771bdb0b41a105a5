UNWIND $mandateIds AS mandateId
MATCH (md:Mandate {id: mandateId})
CALL (md) {
	MATCH (md)-[:DELEGATED_FROM]->*(x:Mandate)
	RETURN min(x.limit) AS lim,
		all(ok IN collect((x.validFrom IS NULL OR x.validFrom <= $at) AND (x.validUntil IS NULL OR $at < x.validUntil)) WHERE ok) AS effective
}
RETURN md.id AS id, lim, effective
