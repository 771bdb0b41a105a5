MATCH (p:Person)-[r:MEMBER_OF]->(t:Team) RETURN collect([p.id, t.id, r.role]) AS rows
