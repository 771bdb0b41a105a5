package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
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

func serve(args []string) error {
	flags := flag.NewFlagSet("serve", flag.ExitOnError)
	flags.Parse(args)
	tuneGC()
	log := newLogger()
	ctx, stopSignals := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stopSignals()

	addr := env("ORGNET_ADDR", "127.0.0.1:8080")
	listener, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s (set ORGNET_ADDR to use another address): %w", addr, err)
	}
	st, closeDB, err := database(ctx, log, false)
	if err != nil {
		listener.Close()
		return err
	}
	defer closeDB()

	srv := server.New(st, log)
	httpServer := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- httpServer.Serve(listener) }()
	log.Info("serving", "addr", addr)

	var demo func() (*graph.Snapshot, error)
	if env("ORGNET_DEMO", "true") != "false" {
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

// tuneGC gives the collector room: a large answer (thousands of actors)
// allocates in bursts, and collecting every time the heap doubles from a
// small live set costs a third of a request's CPU. The soft limit keeps the
// peak down. GOGC and GOMEMLIMIT, when set, win.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(250 << 20)
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
