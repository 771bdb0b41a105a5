MATCH (c:Change {id: $id}) RETURN c.version AS version
