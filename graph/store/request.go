package store

import (
	"context"
	"errors"
	"net"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/orgnet/orgnet/graph"
)

// Request is what the store knows of the request it works for: its id,
// sent to Neo4j as transaction metadata (SHOW TRANSACTIONS lists it); how
// many sessions it may hold at once, so that one request with thousands of
// fields cannot take the whole driver pool; the instant its database time
// runs out; and what it cost. Every query sent under a context carrying it
// counts against it.
type Request struct {
	ID string
	// sessions holds a token per open session; nil: no bound.
	sessions chan struct{}
	// dbDeadline ends every query of the request; zero: none beyond the
	// store's own timeouts.
	dbDeadline time.Time

	RoundTrips atomic.Int64
	dbNanos    atomic.Int64
	open       atomic.Int64
}

// NewRequest makes a request's account: id for the transaction metadata,
// at most sessions sessions at once (0: no bound) and dbTime of database
// time from now (0: the store's timeouts alone).
func NewRequest(id string, sessions int, dbTime time.Duration) *Request {
	r := &Request{ID: id}
	if sessions > 0 {
		r.sessions = make(chan struct{}, sessions)
	}
	if dbTime > 0 {
		r.dbDeadline = time.Now().Add(dbTime)
	}
	return r
}

// DBTime is the time the request's transactions took, summed.
func (r *Request) DBTime() time.Duration { return time.Duration(r.dbNanos.Load()) }

type requestKey struct{}

// WithRequest returns ctx under which the store works for r.
func WithRequest(ctx context.Context, r *Request) context.Context {
	return context.WithValue(ctx, requestKey{}, r)
}

func requestOf(ctx context.Context) *Request {
	r, _ := ctx.Value(requestKey{}).(*Request)
	return r
}

// CountRoundTrips returns a context under which every query the store sends
// adds one to the returned counter: the measure of "no N+1".
func CountRoundTrips(ctx context.Context) (context.Context, *atomic.Int64) {
	r := &Request{}
	return WithRequest(ctx, r), &r.RoundTrips
}

// openSessions counts the sessions open in this process, for /metrics.
var openSessions atomic.Int64

// OpenSessions is the number of database sessions open in this process.
func OpenSessions() int64 { return openSessions.Load() }

// session opens a session for one transaction of the request in ctx,
// waiting for a free one of its share; the context returned carries the
// request's database deadline. done closes the session and gives its share
// back.
func (s *Store) session(ctx context.Context, mode neo4j.AccessMode, timeout time.Duration) (context.Context, neo4j.SessionWithContext, []func(*neo4j.TransactionConfig), func(), error) {
	req := requestOf(ctx)
	deadline := time.Now().Add(timeout)
	if req != nil && !req.dbDeadline.IsZero() && req.dbDeadline.Before(deadline) {
		deadline = req.dbDeadline
	}
	ctx, cancel := context.WithDeadline(ctx, deadline)
	if req != nil && req.sessions != nil {
		select {
		case req.sessions <- struct{}{}:
		case <-ctx.Done():
			cancel()
			return nil, nil, nil, nil, timeoutError(ctx, ctx.Err())
		}
	}
	started := time.Now()
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: mode, DatabaseName: s.cfg.Database, FetchSize: neo4j.FetchAll})
	openSessions.Add(1)
	// The server ends the transaction itself when its time is up, even if
	// this process is gone; the metadata names the request in SHOW
	// TRANSACTIONS and the query log.
	configs := []func(*neo4j.TransactionConfig){neo4j.WithTxTimeout(max(time.Until(deadline), time.Millisecond))}
	if req != nil && req.ID != "" {
		configs = append(configs, neo4j.WithTxMetadata(map[string]any{"requestId": req.ID}))
	}
	done := func() {
		_ = session.Close(context.WithoutCancel(ctx))
		openSessions.Add(-1)
		if req != nil {
			req.dbNanos.Add(int64(time.Since(started)))
			if req.sessions != nil {
				<-req.sessions
			}
		}
		cancel()
	}
	return ctx, session, configs, done, nil
}

