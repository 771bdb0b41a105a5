MATCH (md:Mandate) WHERE md.id > $after
WITH md ORDER BY md.id LIMIT $limit
WITH collect(md) AS page
RETURN page[-1].id AS last, [md IN page | [md.id, md.name, md.limit, md.validFrom, md.validUntil,
  [(md)-[:OVER]->(over:Matter) | over.id][0],
  [(h)-[:HOLDS]->(md) | [CASE WHEN h:Team THEN 'TEAM' ELSE 'PERSON' END, h.id]][0],
  [(md)-[:DELEGATED_FROM]->(src:Mandate) | src.id][0], coalesce(md.version, 0)]] AS rows
