// Package store is the Neo4j side of the org graph: driver setup, schema
// migrations, the import, reads, and one named Cypher query per question of
// SPEC §2 and §2b. Every query is parameterized and answered by the database
// at query time; the service keeps no copy of the org. The store answers
// in graph's types only, and leaves to graph what needs no database
// (the decision of canAct, the assembly of key people). testdata/ holds
// each read query as Neo4j receives it (see readQueries).
//
// The graph in Neo4j reads as the org does:
//
//	(:Person)-[:REPORTS_TO]->(:Person)
//	(:Person)-[:MEMBER_OF {role}]->(:Team)-[:PART_OF]->(:Team)
//	(:Matter)-[:PART_OF]->(:Matter)
//	(:Person|Team)-[:HOLDS]->(:Mandate)-[:OVER]->(:Matter)
//	(:Mandate)-[:DELEGATED_FROM]->(:Mandate)
//	(:Touchpoint)-[:STAFFED_BY {pos}]->(:Person|Team)
//	(:Touchpoint)-[:ESCALATES_TO {pos}]->(:Touchpoint)
//	(:Touchpoint)-[:HANDLES {volume, selfServiceRate, pos}]->(:Matter)
package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/orgnet/orgnet/graph"
)

// Config picks the database and bounds the time a question may take. The
// store reads no environment: cmd/orgnet fills this from its settings
// (docs/configuration.md).
type Config struct {
	URI      string // bolt://, neo4j:// (routing) or their +s variants
	User     string
	Password string // empty: no authentication
	Database string // empty: the server's home database
	// QueryTimeout bounds one question; WriteTimeout one write or import.
	// Zero means DefaultQueryTimeout, DefaultWriteTimeout.
	QueryTimeout time.Duration
	WriteTimeout time.Duration
	// MaxDeletes is how many people one write by a non-admin may delete or
	// deactivate before the deletion guard holds it; 0: 5 % of the active
	// people, at least 10 (docs/changes.md).
	MaxDeletes int
	// Limits are the lengths ids and names may have in a write; the zero
	// value is graph's defaults (256 and 1 000 characters).
	Limits graph.Limits
}

const (
	// DefaultQueryTimeout bounds a question when Config names no timeout.
	DefaultQueryTimeout = 30 * time.Second
	// DefaultWriteTimeout bounds a write or an import when Config names no
	// timeout: the import of a large org is one transaction.
	DefaultWriteTimeout = 10 * time.Minute
)

// Store answers questions of the org from Neo4j and writes changes to it.
// It keeps no lock of its own: writes are serialized by the database
// (write.go), so any number of processes may share one.
type Store struct {
	driver neo4j.DriverWithContext
	cfg    Config

	commitsMu sync.Mutex
	commits   []func(version int64)
	// withoutHistory writes without recording changes: only to measure
	// what recording costs.
	withoutHistory bool
}

// OnCommit calls fn after each write this store commits, with the org's
// version after it (the live feed polls at once rather than waiting).
func (s *Store) OnCommit(fn func(version int64)) {
	s.commitsMu.Lock()
	defer s.commitsMu.Unlock()
	s.commits = append(s.commits, fn)
}

func (s *Store) committed(version int64) {
	s.commitsMu.Lock()
	fns := append([]func(int64){}, s.commits...)
	s.commitsMu.Unlock()
	for _, fn := range fns {
		fn(version)
	}
}

// Open makes a driver for cfg. It does not wait for the database: a service
// may start while the database is still down and become ready later.
func Open(cfg Config) (*Store, error) {
	if cfg.URI == "" {
		return nil, errors.New("store: no Neo4j URI")
	}
	if cfg.QueryTimeout == 0 {
		cfg.QueryTimeout = DefaultQueryTimeout
	}
	if cfg.WriteTimeout == 0 {
		cfg.WriteTimeout = DefaultWriteTimeout
	}
	auth := neo4j.NoAuth()
	if cfg.Password != "" {
		auth = neo4j.BasicAuth(cfg.User, cfg.Password, "")
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		c.MaxConnectionPoolSize = 64
		c.ConnectionAcquisitionTimeout = 10 * time.Second
		c.SocketConnectTimeout = 5 * time.Second
		// Retrying a failed transaction for the driver's default 30 s keeps
		// a client waiting that long when the database is down; give up
		// sooner and say so.
		c.MaxTransactionRetryTime = 5 * time.Second
	})
	if err != nil {
		return nil, fmt.Errorf("store: driver for %s: %w", cfg.URI, err)
	}
	return &Store{driver: driver, cfg: cfg}, nil
}

