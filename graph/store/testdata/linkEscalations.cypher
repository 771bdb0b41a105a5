UNWIND $rows AS r
MATCH (tp:Touchpoint {id: r.id}) MATCH (to:Touchpoint {id: r.to})
CREATE (tp)-[:ESCALATES_TO {pos: r.pos}]->(to)
