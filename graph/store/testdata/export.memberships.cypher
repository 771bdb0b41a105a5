MATCH (p:Person) WHERE p.id > $after
WITH p ORDER BY p.id LIMIT $limit
WITH collect(p) AS page
RETURN page[-1].id AS last, [p IN page | [(p)-[m:MEMBER_OF]->(t:Team) | [p.id, t.id, m.role, coalesce(m.version, 0)]]] AS rows
