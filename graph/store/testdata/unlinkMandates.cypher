UNWIND $rows AS r
MATCH (md:Mandate {id: r.id})
CALL (md) { MATCH (md)-[l:OVER|DELEGATED_FROM]->() DELETE l }
CALL (md) { MATCH ()-[l:HOLDS]->(md) DELETE l }
