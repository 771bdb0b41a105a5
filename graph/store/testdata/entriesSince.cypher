MATCH (b:ChangeBlock) WHERE b.version > $from AND b.version <= $to
RETURN b.types AS types, b.ids AS ids, b.befores AS befores ORDER BY b.version, b.first
