UNWIND $ids AS id MATCH (n:Mandate {id: id}) RETURN id, coalesce(n.version, 0) AS version
