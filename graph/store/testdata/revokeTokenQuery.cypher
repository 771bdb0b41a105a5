MATCH (t:ApiToken {name: $name})
SET t.revokedAt = coalesce(t.revokedAt, $at)
RETURN count(t) AS n
