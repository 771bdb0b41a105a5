UNWIND $people AS personId
MATCH (p:Person {id: personId})-[m:MEMBER_OF]->()
WHERE endNode(m).id = $team
RETURN collect({person: p.id, name: p.name, role: m.role}) AS members
