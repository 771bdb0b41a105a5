UNWIND $ids AS parentId
MATCH (parent:Touchpoint {id: parentId})
CALL (parent) {
	MATCH (parent)-[:STAFFED_BY]->(staff)(()<-[:PART_OF]-(:Team)){0,}()<-[:MEMBER_OF]-{0,1}(c:Person)
 WHERE c.active AND (staff:Person OR staff:Team)
	WITH DISTINCT c ORDER BY c.id
	WITH collect(c) AS children
	RETURN size(children) AS total, [c IN children WHERE c.id > $after][0..$limit] AS page
}
RETURN parentId, total, [c IN page | c {.id, .name, .email, .title, .active, .userName, .externalId,
manager: [(c)-[:REPORTS_TO]->(_boss:Person) | _boss.id][0]}] AS page
