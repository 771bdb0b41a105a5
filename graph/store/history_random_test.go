package store_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/internal/oracle"
	"github.com/orgnet/orgnet/internal/testneo4j"
	"github.com/orgnet/orgnet/seed"
)

// TestHistoryAgainstKeptSnapshots makes random sequences of writes (REPLACE
// imports of random orgs, MERGE imports, single-entity changes, writes the
// rules refuse, writes that change nothing) and keeps, after each, the org
// it must have left. Then, for instants between and before the changes,
// the export at that instant must be the snapshot kept for it; and
// reverting the last changes one by one, newest first, must give back the
// earlier snapshots exactly. A failure names the seed; rerun one with
// ORGNET_RANDOM_SEED=<seed>.
func TestHistoryAgainstKeptSnapshots(t *testing.T) {
	histories, first := 8, uint64(1)
	if s := os.Getenv("ORGNET_RANDOM_SEED"); s != "" {
		seed, err := strconv.ParseUint(s, 10, 64)
		require.NoError(t, err)
		histories, first = 1, seed
	}
	for seed := first; seed < first+uint64(histories); seed++ {
		if !t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) { checkHistory(t, seed) }) {
			t.Logf("rerun this history alone with ORGNET_RANDOM_SEED=%d", seed)
		}
	}
}

// kept is the org a change left.
type kept struct {
	change graph.ChangeRecord
	org    *graph.Snapshot
}

func checkHistory(t *testing.T, seedValue uint64) {
	st := testneo4j.Store(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seedValue, 0x68697374))
	org := &graph.Snapshot{}
	var history []kept
	refused, unchanged, exports := 0, 0, 3

	for step := range 14 + rng.IntN(8) {
		w, what := randomWrite(rng, org)
		where := fmt.Sprintf("step %d (%s)", step, what)
		base := org
		if w.Replace {
			base = nil
		}
		want, problems := graph.Apply(base, w.Change)
		out, err := st.Write(ctx, w)
		if len(problems) > 0 {
			require.Error(t, err, where)
			require.Equal(t, graph.CodeBadInput, graph.ErrorCode(err), "%s: %v", where, err)
			require.Empty(t, out.ChangeID, where)
			refused++
			continue
		}
		require.NoError(t, err, where)
		if graph.Diff(org, want).Empty() {
			require.Empty(t, out.ChangeID, "%s changed nothing and must record nothing", where)
			unchanged++
			continue
		}
		require.NotEmpty(t, out.ChangeID, where)
		require.Equal(t, int64(len(history)+1), out.Version, where)
		got, err := st.ReadOrg(ctx)
		require.NoError(t, err)
		requireSameOrg(t, want, got, where+": the org written")
		org = want
		history = append(history, kept{change: graph.ChangeRecord{ID: out.ChangeID, Version: out.Version}, org: want})
	}
	require.NotEmpty(t, history)

	// The changes' times, oldest first.
	recorded := changesOf(t, st)
	slices.Reverse(recorded)
	require.Len(t, recorded, len(history))
	for i := range history {
		require.Equal(t, history[i].change.ID, recorded[i].ID)
		history[i].change = recorded[i]
		if i > 0 {
			require.False(t, recorded[i].At.Before(recorded[i-1].At), "changes are in time order")
		}
	}

	exportAt := func(at *time.Time) *graph.Snapshot {
		var buf bytes.Buffer
		require.NoError(t, st.Export(ctx, at, &buf))
		snap, err := graph.DecodeSnapshot(&buf)
		require.NoError(t, err, "the export is a snapshot")
		return snap
	}
	before := history[0].change.At.Add(-time.Nanosecond)
	requireSameOrg(t, &graph.Snapshot{}, exportAt(&before), "before the first change")
	requireSameOrg(t, org, exportAt(nil), "now")
	later := time.Now().Add(time.Hour)
	requireSameOrg(t, org, exportAt(&later), "after the last change")
	for _, i := range rng.Perm(len(history))[:min(6, len(history))] {
		at := history[i].change.At
		if i+1 < len(history) {
			if next := history[i+1].change.At; next.Equal(at) {
				continue // two changes at one instant: the later counts
			} else if rng.IntN(2) == 0 {
				at = at.Add(next.Sub(at) / 2)
			}
		}
		requireSameOrg(t, history[i].org, exportAt(&at), fmt.Sprintf("at change %d (%s)", i+1, at.Format(time.RFC3339Nano)))
		exports++
	}

	// Revert the last k changes, newest first.
	k := 1 + rng.IntN(min(5, len(history)))
	for i := len(history) - 1; i >= len(history)-k; i-- {
		_, err := st.RevertChange(ctx, history[i].change.ID, nil, "")
		require.NoError(t, err, "revert change %d", i+1)
		got, err := st.ReadOrg(ctx)
		require.NoError(t, err)
		want := &graph.Snapshot{}
		if i > 0 {
			want = history[i-1].org
		}
		requireSameOrg(t, want, got, fmt.Sprintf("after reverting change %d", i+1))
	}
	t.Logf("%d changes, %d writes refused, %d that changed nothing; %d exports checked; the last %d changes reverted",
		len(history), refused, unchanged, exports, k)
}

