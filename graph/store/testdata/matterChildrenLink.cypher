UNWIND $ids AS parentId
MATCH (parent:Matter {id: parentId})
MATCH (parent)<-[:PART_OF]-(c:Matter)
WITH DISTINCT parentId, parent, c ORDER BY c.id
WITH parentId, parent, collect({c: c}) AS children
WITH parentId, parent, size(children) AS total, [x IN children WHERE x.c.id > $after][0..$limit] AS page
RETURN parentId, total, [c IN [x IN page | x.c] | c {.id, .name, parent: [(c)-[:PART_OF]->(_up:Matter) | _up.id][0]}] AS page
