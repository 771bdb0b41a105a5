OPTIONAL MATCH (o:OrgState {id: 'org'}) RETURN coalesce(o.version, 0) AS version
