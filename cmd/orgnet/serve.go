package main

import (
	"context"
	"errors"
	"flag"
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
	"github.com/orgnet/orgnet/seed"
	"github.com/orgnet/orgnet/server"
)

func serve(args []string) error {
	flags := flag.NewFlagSet("serve", flag.ExitOnError)
	flags.Parse(args)
	tuneGC()
	settings, err := readAccessSettings()
	if err != nil {
		return err
	}
	log := slog.New(server.LogHandler(newLogger().Handler(), settings.LogValueBytes))
	ctx, stopSignals := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stopSignals()
	stopTracing, err := startTracing(ctx)
	if err != nil {
		return fmt.Errorf("OpenTelemetry: %w", err)
	}
	defer stopTracing(context.Background())

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

	authenticator, err := auth.NewAuthenticator(settings.Auth, st, addr)
	if err != nil {
		listener.Close()
		return err
	}
	settings.Options.Auth = authenticator
	srv := server.NewWithOptions(st, log, settings.Options)
	var demo func() (*graph.Snapshot, error)
	if env("ORGNET_DEMO", "true") != "false" {
		demo = seed.Demo
	}
	if !auth.IsLoopback(addr) && !settings.Auth.Off {
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
		ReadHeaderTimeout: settings.ReadHeaderTimeout,
		ReadTimeout:       settings.ReadTimeout,
		IdleTimeout:       settings.IdleTimeout,
		MaxHeaderBytes:    settings.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- httpServer.Serve(listener) }()
	log.Info("serving", "addr", addr)

	go func() {
		if err := srv.Prepare(ctx, demo); err != nil {
			return
		}
		mode, err := authenticator.Mode(ctx)
		switch {
		case err != nil:
			log.Error("reading the token store", "error", err.Error())
		case mode == "local":
			log.Warn("local mode: no API token issued and no OIDC configured, so every request on this loopback address is admin; " +
				"issue one with orgnet token create --name NAME --role admin to require tokens")
		case mode == "off":
			log.Warn("ORGNET_AUTH=off: every request is admin, on any address")
		default:
			log.Info("requests need a bearer token", "oidc", settings.Auth.OIDC.Configured())
		}
		fmt.Print(banner(addr))
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
