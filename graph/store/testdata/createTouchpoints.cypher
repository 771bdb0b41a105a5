UNWIND $rows AS r
CREATE (:Touchpoint {id: r.props.id, name: r.props.name, channel: r.props.channel,
  selfService: r.props.selfService, version: $version})
