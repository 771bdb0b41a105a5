CREATE (t:ApiToken {id: $id, name: $name, role: $role, secretHash: $secretHash, createdAt: $createdAt})
