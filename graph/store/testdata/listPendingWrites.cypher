MATCH (w:PendingWrite) RETURN w {.*} AS w ORDER BY w.createdAt, w.id
