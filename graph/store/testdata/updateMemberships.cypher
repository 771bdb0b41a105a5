UNWIND $rows AS r
MATCH (:Person {id: r.person})-[m:MEMBER_OF]->(t:Team {id: r.team})
SET m.role = r.role, m.version = $version, t.membersVersion = $version
