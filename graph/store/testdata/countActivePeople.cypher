MATCH (p:Person) WHERE coalesce(p.active, true) RETURN count(p) AS n
