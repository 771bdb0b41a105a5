// Command withneo4j runs a command beside a fresh local Neo4j: it starts the
// project's own Neo4j on its own port and data folder (never the demo's),
// runs the command with ORGNET_TEST_NEO4J_URI set, stops the database
// cleanly and exits with the command's status. `make test` uses it.
//
//	go run ./internal/withneo4j [--port 7688] [--data DIR] -- go test ./...
//
// As test support it reads its own environment: ORGNET_CACHE (where Neo4j's
// jars are, and the default data folder's parent) and JAVA_HOME, as
// testneo4j.LocalOptions does.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/orgnet/orgnet/internal/testneo4j"
	"github.com/orgnet/orgnet/localneo4j"
)

func main() {
	port := flag.Int("port", 7688, "Bolt port of the test database")
	data := flag.String("data", filepath.Join(testneo4j.CacheDir(), "test-neo4j"), "data folder of the test database; emptied first")
	heap := flag.String("heap", "2g", "JVM heap of the test database")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: withneo4j [flags] -- command [args...]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	os.Exit(run(*port, *data, *heap, flag.Args()))
}

func run(port int, data, heap string, command []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := os.RemoveAll(data); err != nil {
		fmt.Fprintln(os.Stderr, "withneo4j:", err)
		return 1
	}
	db, err := localneo4j.Start(ctx, testneo4j.LocalOptions(localneo4j.Options{Port: port, DataDir: data, Heap: heap, Output: os.Stderr}))
	if err != nil {
		fmt.Fprintln(os.Stderr, "withneo4j:", err)
		return 1
	}
	defer func() {
		if err := db.Stop(time.Minute); err != nil {
			fmt.Fprintln(os.Stderr, "withneo4j: stopping the database:", err)
		}
	}()
	cmd := exec.CommandContext(ctx, command[0], command[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), testneo4j.EnvURI+"="+db.URI)
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		return exit.ExitCode()
	default:
		fmt.Fprintln(os.Stderr, "withneo4j:", err)
		return 1
	}
}
