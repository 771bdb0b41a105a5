UNWIND $rows AS r MATCH (n:Mandate {id: r.props.id}) SET n = r.props, n.version = $version