// timeoutError turns a transaction cut off by the request's database
// time (or its whole deadline) into TIMEOUT; other errors pass unchanged.
// A client that went away (context.Canceled) is not a timeout, and neither
// is a database that could not be reached: that is the database's
// trouble, not the request's size.
func timeoutError(ctx context.Context, err error) error {
	if err == nil || unreachable(err) {
		return err
	}
	var neoErr *neo4j.Neo4jError
	serverTimeout := errors.As(err, &neoErr) && (strings.Contains(neoErr.Code, "TransactionTimedOut") ||
		strings.Contains(neoErr.Code, "Transaction.TransactionTimedOutClientConfiguration"))
	if serverTimeout || errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &graph.Error{Code: graph.CodeTimeout, Message: "the request ran out of database time; ask for less (a smaller page, a narrower question) or try again"}
	}
	return err
}

var tracer = otel.Tracer("github.com/orgnet/orgnet/graph/store")

// queryNames names the questions' queries by their GraphQL field (see
// Queries); other statements are named after the function that sends them.
var queryNames = sync.OnceValue(func() map[string]string {
	names := map[string]string{}
	for field, queries := range Queries {
		for _, q := range queries {
			names[q] = field
		}
	}
	return names
})

// startQuery opens the span of one Cypher statement and counts it as a
// round trip of the request.
func startQuery(ctx context.Context, cypher string) (context.Context, trace.Span) {
	if r := requestOf(ctx); r != nil {
		r.RoundTrips.Add(1)
	}
	if !trace.SpanFromContext(ctx).IsRecording() {
		return ctx, trace.SpanFromContext(ctx) // no trace to add to: skip naming
	}
	name, ok := queryNames()[cypher]
	if !ok {
		name = callerName()
	}
	return tracer.Start(ctx, "cypher "+name, trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attribute.String("db.system", "neo4j"), attribute.String("db.operation.name", name)))
}

// endQuery closes a statement's span with its outcome.
func endQuery(span trace.Span, err error) {
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, "query failed")
	}
	span.End()
}

// callerName is the store function that sent a statement: the first frame
// outside this file and store.go, without package path or closure suffix.
func callerName() string {
	pcs := make([]uintptr, 8)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		if !strings.HasSuffix(f.File, "/store/store.go") && !strings.HasSuffix(f.File, "/store/request.go") {
			name := f.Function[strings.LastIndex(f.Function, "/")+1:]
			name = strings.TrimPrefix(name, "store.")
			name = strings.TrimPrefix(name, "(*Store).")
			if i := strings.Index(name, ".func"); i > 0 {
				name = name[:i]
			}
			if i := strings.Index(name, "["); i > 0 {
				name = name[:i]
			}
			return name
		}
		if !more {
			return "query"
		}
	}
}

// transactionsOfRequestQuery counts the transactions Neo4j is running for
// a request, by the metadata every transaction of it carries.
const transactionsOfRequestQuery = `
SHOW TRANSACTIONS YIELD metaData
WHERE metaData.requestId = $requestId
RETURN count(*) AS running`

// TransactionsOfRequest is how many transactions Neo4j is running for the
// request with id (its X-Request-Id): what an operator asks of a request
// that seems stuck, and how the tests see that a cut-off request left
// nothing running.
func (s *Store) TransactionsOfRequest(ctx context.Context, id string) (int, error) {
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: "system"})
	defer session.Close(context.WithoutCancel(ctx))
	res, err := session.Run(ctx, transactionsOfRequestQuery, map[string]any{"requestId": id})
	if err != nil {
		return 0, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return 0, err
	}
	n, _ := rec.Get("running")
	return int(n.(int64)), nil
}

// unreachable says whether err is the database not answering: a failure
// to connect, alone or among the attempts of a retry. (A query cut off by
// its deadline is a connectivity error too, but not a failed dial.)
func unreachable(err error) bool {
	errs := []error{err}
	var gaveUp *neo4j.TransactionExecutionLimit
	if errors.As(err, &gaveUp) {
		errs = append(errs, gaveUp.Errors...)
	}
	for _, e := range errs {
		var conn *neo4j.ConnectivityError
		var op *net.OpError
		if errors.As(e, &conn) && conn.Inner != nil && errors.As(conn.Inner, &op) && op.Op == "dial" {
			return true
		}
	}
	return false
}

// dbError is the error of a failed transaction: TIMEOUT when the request
// ran out of time on a database that answers, else classified (see
// classify).
func dbError(ctx context.Context, err error) error {
	if t := timeoutError(ctx, err); t != err {
		return t
	}
	return classify(err)
}
