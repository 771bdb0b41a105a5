CREATE (w:PendingWrite {id: $id, principalName: $principalName, principalRole: $principalRole,
  via: $via, replace: $replace, createdAt: datetime.realtime(), version: $version,
  created: $created, updated: $updated, deleted: $deleted, unchanged: $unchanged,
  peopleRemoved: $peopleRemoved, limit: $limit})
RETURN w.createdAt AS createdAt
