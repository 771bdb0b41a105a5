package store_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/internal/testneo4j"
	"github.com/orgnet/orgnet/seed"
)

// benchOrg is the synthetic org the write benchmarks run against, imported
// once per test binary: at 100 000 people the import takes minutes, and
// `make bench-go` runs each benchmark three times.
var benchOrg struct {
	once sync.Once
	st   *store.Store
	snap *graph.Snapshot
	err  error
}

// benchPeople is the size of the benchmarks' org: 100 000 people, or
// ORGNET_BENCH_PEOPLE for a quick run.
func benchPeople(b *testing.B) int {
	if s := os.Getenv("ORGNET_BENCH_PEOPLE"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		return n
	}
	return 100_000
}

func writeBenchOrg(b *testing.B) (*store.Store, *graph.Snapshot) {
	b.Helper()
	uri := testneo4j.URI(b)
	benchOrg.once.Do(func() {
		// Opened by hand rather than by testneo4j.Store, which closes the
		// store when the first benchmark ends.
		st, err := store.Open(store.Config{URI: uri, User: "neo4j", Password: os.Getenv("ORGNET_TEST_NEO4J_PASSWORD")})
		if err != nil {
			benchOrg.err = err
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
		defer cancel()
		testneo4j.Wipe(b, uri)
		if benchOrg.err = st.Migrate(ctx); benchOrg.err != nil {
			return
		}
		var doc bytes.Buffer
		if benchOrg.err = seed.Synth(&doc, seed.SynthOptions{People: benchPeople(b), Seed: 1}); benchOrg.err != nil {
			return
		}
		snap, err := graph.DecodeSnapshot(&doc)
		if err != nil {
			benchOrg.err = err
			return
		}
		if _, benchOrg.err = st.Import(ctx, snap, graph.ImportReplace, nil); benchOrg.err != nil {
			return
		}
		benchOrg.st, benchOrg.snap = st, snap
	})
	if benchOrg.err != nil {
		b.Fatal(benchOrg.err)
	}
	return benchOrg.st, benchOrg.snap
}

// BenchmarkSingleEntityWrite measures whole single-entity writes (planning,
// the write statements, the commit) on the synthetic org of 100 000
// people (seed 1), as the mutations updatePerson, addMembership and
// updateMandate make them: each write changes something, so none is
// skipped as empty. "whole-org" plans every write from the whole org, as
// all writes were once planned; "neighborhood" reads only what the write
// touches. Besides ns/op it reports the median write, p50-ms.
func BenchmarkSingleEntityWrite(b *testing.B) {
	st, snap := writeBenchOrg(b)
	writes := singleEntityWrites(snap)
	for _, planning := range []struct {
		name  string
		whole bool
	}{{"whole-org", true}, {"neighborhood", false}} {
		for _, w := range writes {
			b.Run(planning.name+"/"+w.name, func(b *testing.B) {
				defer store.PlanFromWholeOrg(planning.whole)()
				ctx := context.Background()
				took := make([]time.Duration, 0, b.N)
				b.ResetTimer()
				for i := range b.N {
					start := time.Now()
					report, err := st.Apply(ctx, w.change(i))
					took = append(took, time.Since(start))
					if err != nil {
						b.Fatal(err)
					}
					if report.Created+report.Updated == 0 {
						b.Fatalf("write %d changed nothing: %+v", i, report)
					}
				}
				b.StopTimer()
				slices.Sort(took)
				b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
			})
		}
	}
}

type benchWrite struct {
	name   string
	change func(i int) graph.Change
}

// singleEntityWrites are the benchmark's writes; the i-th write of each
// differs from the one before it.
func singleEntityWrites(snap *graph.Snapshot) []benchWrite {
	// updatePerson: a title that alternates, on people taken in turn, each
	// with their manager, as the mutation sends the whole person.
	people := snap.People[:min(len(snap.People), 1000)]
	updatePerson := func(i int) graph.Change {
		p := people[i%len(people)]
		title := fmt.Sprintf("Title %d", i%2)
		if p.Title != nil && *p.Title == title {
			title += "b"
		}
		p.Title = &title
		people[i%len(people)] = p
		return graph.Change{Put: graph.Snapshot{People: []graph.Person{p}}, Presence: graph.MustExist}
	}

	// addMembership: a person in a team they were not in, then the same
	// membership re-roled, and so on.
	team := snap.Teams[len(snap.Teams)-1].ID
	roles := map[string]graph.MembershipRole{}
	for _, m := range snap.Memberships {
		if m.Team == team {
			roles[m.Person] = m.Role
		}
	}
	addMembership := func(i int) graph.Change {
		person := people[i%len(people)].ID
		role := graph.RoleLead
		if roles[person] != graph.RoleMember {
			role = graph.RoleMember
		}
		roles[person] = role
		return graph.Change{Put: graph.Snapshot{Memberships: []graph.Membership{{Person: person, Team: team, Role: role}}}}
	}

	// updateMandate: the limit of a mandate others are delegated from,
	// raised by one and put back in turn, so that every delegation below it
	// is checked again.
	delegated := map[string]int{}
	for _, m := range snap.Mandates {
		if m.DelegatedFrom != nil {
			delegated[*m.DelegatedFrom]++
		}
	}
	var sources []graph.Mandate
	var raised []bool
	for _, m := range snap.Mandates {
		if m.DelegatedFrom == nil && m.Limit != nil && delegated[m.ID] > 0 {
			sources = append(sources, m)
			raised = append(raised, false)
		}
	}
	updateMandate := func(i int) graph.Change {
		k := i % len(sources)
		m := sources[k]
		limit := *m.Limit
		if raised[k] = !raised[k]; raised[k] {
			limit++
		}
		m.Limit = &limit
		return graph.Change{Put: graph.Snapshot{Mandates: []graph.Mandate{m}}, Presence: graph.MustExist}
	}
	return []benchWrite{{"updatePerson", updatePerson}, {"addMembership", addMembership}, {"updateMandate", updateMandate}}
}
