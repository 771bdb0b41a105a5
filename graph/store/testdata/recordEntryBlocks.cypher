UNWIND $blocks AS b
CREATE (:ChangeBlock {version: $version, first: b.first, types: b.types, ids: b.ids, ops: b.ops,
  befores: b.befores, afters: b.afters, keys: b.keys})
