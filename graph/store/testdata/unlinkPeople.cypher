UNWIND $rows AS r MATCH (:Person {id: r.id})-[l:REPORTS_TO]->() DELETE l
