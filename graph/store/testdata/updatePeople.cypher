UNWIND $rows AS r MATCH (n:Person {id: r.props.id}) SET n = r.props, n.version = $version
