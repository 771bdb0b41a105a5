MATCH (t:Team)
		RETURN collect([t.id, t.name, t.kind, [(t)-[:PART_OF]->(up:Team) | up.id][0], t.externalId]) AS rows
