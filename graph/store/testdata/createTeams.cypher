UNWIND $rows AS r
CREATE (:Team {id: r.props.id, name: r.props.name, kind: r.props.kind, externalId: r.props.externalId,
  version: $version})
