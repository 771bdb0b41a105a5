WITH [r IN $rows | r.id] AS ids MATCH (n:Touchpoint) USING SCAN n:Touchpoint WHERE n.id IN ids DETACH DELETE n
