MERGE (o:OrgState {id: 'org'})
ON CREATE SET o.version = 0
SET o.lockedAt = datetime.realtime()
RETURN o.version AS version
