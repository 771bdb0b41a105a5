UNWIND $rows AS r
CREATE (:Person {id: r.props.id, name: r.props.name, email: r.props.email, title: r.props.title,
  active: r.props.active, userName: r.props.userName, userNameKey: r.props.userNameKey,
  externalId: r.props.externalId, version: $version})
