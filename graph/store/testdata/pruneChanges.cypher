MATCH (c:Change) WHERE c.version <= $version
CALL (c) { DELETE c } IN TRANSACTIONS OF 10000 ROWS
