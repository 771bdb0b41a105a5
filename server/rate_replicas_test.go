package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/auth"
	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/internal/testneo4j"
	"github.com/orgnet/orgnet/server"
)

// buildOrgnet builds the orgnet command for a test.
func buildOrgnet(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "orgnet")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, "../cmd/orgnet").CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

// orgnetProcess is an `orgnet serve` the test started.
type orgnetProcess struct {
	URL string
	Log *syncBuffer // its standard error: the JSON log
}

// startOrgnet runs `orgnet serve` on the test database with settings
// (beside the address and database, which it chooses), stopped when the
// test ends, and waits until it is ready.
func startOrgnet(t *testing.T, bin string, settings map[string]string) *orgnetProcess {
	t.Helper()
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	var env []string
	for _, kv := range os.Environ() { // none of the developer's own settings
		if !strings.HasPrefix(kv, "ORGNET_") && !strings.HasPrefix(kv, "NEO4J_") && !strings.HasPrefix(kv, "OTEL_") {
			env = append(env, kv)
		}
	}
	env = append(env, "NEO4J_URI="+testneo4j.URI(t), "ORGNET_ADDR="+addr, "ORGNET_DEMO=false", "ORGNET_LOG_LEVEL=warn")
	if pw := os.Getenv("ORGNET_TEST_NEO4J_PASSWORD"); pw != "" {
		env = append(env, "NEO4J_PASSWORD="+pw)
	}
	for k, v := range settings {
		env = append(env, k+"="+v)
	}
	p := &orgnetProcess{URL: "http://" + addr, Log: &syncBuffer{}}
	cmd := exec.Command(bin, "serve")
	cmd.Env, cmd.Stdout, cmd.Stderr = env, io.Discard, p.Log
	require.NoError(t, cmd.Start())
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("orgnet at %s logged:\n%s", addr, p.Log.String())
		}
	})
	require.Eventually(t, func() bool {
		select {
		case <-exited:
			t.Fatalf("orgnet serve exited:\n%s", p.Log.String())
		default:
		}
		res, err := http.Get(p.URL + "/readyz")
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	}, 2*time.Minute, 100*time.Millisecond, "orgnet serve becomes ready")
	return p
}

