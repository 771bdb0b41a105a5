CALL () { OPTIONAL MATCH (o:OrgState {id: 'org'}) RETURN coalesce(o.version, 0) AS orgVersion }
CALL () { MATCH (t:Team) WHERE (toLower(t.name) STARTS WITH $f0 OR EXISTS { MATCH (_mp:Person)-[_mr:MEMBER_OF]->(t) WHERE (NOT coalesce(_mp.id = $f1, false)) }) RETURN count(t) AS total }
CALL () {
  MATCH (t:Team) WHERE (toLower(t.name) STARTS WITH $f0 OR EXISTS { MATCH (_mp:Person)-[_mr:MEMBER_OF]->(t) WHERE (NOT coalesce(_mp.id = $f1, false)) })
  WITH t ORDER BY t.id SKIP $skip LIMIT $limit
  RETURN collect(t {.id, .name, .kind, .externalId,
    version: reduce(v = 0, stamp IN [t.version, t.membersVersion] | CASE WHEN stamp > v THEN stamp ELSE v END),
    parent: [(t)-[:PART_OF]->(up:Team) | up.id][0],
    leads: CASE WHEN $leads THEN COLLECT { MATCH (lead:Person)-[:MEMBER_OF {role: 'LEAD'}]->(t) RETURN lead.id ORDER BY lead.id } END,
    members: CASE WHEN $members THEN COLLECT {
      MATCH (member:Person)-[m:MEMBER_OF]->(t)
      RETURN {person: member.id, name: member.name, role: m.role} ORDER BY member.id } END}) AS page
}
RETURN orgVersion, total, page
