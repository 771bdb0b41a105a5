UNWIND $rows AS r MATCH (n:Mandate {id: r.id}) DETACH DELETE n
