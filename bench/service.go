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
	Addr    string
	cmd     *exec.Cmd
	done    chan error
	stop    sync.Once
	stopErr error
}

// StartService runs binary serve against the database at neo4jURI on addr,
// without the demo org, its log going to logPath, and returns once /readyz
// says ready. The per-principal rate limit is off: the bench measures what
// the service can answer, from one principal.
func StartService(ctx context.Context, binary, neo4jURI, addr, logPath string) (*Service, error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(binary, "serve")
	cmd.Env = append(os.Environ(), "NEO4J_URI="+neo4jURI, "ORGNET_DEMO=false", "ORGNET_ADDR="+addr, "ORGNET_RATE=off")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("start %s serve: %w", binary, err)
	}
	s := &Service{Addr: addr, cmd: cmd, done: make(chan error, 1)}
	go func() {
		s.done <- cmd.Wait()
		logFile.Close()
	}()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/readyz", nil)
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		select {
		case err := <-s.done:
			return nil, fmt.Errorf("orgnet serve exited before it was ready (%v); see %s", err, logPath)
		case <-ctx.Done():
			s.Stop()
			return nil, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.Stop()
			return nil, fmt.Errorf("orgnet serve not ready after 2 minutes; see %s", logPath)
		}
	}
}

// Pid is the service's process id.
func (s *Service) Pid() int { return s.cmd.Process.Pid }

// Stop asks the service to shut down and waits for it; later calls only
// report how the first went.
func (s *Service) Stop() error {
	s.stop.Do(func() {
		if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
			s.stopErr = err
			return
		}
		select {
		case <-s.done:
		case <-time.After(40 * time.Second):
			_ = s.cmd.Process.Kill()
			s.stopErr = errors.New("orgnet serve did not stop within 40 s and was killed")
		}
	})
	return s.stopErr
}
