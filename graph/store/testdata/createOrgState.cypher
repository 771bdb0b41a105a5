MERGE (o:OrgState {id: 'org'}) ON CREATE SET o.version = 0
