CALL () { MATCH (c:Mandate) WHERE ($nameContains IS NULL OR toLower(c.name) CONTAINS toLower($nameContains)) RETURN count(c) AS total }
CALL () { MATCH (c:Mandate) WHERE c.id > $after AND ($nameContains IS NULL OR toLower(c.name) CONTAINS toLower($nameContains)) WITH c ORDER BY c.id LIMIT $limit RETURN collect(c) AS page }
RETURN total, [c IN page | c {.id, .name, .limit, .validFrom, .validUntil,
matter: [(c)-[:OVER]->(_over:Matter) | _over.id][0],
holder: [(_h)-[:HOLDS]->(c) | {type: CASE WHEN _h:Team THEN 'TEAM' ELSE 'PERSON' END, id: _h.id}][0],
delegatedFrom: [(c)-[:DELEGATED_FROM]->(_src:Mandate) | _src.id][0]}] AS page
