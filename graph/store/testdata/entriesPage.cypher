UNWIND $versions AS v
CALL (v) {
  MATCH (e:ChangeEntry) WHERE e.version = v AND e.seq > $after
  WITH e ORDER BY e.seq LIMIT $limit
  RETURN collect(e {.version, .seq, .type, .id, .op, .before, .after}) AS page
}
RETURN v, page
