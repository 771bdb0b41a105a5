CALL () { UNWIND $personIds AS id MATCH (p:Person {id: id}) RETURN collect(p {.id, .name, .email, .title, .active, .userName, .externalId,
	manager: [(p)-[:REPORTS_TO]->(_boss:Person) | _boss.id][0]}) AS people }
CALL () { UNWIND $teamIds AS id MATCH (t:Team {id: id}) RETURN collect(t {.id, .name, .kind, .externalId, parent: [(t)-[:PART_OF]->(_up:Team) | _up.id][0]}) AS teams }
RETURN people, teams
