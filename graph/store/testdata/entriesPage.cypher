UNWIND $ids AS id
MATCH (c:Change {id: id})
CALL (c) {
  MATCH (b:ChangeBlock)
  WHERE b.version = c.version AND b.first <= $after + $limit AND b.first + size(b.ids) > $after
  WITH b ORDER BY b.first
  UNWIND range(0, size(b.ids) - 1) AS i
  WITH b, i WHERE b.first + i > $after
  WITH b, i LIMIT $limit
  RETURN collect({version: b.version, seq: b.first + i, type: b.types[i], id: b.ids[i], op: b.ops[i],
    before: b.befores[i], after: b.afters[i]}) AS page
}
RETURN id, c.entryCount AS total, page
