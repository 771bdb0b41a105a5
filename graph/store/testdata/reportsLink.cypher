UNWIND $ids AS parentId
MATCH (parent:Person {id: parentId})
MATCH (parent)<-[:REPORTS_TO]-(c:Person)
WITH DISTINCT parentId, parent, c ORDER BY c.id
WITH parentId, parent, collect({c: c}) AS children
WITH parentId, parent, size(children) AS total, [x IN children WHERE x.c.id > $after][0..$limit] AS page
RETURN parentId, total, [c IN [x IN page | x.c] | c {.id, .name, .email, .title, .active, .userName, .externalId}] AS page