// ask sends `{ __typename }` with a bearer token and says the status and
// Retry-After.
func ask(t *testing.T, client *http.Client, base, token string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+"/graphql", strings.NewReader(`{"query": "{ __typename }"}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := client.Do(req)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, res.Header.Get("Retry-After")
}

// Two orgnet processes on one database share a principal's rate: together
// they admit no more than the rate over the time, the burst, and the one
// block each may hold — where each on its own would admit its rate and
// burst again.
func TestRateAcrossProcesses(t *testing.T) {
	st := testneo4j.Store(t)
	forgetTokens(t)
	token, err := auth.IssueToken(context.Background(), st, "busy-client", graph.ReaderRole)
	require.NoError(t, err)
	// A rate low enough that clients on a loaded machine outrun it well,
	// high enough for a block of 2 (a tenth of the rate and of the burst).
	const perSecond, burst, block, processes = 20, 20, 2, 2
	bin := buildOrgnet(t)
	settings := map[string]string{"ORGNET_RATE": fmt.Sprint(perSecond), "ORGNET_RATE_BURST": fmt.Sprint(burst)}
	procs := []*orgnetProcess{startOrgnet(t, bin, settings), startOrgnet(t, bin, settings)}

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
	defer client.CloseIdleConnections()
	var mu sync.Mutex
	admitted := make([]int, processes)
	refused := 0
	retryAfters := map[string]int{}
	var wg sync.WaitGroup
	started := time.Now()
	for i, p := range procs {
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for time.Since(started) < 5*time.Second {
					status, retry := ask(t, client, p.URL, token)
					mu.Lock()
					switch status {
					case http.StatusOK:
						admitted[i]++
					case http.StatusTooManyRequests:
						refused++
						retryAfters[retry]++
					default:
						t.Errorf("status %d: every request is admitted or refused for its rate", status)
					}
					mu.Unlock()
				}
			}()
		}
	}
	wg.Wait()
	elapsed := time.Since(started).Seconds()
	total := admitted[0] + admitted[1]
	bound := perSecond*elapsed + burst + processes*block
	t.Logf("%.1f s: admitted %v (%d), refused %d; the bound is %.0f, each process on its own would allow %.0f",
		elapsed, admitted, total, refused, bound, processes*(perSecond*elapsed+burst))
	require.Greater(t, float64(total+refused), 1.5*bound, "the clients asked well past the limit, or the test shows nothing")
	assert.LessOrEqual(t, float64(total), bound, "the two processes together keep to one rate")
	assert.GreaterOrEqual(t, float64(total), perSecond*elapsed/2, "and admit what the rate allows")
	assert.Positive(t, admitted[0], "both processes admit")
	assert.Positive(t, admitted[1], "both processes admit")
	assert.Equal(t, map[string]int{"1": refused}, retryAfters, "a refused client may retry within a second: a block comes back in 0.1 s")
	for _, p := range procs {
		assert.NotContains(t, p.Log.String(), "cannot be reached", "the shared buckets served throughout")
	}

	time.Sleep(time.Second) // as Retry-After said
	for _, p := range procs {
		status, _ := ask(t, client, p.URL, token)
		assert.Equal(t, http.StatusOK, status, "after Retry-After, a request is admitted")
	}
}

// Retry-After is the time the shared bucket needs to refill one request,
// whichever replica refuses.
func TestRateRetryAfterAcrossReplicas(t *testing.T) {
	st := testneo4j.Store(t)
	cfg := server.Config{Rate: 0.5, Burst: 2} // one request back every 2 s
	a, b := serveWith(t, st, cfg), serveWith(t, st, cfg)
	client := http.DefaultClient
	started := time.Now()
	for _, s := range []*testServer{a, b} {
		status, _ := ask(t, client, s.URL, "")
		require.Equal(t, http.StatusOK, status, "the burst of 2, one request on each replica")
	}
	for _, s := range []*testServer{a, b} {
		status, retry := ask(t, client, s.URL, "")
		require.Equal(t, http.StatusTooManyRequests, status, "the other replica took the rest of the burst")
		seconds, err := strconv.Atoi(retry)
		require.NoError(t, err, "Retry-After is whole seconds: %q", retry)
		assert.LessOrEqual(t, seconds, 2, "one request's refill at 0.5/s")
		assert.GreaterOrEqual(t, float64(seconds), math.Ceil(2-time.Since(started).Seconds()), "less only the refill since the burst was taken")
	}
	status, retry := ask(t, client, b.URL, "")
	require.Equal(t, http.StatusTooManyRequests, status)
	seconds, _ := strconv.Atoi(retry)
	time.Sleep(time.Duration(seconds) * time.Second)
	status, _ = ask(t, client, b.URL, "")
	assert.Equal(t, http.StatusOK, status, "after Retry-After, a request is admitted")
}

// cuttableProxy forwards TCP connections to a database until cut, then
// refuses them (and drops those open) until restored: a database that
// goes away and comes back, for one client.
type cuttableProxy struct {
	t      *testing.T
	target string
	addr   string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func newCuttableProxy(t *testing.T, target string) *cuttableProxy {
	p := &cuttableProxy{t: t, target: target, addr: fmt.Sprintf("127.0.0.1:%d", freePort(t))}
	p.restore()
	t.Cleanup(p.cut)
	return p
}

func (p *cuttableProxy) restore() {
	ln, err := net.Listen("tcp", p.addr)
	require.NoError(p.t, err)
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(up, c); up.Close() }()
			go func() { _, _ = io.Copy(c, up); c.Close() }()
		}
	}()
}

func (p *cuttableProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// While the database cannot be reached the rate is kept by each process
// on its own: no request fails for it, the log says so, and the shared
// buckets take over again when the database is back.
func TestRateDatabaseUnreachable(t *testing.T) {
	testneo4j.Store(t) // emptied and migrated
	server.ShortenRateFallback(t, time.Second)
	target, err := url.Parse(testneo4j.URI(t))
	require.NoError(t, err)
	proxy := newCuttableProxy(t, target.Host)
	st, err := store.Open(store.Config{URI: "bolt://" + proxy.addr, User: "neo4j", Password: os.Getenv("ORGNET_TEST_NEO4J_PASSWORD"),
		QueryTimeout: downTimeout, WriteTimeout: downTimeout})
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close(context.Background()) })
	s := serveWith(t, st, server.Config{Rate: 1, Burst: 4}) // a block of 1
	client := http.DefaultClient

	statuses := func(n int) map[int]int {
		out := map[int]int{}
		for range n {
			status, _ := ask(t, client, s.URL, "")
			out[status]++
		}
		return out
	}
	// Counts allow for the refill of 1/s while the requests are sent.
	shared := statuses(10)
	assert.GreaterOrEqual(t, shared[http.StatusOK], 4, "the shared burst: %v", shared)
	assert.Positive(t, shared[http.StatusTooManyRequests], "and the limit: %v", shared)

	proxy.cut()
	time.Sleep(1100 * time.Millisecond) // past the last refusal's wait for a block (1 s)
	local := statuses(12)
	assert.Equal(t, 12, local[http.StatusOK]+local[http.StatusTooManyRequests], "no request fails for the database: %v", local)
	assert.GreaterOrEqual(t, local[http.StatusOK], 4, "the local bucket starts full: %v", local)
	assert.Positive(t, local[http.StatusTooManyRequests], "and limits: %v", local)
	assert.Contains(t, s.Log.String(), "the shared buckets cannot be reached")

	proxy.restore()
	require.Eventually(t, func() bool {
		statuses(1)
		return strings.Contains(s.Log.String(), "shared through the database again")
	}, time.Minute, 200*time.Millisecond, "the shared buckets serve again once the database is back")
}

// Failed authentications are throttled per client address: past its
// burst an address is refused, 429 with Retry-After, before its
// credentials are checked; other addresses, and requests that succeed,
// are not held back.
func TestFailedAuthenticationThrottle(t *testing.T) {
	st := testneo4j.Store(t)
	forgetTokens(t)
	token, err := auth.IssueToken(context.Background(), st, "good", graph.ReaderRole)
	require.NoError(t, err)
	authenticator, err := auth.NewAuthenticator(auth.Config{}, st, "127.0.0.1:0")
	require.NoError(t, err)
	unknown := "orgnet_0123456789ab_" + strings.Repeat("A", 43) // well formed: it costs a lookup

	handler := func(cfg server.Config) http.Handler {
		cfg.Auth = authenticator
		return server.New(st, slog.New(slog.NewTextHandler(io.Discard, nil)), cfg).Handler()
	}
	from := func(h http.Handler, remote, bearer string) (int, string) {
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query": "{ __typename }"}`))
		req.Header.Set("Content-Type", "application/json")
		if bearer != "" {
			req.Header.Set("Authorization", "Bearer "+bearer)
		}
		req.RemoteAddr = remote
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code, rec.Header().Get("Retry-After")
	}

	t.Run("an address past its failures is refused, whatever it sends", func(t *testing.T) {
		h := handler(server.Config{AuthFailureRate: 0.2, AuthFailureBurst: 3}) // one failure back every 5 s
		started := time.Now()
		for i := range 3 {
			status, _ := from(h, "203.0.113.7:1000", unknown)
			require.Equal(t, http.StatusUnauthorized, status, "failure %d of the burst", i+1)
		}
		status, retry := from(h, "203.0.113.7:1001", unknown)
		assert.Equal(t, http.StatusTooManyRequests, status)
		seconds, err := strconv.Atoi(retry)
		require.NoError(t, err, "Retry-After is whole seconds: %q", retry)
		assert.LessOrEqual(t, seconds, 5, "one failure's refill at 0.2/s")
		assert.GreaterOrEqual(t, float64(seconds), math.Ceil(5-time.Since(started).Seconds()), "less only the refill since the failures")
		status, _ = from(h, "203.0.113.7:1002", token)
		assert.Equal(t, http.StatusTooManyRequests, status, "its credentials are not checked, good ones neither")
		status, _ = from(h, "203.0.113.7:1003", "")
		assert.Equal(t, http.StatusUnauthorized, status, "a request with no credential costs no lookup: 401 as ever")
		status, _ = from(h, "198.51.100.1:1000", token)
		assert.Equal(t, http.StatusOK, status, "another address is not held back")
		status, _ = from(h, "198.51.100.1:1000", unknown)
		assert.Equal(t, http.StatusUnauthorized, status, "and has failures of its own")
	})

	t.Run("an IPv6 address shares its failures with its /64", func(t *testing.T) {
		h := handler(server.Config{AuthFailureRate: 0.2, AuthFailureBurst: 2})
		from(h, "[2001:db8:0:1::1]:1000", unknown)
		from(h, "[2001:db8:0:1::2]:1000", unknown)
		status, _ := from(h, "[2001:db8:0:1::3]:1000", unknown)
		assert.Equal(t, http.StatusTooManyRequests, status, "the same /64")
		status, _ = from(h, "[2001:db8:0:2::1]:1000", unknown)
		assert.Equal(t, http.StatusUnauthorized, status, "another /64")
	})

	t.Run("successes cost nothing", func(t *testing.T) {
		h := handler(server.Config{AuthFailureRate: 0.2, AuthFailureBurst: 2})
		for range 20 {
			status, _ := from(h, "192.0.2.9:1000", token)
			require.Equal(t, http.StatusOK, status)
		}
	})

	t.Run("a malformed header and a token that is no orgnet token fail too", func(t *testing.T) {
		h := handler(server.Config{AuthFailureRate: 0.2, AuthFailureBurst: 2})
		from(h, "192.0.2.10:1000", "not-a-token")
		from(h, "192.0.2.10:1000", "orgnet_short")
		status, _ := from(h, "192.0.2.10:1000", unknown)
		assert.Equal(t, http.StatusTooManyRequests, status)
	})

	t.Run("off", func(t *testing.T) {
		h := handler(server.Config{AuthFailureRate: -1, AuthFailureBurst: 2})
		for range 10 {
			status, _ := from(h, "192.0.2.11:1000", unknown)
			require.Equal(t, http.StatusUnauthorized, status)
		}
	})
}
