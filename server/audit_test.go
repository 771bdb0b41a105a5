package server_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The graphql-http audit (the GraphQL-over-HTTP spec's checks, from the npm
// package graphql-http) against the service: no MUST may fail and no
// SHOULD warn. It needs node and `npm ci` in audit/ (make audit-deps;
// CI runs it).
func TestGraphQLOverHTTPAudit(t *testing.T) {
	s := newTestOrgServer(t)
	dir, err := filepath.Abs("../audit")
	require.NoError(t, err)
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "graphql-http")); err != nil {
		t.Fatalf("the audit's packages are not installed: run `make audit-deps` (npm ci in audit/)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "node", filepath.Join(dir, "audit.mjs"), s.URL+"/graphql").CombinedOutput()
	t.Logf("%s", out)
	require.NoError(t, err, "the audit failed")
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	assert.Regexp(t, `^audit: \d+ passed, 0 failed$`, lines[len(lines)-1])
}
