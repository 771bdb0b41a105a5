package server_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/server"
)

// repeat joins n copies of s.
func repeat(n int, s func(i int) string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(s(i))
		b.WriteByte(' ')
	}
	return b.String()
}

// fanOut is a document of a few hundred bytes whose fragments expand to
// width^levels fields.
func fanOut(width, levels int) string {
	var b strings.Builder
	b.WriteString(`{ person(id: "p1") { ...F0 } } fragment F1 on Person { name } `)
	for l := 2; l <= levels; l++ {
		fmt.Fprintf(&b, "fragment F%d on Person { %s} ", l, repeat(width, func(int) string { return fmt.Sprintf("...F%d", l-1) }))
	}
	return strings.Replace(b.String(), "...F0", fmt.Sprintf("...F%d", levels), 1)
}

// heapInUse is the live heap after a collection.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// The attacks found by probing, each kept as a regression test: refused
// with its code within a second, the service's memory flat (the server
// runs in this process, so its heap is this test's).
func TestAttacksAreRefusedCheaply(t *testing.T) {
	s := newTestOrgServer(t)
	hugeJSON := func() io.Reader { // 300 MB of a JSON string, streamed with no length
		return io.MultiReader(strings.NewReader(`{"query": "`), io.LimitReader(zeros{}, 300<<20), strings.NewReader(`"}`))
	}
	cases := []struct {
		name   string
		send   func() (*http.Response, error)
		status int
		code   string
	}{
		{"20 000 duplicate fields (100 KB)", func() (*http.Response, error) {
			return postQuery(s.URL, `{ person(id: "p1") { `+repeat(20_000, func(int) string { return "name" })+`} }`)
		}, http.StatusOK, "TOKEN_LIMIT_EXCEEDED"},
		{"3 000 same-name aliases with different arguments", func() (*http.Response, error) {
			return postQuery(s.URL, `{ `+repeat(3000, func(i int) string { return fmt.Sprintf(`a%d: person(id: "p%d") { name }`, i, i) })+`}`)
		}, http.StatusOK, "TOKEN_LIMIT_EXCEEDED"},
		{"10 000 aliases", func() (*http.Response, error) {
			return postQuery(s.URL, `{ `+repeat(10_000, func(i int) string { return fmt.Sprintf(`a%d: __typename`, i) })+`}`)
		}, http.StatusOK, "TOKEN_LIMIT_EXCEEDED"},
		{"a fragment fan-out of 10^8 fields in a few hundred bytes", func() (*http.Response, error) {
			return postQuery(s.URL, fanOut(10, 8))
		}, http.StatusOK, "FIELD_LIMIT_EXCEEDED"},
		{"a fan-out of 10^7 fields in a GET URL", func() (*http.Response, error) {
			return http.Get(s.URL + "/graphql?query=" + url.QueryEscape(fanOut(10, 7)))
		}, http.StatusOK, "FIELD_LIMIT_EXCEEDED"},
		{"20 000 canAct aliases", func() (*http.Response, error) {
			return postQuery(s.URL, `{ `+repeat(20_000, func(i int) string {
				return fmt.Sprintf(`c%d: canAct(person: "p1", matter: "m1") { allowed }`, i)
			})+`}`)
		}, http.StatusOK, "TOKEN_LIMIT_EXCEEDED"},
		{"a 300 MB body", func() (*http.Response, error) {
			return http.Post(s.URL+"/graphql", "application/json", hugeJSON())
		}, http.StatusRequestEntityTooLarge, "BODY_TOO_LARGE"},
		{"a 300 MB body announced by its length", func() (*http.Response, error) {
			req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", hugeJSON())
			req.ContentLength = 300<<20 + 14
			req.Header.Set("Content-Type", "application/json")
			return http.DefaultClient.Do(req)
		}, http.StatusRequestEntityTooLarge, "BODY_TOO_LARGE"},
		{"malformed JSON", func() (*http.Response, error) {
			return http.Post(s.URL+"/graphql", "application/json", strings.NewReader(`{"query": "{ __typename }"`+strings.Repeat(" x", 1_000_000)))
		}, http.StatusBadRequest, "BAD_INPUT"},
		{"batched JSON", func() (*http.Response, error) {
			return http.Post(s.URL+"/graphql", "application/json", strings.NewReader(`[{"query": "{ __typename }"}, {"query": "{ __typename }"}]`))
		}, http.StatusBadRequest, "BAD_INPUT"},
		{"a query that is not a string", func() (*http.Response, error) {
			return http.Post(s.URL+"/graphql", "application/json", strings.NewReader(`{"query": {"x": 1}}`))
		}, http.StatusBadRequest, "BAD_INPUT"},
		{"variables that are not an object", func() (*http.Response, error) {
			return http.Post(s.URL+"/graphql", "application/json", strings.NewReader(`{"query": "{ __typename }", "variables": [1]}`))
		}, http.StatusBadRequest, "BAD_INPUT"},
	}
	before := heapInUse()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			started := time.Now()
			res, err := tc.send()
			require.NoError(t, err)
			raw, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
			res.Body.Close()
			took := time.Since(started)
			assert.Equal(t, tc.status, res.StatusCode, "%s", raw)
			assert.Contains(t, string(raw), `"code":"`+tc.code+`"`)
			assert.NotContains(t, string(raw), `"data"`, "refused before anything ran")
			assert.Less(t, took, time.Second, "refused within a second")
			t.Logf("refused in %s", took)
		})
	}
	grew := int64(heapInUse()) - int64(before)
	assert.Less(t, grew, int64(32<<20), "the heap grew by %d bytes over the attacks", grew)
	log := s.Log.String()
	assert.NotContains(t, log, "panic")
	for _, line := range strings.Split(log, "\n") {
		assert.Less(t, len(line), 8<<10, "a log line of %d bytes", len(line))
	}
}

