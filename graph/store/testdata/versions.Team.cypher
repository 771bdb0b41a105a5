UNWIND $ids AS id MATCH (n:Team {id: id}) RETURN id, coalesce(n.version, 0) AS version
