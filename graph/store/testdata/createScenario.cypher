CREATE (s:Scenario {id: $id, name: $name, description: $description, createdBy: $createdBy,
	createdAt: $createdAt, status: 'OPEN', steps: 0})