// zeros is an endless reader of the letter a.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

func postQuery(base, query string) (*http.Response, error) {
	body := fmt.Sprintf(`{"query": %q}`, query)
	return http.Post(base+"/graphql", "application/json", strings.NewReader(body))
}

// Each limit refuses its request with its own code, before anything runs,
// and lets through what is just within it.
func TestEachLimitHasItsCode(t *testing.T) {
	st := newTestOrgServer(t).Store
	opts := server.Config{}
	opts.Limits = server.Limits{Depth: 4, Tokens: 200, Fields: 30, Aliases: 3, RepeatedFields: 2, Complexity: 1000}
	s := serveWith(t, st, opts)
	nest := func(n int) string { // person with n levels of fields in all
		return `{ person(id: "p1") { ` + strings.Repeat("manager { ", n-2) + "id" + strings.Repeat(" }", n-2) + " } }"
	}
	cases := []struct {
		name, query, code string
	}{
		{"depth within", nest(4), ""},
		{"depth over", nest(5), "DEPTH_LIMIT_EXCEEDED"},
		{"depth counted through fragments", `{ person(id: "p1") { ...A } } fragment A on Person { manager { manager { manager { id } } } }`, "DEPTH_LIMIT_EXCEEDED"},
		{"tokens over", `{ __typename ` + repeat(200, func(int) string { return "__typename" }) + ` }`, "TOKEN_LIMIT_EXCEEDED"},
		{"aliases counted one by one", `{ ` + repeat(15, func(i int) string { return fmt.Sprintf(`p%d: __typename`, i) }) + `}`, "ALIAS_LIMIT_EXCEEDED"},
		{"fields over after expansion", `{ person(id: "p1") { ...B ...B } } fragment B on Person { ...A ...A } fragment A on Person { id name title email active manager { id name title } }`, "FIELD_LIMIT_EXCEEDED"},
		{"aliases within", `{ a: __typename b: __typename c: __typename }`, ""},
		{"aliases over", `{ a: __typename b: __typename c: __typename d: __typename }`, "ALIAS_LIMIT_EXCEEDED"},
		{"repeated within", `{ person(id: "p1") { id id } }`, ""},
		{"repeated over", `{ person(id: "p1") { id id id } }`, "REPEATED_FIELD_LIMIT_EXCEEDED"},
		{"complexity over, pages priced", `{ people(first: 100) { nodes { reports(first: 100) { totalCount } } } }`, "COMPLEXITY_LIMIT_EXCEEDED"},
		{"complexity counts every alias", `{ a: people(first: 10) { nodes { id name } } b: people(first: 10) { nodes { id name } } c: people(first: 10) { nodes { id name } } }`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := s.post(t, tc.query, nil, nil)
			if tc.code == "" {
				assert.Empty(t, res.Errors)
				return
			}
			assert.Equal(t, tc.code, res.only(t).Code(), "%+v", res.Errors)
			assert.Nil(t, res.Data, "nothing ran")
		})
	}
	t.Run("a limit error in application/graphql-response+json is 400", func(t *testing.T) {
		res := s.post(t, nest(6), nil, http.Header{"Accept": {"application/graphql-response+json"}})
		assert.Equal(t, http.StatusBadRequest, res.Status)
		assert.Equal(t, "DEPTH_LIMIT_EXCEEDED", res.only(t).Code())
	})
	t.Run("a body over the limit is 413 on every route", func(t *testing.T) {
		opts := server.Config{}
		opts.MaxBodyBytes, opts.MaxImportBytes, opts.MaxOtherBodyBytes = 1000, 1000, 100
		small := serveWith(t, st, opts)
		body := `{"query": "{ __typename }", "variables": {"pad": "` + strings.Repeat("x", 2000) + `"}}`
		for _, route := range []string{"/graphql", "/import", "/healthz"} {
			res, err := http.Post(small.URL+route, "application/json", strings.NewReader(body))
			require.NoError(t, err)
			res.Body.Close()
			assert.Equal(t, http.StatusRequestEntityTooLarge, res.StatusCode, route)
		}
	})
}

