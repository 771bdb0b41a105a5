UNWIND $rows AS r MATCH (n:Team {id: r.props.id}) SET n = r.props, n.version = $version
