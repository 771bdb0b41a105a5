CALL () {
  MATCH (c:Change)
  WHERE ($since IS NULL OR c.at >= $since) AND ($until IS NULL OR c.at < $until) AND ($via IS NULL OR c.via = $via)
  RETURN count(c) AS total
}
CALL () {
  MATCH (c:Change)
  WHERE c.version < $before
    AND ($since IS NULL OR c.at >= $since) AND ($until IS NULL OR c.at < $until) AND ($via IS NULL OR c.via = $via)
  WITH c ORDER BY c.version DESC LIMIT $limit
  RETURN collect(c {.*}) AS page
}
RETURN total, page
