UNWIND $ids AS parentId
MATCH (parent:Touchpoint {id: parentId})
MATCH (parent)-[:STAFFED_BY]->(staff)(()<-[:PART_OF]-(:Team)){0,}()<-[:MEMBER_OF]-{0,1}(c:Person)
 WHERE c.active AND (staff:Person OR staff:Team)
WITH DISTINCT parentId, parent, c ORDER BY c.id
WITH parentId, parent, collect({c: c}) AS children
WITH parentId, parent, size(children) AS total, [x IN children WHERE x.c.id > $after][0..$limit] AS page
RETURN parentId, total, [c IN [x IN page | x.c] | c {.id, .name, .email, .title, .active, .userName, .externalId}] AS page
