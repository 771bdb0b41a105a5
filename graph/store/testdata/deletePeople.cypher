UNWIND $rows AS r MATCH (n:Person {id: r.id}) DETACH DELETE n
