UNWIND $ids AS id MATCH (n:Person {id: id}) RETURN id, coalesce(n.version, 0) AS version
