MATCH (md:Mandate) WHERE md.id IS NOT NULL
RETURN [md.id, md.name, md.limit, md.validFrom, md.validUntil,
  [(md)-[:OVER]->(over:Matter) | over.id][0],
  [(h)-[:HOLDS]->(md) | [CASE WHEN h:Team THEN 'TEAM' ELSE 'PERSON' END, h.id]][0],
  [(md)-[:DELEGATED_FROM]->(src:Mandate) | src.id][0]] AS row,
  coalesce(md.version, 0) AS version ORDER BY md.id
