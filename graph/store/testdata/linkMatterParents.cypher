UNWIND $rows AS r
MATCH (m:Matter {id: r.id}) MATCH (parent:Matter {id: r.to})
CREATE (m)-[:PART_OF]->(parent)
