MATCH (w:PendingWrite {id: $id})
CALL (w) { MATCH (p:PendingWritePart {pending: w.id}) DELETE p }
DELETE w
RETURN count(*) AS dropped
