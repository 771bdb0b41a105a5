UNWIND $rows AS r MATCH (n:Touchpoint {id: r.id}) DETACH DELETE n
