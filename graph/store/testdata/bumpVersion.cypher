MATCH (o:OrgState {id: 'org'}) SET o.version = $version
