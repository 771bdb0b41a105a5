UNWIND $ids AS parentId
MATCH (parent:Person {id: parentId})
CALL (parent) {
	MATCH (parent)-[:MEMBER_OF]->(c:Team)
	WITH DISTINCT c ORDER BY c.id
	WITH collect(c) AS children
	RETURN size(children) AS total, [c IN children WHERE c.id > $after][0..$limit] AS page
}
RETURN parentId, total, [c IN page | {person: parent {.id, .name, .email, .title, .active, .userName, .externalId,
manager: [(parent)-[:REPORTS_TO]->(_boss:Person) | _boss.id][0]}, team: c {.id, .name, .kind, .externalId, parent: [(c)-[:PART_OF]->(_up:Team) | _up.id][0]}, role: [(parent)-[r:MEMBER_OF]->(c) | r.role][0]}] AS page
