MATCH (k:IdempotencyKey {scope: $scope})
WHERE k.createdAt > datetime.realtime() - duration($ttl)
RETURN k.fingerprint AS fingerprint, k.outcome AS outcome
