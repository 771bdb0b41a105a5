WITH [r IN $rows | r.id] AS ids MATCH (n:Team) USING SCAN n:Team WHERE n.id IN ids DETACH DELETE n
