CALL () {
	UNWIND $people AS id MATCH (p:Person {id: id}) RETURN p
	UNION
	UNWIND $teams AS id MATCH (:Team {id: id})<-[:MEMBER_OF]-(p:Person) RETURN p
}
RETURN p.id AS id, [(p)-[:REPORTS_TO]->(boss:Person) | boss.id][0] AS manager,
	COLLECT { MATCH (p)-[:MEMBER_OF]->(t:Team) RETURN t.id ORDER BY t.id } AS teams
