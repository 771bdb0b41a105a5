package bench

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// The peer is @neo4j/graphql (npm, with Apollo Server) serving the same
// Neo4j and data as orgnet, its type definitions over orgnet's own labels
// and relationships (peer/server.js): the nested reads are asked of both,
// side by side.

// Peer is the peer's Node.js process.
type Peer struct {
	URL  string
	cmd  *exec.Cmd
	done chan error
	stop sync.Once
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
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("node", filepath.Join(dir, "server.js"))
	cmd.Env = append(os.Environ(), "NEO4J_URI="+neo4jURI, "PEER_ADDR="+addr)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("start the peer: %w", err)
	}
	p := &Peer{URL: "http://" + addr + "/", cmd: cmd, done: make(chan error, 1)}
	go func() {
		p.done <- cmd.Wait()
		logFile.Close()
	}()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, p.URL, strings.NewReader(`{"query":"{ __typename }"}`))
		req.Header.Set("Content-Type", "application/json")
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return p, nil
			}
		}
		select {
		case err := <-p.done:
			return nil, fmt.Errorf("the peer exited before it was ready (%v); see %s", err, logPath)
		case <-ctx.Done():
			p.Stop()
			return nil, ctx.Err()
		case <-time.After(300 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			p.Stop()
			return nil, fmt.Errorf("the peer not ready after 2 minutes; see %s", logPath)
		}
	}
}

// Pid is the peer's process id.
func (p *Peer) Pid() int { return p.cmd.Process.Pid }

// Stop stops the peer and waits for it.
func (p *Peer) Stop() {
	p.stop.Do(func() {
		if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
			return
		}
		select {
		case <-p.done:
		case <-time.After(20 * time.Second):
			_ = p.cmd.Process.Kill()
		}
	})
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
