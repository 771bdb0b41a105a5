package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/orgnet/orgnet/graph/store"
)

// requestInfo collects what the request log line says about a request.
type requestInfo struct {
	id         string
	roundTrips *atomic.Int64 // database round trips of the request
	operation  string        // the GraphQL operation name, if any
	errorCodes []string      // the codes of the errors a GraphQL response carried
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

// logRequests writes one log line per request: method, path, status,
// duration, database round trips, and for GraphQL the operation name and
// outcome.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, roundTrips := store.CountRoundTrips(r.Context())
		info := &requestInfo{id: newRequestID(), roundTrips: roundTrips}
		w.Header().Set("X-Request-Id", info.id)
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		started := time.Now()
		next.ServeHTTP(rec, r.WithContext(context.WithValue(ctx, requestInfoKey{}, info)))
		outcome := "ok"
		switch {
		case len(info.errorCodes) > 0:
			outcome = "error " + strings.Join(info.errorCodes, ",")
		case rec.status >= 400:
			outcome = "error"
		}
		level := slog.LevelInfo
		if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" {
			level = slog.LevelDebug
		}
		s.log.Log(r.Context(), level, "request",
			"request_id", info.id, "method", r.Method, "path", r.URL.Path, "status", rec.status,
			"operation", info.operation, "outcome", outcome, "db_round_trips", roundTrips.Load(),
			"duration_ms", float64(time.Since(started).Microseconds())/1000)
	})
}
