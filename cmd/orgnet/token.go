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

const tokenUsage = `usage:
  orgnet token create --name NAME --role reader|planner|hr|admin   prints the token, once
  orgnet token list                                                 names, roles, when issued and revoked
  orgnet token revoke NAME                                          the token stops working on the next request
`

// token manages API tokens in the database the service uses (docs/access.md).
func token(args []string) error {
	if len(args) == 0 {
		fmt.Fprint(os.Stderr, tokenUsage)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	withStore := func(fn func(st *store.Store) error) error {
		st, closeDB, err := database(ctx, newQuietLogger(), true)
		if err != nil {
			return err
		}
		defer closeDB()
		if err := st.Migrate(ctx); err != nil {
			return err
		}
		return fn(st)
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "create":
		flags := flag.NewFlagSet("token create", flag.ExitOnError)
		name := flags.String("name", "", "what the token is for (unique)")
		role := flags.String("role", "", "reader, planner, hr or admin")
		flags.Parse(rest)
		r, ok := graph.ParseRole(*role)
		if *name == "" || !ok {
			fmt.Fprint(os.Stderr, tokenUsage)
			os.Exit(2)
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
			fmt.Fprint(os.Stderr, tokenUsage)
			os.Exit(2)
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
	fmt.Fprint(os.Stderr, tokenUsage)
	os.Exit(2)
	return nil
}
