package main

import (
	"context"
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

	"github.com/orgnet/orgnet/graph"
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
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	ctx, stopSignals := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stopSignals()

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

	srv := server.New(st, log, cfg.Server)
	httpServer := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- httpServer.Serve(listener) }()
	log.Info("serving", "addr", addr)

	var demo func() (*graph.Snapshot, error)
	if cfg.Demo {
		demo = seed.Demo
	}
	go func() {
		if srv.Prepare(ctx, demo) == nil {
			fmt.Print(banner(addr))
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
