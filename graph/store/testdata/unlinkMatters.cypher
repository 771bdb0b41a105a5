UNWIND $rows AS r MATCH (:Matter {id: r.id})-[l:PART_OF]->() DELETE l
