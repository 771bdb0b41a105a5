package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/orgnet/orgnet/auth"
	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
)

// tokenFlags is the token command: its subcommand and that one's flags
// follow the command's own (it has none).
func tokenFlags(*flag.FlagSet) func(Config, []string) error { return token }

// token manages API tokens in the database the service uses (docs/access.md).
func token(cfg Config, args []string) error {
	if len(args) == 0 {
		return usageError("token needs a subcommand: create, list or revoke")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	withStore := func(fn func(st *store.Store) error) error {
		st, closeDB, err := openDatabase(ctx, cfg, newQuietLogger(), true)
		if err != nil {
			return err
		}
		defer closeDB()
		if err := st.Migrate(ctx); err != nil {
			return err
		}
		return fn(st)
	}
	switch sub, rest := args[0], args[1:]; sub {
	case "create":
		flags := flag.NewFlagSet("orgnet token create", flag.ContinueOnError)
		name := flags.String("name", "", "what the token is for (unique)")
		role := flags.String("role", "", "reader, planner, hr or admin")
		if err := flags.Parse(rest); err != nil {
			return usageError("token create --name NAME --role reader|planner|hr|admin")
		}
		r, ok := graph.ParseRole(*role)
		if *name == "" || !ok || flags.NArg() > 0 {
			return usageError("token create --name NAME --role reader|planner|hr|admin")
		}
		return withStore(func(st *store.Store) error {
			tok, err := auth.IssueToken(ctx, st, *name, r)
			if err != nil {
				return describe(err)
			}
			fmt.Fprintf(os.Stderr, "token %q (%s) issued; it is shown this once. Send it as: Authorization: Bearer <token>\n", *name, r)
			fmt.Println(tok)
			return nil
		})
	case "list":
		if len(rest) > 0 {
			return usageError("token list takes no arguments")
		}
		return withStore(func(st *store.Store) error {
			tokens, err := st.Tokens(ctx)
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "NAME\tROLE\tISSUED\tREVOKED")
			for _, t := range tokens {
				revoked := "-"
				if t.RevokedAt != nil {
					revoked = t.RevokedAt.UTC().Format(time.RFC3339)
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", t.Name, t.Role, t.CreatedAt.UTC().Format(time.RFC3339), revoked)
			}
			return w.Flush()
		})
	case "revoke":
		if len(rest) != 1 {
			return usageError("token revoke takes the token's name")
		}
		return withStore(func(st *store.Store) error {
			found, err := st.RevokeToken(ctx, rest[0], time.Now().UTC())
			if err != nil {
				return err
			}
			if !found {
				return errors.New("no token is named " + rest[0])
			}
			fmt.Printf("token %q revoked\n", rest[0])
			return nil
		})
	}
	return usageError("unknown token subcommand " + fmt.Sprintf("%q", args[0]) + ": create, list or revoke")
}
