UNWIND $rows AS r MATCH (n:Matter {id: r.id}) DETACH DELETE n
