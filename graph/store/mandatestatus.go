package store

import (
	"context"
	"fmt"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// mandateStanding is a CALL subquery that, for the mandate bound to md,
// yields lim(md) of docs/questions.md §2.5 as lim (null: unlimited) and whether md is
// effective at $at (docs/questions.md §2.4) as effective: md and every mandate up its
// delegation chain are inside their validity windows. The chain is md and
// its sources, so an expired or not-yet-valid source disables md, however
// far up it is.
const mandateStanding = `CALL (md) {
		MATCH (md)-[:DELEGATED_FROM]->*(x:Mandate)
		RETURN min(x.limit) AS lim,
			all(ok IN collect((x.validFrom IS NULL OR x.validFrom <= $at) AND (x.validUntil IS NULL OR $at < x.validUntil)) WHERE ok) AS effective
	}`

// mandateStatusQuery answers, for each mandate of $mandateIds, its effective
// limit (docs/questions.md §2.5) and whether it is effective at $at (docs/questions.md §2.4). Unknown
// ids give no row.
const mandateStatusQuery = `
	UNWIND $mandateIds AS mandateId
	MATCH (md:Mandate {id: mandateId})
	` + mandateStanding + `
	RETURN md.id AS id, lim, effective`

// MandateStatus answers, in one round trip, the effective limit of each
// mandate of mandateIds and whether it is effective at at (the zero time:
// now). Mandates that do not exist are left out of the map: this serves
// Mandate fields of mandates already read, not questions about ids.
func (s *Store) MandateStatus(ctx context.Context, mandateIDs []string, at time.Time) (map[string]graph.MandateStatus, error) {
	out := make(map[string]graph.MandateStatus, len(mandateIDs))
	if len(mandateIDs) == 0 {
		return out, nil
	}
	recs, err := s.query(ctx, mandateStatusQuery, map[string]any{"mandateIds": distinct(mandateIDs), "at": graph.Instant(at)})
	if err != nil {
		return nil, fmt.Errorf("mandate status: %w", err)
	}
	for _, rec := range recs {
		id, _ := rec.Get("id")
		lim, _ := rec.Get("lim")
		effective, _ := rec.Get("effective")
		out[str(id)] = graph.MandateStatus{EffectiveLimit: optFloat(lim), Effective: boolOr(effective, false)}
	}
	return out, nil
}
