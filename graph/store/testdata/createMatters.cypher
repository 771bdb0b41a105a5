UNWIND $rows AS r
CREATE (:Matter {id: r.props.id, name: r.props.name, version: $version})
