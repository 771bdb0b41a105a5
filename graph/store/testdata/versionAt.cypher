MATCH (c:Change) WHERE c.at <= $at
RETURN c.version AS version ORDER BY c.at DESC, c.version DESC LIMIT 1
