MATCH (s:Scenario {id: $id}) WHERE s.status = 'OPEN'
SET s.status = 'DISCARDED', s.discardedAt = $at
RETURN s.id AS id
