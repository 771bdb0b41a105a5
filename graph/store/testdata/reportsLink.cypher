UNWIND $ids AS parentId
MATCH (parent:Person {id: parentId})
CALL (parent) {
	MATCH (parent)<-[:REPORTS_TO]-(c:Person)
	WITH DISTINCT c ORDER BY c.id
	WITH collect(c) AS children
	RETURN size(children) AS total, [c IN children WHERE c.id > $after][0..$limit] AS page
}
RETURN parentId, total, [c IN page | c {.id, .name, .email, .title, .active, .userName, .externalId,
manager: [(c)-[:REPORTS_TO]->(_boss:Person) | _boss.id][0]}] AS page
