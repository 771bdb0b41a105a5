package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/internal/testneo4j"
	"github.com/orgnet/orgnet/seed"
)

// replica is one `orgnet serve` process on the test database.
type replica struct {
	url string
	log *bytes.Buffer
}

// startReplicas builds orgnet and starts n `orgnet serve` processes on the
// test database, each on a free port, stopped when the test ends.
func startReplicas(t *testing.T, n int) []replica {
	t.Helper()
	uri := testneo4j.URI(t)
	bin := filepath.Join(t.TempDir(), "orgnet")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run())

	var out []replica
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		addr := l.Addr().String()
		require.NoError(t, l.Close())
		cmd := exec.Command(bin, "serve")
		log := &bytes.Buffer{}
		cmd.Stdout, cmd.Stderr = io.Discard, &syncWriter{w: log}
		cmd.Env = append(os.Environ(), "NEO4J_URI="+uri, "ORGNET_ADDR="+addr, "ORGNET_DEMO=false", "GOMEMLIMIT=200MiB")
		require.NoError(t, cmd.Start())
		t.Cleanup(func() {
			_ = cmd.Process.Signal(syscall.SIGTERM)
			_ = cmd.Wait()
			if t.Failed() {
				t.Logf("log of the orgnet at %s:\n%s", addr, log.String())
			}
		})
		out = append(out, replica{url: "http://" + addr, log: log})
	}
	for _, r := range out {
		deadline := time.Now().Add(time.Minute)
		for {
			res, err := http.Get(r.url + "/readyz")
			if err == nil {
				res.Body.Close()
				if res.StatusCode == http.StatusOK {
					break
				}
			}
			require.True(t, time.Now().Before(deadline), "orgnet at %s never became ready", r.url)
			time.Sleep(100 * time.Millisecond)
		}
	}
	return out
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func post(t *testing.T, url, contentType string, body []byte) (int, []byte) {
	t.Helper()
	res, err := http.Post(url, contentType, bytes.NewReader(body))
	require.NoError(t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, raw
}

func synthOrg(t *testing.T, people int, seedValue int64) ([]byte, *graph.Snapshot) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, seed.Synth(&buf, seed.SynthOptions{People: people, Seed: seedValue}))
	snap, err := graph.DecodeSnapshot(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	return buf.Bytes(), snap
}

// TestTwoProcessesOnOneDatabase: writes are serialized by the database, so
// two orgnet processes never commit a mix of two writes nor an org that
// breaks the rules.
func TestTwoProcessesOnOneDatabase(t *testing.T) {
	st := testneo4j.Store(t)
	replicas := startReplicas(t, 2)
	ctx := context.Background()

	t.Run("concurrent REPLACEs of different snapshots end as exactly one of them", func(t *testing.T) {
		docA, a := synthOrg(t, 300, 1)
		docB, b := synthOrg(t, 300, 2)
		for trial := range 4 {
			var wg sync.WaitGroup
			status := make([]int, 2)
			for i, doc := range [][]byte{docA, docB} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					status[i], _ = post(t, replicas[i].url+"/import?mode=replace", "application/json", doc)
				}()
			}
			wg.Wait()
			assert.Equal(t, []int{http.StatusOK, http.StatusOK}, status, "trial %d", trial)
			org, err := st.ReadOrg(ctx)
			require.NoError(t, err)
			isA, isB := graph.Diff(a, org).Empty(), graph.Diff(b, org).Empty()
			require.True(t, isA != isB, "trial %d: the org is neither snapshot but a mix (%+v against A, %+v against B)",
				trial, graph.Diff(a, org).Report, graph.Diff(b, org).Report)
		}
	})

	t.Run("concurrent writes that together make a manager cycle leave a valid org, one refused", func(t *testing.T) {
		for trial := range 6 {
			_, err := st.Import(ctx, &graph.Snapshot{People: []graph.Person{
				{ID: "ann", Name: "Ann", Active: true}, {ID: "bo", Name: "Bo", Active: true},
			}}, graph.ImportReplace, nil)
			require.NoError(t, err)
			var wg sync.WaitGroup
			answers := make([][]byte, 2)
			for i, w := range [][2]string{{"ann", "bo"}, {"bo", "ann"}} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					q := fmt.Sprintf(`mutation { updatePerson(input: {id: %q, name: %q, manager: %q}) { id } }`, w[0], w[0], w[1])
					body, _ := json.Marshal(map[string]any{"query": q})
					_, answers[i] = post(t, replicas[i].url+"/graphql", "application/json", body)
				}()
			}
			wg.Wait()
			var codes []string
			for _, a := range answers {
				var res struct {
					Errors []struct{ Extensions struct{ Code string } }
				}
				require.NoError(t, json.Unmarshal(a, &res), "%s", a)
				if len(res.Errors) > 0 {
					codes = append(codes, res.Errors[0].Extensions.Code)
				}
			}
			assert.Equal(t, []string{"BAD_INPUT"}, codes, "trial %d: exactly one refused: %s | %s", trial, answers[0], answers[1])
			org, err := st.ReadOrg(ctx)
			require.NoError(t, err)
			require.Empty(t, graph.Validate(org), "trial %d: the org breaks the rules", trial)
		}
	})
}

