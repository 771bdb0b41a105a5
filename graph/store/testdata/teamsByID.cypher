UNWIND $ids AS id MATCH (t:Team {id: id}) RETURN id, t {.id, .name, .kind, .externalId, parent: [(t)-[:PART_OF]->(_up:Team) | _up.id][0]} AS n
