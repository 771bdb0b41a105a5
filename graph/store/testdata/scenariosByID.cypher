MATCH (s:Scenario) WHERE s.id IN $ids
RETURN s {.*} AS scenario,
	COLLECT { MATCH (s)-[:STEP]->(st:ScenarioStep) RETURN st {.*} ORDER BY st.seq } AS steps
