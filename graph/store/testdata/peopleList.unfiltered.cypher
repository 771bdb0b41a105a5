CALL () { MATCH (c:Person) RETURN count(c) AS total }
CALL () { MATCH (c:Person) WHERE c.id > $after WITH c ORDER BY c.id LIMIT $limit RETURN collect(c) AS page }
RETURN total, [c IN page | c {.id, .name, .email, .title, .active, .userName, .externalId,
manager: [(c)-[:REPORTS_TO]->(_boss:Person) | _boss.id][0]}] AS page
