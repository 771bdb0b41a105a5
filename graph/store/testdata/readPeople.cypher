MATCH (p:Person)
		RETURN collect([p.id, p.name, p.email, p.title, p.active, [(p)-[:REPORTS_TO]->(boss:Person) | boss.id][0], p.userName, p.externalId]) AS rows
