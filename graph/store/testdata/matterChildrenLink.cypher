UNWIND $ids AS parentId
MATCH (parent:Matter {id: parentId})
CALL (parent) {
	MATCH (parent)<-[:PART_OF]-(c:Matter)
	WITH DISTINCT c ORDER BY c.id
	WITH collect(c) AS children
	RETURN size(children) AS total, [c IN children WHERE c.id > $after][0..$limit] AS page
}
RETURN parentId, total, [c IN page | c {.id, .name, parent: [(c)-[:PART_OF]->(_up:Matter) | _up.id][0]}] AS page
