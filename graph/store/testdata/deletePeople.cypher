UNWIND $rows AS r MATCH (n:Person {id: r.id})
CALL (n) { MATCH (n)-[:MEMBER_OF]->(t:Team) SET t.membersVersion = $version }
DETACH DELETE n
