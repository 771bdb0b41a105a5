UNWIND $rows AS r
CREATE (:ChangeEntry {version: $version, seq: r.seq, type: r.type, id: r.id, op: r.op,
  before: r.before, after: r.after, person: r.person, team: r.team})
