UNWIND $ids AS id MATCH (n:Touchpoint {id: id}) RETURN id, coalesce(n.version, 0) AS version
