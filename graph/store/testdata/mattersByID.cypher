UNWIND $ids AS id MATCH (m:Matter {id: id}) RETURN id, m {.id, .name, parent: [(m)-[:PART_OF]->(_up:Matter) | _up.id][0]} AS n
