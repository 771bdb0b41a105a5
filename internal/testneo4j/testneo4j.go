// Package testneo4j gives tests the real Neo4j that `make test` starts,
// emptied and with orgnet's schema. Tests that use it must not run in
// parallel with each other: they share one database.
//
// As test support it reads its own environment variables (the service's
// settings are read by cmd/orgnet alone): ORGNET_TEST_NEO4J_URI, the test
// database's address, set by internal/withneo4j; ORGNET_TEST_NEO4J_PASSWORD,
// its password if it has one; and, for tests that start a Neo4j of their
// own, ORGNET_CACHE (where the jars are; `make` sets it) and JAVA_HOME.
package testneo4j

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/localneo4j"
)

const (
	// EnvURI names the variable holding the test database's Bolt URI.
	EnvURI = "ORGNET_TEST_NEO4J_URI"
	// envPassword names the variable holding its password, if it has one.
	envPassword = "ORGNET_TEST_NEO4J_PASSWORD"
)

// LocalOptions completes o, the options of a local Neo4j a test or a test
// tool starts, with the jar cache (ORGNET_CACHE, else the user cache) and
// the JDK (JAVA_HOME) where o names none.
func LocalOptions(o localneo4j.Options) localneo4j.Options {
	if o.CacheDir == "" {
		o.CacheDir = CacheDir()
	}
	if o.JavaHome == "" {
		o.JavaHome = os.Getenv("JAVA_HOME")
	}
	return o
}

// CacheDir is where the jars are: ORGNET_CACHE, else the user cache.
func CacheDir() string {
	if dir := os.Getenv("ORGNET_CACHE"); dir != "" {
		return dir
	}
	return localneo4j.DefaultCacheDir()
}

// URI is the test database's address. Under -short it skips the test; else,
// with no database, it fails it: a database test that silently skips would
// let a green run prove nothing.
func URI(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("needs Neo4j; skipped under -short")
	}
	uri := os.Getenv(EnvURI)
	if uri == "" {
		t.Fatalf("%s is not set: run the tests with `make test`, which starts a local Neo4j for them", EnvURI)
	}
	return uri
}

// Store opens the test database, deletes everything in it and applies the
// schema. It is closed when the test ends.
func Store(t testing.TB) *store.Store {
	t.Helper()
	return StoreWith(t, store.Config{})
}

// StoreWith is Store with the settings of cfg; its connection fields are
// the test database's.
func StoreWith(t testing.TB, cfg store.Config) *store.Store {
	t.Helper()
	uri := URI(t)
	cfg.URI, cfg.User, cfg.Password = uri, "neo4j", os.Getenv(envPassword)
	s, err := store.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	Wipe(t, uri)
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

// Wipe deletes every node of the database at uri, in batches.
func Wipe(t testing.TB, uri string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := WipeURI(ctx, uri); err != nil {
		t.Fatalf("wipe test database: %v", err)
	}
}

// WipeURI deletes every node of the test database at uri, in batches, with
// the test password (ORGNET_TEST_NEO4J_PASSWORD) if one is set. Tools that
// are not Go tests use it through internal/wipeneo4j.
func WipeURI(ctx context.Context, uri string) error {
	auth := neo4j.NoAuth()
	if pw := os.Getenv(envPassword); pw != "" {
		auth = neo4j.BasicAuth("neo4j", pw, "")
	}
	driver, err := neo4j.NewDriverWithContext(uri, auth)
	if err != nil {
		return err
	}
	defer driver.Close(ctx)
	session := driver.NewSession(ctx, neo4j.SessionConfig{})
	defer session.Close(ctx)
	// CALL … IN TRANSACTIONS needs an auto-commit transaction: session.Run.
	res, err := session.Run(ctx, "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS", nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	return err
}
