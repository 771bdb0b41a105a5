SHOW INDEXES YIELD name, owningConstraint, state
	WHERE (name IN $names OR owningConstraint IN $names) AND state = 'ONLINE'
	RETURN count(*) AS online
