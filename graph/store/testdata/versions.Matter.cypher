UNWIND $ids AS id MATCH (n:Matter {id: id}) RETURN id, coalesce(n.version, 0) AS version
