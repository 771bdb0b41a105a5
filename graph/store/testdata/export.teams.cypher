MATCH (t:Team) WHERE t.id > $after
WITH t ORDER BY t.id LIMIT $limit
WITH collect(t) AS page
RETURN page[-1].id AS last, [t IN page | [t.id, t.name, t.kind, [(t)-[:PART_OF]->(up:Team) | up.id][0],
  t.externalId, coalesce(t.version, 0)]] AS rows
