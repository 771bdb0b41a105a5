UNWIND $ids AS parentId
MATCH (parent:Team {id: parentId})
CALL (parent) {
	MATCH (parent)<-[r:MEMBER_OF]-(c:Person) WHERE $role IS NULL OR r.role = $role
	WITH DISTINCT c ORDER BY c.id
	WITH collect(c) AS children
	RETURN size(children) AS total, [c IN children WHERE c.id > $after][0..$limit] AS page
}
RETURN parentId, total, [c IN page | {person: c {.id, .name, .email, .title, .active, .userName, .externalId,
manager: [(c)-[:REPORTS_TO]->(_boss:Person) | _boss.id][0]}, team: parent {.id, .name, .kind, .externalId, parent: [(parent)-[:PART_OF]->(_up:Team) | _up.id][0]}, role: [(c)-[r:MEMBER_OF]->(parent) | r.role][0]}] AS page
