MATCH (p:Person)-[m:MEMBER_OF]->(t:Team)
RETURN [p.id, t.id, m.role] AS row, coalesce(m.version, 0) AS version ORDER BY p.id, t.id
