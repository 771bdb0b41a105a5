MATCH (tp:Touchpoint) WHERE tp.id > $after
WITH tp ORDER BY tp.id LIMIT $limit
WITH collect(tp) AS page
RETURN page[-1].id AS last, [tp IN page | [tp {.id, .name, .channel, .selfService,
		staffedBy: COLLECT { MATCH (tp)-[_s:STAFFED_BY]->(_h) RETURN {type: CASE WHEN _h:Team THEN 'TEAM' ELSE 'PERSON' END, id: _h.id} ORDER BY _s.pos },
		escalatesTo: COLLECT { MATCH (tp)-[_e:ESCALATES_TO]->(_to:Touchpoint) RETURN _to.id ORDER BY _e.pos },
		handles: COLLECT { MATCH (tp)-[_r:HANDLES]->(_m:Matter) RETURN {matter: _m.id, volume: _r.volume, selfServiceRate: _r.selfServiceRate} ORDER BY _r.pos }}, coalesce(tp.version, 0)]] AS rows
