package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/localneo4j"
	"github.com/orgnet/orgnet/seed"
)

// runNeo4j runs the local Neo4j in the foreground until SIGINT or SIGTERM,
// which it passes on so the database stops cleanly.
func runNeo4j(args []string) error {
	defaults, err := localOptions()
	if err != nil {
		return err
	}
	flags := flag.NewFlagSet("neo4j", flag.ExitOnError)
	port := flags.Int("port", defaults.Port, "Bolt port on 127.0.0.1")
	data := flags.String("data", defaults.DataDir, "data folder")
	heap := flags.String("heap", defaults.Heap, "JVM heap")
	pagecache := flags.String("pagecache", "256m", "Neo4j page cache")
	password := flags.String("password", "", "turn authentication on, with this password for the user neo4j")
	flags.Parse(args)

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	cmd, err := localneo4j.Command(context.Background(), localneo4j.Options{
		Port: *port, DataDir: *data, CacheDir: defaults.CacheDir, JavaHome: defaults.JavaHome, Heap: *heap, PageCache: *pagecache, Password: *password, Output: os.Stderr,
	})
	if err != nil {
		return err
	}
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-signals:
		_ = cmd.Process.Signal(syscall.SIGTERM)
		return localneo4j.CleanExit(<-done)
	}
}

// importFile writes a snapshot file into the database, showing progress.
func importFile(args []string) error {
	flags := flag.NewFlagSet("import", flag.ExitOnError)
	mode := flags.String("mode", "merge", "merge: create or overwrite the file's entities; replace: make the org exactly the file")
	flags.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: orgnet import [--mode merge|replace] FILE   (FILE - reads standard input)")
		flags.PrintDefaults()
	}
	flags.Parse(args)
	if flags.NArg() != 1 {
		flags.Usage()
		os.Exit(2)
	}
	importMode, err := graph.ParseImportMode(*mode)
	if err != nil {
		return fmt.Errorf("--mode: %w", err)
	}
	in := os.Stdin
	if name := flags.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	progress := newProgress(os.Stderr)
	progress.stage("reading "+flags.Arg(0), "")
	snap, err := graph.DecodeSnapshot(bufio.NewReaderSize(in, 1<<20))
	if err != nil {
		progress.done()
		return describe(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	st, closeDB, err := database(ctx, newQuietLogger(), true)
	if err != nil {
		progress.done()
		return err
	}
	defer closeDB()
	if err := st.Migrate(ctx); err != nil {
		progress.done()
		return err
	}
	started := time.Now()
	report, err := st.Import(ctx, snap, importMode, func(p store.Progress) {
		detail := ""
		if p.Total > 0 {
			detail = fmt.Sprintf("%d/%d", p.Done, p.Total)
		}
		progress.stage(p.Stage, detail)
	})
	progress.done()
	if err != nil {
		return describe(err)
	}
	fmt.Printf("imported in %s: created %d, updated %d, deleted %d, unchanged %d\n",
		time.Since(started).Round(time.Millisecond), report.Created, report.Updated, report.Deleted, report.Unchanged)
	return nil
}

// describe spells out every problem of a rejected snapshot.
func describe(err error) error {
	var bad *graph.Error
	if !errors.As(err, &bad) || bad.Code != graph.CodeBadInput {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s; nothing was written:", bad.Message)
	for _, p := range bad.Problems {
		fmt.Fprintf(&b, "\n  %s: %s", p.Path, p.Message)
	}
	return errors.New(b.String())
}

// export prints the database's org as a snapshot.
func export(args []string) error {
	flags := flag.NewFlagSet("export", flag.ExitOnError)
	flags.Parse(args)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	st, closeDB, err := database(ctx, newQuietLogger(), true)
	if err != nil {
		return err
	}
	defer closeDB()
	org, err := st.ReadOrg(ctx)
	if err != nil {
		return err
	}
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	enc.SetIndent("", " ")
	if err := enc.Encode(org); err != nil {
		return err
	}
	return out.Flush()
}

// synth prints a synthetic org snapshot.
func synth(args []string) error {
	flags := flag.NewFlagSet("synth", flag.ExitOnError)
	people := flags.Int("people", 1000, "number of people")
	seedValue := flags.Int64("seed", 1, "random seed: the same seed gives the same org")
	flags.Parse(args)
	return seed.Synth(os.Stdout, seed.SynthOptions{People: *people, Seed: *seedValue})
}
