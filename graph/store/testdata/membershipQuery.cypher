MATCH (p:Person {id: $personId})-[r:MEMBER_OF]->(t:Team {id: $teamId})
RETURN {person: p {.id, .name, .email, .title, .active, .userName, .externalId,
	manager: [(p)-[:REPORTS_TO]->(_boss:Person) | _boss.id][0]}, team: t {.id, .name, .kind, .externalId, parent: [(t)-[:PART_OF]->(_up:Team) | _up.id][0]}, role: r.role} AS n
