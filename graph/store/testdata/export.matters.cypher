MATCH (m:Matter) WHERE m.id IS NOT NULL
RETURN [m.id, m.name, [(m)-[:PART_OF]->(up:Matter) | up.id][0]] AS row,
  coalesce(m.version, 0) AS version ORDER BY m.id
