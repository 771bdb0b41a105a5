UNWIND $rows AS r
MATCH (t:Team {id: r.id}) MATCH (parent:Team {id: r.to})
CREATE (t)-[:PART_OF]->(parent)
