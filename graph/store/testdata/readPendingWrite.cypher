MATCH (w:PendingWrite {id: $id})
RETURN w {.*} AS w, COLLECT { MATCH (p:PendingWritePart {pending: $id}) RETURN p.data ORDER BY p.seq } AS parts