// TestImportAndExportCommands: orgnet import is one change by "orgnet
// import" with --if-version and --idempotency-key, and orgnet export --at
// gives the org as it was.
func TestImportAndExportCommands(t *testing.T) {
	st := testneo4j.Store(t)
	env := environ(map[string]string{"NEO4J_URI": testneo4j.URI(t)})
	dir := t.TempDir()
	first, snapA := synthOrg(t, 40, 1)
	second, snapB := synthOrg(t, 30, 2)
	fileA, fileB := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	require.NoError(t, os.WriteFile(fileA, first, 0o644))
	require.NoError(t, os.WriteFile(fileB, second, 0o644))
	// The commands print to the process's standard output.
	orgnet := func(args ...string) (code int, stdout, stderr string) {
		r, w, err := os.Pipe()
		require.NoError(t, err)
		saved := os.Stdout
		os.Stdout = w
		read := make(chan string)
		go func() {
			b, _ := io.ReadAll(r)
			read <- string(b)
		}()
		var errs bytes.Buffer
		code = run(args, env, io.Discard, &errs)
		os.Stdout = saved
		w.Close()
		return code, <-read, errs.String()
	}

	code, out, errs := orgnet("import", "--mode", "replace", fileA)
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "the org is at version 1")
	ctx := context.Background()
	changes, err := st.Changes(ctx, store.ChangeFilter{}, graph.Page{First: 10})
	require.NoError(t, err)
	require.Len(t, changes.Items, 1)
	assert.Equal(t, importPrincipal, changes.Items[0].Principal)
	assert.Equal(t, graph.ViaImport, changes.Items[0].Via)
	importedAt := changes.Items[0].At

	code, _, errs = orgnet("import", "--mode", "replace", "--if-version", "0", fileB)
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "not 0")
	assert.Contains(t, errs, "nothing was written")

	for range 2 {
		code, _, errs = orgnet("import", "--mode", "replace", "--if-version", "1", "--idempotency-key", "nightly", fileB)
		require.Equal(t, 0, code, "the same key again answers the first outcome, not a conflict: %s", errs)
	}
	org, err := st.ReadOrg(ctx)
	require.NoError(t, err)
	assert.True(t, graph.Diff(snapB, org).Empty())

	code, out, errs = orgnet("export", "--at", importedAt.Format(time.RFC3339Nano))
	require.Equal(t, 0, code, errs)
	exported, err := graph.DecodeSnapshot(strings.NewReader(out))
	require.NoError(t, err)
	assert.True(t, graph.Diff(snapA, exported).Empty(), "the org as the first import left it")

	code, _, errs = orgnet("export", "--at", "yesterday")
	assert.Equal(t, 2, code, errs)
}
