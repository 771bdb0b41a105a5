package store

import (
	"context"
	"fmt"
)

// schema is the database schema orgnet needs: one uniqueness constraint per
// entity, which also indexes the id every query starts from, and the
// change log's (history.go, pending.go, idempotency.go). Each statement is
// idempotent.
var schema = []struct{ name, cypher string }{
	{"orgnet_person_id", "CREATE CONSTRAINT orgnet_person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE"},
	{"orgnet_team_id", "CREATE CONSTRAINT orgnet_team_id IF NOT EXISTS FOR (n:Team) REQUIRE n.id IS UNIQUE"},
	{"orgnet_matter_id", "CREATE CONSTRAINT orgnet_matter_id IF NOT EXISTS FOR (n:Matter) REQUIRE n.id IS UNIQUE"},
	{"orgnet_mandate_id", "CREATE CONSTRAINT orgnet_mandate_id IF NOT EXISTS FOR (n:Mandate) REQUIRE n.id IS UNIQUE"},
	{"orgnet_touchpoint_id", "CREATE CONSTRAINT orgnet_touchpoint_id IF NOT EXISTS FOR (n:Touchpoint) REQUIRE n.id IS UNIQUE"},
	// API tokens (tokens.go): found by id on every request, named uniquely.
	{"orgnet_apitoken_id", "CREATE CONSTRAINT orgnet_apitoken_id IF NOT EXISTS FOR (n:ApiToken) REQUIRE n.id IS UNIQUE"},
	{"orgnet_apitoken_name", "CREATE CONSTRAINT orgnet_apitoken_name IF NOT EXISTS FOR (n:ApiToken) REQUIRE n.name IS UNIQUE"},
	// Scenarios are stored beside the org (docs/scenarios.md).
	{"orgnet_scenario_id", "CREATE CONSTRAINT orgnet_scenario_id IF NOT EXISTS FOR (n:Scenario) REQUIRE n.id IS UNIQUE"},
	// Request rate buckets (ratebuckets.go): one per principal, leased
	// from by principal, swept by when they are full again.
	{"orgnet_ratebucket_principal", "CREATE CONSTRAINT orgnet_ratebucket_principal IF NOT EXISTS FOR (n:RateBucket) REQUIRE n.principal IS UNIQUE"},
	{"orgnet_ratebucket_expires", "CREATE INDEX orgnet_ratebucket_expires IF NOT EXISTS FOR (n:RateBucket) ON (n.expiresAt)"},
	// A userName is unique regardless of case: its fold is kept beside it
	// and indexed (a range index, so that SCIM's eq and sw on userName are
	// seeks). Uniqueness itself is checked by validation under the org's
	// write lock, where the problem can be told as a SCIM uniqueness
	// error; the index makes that check a seek.
	{"orgnet_person_username", "CREATE INDEX orgnet_person_username IF NOT EXISTS FOR (n:Person) ON (n.userNameKey)"},
	{"orgnet_orgstate_id", "CREATE CONSTRAINT orgnet_orgstate_id IF NOT EXISTS FOR (n:OrgState) REQUIRE n.id IS UNIQUE"},
	{"orgnet_change_id", "CREATE CONSTRAINT orgnet_change_id IF NOT EXISTS FOR (n:Change) REQUIRE n.id IS UNIQUE"},
	{"orgnet_change_version", "CREATE CONSTRAINT orgnet_change_version IF NOT EXISTS FOR (n:Change) REQUIRE n.version IS UNIQUE"},
	{"orgnet_change_at", "CREATE INDEX orgnet_change_at IF NOT EXISTS FOR (n:Change) ON (n.at)"},
	{"orgnet_block_version_first", "CREATE INDEX orgnet_block_version_first IF NOT EXISTS FOR (n:ChangeBlock) ON (n.version, n.first)"},
	{"orgnet_block_keys", "CREATE TEXT INDEX orgnet_block_keys IF NOT EXISTS FOR (n:ChangeBlock) ON (n.keys)"},
	{"orgnet_changekey_key", "CREATE INDEX orgnet_changekey_key IF NOT EXISTS FOR (n:ChangeKey) ON (n.key)"},
	{"orgnet_changekey_version", "CREATE INDEX orgnet_changekey_version IF NOT EXISTS FOR (n:ChangeKey) ON (n.version)"},
	{"orgnet_idempotency_scope", "CREATE CONSTRAINT orgnet_idempotency_scope IF NOT EXISTS FOR (n:IdempotencyKey) REQUIRE n.scope IS UNIQUE"},
	{"orgnet_idempotency_created", "CREATE INDEX orgnet_idempotency_created IF NOT EXISTS FOR (n:IdempotencyKey) ON (n.createdAt)"},
	{"orgnet_pending_id", "CREATE CONSTRAINT orgnet_pending_id IF NOT EXISTS FOR (n:PendingWrite) REQUIRE n.id IS UNIQUE"},
	{"orgnet_pending_part", "CREATE INDEX orgnet_pending_part IF NOT EXISTS FOR (n:PendingWritePart) ON (n.pending)"},
}

// createOrgState makes the node that holds the org's version and that every
// writer locks (write.go); a database that has none is at version 0.
const createOrgState = "MERGE (o:OrgState {id: 'org'}) ON CREATE SET o.version = 0"

// Migrate applies the schema. Safe to run on every start and concurrently
// with readers.
func (s *Store) Migrate(ctx context.Context) error {
	for _, stmt := range schema {
		// Schema commands cannot share a transaction with each other's
		// effects in every Neo4j version, so each runs in its own.
		if err := s.exec(ctx, stmt.cypher); err != nil {
			return fmt.Errorf("apply schema %s: %w", stmt.name, err)
		}
	}
	if err := s.exec(ctx, createOrgState); err != nil {
		return fmt.Errorf("create the org state: %w", err)
	}
	// Wait for the indexes to come online, so that the first questions are
	// planned with them.
	if err := s.exec(ctx, awaitIndexes); err != nil {
		return fmt.Errorf("await indexes: %w", err)
	}
	return nil
}

// awaitIndexes waits, up to 300 s, for every index to come online.
const awaitIndexes = "CALL db.awaitIndexes(300)"

// schemaReadyQuery counts the indexes, and the indexes of constraints, of
// $names that are online.
const schemaReadyQuery = `SHOW INDEXES YIELD name, owningConstraint, state
	WHERE (name IN $names OR owningConstraint IN $names) AND state = 'ONLINE'
	RETURN count(*) AS online`

// SchemaReady reports whether every constraint and index of the schema is
// in place and online.
func (s *Store) SchemaReady(ctx context.Context) (bool, error) {
	names := make([]string, len(schema))
	for i, stmt := range schema {
		names[i] = stmt.name
	}
	n, err := read(ctx, s, func(tx runner) (int64, error) {
		recs, err := run(ctx, tx, schemaReadyQuery, map[string]any{"names": names})
		if err != nil || len(recs) == 0 {
			return 0, err
		}
		v, _ := recs[0].Get("online")
		return v.(int64), nil
	})
	return n == int64(len(schema)), err
}
