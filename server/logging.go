package server

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
)

// requestInfo collects what the request's log line and metrics say.
type requestInfo struct {
	id         string
	principal  graph.Principal
	store      *store.Request // the store's account: round trips, database time
	operation  string         // the GraphQL operation name, if any
	errorCodes []string       // the codes of the errors the answer carried
}

type requestInfoKey struct{}

func requestInfoOf(ctx context.Context) *requestInfo {
	info, _ := ctx.Value(requestInfoKey{}).(*requestInfo)
	return info
}

func requestIDOf(ctx context.Context) string {
	if info := requestInfoOf(ctx); info != nil {
		return info.id
	}
	return "-"
}

// callerRequestID is a request id a caller may choose (X-Request-Id), to
// find its request in the log and in Neo4j's transactions; others are
// replaced, so that no header can forge a log line.
var callerRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

func newRequestID() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// Flush passes on, for answers that stream.
func (r *statusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Hijack passes on: a WebSocket takes the connection over.
func (r *statusRecorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := r.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("the connection cannot be taken over")
	}
	r.status = http.StatusSwitchingProtocols
	return h.Hijack()
}

// observe gives every request its id (X-Request-Id, every log line and
// error, and Neo4j's transaction metadata), turns a panic into an
// INTERNAL answer, and ends it with one log line and its metrics: method,
// path, status, principal, operation, outcome, database round trips and
// time.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info := &requestInfo{id: r.Header.Get("X-Request-Id")}
		if !callerRequestID.MatchString(info.id) {
			info.id = newRequestID()
		}
		w.Header().Set("X-Request-Id", info.id)
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		started := time.Now()
		// A caller's trace (traceparent) continues through this request.
		ctx := otel.GetTextMapPropagator().Extract(r.Context(), propagation.HeaderCarrier(r.Header))
		ctx = context.WithValue(ctx, requestInfoKey{}, info)
		r = r.WithContext(ctx)
		func() {
			defer func() {
				if v := recover(); v != nil {
					if v == http.ErrAbortHandler {
						panic(v)
					}
					s.log.ErrorContext(ctx, "panic", "panic", fmt.Sprint(v))
					s.refuse(rec, r, http.StatusInternalServerError, fmt.Errorf("panic: %v", v))
				}
			}()
			next.ServeHTTP(rec, r)
		}()
		took := time.Since(started)
		outcome := "ok"
		switch {
		case len(info.errorCodes) > 0:
			outcome = info.errorCodes[0]
		case rec.status >= 400:
			outcome = fmt.Sprint(rec.status)
		}
		var trips int64
		var dbTime time.Duration
		if info.store != nil {
			trips, dbTime = info.store.RoundTrips.Load(), info.store.DBTime()
			s.metrics.roundTrips.Observe(float64(trips))
			s.metrics.dbTime.Observe(dbTime.Seconds())
		}
		route := r.Method + " " + r.URL.Path
		if r.Pattern != "" {
			route = r.Pattern
		}
		op := s.metrics.operation(info, route)
		s.metrics.requests.WithLabelValues(op, outcome).Inc()
		s.metrics.latency.WithLabelValues(op).Observe(took.Seconds())
		level := slog.LevelInfo
		if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" || r.URL.Path == "/metrics" {
			level = slog.LevelDebug
		}
		s.log.Log(ctx, level, "request",
			"method", r.Method, "path", r.URL.Path, "status", rec.status, "principal", info.principal.Name,
			"operation", info.operation, "outcome", outcome, "db_round_trips", trips,
			"db_ms", float64(dbTime.Microseconds())/1000, "duration_ms", float64(took.Microseconds())/1000)
	})
}

// LogHandler wraps a log handler for the service: each line of a request
// names its request_id, and no value is longer than maxValue bytes (a
// request's text must not make a log line of its size).
func LogHandler(h slog.Handler, maxValue int) slog.Handler {
	return &capped{next: h, max: maxValue}
}

type capped struct {
	next slog.Handler
	max  int
}

func (c *capped) Enabled(ctx context.Context, l slog.Level) bool { return c.next.Enabled(ctx, l) }

func (c *capped) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, c.cut(rec.Message), rec.PC)
	hasID := false
	rec.Attrs(func(a slog.Attr) bool {
		hasID = hasID || a.Key == "request_id"
		out.AddAttrs(c.attr(a))
		return true
	})
	if info := requestInfoOf(ctx); info != nil && !hasID {
		out.AddAttrs(slog.String("request_id", info.id))
	}
	return c.next.Handle(ctx, out)
}

func (c *capped) attr(a slog.Attr) slog.Attr {
	switch a.Value.Kind() {
	case slog.KindString:
		return slog.String(a.Key, c.cut(a.Value.String()))
	case slog.KindAny:
		if err, ok := a.Value.Any().(error); ok {
			return slog.String(a.Key, c.cut(err.Error()))
		}
		return slog.String(a.Key, c.cut(a.Value.String()))
	case slog.KindGroup:
		attrs := a.Value.Group()
		out := make([]any, len(attrs))
		for i, g := range attrs {
			out[i] = c.attr(g)
		}
		return slog.Group(a.Key, out...)
	}
	return a
}

func (c *capped) cut(s string) string {
	if len(s) <= c.max {
		return s
	}
	return fmt.Sprintf("%s… (%d bytes cut)", s[:c.max], len(s)-c.max)
}

func (c *capped) WithAttrs(attrs []slog.Attr) slog.Handler {
	cut := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		cut[i] = c.attr(a)
	}
	return &capped{next: c.next.WithAttrs(cut), max: c.max}
}

func (c *capped) WithGroup(name string) slog.Handler {
	return &capped{next: c.next.WithGroup(name), max: c.max}
}
