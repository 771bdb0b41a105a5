MATCH (t:Team) WHERE t.id IS NOT NULL
RETURN [t.id, t.name, t.kind, [(t)-[:PART_OF]->(up:Team) | up.id][0]] AS row,
  coalesce(t.version, 0) AS version ORDER BY t.id
