UNWIND $rows AS r
MATCH (p:Person {id: r.person})-[m:MEMBER_OF]->(t:Team {id: r.team})
RETURN p.id AS person, t.id AS team, m.role AS role
