MATCH (e:ChangeEntry) WHERE e.version = $version
RETURN e {.version, .seq, .type, .id, .op, .before, .after} AS e ORDER BY e.seq
