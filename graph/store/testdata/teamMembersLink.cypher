UNWIND $ids AS parentId
MATCH (parent:Team {id: parentId})
MATCH (parent)<-[r:MEMBER_OF]-(c:Person) WHERE $role IS NULL OR r.role = $role
WITH parentId, parent, c, collect(r.role)[0] AS via ORDER BY c.id
WITH parentId, parent, collect({c: c, via: via}) AS children
WITH parentId, parent, size(children) AS total, [x IN children WHERE x.c.id > $after][0..$limit] AS page
RETURN parentId, total, [c IN [x IN page | x.c] | c {.id, .name, .email, .title, .active, .userName, .externalId}] AS page, [x IN page | x.via] AS via, parent {.id, .name, .kind, .externalId, parent: [(parent)-[:PART_OF]->(_up:Team) | _up.id][0]} AS parent
