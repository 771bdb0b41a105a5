WITH [r IN $rows | r.id] AS ids MATCH (n:Person) USING SCAN n:Person WHERE n.id IN ids
CALL (n) { MATCH (n)-[:MEMBER_OF]->(t:Team) SET t.membersVersion = $version }
DETACH DELETE n
