MATCH (k:ChangeKey) WHERE k.version <= $version
CALL (k) { DELETE k } IN TRANSACTIONS OF 10000 ROWS
