package bench

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// The peer is @neo4j/graphql (npm, with Apollo Server) serving the same
// Neo4j and data as orgnet, its type definitions over orgnet's own labels
// and relationships (peer/server.js): the nested reads are asked of both,
// side by side.

// Peer is the peer's Node.js process.
type Peer struct {
	URL string
	*process
}

// InstallPeer installs the peer's pinned packages (npm ci) in dir.
func InstallPeer(ctx context.Context, dir string, log *os.File) error {
	cmd := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund")
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, log, log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm ci in %s: %w", dir, err)
	}
	return nil
}

// StartPeer runs the peer of dir against the database at neo4jURI on addr,
// its log going to logPath, and returns once it answers a query.
func StartPeer(ctx context.Context, dir, neo4jURI, addr, logPath string) (*Peer, error) {
	url := "http://" + addr + "/"
	cmd := exec.Command("node", filepath.Join(dir, "server.js"))
	cmd.Env = append(os.Environ(), "NEO4J_URI="+neo4jURI, "PEER_ADDR="+addr)
	p, err := startProcess(ctx, cmd, "the peer", logPath, 20*time.Second, func(ctx context.Context) bool {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(`{"query":"{ __typename }"}`))
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	})
	if err != nil {
		return nil, err
	}
	return &Peer{URL: url, process: p}, nil
}

// The nested reads as the peer asks them: the same teams (by id, from the
// same position), the same members of each (by person id), the same
// fields.
const (
	peerNestedGQL = `query($teams: Int!, $members: Int!, $offset: Int) {
		teams(limit: $teams, offset: $offset, sort: [{id: ASC}]) { id name
			membersConnection(first: $members, sort: [{node: {id: ASC}}]) { edges { properties { role } node { id name
				mandatesConnection(first: 50, sort: [{node: {id: ASC}}]) { edges { node { id name limit matter { id name } } } } } } } } }`
	peerNestedManagerGQL = `query($teams: Int!, $members: Int!, $offset: Int) {
		teams(limit: $teams, offset: $offset, sort: [{id: ASC}]) { id name
			membersConnection(first: $members, sort: [{node: {id: ASC}}]) { edges { properties { role } node { id name
				manager { id name } } } } } }`
)
