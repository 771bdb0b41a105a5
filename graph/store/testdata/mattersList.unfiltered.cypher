CALL () { MATCH (c:Matter) RETURN count(c) AS total }
CALL () { MATCH (c:Matter) WHERE c.id > $after WITH c ORDER BY c.id LIMIT $limit RETURN collect(c) AS page }
RETURN total, [c IN page | c {.id, .name, parent: [(c)-[:PART_OF]->(_up:Matter) | _up.id][0]}] AS page
