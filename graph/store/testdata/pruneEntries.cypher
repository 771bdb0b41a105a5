MATCH (b:ChangeBlock) WHERE b.version <= $version
CALL (b) { DELETE b } IN TRANSACTIONS OF 100 ROWS
