MATCH (s:Scenario {id: $id}) WHERE s.status = 'OPEN'
SET s.status = 'APPLIED', s.appliedAt = $at, s.appliedBy = $by
RETURN s.id AS id
