MATCH (m:Matter) WHERE m.id > $after
WITH m ORDER BY m.id LIMIT $limit
WITH collect(m) AS page
RETURN page[-1].id AS last, [m IN page | [m.id, m.name, [(m)-[:PART_OF]->(up:Matter) | up.id][0],
  coalesce(m.version, 0)]] AS rows
