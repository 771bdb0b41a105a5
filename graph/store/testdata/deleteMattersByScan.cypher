WITH [r IN $rows | r.id] AS ids MATCH (n:Matter) USING SCAN n:Matter WHERE n.id IN ids DETACH DELETE n
