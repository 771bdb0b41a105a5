MATCH (b:ChangeBlock) WHERE b.version = $version
RETURN b {.first, .types, .ids, .ops, .befores, .afters} AS b ORDER BY b.first