// A principal past its rate gets 429 with Retry-After; another principal
// is not held back by it.
func TestRateLimit(t *testing.T) {
	st := newTestOrgServer(t).Store
	opts := server.Config{}
	opts.Rate, opts.Burst = 0.5, 2
	s := serveWith(t, st, opts)
	for i := range 2 {
		res := s.post(t, `{ __typename }`, nil, nil)
		require.Empty(t, res.Errors, "request %d is within the burst", i)
	}
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", strings.NewReader(`{"query": "{ __typename }"}`))
	req.Header.Set("Content-Type", "application/json")
	raw, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	raw.Body.Close()
	assert.Equal(t, http.StatusTooManyRequests, raw.StatusCode)
	assert.Equal(t, "2", raw.Header.Get("Retry-After"), "one request is free again in 2 s")
	res := s.post(t, `{ __typename }`, nil, nil)
	assert.Equal(t, "RATE_LIMITED", res.only(t).Code())
}

// One request asking thousands of questions at once holds at most its
// share of the driver's sessions, so that an ordinary client beside it
// still gets answers.
func TestSessionsPerRequest(t *testing.T) {
	st := newTestOrgServer(t).Store
	opts := server.Config{}
	opts.SessionsPerRequest = 2
	opts.Limits.Aliases, opts.Limits.Tokens, opts.Limits.Fields = 500, 20_000, 5_000
	s := serveWith(t, st, opts)
	var peak atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if n := store.OpenSessions(); n > peak.Load() {
				peak.Store(n)
			}
			runtime.Gosched()
		}
	}()
	res := s.post(t, `{ `+repeat(400, func(i int) string {
		return fmt.Sprintf(`c%d: canAct(person: "p%d", matter: "m1") { allowed }`, i, i%4+1)
	})+`}`, nil, nil)
	close(stop)
	wg.Wait()
	require.Empty(t, res.Errors)
	assert.LessOrEqual(t, peak.Load(), int64(2), "sessions open at once")
	assert.Positive(t, peak.Load())
}

