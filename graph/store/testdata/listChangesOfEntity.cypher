CALL () {
  MATCH (k:ChangeKey {key: $id})
  RETURN k.version AS v
  UNION
  MATCH (b:ChangeBlock) WHERE b.keys CONTAINS $token
  RETURN b.version AS v
}
MATCH (c:Change {version: v})
WHERE ($since IS NULL OR c.at >= $since) AND ($until IS NULL OR c.at < $until) AND ($via IS NULL OR c.via = $via)
WITH c ORDER BY c.version DESC
WITH collect(c) AS matching
RETURN size(matching) AS total, [c IN matching WHERE c.version < $before | c {.*}][0..$limit] AS page
