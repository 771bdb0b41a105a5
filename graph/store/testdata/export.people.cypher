MATCH (p:Person) WHERE p.id > $after
WITH p ORDER BY p.id LIMIT $limit
WITH collect(p) AS page
RETURN page[-1].id AS last, [p IN page | [p.id, p.name, p.email, p.title, p.active,
  [(p)-[:REPORTS_TO]->(boss:Person) | boss.id][0], p.userName, p.externalId, coalesce(p.version, 0)]] AS rows
