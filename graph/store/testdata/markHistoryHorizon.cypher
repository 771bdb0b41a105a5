MATCH (o:OrgState {id: 'org'})
SET o.lockedAt = datetime.realtime()
WITH o
CALL (o) {
  MATCH (c:Change) WHERE c.at < $before
  RETURN c.version AS version, c.at AS at ORDER BY c.version DESC LIMIT 1
}
SET o.historyFrom = at, o.historyFromVersion = version
RETURN version
