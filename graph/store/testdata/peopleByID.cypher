UNWIND $ids AS id MATCH (p:Person {id: id}) RETURN id, p {.id, .name, .email, .title, .active, .userName, .externalId,
		manager: [(p)-[:REPORTS_TO]->(_boss:Person) | _boss.id][0]} AS n
