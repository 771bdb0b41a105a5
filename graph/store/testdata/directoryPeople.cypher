CALL () { OPTIONAL MATCH (o:OrgState {id: 'org'}) RETURN coalesce(o.version, 0) AS orgVersion }
CALL () { MATCH (p:Person) WHERE (p.userNameKey = $f0 AND (NOT coalesce((p.title IS NOT NULL AND toString(p.title) <> ''), false))) RETURN count(p) AS total }
CALL () {
  MATCH (p:Person) WHERE (p.userNameKey = $f0 AND (NOT coalesce((p.title IS NOT NULL AND toString(p.title) <> ''), false)))
  WITH p ORDER BY p.id SKIP $skip LIMIT $limit
  RETURN collect(p {.id, .name, .email, .title, .active, .userName, .externalId,
    version: coalesce(p.version, 0),
    manager: [(p)-[:REPORTS_TO]->(boss:Person) | boss.id][0]}) AS page
}
RETURN orgVersion, total, page
