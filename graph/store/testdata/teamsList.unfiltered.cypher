CALL () { MATCH (c:Team) RETURN count(c) AS total }
CALL () { MATCH (c:Team) WHERE c.id > $after WITH c ORDER BY c.id LIMIT $limit RETURN collect(c) AS page }
RETURN total, [c IN page | c {.id, .name, .kind, .externalId, parent: [(c)-[:PART_OF]->(_up:Team) | _up.id][0]}] AS page
