MATCH (md:Mandate)
		RETURN collect([md.id, md.name, md.limit, md.validFrom, md.validUntil,
			[(md)-[:OVER]->(over:Matter) | over.id][0],
			[(h)-[:HOLDS]->(md) | [CASE WHEN h:Team THEN 'TEAM' ELSE 'PERSON' END, h.id]][0],
			[(md)-[:DELEGATED_FROM]->(src:Mandate) | src.id][0]]) AS rows
