MATCH (c:Change) WHERE c.version > $after
WITH c ORDER BY c.version LIMIT $limit
RETURN collect(c {.*}) AS changes
