MATCH (e:ChangeEntry) WHERE e.version <= $version
CALL (e) { DELETE e } IN TRANSACTIONS OF 10000 ROWS
