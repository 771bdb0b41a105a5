UNWIND $ids AS parentId
MATCH (parent:Team {id: parentId})
CALL (parent) {
	MATCH (parent)-[:HOLDS]->(c:Mandate)
	WITH DISTINCT c ORDER BY c.id
	WITH collect(c) AS children
	RETURN size(children) AS total, [c IN children WHERE c.id > $after][0..$limit] AS page
}
RETURN parentId, total, [c IN page | c {.id, .name, .limit, .validFrom, .validUntil,
matter: [(c)-[:OVER]->(_over:Matter) | _over.id][0],
holder: [(_h)-[:HOLDS]->(c) | {type: CASE WHEN _h:Team THEN 'TEAM' ELSE 'PERSON' END, id: _h.id}][0],
delegatedFrom: [(c)-[:DELEGATED_FROM]->(_src:Mandate) | _src.id][0]}] AS page
