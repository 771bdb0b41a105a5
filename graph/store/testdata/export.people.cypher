MATCH (p:Person) WHERE p.id IS NOT NULL
RETURN [p.id, p.name, p.email, p.title, p.active, [(p)-[:REPORTS_TO]->(boss:Person) | boss.id][0]] AS row,
  coalesce(p.version, 0) AS version ORDER BY p.id