// Close closes the driver's connections.
func (s *Store) Close(ctx context.Context) error { return s.driver.Close(ctx) }

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error { return classify(s.driver.VerifyConnectivity(ctx)) }

// classify wraps the errors that say the database is unreachable or too
// slow — a connectivity failure, retries given up, a deadline passed — in
// graph.ErrUnavailable, so that callers tell them apart without the driver.
// Every error of the database passes through it once, where sessions are
// opened.
func classify(err error) error {
	var lost *neo4j.ConnectivityError
	var gaveUp *neo4j.TransactionExecutionLimit
	if errors.As(err, &lost) || errors.As(err, &gaveUp) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: %w", graph.ErrUnavailable, err)
	}
	return err
}

// runner runs one Cypher statement in a transaction. Every function of the
// store that sends Cypher does so through a runner, never through a
// session: the read and write helpers hand in their managed transaction, and
// an explicit transaction (neo4j.ExplicitTransaction) that a caller holds
// open fits as well.
type runner interface {
	Run(ctx context.Context, cypher string, params map[string]any) (neo4j.ResultWithContext, error)
}

// run sends one query in tx and collects its records, in a span of its
// own, counted as a round trip of the request.
func run(ctx context.Context, tx runner, cypher string, params map[string]any) (recs []*neo4j.Record, err error) {
	ctx, span := startQuery(ctx, cypher)
	defer func() { endQuery(span, err) }()
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

// read runs fn in a read transaction (routed to a follower in a cluster),
// bounded by the query timeout and the request's database time (see
// Request): cut off by either it is TIMEOUT, and Neo4j ends the
// transaction too. read, write and exec are the only places that open
// sessions.
func read[T any](ctx context.Context, s *Store, fn func(tx runner) (T, error)) (T, error) {
	var zero T
	ctx, session, configs, done, err := s.session(ctx, neo4j.AccessModeRead, s.cfg.QueryTimeout)
	if err != nil {
		return zero, err
	}
	defer done()
	out, err := session.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) { return fn(tx) }, configs...)
	if err != nil {
		return zero, dbError(ctx, err)
	}
	return out.(T), nil
}

// query runs one read query and returns its records.
func (s *Store) query(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	return read(ctx, s, func(tx runner) ([]*neo4j.Record, error) {
		return run(ctx, tx, cypher, params)
	})
}

// queryEach runs one read query and hands each record to each as it
// arrives, so that a large answer is never held twice (its records and what
// is made of them). start is called before the first record of every
// attempt, since a retried transaction starts over.
func (s *Store) queryEach(ctx context.Context, cypher string, params map[string]any, start func(), each func(*neo4j.Record) error) error {
	_, err := read(ctx, s, func(tx runner) (_ struct{}, err error) {
		ctx, span := startQuery(ctx, cypher)
		defer func() { endQuery(span, err) }()
		res, err := tx.Run(ctx, cypher, params)
		if err != nil {
			return struct{}{}, err
		}
		start()
		for res.Next(ctx) {
			if err := each(res.Record()); err != nil {
				return struct{}{}, err
			}
		}
		return struct{}{}, res.Err()
	})
	return err
}

// write runs fn in one write transaction, bounded by the write timeout
// (and the request's database time, if it has one).
func write[T any](ctx context.Context, s *Store, fn func(tx runner) (T, error)) (T, error) {
	var zero T
	ctx, session, configs, done, err := s.session(ctx, neo4j.AccessModeWrite, s.cfg.WriteTimeout)
	if err != nil {
		return zero, err
	}
	defer done()
	out, err := session.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) { return fn(tx) }, configs...)
	if err != nil {
		return zero, dbError(ctx, err)
	}
	return out.(T), nil
}

// exec runs one statement on its own, outside any transaction function (an
// auto-commit transaction, which schema commands need in some Neo4j
// versions), not retried, and discards its result.
func (s *Store) exec(ctx context.Context, cypher string) error {
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite, DatabaseName: s.cfg.Database})
	defer session.Close(context.WithoutCancel(ctx))
	res, err := session.Run(ctx, cypher, nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	return classify(err)
}
