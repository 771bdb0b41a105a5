UNWIND $rows AS r
MATCH (p:Person {id: r.person}) MATCH (t:Team {id: r.team})
CREATE (p)-[:MEMBER_OF {role: r.role, version: $version}]->(t)
SET t.membersVersion = $version
