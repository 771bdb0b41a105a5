UNWIND $rows AS r MATCH (:Touchpoint {id: r.id})-[l:STAFFED_BY|ESCALATES_TO|HANDLES]->() DELETE l
