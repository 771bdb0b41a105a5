CALL () {
	MATCH (top:Person) WHERE coalesce(top.active, true)
		AND NOT EXISTS { (top)-[:REPORTS_TO]->(boss:Person) WHERE coalesce(boss.active, true) }
	MATCH chain = (top)((:Person)<-[:REPORTS_TO]-(r:Person) WHERE coalesce(r.active, true))*(:Person)
	RETURN coalesce(max(length(chain)) + 1, 0) AS layers
}
CALL () {
	MATCH (root:Team) WHERE NOT EXISTS { (root)-[:PART_OF]->(:Team) }
	MATCH chain = (root)<-[:PART_OF]-*(:Team)
	RETURN coalesce(max(length(chain)) + 1, 0) AS unitDepth
}
CALL () {
	MATCH (boss:Person) WHERE coalesce(boss.active, true)
	WITH COUNT { (boss)<-[:REPORTS_TO]-(r:Person) WHERE coalesce(r.active, true) } AS reports
	WHERE reports > 0
	RETURN coalesce(max(reports), 0) AS maxSpan, avg(reports) AS meanSpan, percentileCont(reports, 0.5) AS medianSpan
}
RETURN layers, unitDepth, maxSpan, meanSpan, medianSpan
