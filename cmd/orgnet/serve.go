package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/orgnet/orgnet/auth"
	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/seed"
	"github.com/orgnet/orgnet/server"
)

// serve runs the service until SIGINT or SIGTERM.
func serve(cfg Config, args []string) error {
	if len(args) > 0 {
		return usageError("serve takes no arguments; its settings come from the environment")
	}
	// GOGC and GOMEMLIMIT have defaults of the service's own (config.go).
	debug.SetGCPercent(cfg.GCPercent)
	debug.SetMemoryLimit(cfg.MemoryLimit)
	log := slog.New(server.LogHandler(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: cfg.LogLevel}), int(cfg.LogValueBytes)))
	ctx, stopSignals := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stopSignals()
	stopTracing, err := startTracing(ctx)
	if err != nil {
		return fmt.Errorf("OpenTelemetry: %w", err)
	}
	defer stopTracing(context.Background())
	serverCfg := cfg.Server
	serverCfg.DisableIntrospection = !cfg.Introspection
	if cfg.TrustedDocuments != "" {
		if serverCfg.TrustedDocuments, err = readTrustedDocuments(cfg.TrustedDocuments); err != nil {
			return err
		}
	}

	addr := cfg.Addr
	listener, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s (set ORGNET_ADDR to use another address): %w", addr, err)
	}
	st, closeDB, err := openDatabase(ctx, cfg, log, false)
	if err != nil {
		listener.Close()
		return err
	}
	defer closeDB()

	authenticator, err := auth.NewAuthenticator(cfg.Access, st, addr)
	if err != nil {
		listener.Close()
		return err
	}
	serverCfg.Auth = authenticator
	srv := server.New(st, log, serverCfg)
	var demo func() (*graph.Snapshot, error)
	if cfg.Demo {
		demo = seed.Demo
	}
	if !auth.IsLoopback(addr) && !cfg.Access.Off {
		// Whether any token was issued is known only from the database:
		// wait for it before serving an address others can reach.
		if err := srv.Prepare(ctx, demo); err != nil {
			listener.Close()
			return err
		}
		demo = nil
		if err := authenticator.CheckStart(ctx); err != nil {
			listener.Close()
			return err
		}
	}
	httpServer := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		// The longest a route may take to send its body; each route
		// shortens its own (server.Config).
		ReadTimeout:    max(serverCfg.ImportReadTimeout, serverCfg.BodyReadTimeout, server.DefaultImportReadTimeout),
		IdleTimeout:    cfg.IdleTimeout,
		MaxHeaderBytes: int(cfg.MaxHeaderBytes),
		ErrorLog:       slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- httpServer.Serve(listener) }()
	log.Info("serving", "addr", addr)

	go func() {
		if err := srv.Prepare(ctx, demo); err != nil {
			return
		}
		switch mode, err := authenticator.Mode(ctx); {
		case err != nil:
			log.Error("reading the token store", "error", err.Error())
		case mode == "local":
			log.Warn("local mode: no API token issued and no OIDC configured, so every request on this loopback address is admin; " +
				"issue one with orgnet token create --name NAME --role admin to require tokens")
		case mode == "off":
			log.Warn("ORGNET_AUTH=off: every request is admin, on any address")
		default:
			log.Info("requests need a bearer token", "oidc", cfg.Access.OIDC.Configured())
		}
		fmt.Print(banner(addr))
		if cfg.HistoryDays > 0 {
			pruneHistory(ctx, st, log, time.Duration(cfg.HistoryDays)*24*time.Hour)
		}
	}()

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := httpServer.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("shutdown", "error", err.Error())
	}
	return nil
}

// pruneHistory deletes the changes older than keep, now and every hour
// until ctx ends (ORGNET_HISTORY_DAYS; docs/changes.md).
func pruneHistory(ctx context.Context, st *store.Store, log *slog.Logger, keep time.Duration) {
	for {
		started := time.Now()
		horizon, err := st.PruneHistory(ctx, keep)
		switch {
		case err != nil:
			log.Warn("pruning the change log", "error", err.Error())
		case horizon > 0:
			log.Info("pruned the change log", "through_version", horizon, "keep", keep.String(), "took", time.Since(started).String())
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Hour):
		}
	}
}

func banner(addr string) string {
	return fmt.Sprintf(`
orgnet is ready.
  app       http://%[1]s/
  GraphQL   http://%[1]s/graphql   (open it in a browser for GraphiQL)
  import    curl -X POST --data-binary @snapshot.json 'http://%[1]s/import?mode=replace'
  health    http://%[1]s/healthz   http://%[1]s/readyz

Try, in GraphiQL:
  { customerDistance(touchpoint: "tp-phone", matter: "m-card-fee-refund", amount: 2000) {
      hops actor { name } path { __typename ... on Person { name } ... on Team { name } ... on Touchpoint { name } } } }

  { canAct(person: "p-sara-nyberg", matter: "m-card-fee-refund", amount: 2000) { allowed reason } }

Ctrl-C stops the service (and the Neo4j it started).
`, addr)
}

// readTrustedDocuments reads a trusted documents file: a JSON list of
// documents, or an object from their SHA-256 (hex) to each (the manifest
// persisted-query tools write). Each document is keyed by its own hash.
func readTrustedDocuments(path string) (map[string]string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("ORGNET_TRUSTED_DOCUMENTS: %w", err)
	}
	var list []string
	if json.Unmarshal(raw, &list) != nil {
		var byHash map[string]string
		if err := json.Unmarshal(raw, &byHash); err != nil {
			return nil, fmt.Errorf("ORGNET_TRUSTED_DOCUMENTS %s: want a JSON list of documents or an object of hash to document", path)
		}
		for _, doc := range byHash {
			list = append(list, doc)
		}
	}
	docs := map[string]string{}
	for _, doc := range list {
		sum := sha256.Sum256([]byte(doc))
		docs[hex.EncodeToString(sum[:])] = doc
	}
	return docs, nil
}
