UNWIND $rows AS r
MATCH (p:Person {id: r.id}) MATCH (m:Person {id: r.to})
CREATE (p)-[:REPORTS_TO]->(m)
