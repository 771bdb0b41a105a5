UNWIND $rows AS r CREATE (:PendingWritePart {pending: $id, seq: r.seq, data: r.data})
