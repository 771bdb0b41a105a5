UNWIND $blocks AS b
CREATE (:ChangeBlock {version: $version, first: b.first, types: b.types, ids: b.ids, ops: b.ops,
  befores: b.befores, afters: b.afters, keys: b.keys})
WITH count(*) AS written
UNWIND $keys AS key
CREATE (:ChangeKey {key: key, version: $version})
