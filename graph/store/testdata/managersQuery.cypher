UNWIND $ids AS id
MATCH (:Person {id: id})-[:REPORTS_TO]->(p:Person)
RETURN id, p {.id, .name, .email, .title, .active, .userName, .externalId} AS n
