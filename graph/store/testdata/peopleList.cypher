CALL () { MATCH (c:Person) WHERE ($nameContains IS NULL OR toLower(c.name) CONTAINS toLower($nameContains)) AND ($active IS NULL OR c.active = $active) RETURN count(c) AS total }
CALL () { MATCH (c:Person) WHERE c.id > $after AND ($nameContains IS NULL OR toLower(c.name) CONTAINS toLower($nameContains)) AND ($active IS NULL OR c.active = $active) WITH c ORDER BY c.id LIMIT $limit RETURN collect(c) AS page }
RETURN total, [c IN page | c {.id, .name, .email, .title, .active, .userName, .externalId,
manager: [(c)-[:REPORTS_TO]->(_boss:Person) | _boss.id][0]}] AS page
