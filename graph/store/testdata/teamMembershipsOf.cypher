UNWIND $people AS personId
MATCH (p:Person {id: personId})-[m:MEMBER_OF]->(t:Team {id: $team})
RETURN collect({person: p.id, name: p.name, role: m.role}) AS members
