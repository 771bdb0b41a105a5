// Command orgnet is the org network graph service and its tools:
//
//	orgnet serve                          the GraphQL service (docs/ lists its routes)
//	orgnet neo4j [--port P] [--data DIR]  the project's local Neo4j, in the foreground
//	orgnet import [--mode merge|replace] [--if-version N] [--idempotency-key K] FILE
//	orgnet export [--at T]                the org (as it was at T) as a snapshot, on standard output
//	orgnet synth [--people N] [--seed S]  a synthetic org snapshot, on standard output
//	orgnet token create|list|revoke       API tokens (docs/access.md)
//
// Every setting comes from the environment (and, for neo4j, from flags that
// override it), is read once when a command starts, and is passed down:
// settings in config.go is the table of them all, which `orgnet <command>
// --help` and docs/configuration.md print.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// A command is one of orgnet's subcommands.
type command struct {
	name     string
	bit      commandSet // which settings it reads: those whose usedBy has it
	synopsis string     // what follows "orgnet NAME" in its usage line
	summary  string     // its line in `orgnet help`
	about    string     // what its --help says it does
	// flags declares the command's own flags on fs and returns what runs
	// it, given the settings and the arguments after the flags.
	flags func(fs *flag.FlagSet) func(cfg Config, args []string) error
}

// commands are orgnet's subcommands, in the order help lists them.
var commands = []command{
	{name: "serve", bit: cmdServe, summary: "serve GraphQL at http://$ORGNET_ADDR/graphql (default 127.0.0.1:8080)",
		about: "Serves GraphQL at /graphql (GraphiQL in a browser), snapshot import at POST /import,\n" +
			"and /healthz and /readyz. Without NEO4J_URI it starts the project's local Neo4j\n" +
			"and stops it on exit; it loads the demo organization into an empty database.",
		flags: func(*flag.FlagSet) func(Config, []string) error { return serve }},
	{name: "neo4j", bit: cmdNeo4j, synopsis: "[flags]", summary: "run the project's local Neo4j in the foreground",
		about: "Runs the project's local Neo4j in the foreground until Ctrl-C or SIGTERM, which\n" +
			"it passes on so that the database stops cleanly. It prints a line containing\n" +
			"\"ready\" when Bolt answers.",
		flags: neo4jFlags},
	{name: "import", bit: cmdImport, synopsis: "[--mode merge|replace] [--if-version N] [--idempotency-key K] FILE", summary: "write a snapshot file into the database",
		about: "Writes a snapshot file (- reads standard input) into the database, all or nothing,\n" +
			"showing progress, as one change by \"orgnet import\" (docs/changes.md). Without\n" +
			"NEO4J_URI it uses the local Neo4j running on its port, or starts one for the import.",
		flags: importFlags},
	{name: "export", bit: cmdExport, synopsis: "[--at T]", summary: "print the database's org as a snapshot",
		about: "Prints the database's org as a snapshot on standard output; with --at, the org as\n" +
			"it was at that instant, rebuilt from the change log. Without NEO4J_URI it uses the\n" +
			"local Neo4j running on its port, or starts one.",
		flags: exportFlags},
	{name: "synth", bit: cmdSynth, synopsis: "[--people N] [--seed S]", summary: "print a synthetic org snapshot",
		about: "Prints a synthetic org snapshot of any size on standard output; the same seed\n" +
			"gives the same org.",
		flags: synthFlags},
	{name: "token", bit: cmdToken, synopsis: "create --name NAME --role ROLE | list | revoke NAME",
		summary: "issue, list or revoke API tokens",
		about: "Manages the API tokens requests authenticate with (docs/access.md), in the database\n" +
			"the service uses. create prints the new token once (only its hash is kept); revoke\n" +
			"stops it working from the next request on, in every process. Roles: reader,\n" +
			"planner, hr, admin. The first token issued ends local mode.",
		flags: tokenFlags},
}

func main() {
	os.Exit(run(os.Args[1:], os.LookupEnv, os.Stdout, os.Stderr))
}

// errUsage is a mistake in a command line whose message is already shown.
var errUsage = errors.New("usage")

// usageError is a mistake in a command's arguments: run shows it with the
// command's help.
type usageError string

func (e usageError) Error() string { return string(e) }

// run runs the command line args (without the program name) with the
// environment env and returns the exit status: 0, 1 when the command
// failed, 2 for a bad command line or a bad setting.
func run(args []string, env func(string) (string, bool), stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage())
		return 2
	}
	name, args := args[0], args[1:]
	if name == "help" || name == "-h" || name == "--help" || name == "-help" {
		fmt.Fprint(stdout, usage())
		return 0
	}
	var cmd *command
	for i := range commands {
		if commands[i].name == name {
			cmd = &commands[i]
		}
	}
	if cmd == nil {
		fmt.Fprintf(stderr, "orgnet: unknown command %q\n\n%s", name, usage())
		return 2
	}

	fs := flag.NewFlagSet("orgnet "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {} // help is written below, to stdout when asked for
	runCmd := cmd.flags(fs)
	overrides := map[string]string{}
	addSettingFlags(fs, cmd.bit, overrides)
	switch err := fs.Parse(args); {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(stdout, cmd.help(fs))
		return 0
	case err != nil: // the flag package has said what is wrong
		fmt.Fprint(stderr, cmd.usageHint())
		return 2
	}
	cfg, err := load(cmd.bit, env, overrides)
	if err != nil {
		fmt.Fprintln(stderr, "orgnet:", strings.ReplaceAll(err.Error(), "\n", "\norgnet: "))
		fmt.Fprint(stderr, cmd.usageHint())
		return 2
	}
	err = runCmd(cfg, fs.Args())
	var bad usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &bad):
		fmt.Fprintf(stderr, "orgnet %s: %s\n%s", cmd.name, bad, cmd.usageHint())
		return 2
	default:
		fmt.Fprintln(stderr, "orgnet:", err)
		return 1
	}
}
