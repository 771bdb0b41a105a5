UNWIND $rows AS r
MATCH (md:Mandate {id: r.id}) MATCH (m:Matter {id: r.to})
CREATE (md)-[:OVER]->(m)
