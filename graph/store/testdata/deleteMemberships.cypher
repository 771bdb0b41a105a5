UNWIND $rows AS r
MATCH (:Person {id: r.person})-[m:MEMBER_OF]->(t:Team {id: r.team})
DELETE m
SET t.membersVersion = $version
