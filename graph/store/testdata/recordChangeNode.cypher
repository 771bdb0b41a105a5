MATCH (o:OrgState {id: 'org'})
WITH o, datetime.realtime() AS now
WITH o, CASE WHEN o.lastAt > now THEN o.lastAt ELSE now END AS at
SET o.version = $version, o.lastAt = at
CREATE (:Change {id: $id, version: $version, at: at,
  principalName: $principalName, principalRole: $principalRole,
  approvedByName: $approvedByName, approvedByRole: $approvedByRole,
  via: $via, created: $created, updated: $updated, deleted: $deleted,
  entryCount: $entryCount, reverts: $reverts})
RETURN at