func requireSameOrg(t *testing.T, want, got *graph.Snapshot, where string) {
	t.Helper()
	d := graph.Diff(want, got)
	require.True(t, d.Empty(), "%s: %+v; created %+v; updated %+v; deleted %+v", where, d.Report, d.Create, d.Update, d.Delete)
}

// randomWrite is a random write to org: what it asks, and a name for it.
func randomWrite(rng *rand.Rand, org *graph.Snapshot) (graph.WriteRequest, string) {
	w := graph.WriteRequest{Via: graph.ViaMutation, Principal: admin}
	if len(org.People) == 0 || rng.IntN(8) == 0 {
		w.Via, w.Replace = graph.ViaImport, true
		if rng.IntN(3) == 0 {
			var buf bytes.Buffer
			if err := seed.Synth(&buf, seed.SynthOptions{People: 20 + rng.IntN(40), Seed: rng.Int64()}); err != nil {
				panic(err)
			}
			snap, err := graph.DecodeSnapshot(&buf)
			if err != nil {
				panic(err)
			}
			w.Change.Put = *snap
			return w, "REPLACE with a synthetic org"
		}
		w.Change.Put = *oracle.RandomOrg(rng, 5+rng.IntN(20))
		return w, "REPLACE with a random org"
	}
	person := func() graph.Person { return org.People[rng.IntN(len(org.People))] }
	switch rng.IntN(8) {
	case 0:
		w.Via = graph.ViaImport
		w.Change.Put = *org
		return w, "the same org again"
	case 1:
		w.Via = graph.ViaImport
		for range 1 + rng.IntN(4) {
			p := person()
			p.Name += " (renamed)"
			p.Active = rng.IntN(3) > 0
			w.Change.Put.People = append(w.Change.Put.People, p)
		}
		boss := person().ID
		w.Change.Put.People = append(w.Change.Put.People, graph.Person{ID: fmt.Sprintf("new-%d", rng.Int()), Name: "New", Manager: &boss, Active: true})
		return w, "MERGE of renamed people and a new one"
	case 2:
		p := person()
		boss := person().ID
		p.Manager = &boss
		w.Change = graph.Change{Put: graph.Snapshot{People: []graph.Person{p}}, Presence: graph.MustExist}
		return w, "a new manager (perhaps a cycle)"
	case 3:
		w.Change.Remove.People = []string{person().ID}
		return w, "delete a person (perhaps still referred to)"
	case 4:
		if len(org.Teams) == 0 {
			return w, "nothing"
		}
		m := graph.Membership{Person: person().ID, Team: org.Teams[rng.IntN(len(org.Teams))].ID, Role: graph.RoleMember}
		if rng.IntN(2) == 0 {
			m.Role = graph.RoleLead
		}
		w.Change.Put.Memberships = []graph.Membership{m}
		return w, "add or re-role a membership"
	case 5:
		if len(org.Memberships) == 0 {
			return w, "nothing"
		}
		m := org.Memberships[rng.IntN(len(org.Memberships))]
		w.Change.Remove.Memberships = []graph.Membership{{Person: m.Person, Team: m.Team}}
		return w, "remove a membership"
	case 6:
		if len(org.Mandates) == 0 {
			return w, "nothing"
		}
		md := org.Mandates[rng.IntN(len(org.Mandates))]
		if rng.IntN(2) == 0 {
			w.Change.Remove.Mandates = []string{md.ID}
			return w, "delete a mandate (perhaps delegated from)"
		}
		limit := float64(rng.IntN(5000))
		md.Limit = &limit
		w.Change.Put.Mandates = []graph.Mandate{md}
		return w, "a new limit (perhaps below a delegation's)"
	default:
		if len(org.Touchpoints) == 0 {
			return w, "nothing"
		}
		tp := org.Touchpoints[rng.IntN(len(org.Touchpoints))]
		tp.StaffedBy = append(slices.Clone(tp.StaffedBy), graph.Holder{Type: graph.HolderPerson, ID: person().ID})
		w.Change.Put.Touchpoints = []graph.Touchpoint{tp}
		return w, "staff a touchpoint"
	}
}
