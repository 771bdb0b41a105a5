package main

import (
	"bufio"
	"context"
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

// importFlags declares orgnet import's flags.
func importFlags(fs *flag.FlagSet) func(Config, []string) error {
	mode := fs.String("mode", "merge", "merge: create or overwrite the file's entities; replace: make the org exactly the file")
	ifVersion := fs.Int64("if-version", -1, "refuse the import (CONFLICT) unless the org is at this version")
	key := fs.String("idempotency-key", "", "a name for this import: run again with the same key, it answers the first outcome instead of writing twice")
	return func(cfg Config, args []string) error {
		if len(args) != 1 {
			return usageError("import takes one snapshot file (- for standard input)")
		}
		importMode, err := graph.ParseImportMode(*mode)
		if err != nil {
			return usageError("--mode: " + err.Error())
		}
		w := graph.WriteRequest{Replace: importMode == graph.ImportReplace, Via: graph.ViaImport,
			Principal: importPrincipal, IdempotencyKey: *key, Guard: true}
		if *ifVersion >= 0 {
			w.IfVersion = ifVersion
		}
		return importFile(cfg, w, args[0])
	}
}

// importPrincipal is who the change log says made an import from the
// command line: whoever may run orgnet beside the database may do anything.
var importPrincipal = graph.Principal{Name: "orgnet import", Role: graph.AdminRole}

// importFile writes a snapshot file into the database as w, showing
// progress.
func importFile(cfg Config, w graph.WriteRequest, name string) error {
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
	w.Change = graph.Change{Put: *snap}
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
	out, err := st.WriteWithProgress(ctx, w, func(p store.Progress) {
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
	fmt.Printf("imported in %s: created %d, updated %d, deleted %d, unchanged %d; the org is at version %d\n",
		time.Since(started).Round(time.Millisecond), out.Created, out.Updated, out.Deleted, out.Unchanged, out.Version)
	return nil
}

// describe spells out every problem of a rejected snapshot, and what to
// do about a conflict or a lost answer.
func describe(err error) error {
	var bad *graph.Error
	if !errors.As(err, &bad) {
		return err
	}
	switch bad.Code {
	case graph.CodeConflict:
		return fmt.Errorf("%s; nothing was written", bad.Message)
	case graph.CodeOutcomeUnknown:
		return fmt.Errorf("%s: run it again with --idempotency-key %v", bad.Message, bad.Details["idempotencyKey"])
	case graph.CodeBadInput:
	default:
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s; nothing was written:", bad.Message)
	for _, p := range bad.Problems {
		fmt.Fprintf(&b, "\n  %s: %s", p.Path, p.Message)
	}
	return errors.New(b.String())
}

// exportFlags declares orgnet export's flag; it prints the database's org
// as a snapshot: as it is, or as it was at --at, rebuilt from the change
// log.
func exportFlags(fs *flag.FlagSet) func(Config, []string) error {
	atFlag := fs.String("at", "", "an RFC 3339 instant: the org as it was then")
	return func(cfg Config, args []string) error {
		if len(args) > 0 {
			return usageError("export takes no arguments")
		}
		var at *time.Time
		if *atFlag != "" {
			t, err := graph.ParseTime(*atFlag)
			if err != nil {
				return usageError("--at: " + err.Error())
			}
			at = &t
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		st, closeDB, err := openDatabase(ctx, cfg, newQuietLogger(), true)
		if err != nil {
			return err
		}
		defer closeDB()
		return describe(st.Export(ctx, at, os.Stdout))
	}
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
