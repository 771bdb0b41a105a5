// Command wipeneo4j empties the test database that internal/withneo4j
// started (ORGNET_TEST_NEO4J_URI): the browser tests that issue API tokens
// run it after them, since a token left in the database ends local mode
// for whatever serves it next (docs/access.md).
//
//	go run ./internal/wipeneo4j
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/orgnet/orgnet/internal/testneo4j"
)

func main() {
	uri := os.Getenv(testneo4j.EnvURI)
	if uri == "" {
		fmt.Fprintf(os.Stderr, "wipeneo4j: %s is not set: it empties only the test database that internal/withneo4j starts\n", testneo4j.EnvURI)
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := testneo4j.WipeURI(ctx, uri); err != nil {
		fmt.Fprintln(os.Stderr, "wipeneo4j:", err)
		os.Exit(1)
	}
}
