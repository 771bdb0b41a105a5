CALL () { MATCH (n:Person) RETURN count(n) AS nPeople }
CALL () { MATCH (n:Team) RETURN count(n) AS nTeams }
CALL () { MATCH (n:Matter) RETURN count(n) AS nMatters }
CALL () { MATCH (n:Mandate) RETURN count(n) AS nMandates }
CALL () { MATCH (n:Touchpoint) RETURN count(n) AS nTouchpoints }
CALL () { MATCH ()-[r:MEMBER_OF]->() RETURN count(r) AS nMemberships }
WITH *, nPeople + nTeams + nMatters + nMandates + nTouchpoints + nMemberships AS size
RETURN size
