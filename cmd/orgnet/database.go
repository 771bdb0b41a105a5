package main

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/localneo4j"
)

// openDatabase opens the store cfg names. Without NEO4J_URI it uses the
// local Neo4j: the one already running on its port if reuse is set and one
// answers, else one it starts (and stop stops).
func openDatabase(ctx context.Context, cfg Config, log *slog.Logger, reuse bool) (st *store.Store, stop func(), err error) {
	storeCfg := cfg.Store
	runLocal := storeCfg.URI == ""
	if runLocal {
		storeCfg.URI = cfg.Local.URI()
	}
	// The driver connects on first use: the same store asks whether a
	// local Neo4j already answers and, once one is started, uses it.
	if st, err = store.Open(storeCfg); err != nil {
		return nil, nil, err
	}
	var local *localneo4j.Server
	if runLocal && !(reuse && answers(ctx, st)) {
		log.Info("starting the local Neo4j", "port", cfg.Local.Port, "data", cfg.Local.DataDir)
		opts := cfg.Local
		opts.Output = logWriter{log}
		if local, err = localneo4j.Start(ctx, opts); err != nil {
			_ = st.Close(context.WithoutCancel(ctx))
			return nil, nil, err
		}
	}
	stop = func() {
		_ = st.Close(context.Background())
		if local != nil {
			log.Info("stopping the local Neo4j")
			if err := local.Stop(time.Minute); err != nil {
				log.Error("stopping the local Neo4j", "error", err.Error())
			}
		}
	}
	return st, stop, nil
}

// answers reports whether the database answers within a few seconds.
func answers(ctx context.Context, st *store.Store) bool {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	return st.Ping(ctx) == nil
}

// logWriter turns the local Neo4j's output lines into log lines.
type logWriter struct{ log *slog.Logger }

func (w logWriter) Write(p []byte) (int, error) {
	for _, line := range strings.Split(strings.TrimRight(string(p), "\n"), "\n") {
		if line != "" {
			w.log.Info(line, "component", "neo4j")
		}
	}
	return len(p), nil
}
