MATCH (t:ApiToken) RETURN t.id LIMIT 1
