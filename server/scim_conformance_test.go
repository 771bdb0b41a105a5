package server_test

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/internal/testneo4j"
	"github.com/orgnet/orgnet/seed"
	"github.com/orgnet/orgnet/server"
)

// scimTester is the conformance suite's command line (scim2-cli), as
// `make scim-tester` installs it: ORGNET_SCIM_TESTER, else under
// ORGNET_CACHE, else under the checkout's .cache/.
func scimTester(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("ORGNET_SCIM_TESTER"); p != "" {
		return p
	}
	cache := os.Getenv("ORGNET_CACHE")
	if cache == "" {
		root, err := filepath.Abs("..")
		require.NoError(t, err)
		cache = filepath.Join(root, ".cache")
	}
	return filepath.Join(cache, "scim-venv", "bin", "scim2")
}

// checkLine is one line of the suite's report: a status and a check.
var checkLine = regexp.MustCompile(`^([A-Z_]+) (\S+)$`)

// TestSCIMConformance runs the public SCIM conformance suite (PyPI
// scim2-tester, through scim2-cli's `scim2 --url URL test`) against
// orgnet serving a fresh database, demo organization loaded. Every check
// must pass: a failed, errored or skipped one fails the test, and so does
// a suite that is not installed (make scim-tester installs it).
func TestSCIMConformance(t *testing.T) {
	testneo4j.URI(t) // under -short this skips, as every database test does
	tester := scimTester(t)
	if _, err := os.Stat(tester); err != nil {
		t.Fatalf("the SCIM conformance suite is not installed at %s (%v): run `make scim-tester`", tester, err)
	}
	// The suite sends a few hundred requests a second, past the default
	// rate on a fast machine; the rate is not what it checks.
	ts := serveWith(t, testneo4j.Store(t), server.Config{Rate: -1})
	demo, err := seed.Demo()
	require.NoError(t, err)
	replaceOrg(t, ts.Store, demo) // people without a userName are Users too

	// The suite gives each request 5 s. The first write on a fresh
	// database waits for Neo4j to plan the write's queries, which on a
	// loaded machine has taken longer than that; one user created and
	// deleted first makes that wait here, not inside the suite.
	c := newSCIM(t, ts)
	warm := c.must(http.StatusCreated, "POST", "/Users", map[string]any{"userName": "warm-up@example.com"}).Body["id"].(string)
	c.must(http.StatusNoContent, "DELETE", "/Users/"+warm, nil)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, tester, "--url", ts.URL+"/scim/v2", "test")
	out, err := cmd.CombinedOutput()
	report := string(out)
	t.Logf("scim2 test:\n%s", report)

	counts := map[string]int{}
	var failed []string
	for _, line := range strings.Split(report, "\n") {
		m := checkLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		counts[m[1]]++
		if m[1] != "SUCCESS" {
			failed = append(failed, line)
		}
	}
	require.NoError(t, err, "the suite reported a failure")
	assert.Empty(t, failed, "every check passes")
	assert.Greater(t, counts["SUCCESS"], 80, "the suite ran its checks")
	t.Logf("SCIM conformance: %d checks passed, %d did not", counts["SUCCESS"], len(failed))
}
