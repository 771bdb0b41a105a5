CALL () { MATCH (c:Touchpoint) RETURN count(c) AS total }
CALL () { MATCH (c:Touchpoint) WHERE c.id > $after WITH c ORDER BY c.id LIMIT $limit RETURN collect(c) AS page }
RETURN total, [c IN page | c {.id, .name, .channel, .selfService,
staffedBy: COLLECT { MATCH (c)-[_s:STAFFED_BY]->(_h) RETURN {type: CASE WHEN _h:Team THEN 'TEAM' ELSE 'PERSON' END, id: _h.id} ORDER BY _s.pos },
escalatesTo: COLLECT { MATCH (c)-[_e:ESCALATES_TO]->(_to:Touchpoint) RETURN _to.id ORDER BY _e.pos },
handles: COLLECT { MATCH (c)-[_r:HANDLES]->(_m:Matter) RETURN {matter: _m.id, volume: _r.volume, selfServiceRate: _r.selfServiceRate} ORDER BY _r.pos }}] AS page
