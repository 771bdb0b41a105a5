package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/localneo4j"
)

func env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func newLogger() *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(env("ORGNET_LOG_LEVEL", "info"))); err != nil {
		level = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
}

// localOptions are the settings of the local Neo4j from the environment.
func localOptions() (localneo4j.Options, error) {
	port, err := strconv.Atoi(env("ORGNET_NEO4J_PORT", "7687"))
	if err != nil {
		return localneo4j.Options{}, fmt.Errorf("ORGNET_NEO4J_PORT: %w", err)
	}
	cache := env("ORGNET_CACHE", localneo4j.DefaultCacheDir())
	return localneo4j.Options{
		JavaHome: os.Getenv("JAVA_HOME"),
		Port:     port,
		DataDir:  env("ORGNET_NEO4J_DATA", filepath.Join(cache, "neo4j-data")),
		CacheDir: cache,
		// 2g: a transaction importing 100 000 people needs more than 1g.
		Heap: env("ORGNET_NEO4J_HEAP", "2g"),
	}, nil
}

// database opens the store NEO4J_URI names. Without NEO4J_URI it uses the
// local Neo4j: the one already running on its port if reuse is set and one
// answers, else one it starts (and stop stops).
func database(ctx context.Context, log *slog.Logger, reuse bool) (st *store.Store, stop func(), err error) {
	cfg := store.ConfigFromEnv()
	var local *localneo4j.Server
	if cfg.URI == "" {
		opts, err := localOptions()
		if err != nil {
			return nil, nil, err
		}
		cfg.URI = fmt.Sprintf("bolt://127.0.0.1:%d", opts.Port)
		if !reuse || !answers(ctx, cfg) {
			log.Info("starting the local Neo4j", "port", opts.Port, "data", opts.DataDir)
			opts.Output = logWriter{log}
			if local, err = localneo4j.Start(ctx, opts); err != nil {
				return nil, nil, err
			}
		}
	}
	st, err = store.Open(cfg)
	if err != nil {
		return nil, nil, err
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

func answers(ctx context.Context, cfg store.Config) bool {
	st, err := store.Open(cfg)
	if err != nil {
		return false
	}
	defer st.Close(ctx)
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
