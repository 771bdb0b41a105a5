UNWIND $rows AS r MATCH (:Team {id: r.id})-[l:PART_OF]->() DELETE l
