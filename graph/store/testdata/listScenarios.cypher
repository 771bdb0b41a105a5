MATCH (s:Scenario) WHERE $status IS NULL OR s.status = $status
RETURN s {.*} AS scenario,
	COLLECT { MATCH (s)-[:STEP]->(st:ScenarioStep) RETURN st {.*} ORDER BY st.seq } AS steps
ORDER BY s.createdAt DESC, s.id
