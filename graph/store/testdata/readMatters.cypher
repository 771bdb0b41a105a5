MATCH (m:Matter) RETURN collect([m.id, m.name, [(m)-[:PART_OF]->(up:Matter) | up.id][0]]) AS rows
