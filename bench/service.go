package bench

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// Service is `orgnet serve` running as its own process, so that its memory
// is its own and nothing of the benchmark shares its heap.
type Service struct {
	Addr string
	*process
}

// StartService runs binary serve against the database at neo4jURI on addr,
// without the demo org, its log going to logPath, and returns once /readyz
// says ready. The per-principal rate limit is off: the bench measures what
// the service can answer, from one principal.
func StartService(ctx context.Context, binary, neo4jURI, addr, logPath string) (*Service, error) {
	cmd := exec.Command(binary, "serve")
	cmd.Env = append(os.Environ(), "NEO4J_URI="+neo4jURI, "ORGNET_DEMO=false", "ORGNET_ADDR="+addr, "ORGNET_RATE=off")
	p, err := startProcess(ctx, cmd, "orgnet serve", logPath, 40*time.Second, func(ctx context.Context) bool {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/readyz", nil)
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
	return &Service{Addr: addr, process: p}, nil
}

// process is a server the benchmark runs as a process of its own: the
// service, or the peer.
type process struct {
	what    string
	cmd     *exec.Cmd
	done    chan error
	grace   time.Duration // to stop before it is killed
	stop    sync.Once
	stopErr error
}

// startProcess starts cmd, its output going to logPath, and returns once
// ready says it is ready (asked every 200 ms for up to 2 minutes).
func startProcess(ctx context.Context, cmd *exec.Cmd, what, logPath string, grace time.Duration, ready func(context.Context) bool) (*process, error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("start %s: %w", what, err)
	}
	p := &process{what: what, cmd: cmd, done: make(chan error, 1), grace: grace}
	go func() {
		p.done <- cmd.Wait()
		logFile.Close()
	}()
	deadline := time.Now().Add(2 * time.Minute)
	for !ready(ctx) {
		select {
		case err := <-p.done:
			return nil, fmt.Errorf("%s exited before it was ready (%v); see %s", what, err, logPath)
		case <-ctx.Done():
			p.Stop()
			return nil, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			p.Stop()
			return nil, fmt.Errorf("%s not ready after 2 minutes; see %s", what, logPath)
		}
	}
	return p, nil
}

// Pid is the process id.
func (p *process) Pid() int { return p.cmd.Process.Pid }

// Stop asks the process to shut down and waits for it; later calls only
// report how the first went.
func (p *process) Stop() error {
	p.stop.Do(func() {
		if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
			p.stopErr = err
			return
		}
		select {
		case <-p.done:
		case <-time.After(p.grace):
			_ = p.cmd.Process.Kill()
			p.stopErr = fmt.Errorf("%s did not stop within %v and was killed", p.what, p.grace)
		}
	})
	return p.stopErr
}
