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

// neo4jFlags declares orgnet neo4j's own flag; --port, --data, --heap and
// --pagecache are those of its settings (config.go).
func neo4jFlags(fs *flag.FlagSet) func(Config, []string) error {
	password := fs.String("password", "", "turn authentication on, with this password for the user neo4j")
	return func(cfg Config, args []string) error {
		if len(args) > 0 {
			return usageError("neo4j takes no arguments")
		}
		opts := cfg.Local
		opts.Password, opts.Output = *password, os.Stderr
		return runNeo4j(opts)
	}
}

// runNeo4j runs the local Neo4j in the foreground until SIGINT or SIGTERM,
// which it passes on so the database stops cleanly.
func runNeo4j(opts localneo4j.Options) error {
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	cmd, err := localneo4j.Command(context.Background(), opts)
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

// importFlags declares orgnet import's flag.
func importFlags(fs *flag.FlagSet) func(Config, []string) error {
	mode := fs.String("mode", "merge", "merge: create or overwrite the file's entities; replace: make the org exactly the file")
	return func(cfg Config, args []string) error {
		if len(args) != 1 {
			return usageError("import takes one snapshot file (- for standard input)")
		}
		importMode, err := graph.ParseImportMode(*mode)
		if err != nil {
			return usageError("--mode: " + err.Error())
		}
		return importFile(cfg, importMode, args[0])
	}
}

// importFile writes a snapshot file into the database, showing progress.
func importFile(cfg Config, importMode graph.ImportMode, name string) error {
	in := os.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	progress := newProgress(os.Stderr)
	progress.stage("reading "+name, "")
	snap, err := graph.DecodeSnapshot(bufio.NewReaderSize(in, 1<<20))
	if err != nil {
		progress.done()
		return describe(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	st, closeDB, err := openDatabase(ctx, cfg, newQuietLogger(), true)
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
func export(cfg Config, args []string) error {
	if len(args) > 0 {
		return usageError("export takes no arguments")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	st, closeDB, err := openDatabase(ctx, cfg, newQuietLogger(), true)
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

// synthFlags declares orgnet synth's flags; it prints a synthetic org
// snapshot.
func synthFlags(fs *flag.FlagSet) func(Config, []string) error {
	people := fs.Int("people", 1000, "number of people")
	seedValue := fs.Int64("seed", 1, "random seed: the same seed gives the same org")
	return func(_ Config, args []string) error {
		if len(args) > 0 {
			return usageError("synth takes no arguments")
		}
		return seed.Synth(os.Stdout, seed.SynthOptions{People: *people, Seed: *seedValue})
	}
}
