MATCH (e:ChangeEntry) WHERE e.version > $from AND e.version <= $to AND ($type IS NULL OR e.type = $type)
RETURN e.type AS type, e.id AS id, e.before AS before ORDER BY e.version, e.seq
