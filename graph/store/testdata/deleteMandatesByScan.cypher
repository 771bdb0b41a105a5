WITH [r IN $rows | r.id] AS ids MATCH (n:Mandate) USING SCAN n:Mandate WHERE n.id IN ids DETACH DELETE n
