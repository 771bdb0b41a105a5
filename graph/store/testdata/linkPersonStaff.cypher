UNWIND $rows AS r
MATCH (tp:Touchpoint {id: r.id}) MATCH (h:Person {id: r.to})
CREATE (tp)-[:STAFFED_BY {pos: r.pos}]->(h)
