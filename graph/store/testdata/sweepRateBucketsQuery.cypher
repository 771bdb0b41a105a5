MATCH (b:RateBucket) WHERE b.expiresAt < timestamp()
WITH b LIMIT $limit
DELETE b
RETURN count(*) AS deleted
