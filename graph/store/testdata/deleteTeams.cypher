UNWIND $rows AS r MATCH (n:Team {id: r.id}) DETACH DELETE n
