MERGE (k:IdempotencyKey {scope: $scope})
SET k.fingerprint = $fingerprint, k.outcome = $outcome, k.createdAt = datetime.realtime()
WITH k
CALL () {
  MATCH (old:IdempotencyKey) WHERE old.createdAt < datetime.realtime() - duration($ttl)
  WITH old LIMIT 100
  DELETE old
}
RETURN k.scope AS scope