// A client trickling its body is cut off at the route's read deadline,
// not held for as long as it likes.
func TestSlowClientIsCutOff(t *testing.T) {
	st := newTestOrgServer(t).Store
	opts := server.Config{}
	opts.BodyReadTimeout = 500 * time.Millisecond
	s := serveWith(t, st, opts)
	u, _ := url.Parse(s.URL)
	conn, err := net.Dial("tcp", u.Host)
	require.NoError(t, err)
	defer conn.Close()
	_, err = fmt.Fprintf(conn, "POST /graphql HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{", u.Host)
	require.NoError(t, err)
	started := time.Now()
	closed := false
	for time.Since(started) < 5*time.Second {
		time.Sleep(200 * time.Millisecond)
		if _, err := conn.Write([]byte(" ")); err != nil {
			closed = true
			break
		}
		_ = conn.SetReadDeadline(time.Now().Add(10 * time.Millisecond))
		var buf [512]byte
		if n, err := conn.Read(buf[:]); n > 0 || (err != nil && !isTimeout(err)) {
			closed = true
			break
		}
	}
	assert.True(t, closed, "the server answered or closed the connection")
	assert.Less(t, time.Since(started), 3*time.Second)
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

// Introspection can be switched off, and "did you mean" suggestions go
// with it.
func TestIntrospectionSwitch(t *testing.T) {
	st := newTestOrgServer(t).Store
	on := serve(t, st)
	opts := server.Config{}
	opts.DisableIntrospection = true
	off := serveWith(t, st, opts)
	typo := `{ persn(id: "p1") { id } }`

	res := on.post(t, `{ __schema { queryType { name } } }`, nil, nil)
	assert.Empty(t, res.Errors)
	assert.Contains(t, on.post(t, typo, nil, nil).only(t).Message, "Did you mean")

	res = off.post(t, `{ __schema { queryType { name } } }`, nil, nil)
	assert.Equal(t, "INTROSPECTION_DISABLED", res.only(t).Code())
	res = off.post(t, `{ __type(name: "Person") { name } }`, nil, nil)
	assert.Equal(t, "INTROSPECTION_DISABLED", res.only(t).Code())
	assert.NotContains(t, off.post(t, typo, nil, nil).only(t).Message, "Did you mean")
	assert.Empty(t, off.post(t, `{ person(id: "p1") { __typename } }`, nil, nil).Errors, "__typename is not introspection")
}

// With trusted documents set, only they run: sent whole, or by hash.
func TestTrustedDocuments(t *testing.T) {
	st := newTestOrgServer(t).Store
	doc := `{ person(id: "p1") { name } }`
	opts := server.Config{}
	opts.TrustedDocuments = map[string]string{sha256Hex(doc): doc}
	s := serveWith(t, st, opts)
	assert.Empty(t, s.post(t, doc, nil, nil).Errors)
	res := s.post(t, `{ person(id: "p2") { name } }`, nil, nil)
	assert.Equal(t, "PERSISTED_QUERY_NOT_FOUND", res.only(t).Code())
	byHash := fmt.Sprintf(`{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": %q}}}`, sha256Hex(doc))
	raw, err := http.Post(s.URL+"/graphql", "application/json", strings.NewReader(byHash))
	require.NoError(t, err)
	body, _ := io.ReadAll(raw.Body)
	raw.Body.Close()
	assert.Contains(t, string(body), `"name":"Ada Lind"`)
}

// Log lines are capped however large the request's text.
func TestLogValuesAreCapped(t *testing.T) {
	var buf bytes.Buffer
	log := newCappedLogger(&buf, 100)
	log.InfoContext(context.Background(), strings.Repeat("m", 1000), "value", strings.Repeat("v", 1_000_000), "error", fmt.Errorf("%s", strings.Repeat("e", 5000)))
	assert.Less(t, buf.Len(), 600)
	assert.Contains(t, buf.String(), "bytes cut")
}
