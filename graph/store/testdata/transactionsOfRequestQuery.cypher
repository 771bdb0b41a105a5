SHOW TRANSACTIONS YIELD metaData
WHERE metaData.requestId = $requestId
RETURN count(*) AS running
