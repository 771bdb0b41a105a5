CALL () { MATCH (c:Team) WHERE ($nameContains IS NULL OR toLower(c.name) CONTAINS toLower($nameContains)) AND ($kind IS NULL OR c.kind = $kind) RETURN count(c) AS total }
CALL () { MATCH (c:Team) WHERE c.id > $after AND ($nameContains IS NULL OR toLower(c.name) CONTAINS toLower($nameContains)) AND ($kind IS NULL OR c.kind = $kind) WITH c ORDER BY c.id LIMIT $limit RETURN collect(c) AS page }
RETURN total, [c IN page | c {.id, .name, .kind, .externalId, parent: [(c)-[:PART_OF]->(_up:Team) | _up.id][0]}] AS page
