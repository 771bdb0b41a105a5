package store_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/internal/oracle"
	"github.com/orgnet/orgnet/internal/testneo4j"
	"github.com/orgnet/orgnet/seed"
)

// The scenario benchmarks (docs/scenarios.md, Cost) ask every question and
// orgHealth live and inside a scenario of 50 steps, over a synthetic org
// of ORGNET_BENCH_PEOPLE people (10 000 unless set), compare the scenario
// with the live org, and measure how long a live writer waits behind a
// scenario evaluation that holds the nodes it writes. The org is imported
// and the scenario made once per process:
//
//	ORGNET_BENCH_PEOPLE=100000 go test ./graph/store -run '^$' -bench 'Scenario' -benchtime 5x -timeout 2h

type scenarioBench struct {
	st   *store.Store
	snap *graph.Snapshot
	id   string
	// touched is a mandate a step overwrites: the node a live writer
	// shares with the scenario.
	touched graph.Mandate
	at      time.Time
}

var (
	benchOnce          sync.Once
	scenarioBenchCache *scenarioBench
	benchErr           error
)

func scenarioBenchOrg(b *testing.B) *scenarioBench {
	b.Helper()
	benchOnce.Do(func() {
		people := 10000
		if s := os.Getenv("ORGNET_BENCH_PEOPLE"); s != "" {
			people, benchErr = strconv.Atoi(s)
			if benchErr != nil {
				return
			}
		}
		ctx := context.Background()
		var doc bytes.Buffer
		if benchErr = seed.Synth(&doc, seed.SynthOptions{People: people, Seed: 1}); benchErr != nil {
			return
		}
		snap, err := graph.DecodeSnapshot(&doc)
		if err != nil {
			benchErr = err
			return
		}
		// The store outlives the benchmark that makes it (testneo4j.Store
		// would close it when that one ends): every benchmark shares it.
		uri := testneo4j.URI(b)
		testneo4j.Wipe(b, uri)
		st, err := store.Open(store.Config{URI: uri, User: "neo4j", Password: os.Getenv("ORGNET_TEST_NEO4J_PASSWORD"),
			QueryTimeout: 10 * time.Minute})
		if err != nil {
			benchErr = err
			return
		}
		if benchErr = st.Migrate(ctx); benchErr != nil {
			return
		}
		start := time.Now()
		if _, benchErr = st.Import(ctx, snap, graph.ImportReplace, nil); benchErr != nil {
			return
		}
		b.Logf("imported %d people in %s", people, time.Since(start).Round(time.Millisecond))
		sc, err := st.CreateScenario(ctx, "Fifty steps", nil, "bench")
		if err != nil {
			benchErr = err
			return
		}
		bo := &scenarioBench{st: st, snap: snap, id: sc.ID, at: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}
		rng := rand.New(rand.NewPCG(50, 50))
		org := snap
		start = time.Now()
		for n, tries := 0, 0; n < 50 && tries < 200; tries++ {
			step := oracle.RandomStep(rng, org, tries)
			if len(step.Delete) > 0 {
				continue // a deletion in a large org is nearly always refused: keep the steps that change it
			}
			if _, err := st.ChangeScenario(ctx, sc.ID, step, "bench"); err != nil {
				if graph.ErrorCode(err) == graph.CodeBadInput {
					continue
				}
				benchErr = err
				return
			}
			org = oracle.ApplyStep(org, step)
			if len(step.Upsert.Mandates) > 0 && bo.touched.ID == "" {
				bo.touched = step.Upsert.Mandates[0]
			}
			n++
		}
		done, err := st.Scenarios(ctx, []string{sc.ID})
		if err != nil {
			benchErr = err
			return
		}
		b.Logf("made a scenario of %d steps in %s", len(done[sc.ID].Steps), time.Since(start).Round(time.Millisecond))
		scenarioBenchCache = bo
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return scenarioBenchCache
}

// BenchmarkScenarioQuestions asks each question and orgHealth live and
// inside the 50-step scenario, each run a sandbox of its own: the
// scenario's steps laid, the question asked, rolled back.
func BenchmarkScenarioQuestions(b *testing.B) {
	o := scenarioBenchOrg(b)
	rng := rand.New(rand.NewPCG(1, 2))
	person := func() string { return o.snap.People[rng.IntN(len(o.snap.People))].ID }
	matter := func() string { return o.snap.Matters[rng.IntN(len(o.snap.Matters))].ID }
	tp := func() string { return o.snap.Touchpoints[rng.IntN(len(o.snap.Touchpoints))].ID }
	amount := 2000.0
	q := graph.Question{At: o.at, Amount: &amount}
	questions := []struct {
		name string
		ask  func(ctx context.Context) error
	}{
		{"whoCanAct", func(ctx context.Context) error { _, err := o.st.WhoCanAct(ctx, []string{matter()}, q); return err }},
		{"canAct", func(ctx context.Context) error { _, err := o.st.CanAct(ctx, person(), matter(), q); return err }},
		{"actionableMatters", func(ctx context.Context) error { _, err := o.st.ActionableMatters(ctx, person(), q); return err }},
		{"customerDistance", func(ctx context.Context) error { _, err := o.st.CustomerDistance(ctx, tp(), matter(), q); return err }},
		{"orgHealth", func(ctx context.Context) error { _, err := o.st.OrgHealth(ctx, o.at); return err }},
	}
	for _, question := range questions {
		for _, where := range []struct{ name, scenario string }{{"live", ""}, {"scenario", o.id}} {
			b.Run(question.name+"/"+where.name, func(b *testing.B) {
				ctx := store.InScenario(context.Background(), where.scenario)
				for b.Loop() {
					if err := question.ask(ctx); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkCompareScenario compares the 50-step scenario with the live
// org.
func BenchmarkCompareScenario(b *testing.B) {
	o := scenarioBenchOrg(b)
	for b.Loop() {
		c, err := o.st.CompareScenario(context.Background(), o.id, nil, o.at, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(c.Actors)), "matters-changed")
	}
}

// BenchmarkScenarioWriterWait makes live writes to a mandate a step of the
// scenario overwrites, while orgHealth is asked inside the scenario again
// and again: each evaluation holds the mandate's node from the moment its
// steps are laid until it is rolled back, and a write of that node waits
// for it. It reports the longest and the mean wait of a write, against the
// same write with no scenario being asked.
func BenchmarkScenarioWriterWait(b *testing.B) {
	o := scenarioBenchOrg(b)
	require.NotEmpty(b, o.touched.ID, "a step overwrites a mandate")
	ctx := context.Background()
	write := func(i int) time.Duration {
		x := o.touched
		x.Name = fmt.Sprintf("Renamed live %d", i)
		start := time.Now()
		// The live org's own mandate, renamed: the scenario's step
		// overwrites the same node.
		live, err := o.st.Mandates(ctx, []string{x.ID})
		require.NoError(b, err)
		x = live[x.ID]
		x.Name = fmt.Sprintf("Renamed live %d", i)
		_, err = o.st.Apply(ctx, graph.Change{Put: graph.Snapshot{Mandates: []graph.Mandate{x}}})
		require.NoError(b, err)
		return time.Since(start)
	}
	for _, busy := range []bool{false, true} {
		name := "idle"
		if busy {
			name = "behind-scenario-orgHealth"
		}
		b.Run(name, func(b *testing.B) {
			stop := make(chan struct{})
			var evaluations sync.WaitGroup
			if busy {
				evaluations.Add(1)
				go func() {
					defer evaluations.Done()
					for {
						select {
						case <-stop:
							return
						default:
						}
						if _, err := o.st.OrgHealth(store.InScenario(ctx, o.id), o.at); err != nil {
							b.Error(err)
							return
						}
					}
				}()
				time.Sleep(200 * time.Millisecond)
			}
			var longest, total time.Duration
			n := 0
			for b.Loop() {
				d := write(n)
				total += d
				longest = max(longest, d)
				n++
			}
			close(stop)
			evaluations.Wait()
			b.ReportMetric(float64(longest.Milliseconds()), "max-write-ms")
			b.ReportMetric(float64(total.Milliseconds())/float64(n), "mean-write-ms")
		})
	}
}
