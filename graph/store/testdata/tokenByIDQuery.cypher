MATCH (t:ApiToken {id: $id})
RETURN t.id AS id, t.name AS name, t.role AS role, t.secretHash AS secretHash, t.createdAt AS createdAt, t.revokedAt AS revokedAt
