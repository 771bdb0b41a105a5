MATCH (s:Scenario {id: $id}) WHERE s.status = 'OPEN' AND s.steps = $steps
SET s.steps = s.steps + 1
CREATE (s)-[:STEP]->(:ScenarioStep {seq: s.steps, at: $at, by: $by, change: $change, assumed: $assumed})
RETURN s.steps AS steps
