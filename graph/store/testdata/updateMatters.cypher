UNWIND $rows AS r MATCH (n:Matter {id: r.props.id}) SET n = r.props, n.version = $version
