CALL () { MATCH (c:Matter) WHERE ($nameContains IS NULL OR toLower(c.name) CONTAINS toLower($nameContains)) AND ($roots IS NULL OR $roots = (NOT EXISTS { (c)-[:PART_OF]->(:Matter) })) RETURN count(c) AS total }
CALL () { MATCH (c:Matter) WHERE c.id > $after AND ($nameContains IS NULL OR toLower(c.name) CONTAINS toLower($nameContains)) AND ($roots IS NULL OR $roots = (NOT EXISTS { (c)-[:PART_OF]->(:Matter) })) WITH c ORDER BY c.id LIMIT $limit RETURN collect(c) AS page }
RETURN total, [c IN page | c {.id, .name, parent: [(c)-[:PART_OF]->(_up:Matter) | _up.id][0]}] AS page
