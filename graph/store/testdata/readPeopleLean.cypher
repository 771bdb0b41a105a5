MATCH (p:Person)
		RETURN collect([p.id, null, null, null, p.active, [(p)-[:REPORTS_TO]->(boss:Person) | boss.id][0], null, null]) AS rows
