UNWIND $ids AS parentId
MATCH (parent:Matter {id: parentId})
MATCH (parent)<-[:OVER]-(c:Mandate)
WITH DISTINCT parentId, parent, c ORDER BY c.id
WITH parentId, parent, collect({c: c}) AS children
WITH parentId, parent, size(children) AS total, [x IN children WHERE x.c.id > $after][0..$limit] AS page
RETURN parentId, total, [c IN [x IN page | x.c] | c {.id, .name, .limit, .validFrom, .validUntil,
matter: [(c)-[:OVER]->(_over:Matter) | _over.id][0],
holder: [(_h)-[:HOLDS]->(c) | {type: CASE WHEN _h:Team THEN 'TEAM' ELSE 'PERSON' END, id: _h.id}][0],
delegatedFrom: [(c)-[:DELEGATED_FROM]->(_src:Mandate) | _src.id][0]}] AS page
