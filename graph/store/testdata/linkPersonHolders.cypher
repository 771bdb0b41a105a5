UNWIND $rows AS r
MATCH (md:Mandate {id: r.id}) MATCH (h:Person {id: r.to})
CREATE (h)-[:HOLDS]->(md)
