UNWIND $rows AS r
MATCH (tp:Touchpoint {id: r.id}) MATCH (m:Matter {id: r.to})
CREATE (tp)-[:HANDLES {pos: r.pos, volume: r.volume, selfServiceRate: r.rate}]->(m)
