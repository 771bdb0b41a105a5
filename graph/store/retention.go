package store

import (
	"context"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Retention (docs/changes.md): with ORGNET_HISTORY_DAYS set, changes older
// than that are pruned. The horizon is marked first, under the org's lock,
// so that an export never rebuilds an instant from a log it is deleting;
// then the old entries and changes go in batches of their own.

const (
	// markHistoryHorizon makes the newest change older than $before the
	// horizon: the org can be rebuilt at its instant and later ones only.
	markHistoryHorizon = `MATCH (o:OrgState {id: 'org'})
SET o.lockedAt = datetime.realtime()
WITH o
CALL (o) {
  MATCH (c:Change) WHERE c.at < $before
  RETURN c.version AS version, c.at AS at ORDER BY c.version DESC LIMIT 1
}
SET o.historyFrom = at, o.historyFromVersion = version
RETURN version`
	// pruneEntries and pruneChanges delete the log up to the horizon, in
	// transactions of their own so that a large first import's 280 000
	// entries do not make one huge transaction.
	pruneEntries = `MATCH (b:ChangeBlock) WHERE b.version <= $version
CALL (b) { DELETE b } IN TRANSACTIONS OF 100 ROWS`
	pruneKeys = `MATCH (k:ChangeKey) WHERE k.version <= $version
CALL (k) { DELETE k } IN TRANSACTIONS OF 10000 ROWS`
	pruneChanges = `MATCH (c:Change) WHERE c.version <= $version
CALL (c) { DELETE c } IN TRANSACTIONS OF 10000 ROWS`
)

// PruneHistory deletes the changes older than keep, with their entries,
// and returns the version up to which history is gone (0: nothing pruned).
// Exports before the horizon are refused from the moment it is marked.
func (s *Store) PruneHistory(ctx context.Context, keep time.Duration) (int64, error) {
	before := dbInstant(time.Now().Add(-keep))
	version, err := write(ctx, s, func(tx runner) (int64, error) {
		recs, err := run(ctx, tx, markHistoryHorizon, map[string]any{"before": before})
		if err != nil || len(recs) == 0 {
			return 0, err
		}
		return toInt(row{recs[0]}.value("version")), nil
	})
	if err != nil || version == 0 {
		return 0, err
	}
	// CALL … IN TRANSACTIONS needs an auto-commit transaction.
	ctx, cancel := context.WithTimeout(ctx, s.cfg.WriteTimeout)
	defer cancel()
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite, DatabaseName: s.cfg.Database})
	defer session.Close(context.WithoutCancel(ctx))
	for _, cypher := range []string{pruneEntries, pruneKeys, pruneChanges} {
		qctx, span := startQuery(ctx, cypher)
		res, err := session.Run(qctx, cypher, map[string]any{"version": version})
		if err == nil {
			_, err = res.Consume(qctx)
		}
		endQuery(span, err)
		if err != nil {
			return 0, fmt.Errorf("prune history up to version %d: %w", version, err)
		}
	}
	return version, nil
}
