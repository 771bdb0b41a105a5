UNWIND $ids AS parentId
MATCH (parent:Team {id: parentId})
CALL (parent) {
	MATCH (parent)<-[:PART_OF]-(c:Team)
	WITH DISTINCT c ORDER BY c.id
	WITH collect(c) AS children
	RETURN size(children) AS total, [c IN children WHERE c.id > $after][0..$limit] AS page
}
RETURN parentId, total, [c IN page | c {.id, .name, .kind, .externalId, parent: [(c)-[:PART_OF]->(_up:Team) | _up.id][0]}] AS page
