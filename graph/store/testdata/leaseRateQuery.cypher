MERGE (b:RateBucket {principal: $principal})
  ON CREATE SET b.tokens = toFloat($burst), b.at = timestamp()
SET b._lock = true
WITH b, timestamp() AS now
WITH b, now, b.tokens + CASE WHEN now > b.at THEN (now - b.at) * $perSecond / 1000.0 ELSE 0.0 END AS refilled
WITH b, now, CASE WHEN refilled > $burst THEN toFloat($burst) ELSE refilled END AS available
WITH b, now, available, CASE WHEN available >= $want THEN $want ELSE toInteger(floor(available)) END AS granted
WITH b, now, granted, available - granted AS left
SET b.tokens = left,
    b.at = CASE WHEN now > b.at THEN now ELSE b.at END,
    b.expiresAt = now + toInteger(ceil(($burst - left) * 1000.0 / $perSecond))
REMOVE b._lock
RETURN granted,
       CASE WHEN left >= $want THEN 0 ELSE toInteger(ceil(($want - left) * 1000.0 / $perSecond)) END AS waitMs
