OPTIONAL MATCH (o:OrgState {id: 'org'})
RETURN coalesce(o.version, 0) AS version, o.historyFrom AS historyFrom, coalesce(o.historyFromVersion, 0) AS historyFromVersion
