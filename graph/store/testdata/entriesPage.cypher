UNWIND $ids AS id
MATCH (c:Change {id: id})
CALL (c) {
  MATCH (e:ChangeEntry) WHERE e.version = c.version AND e.seq > $after
  WITH e ORDER BY e.seq LIMIT $limit
  RETURN collect(e {.version, .seq, .type, .id, .op, .before, .after}) AS page
}
RETURN id, c.entryCount AS total, page
