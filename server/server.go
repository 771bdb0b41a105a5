// Package server is orgnet's HTTP service: GraphQL at /graphql (GraphiQL in
// a browser; subscriptions over WebSocket and server-sent events), snapshot
// import at /import, the org at an instant at /export, /healthz and
// /readyz, and the planner web app at / (webapp.go). It wires the resolvers to the store; it
// holds no org data of its own.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/orgnet/orgnet/auth"
	"github.com/orgnet/orgnet/feed"
	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/scim"
)

// Server serves one store over HTTP.
type Server struct {
	store *store.Store
	feed  *feed.Feed
	log   *slog.Logger
	cfg   Config
	// prepared is set once the schema is applied (and the demo loaded):
	// until then /readyz says not ready and requests are refused cleanly.
	prepared atomic.Bool
	rates    *rateLimits
	// authFailures throttles failed authentications per client address.
	authFailures *authFailures
	metrics      *metrics
}

// New makes a server for st, logging to log; zero fields of cfg take
// their defaults, and with no authenticator every request is the local
// admin's. Its live feed of changes polls the store while anyone
// subscribes, and at once after this store's own commits.
func New(st *store.Store, log *slog.Logger, cfg Config) *Server {
	cfg = cfg.withDefaults()
	srv := &Server{store: st, log: log, cfg: cfg, metrics: newMetrics(),
		authFailures: newAuthFailures(cfg.AuthFailureRate, cfg.AuthFailureBurst)}
	var shared rateStore
	if st != nil {
		shared = st
		srv.feed = feed.New(st, feed.Options{Log: log})
		st.OnCommit(func(int64) { srv.feed.Wake() })
	}
	srv.rates = newRateLimits(cfg.Rate, cfg.Burst, shared, log)
	return srv
}

// Handler routes the service's endpoints. Every route passes through
// observe (request id, log line, metrics) and guard (security headers,
// CORS, body limits); those that read or write the org need a principal
// (protect), and POST /import the capability to write.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/graphql", s.graphQL())
	mux.Handle("POST /import", s.protect(auth.Write, 0, http.HandlerFunc(s.importSnapshot)))
	mux.Handle("GET /export", s.protect(auth.Read, 0, http.HandlerFunc(s.exportSnapshot)))
	// SCIM is for HR and identity tools: every request, reads included,
	// needs the capability to write the live org.
	mux.Handle(scim.Prefix+"/", s.protect(auth.Write, 0, s.scimHandler()))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", s.ready)
	mux.Handle("GET /metrics", s.metrics.handler())
	mux.HandleFunc("GET /auth/config", s.authConfig)
	s.mountWeb(mux)
	return s.observe(s.guard(mux))
}

// Prepare applies the schema and, if demo is not nil and the database holds
// no org, imports the demo organization. While the database is unreachable
// it retries, logging each failure, until ctx ends; /readyz turns ready when
// it succeeds.
func (s *Server) Prepare(ctx context.Context, demo func() (*graph.Snapshot, error)) error {
	wait := time.Second
	for {
		err := s.prepare(ctx, demo)
		if err == nil {
			s.prepared.Store(true)
			s.log.Info("database ready")
			return nil
		}
		s.log.Warn("database not ready; retrying", "error", err.Error(), "retry_in", wait.String())
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, 15*time.Second)
	}
}

func (s *Server) prepare(ctx context.Context, demo func() (*graph.Snapshot, error)) error {
	if err := s.store.Migrate(ctx); err != nil {
		return err
	}
	if demo == nil {
		return nil
	}
	empty, err := s.store.IsEmpty(ctx)
	if err != nil || !empty {
		return err
	}
	snap, err := demo()
	if err != nil {
		return err
	}
	started := time.Now()
	report, err := s.store.Import(ctx, snap, graph.ImportReplace, nil)
	if err != nil {
		return err
	}
	s.log.Info("loaded the demo organization into the empty database", "created", report.Created, "took", time.Since(started).String())
	return nil
}

// ready answers /readyz: the database answers and the schema is in place.
func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	status := map[string]any{"ready": false}
	switch {
	case !s.prepared.Load():
		status["reason"] = "the schema is not applied yet (is the database up?)"
	default:
		if err := s.store.Ping(ctx); err != nil {
			status["reason"] = "the database does not answer"
			s.log.Warn("readyz: database unreachable", "error", err.Error())
			break
		}
		ok, err := s.store.SchemaReady(ctx)
		if err != nil || !ok {
			status["reason"] = "the schema is not in place"
			break
		}
		status["ready"] = true
		delete(status, "reason")
		writeJSON(w, http.StatusOK, status)
		return
	}
	writeJSON(w, http.StatusServiceUnavailable, status)
}

// authConfig answers GET /auth/config: how a browser app signs in to this
// service (docs/access.md), nothing secret.
func (s *Server) authConfig(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Auth == nil {
		writeJSON(w, http.StatusOK, auth.PublicConfig{Mode: "local"})
		return
	}
	cfg, err := s.cfg.Auth.Public(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, cfg)
}
