MATCH (t:ApiToken)
RETURN t.id AS id, t.name AS name, t.role AS role, t.secretHash AS secretHash, t.createdAt AS createdAt, t.revokedAt AS revokedAt
ORDER BY t.name
