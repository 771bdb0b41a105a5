WITH [r IN $rows | r.id] AS ids MATCH (n:Person) USING SCAN n:Person WHERE n.id IN ids DETACH DELETE n
