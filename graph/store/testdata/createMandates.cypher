UNWIND $rows AS r
CREATE (:Mandate {id: r.props.id, name: r.props.name, limit: r.props.limit,
  validFrom: r.props.validFrom, validUntil: r.props.validUntil, version: $version})
