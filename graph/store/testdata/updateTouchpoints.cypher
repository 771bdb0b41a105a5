UNWIND $rows AS r MATCH (n:Touchpoint {id: r.props.id}) SET n = r.props, n.version = $version
