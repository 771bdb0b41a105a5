UNWIND $ids AS id MATCH (md:Mandate {id: id}) RETURN id, md {.id, .name, .limit, .validFrom, .validUntil,
		matter: [(md)-[:OVER]->(_over:Matter) | _over.id][0],
		holder: [(_h)-[:HOLDS]->(md) | {type: CASE WHEN _h:Team THEN 'TEAM' ELSE 'PERSON' END, id: _h.id}][0],
		delegatedFrom: [(md)-[:DELEGATED_FROM]->(_src:Mandate) | _src.id][0]} AS n
