UNWIND $rows AS r
MATCH (md:Mandate {id: r.id}) MATCH (src:Mandate {id: r.to})
CREATE (md)-[:DELEGATED_FROM]->(src)
