MATCH (s:Scenario {id: $id}) WHERE s.status = 'OPEN' AND s.steps > 0
MATCH (s)-[:STEP]->(st:ScenarioStep {seq: s.steps})
DETACH DELETE st
SET s.steps = s.steps - 1
RETURN s.steps AS steps
