package seed

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
)

func synth(t testing.TB, people int, seed int64) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, Synth(&b, SynthOptions{People: people, Seed: seed}))
	return b.Bytes()
}

func decodeValid(t testing.TB, doc []byte) *graph.Snapshot {
	t.Helper()
	s, err := graph.DecodeSnapshot(bytes.NewReader(doc))
	require.NoError(t, err)
	require.Empty(t, graph.Validate(s))
	return s
}

func TestSynthIsDeterministicPerSeed(t *testing.T) {
	first := synth(t, 5000, 42)
	assert.Equal(t, first, synth(t, 5000, 42), "same options, same bytes")
	assert.NotEqual(t, first, synth(t, 5000, 43), "another seed, another org")
}

func TestSynthShape(t *testing.T) {
	const n = 5000
	s := decodeValid(t, synth(t, n, 7))
	approx := func(what string, got int, want float64) {
		t.Helper()
		assert.InDelta(t, want, float64(got), 0.3*want, "%s: %d, want about %.0f", what, got, want)
	}

	require.Len(t, s.People, n)
	assert.Equal(t, 6, unitDepth(s), "unit depth for %d people", n)

	lo, hi := minMax(childUnits(s))
	assert.GreaterOrEqual(t, lo, 3, "fewest child units of a unit with children")
	assert.LessOrEqual(t, hi, 15, "most child units of a unit")
	lo, hi = minMax(directReports(s))
	assert.GreaterOrEqual(t, lo, 3, "fewest direct reports of a manager")
	assert.LessOrEqual(t, hi, 15, "most direct reports of a manager")
	assert.Empty(t, hierarchyMismatches(s), "managers follow the unit hierarchy")

	inactive := 0
	for _, p := range s.People {
		if !p.Active {
			inactive++
		}
	}
	assert.InDelta(t, 0.02, float64(inactive)/n, 0.01, "inactive share")

	perPerson := teamsPerPerson(s)
	lo, hi = minMax(perPerson)
	assert.GreaterOrEqual(t, lo, 1)
	assert.LessOrEqual(t, hi, 2, "nobody is in more than two TEAM teams")
	assert.InDelta(t, 1.0/3, float64(len(perPerson))/n, 0.08, "share of people in TEAM teams")
	for team, units := range teamUnits(s) {
		assert.GreaterOrEqual(t, len(units), 2, "units team %s draws on", team)
	}

	approx("matters", len(s.Matters), n/50)
	assert.LessOrEqual(t, matterDepth(s), 4, "matter depth")
	assert.GreaterOrEqual(t, matterDepth(s), 3, "matter depth")

	approx("mandates", len(s.Mandates), n/5)
	steps := delegationSteps(s)
	assert.Equal(t, 4, maxValue(steps), "longest delegation chain, in steps")
	holders := map[graph.TeamKind]int{}
	kinds := teamKinds(s)
	for _, m := range s.Mandates {
		if m.Holder.Type == graph.HolderTeam {
			holders[kinds[m.Holder.ID]]++
		} else {
			holders["PERSON"]++
		}
	}
	assert.Positive(t, holders["PERSON"], "person-held mandates")
	assert.Positive(t, holders[graph.TeamKindUnit], "unit-held mandates")
	assert.Positive(t, holders[graph.TeamKindTeam], "TEAM-held mandates")
	expired, future := windows(s, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	assert.Positive(t, expired, "mandates expired by 2027")
	assert.Positive(t, future, "mandates starting after 2027")

	assert.GreaterOrEqual(t, len(s.Touchpoints), 20)
	assert.LessOrEqual(t, len(s.Touchpoints), 60)
	channels := map[graph.Channel]int{}
	for _, tp := range s.Touchpoints {
		channels[tp.Channel]++
		selfService := tp.Channel == graph.ChannelWeb || tp.Channel == graph.ChannelApp
		assert.Equal(t, selfService, tp.SelfService, "%s on %s is self-service", tp.ID, tp.Channel)
		assert.Equal(t, selfService, len(tp.StaffedBy) == 0, "%s on %s has no staff", tp.ID, tp.Channel)
		assert.GreaterOrEqual(t, len(tp.Handles), 3, "%s handles several matters", tp.ID)
	}
	for _, c := range []graph.Channel{graph.ChannelWeb, graph.ChannelApp, graph.ChannelChat, graph.ChannelPhone, graph.ChannelEmail, graph.ChannelBranch} {
		assert.Positive(t, channels[c], "touchpoints on %s", c)
	}
}

func TestSynthScales(t *testing.T) {
	cases := []struct {
		people             int
		depth, touchpoints int
		matters, mandates  int
		long               bool // skipped with -short
	}{
		{people: 1, depth: 1, touchpoints: 20, matters: 8, mandates: 5},
		{people: 2, depth: 1, touchpoints: 20, matters: 8, mandates: 5},
		{people: 25, depth: 3, touchpoints: 20, matters: 8, mandates: 5},
		{people: 50, depth: 5, touchpoints: 20, matters: 8, mandates: 10},
		{people: 20_000, depth: 6, touchpoints: 28, matters: 400, mandates: 4000, long: true},
		{people: 100_000, depth: 7, touchpoints: 60, matters: 2000, mandates: 20_000, long: true},
	}
	for _, c := range cases {
		if c.long && testing.Short() {
			continue
		}
		s := decodeValid(t, synth(t, c.people, 1))
		assert.Len(t, s.People, c.people, "people")
		assert.Equal(t, c.depth, unitDepth(s), "unit depth for %d people", c.people)
		assert.Len(t, s.Touchpoints, c.touchpoints, "touchpoints for %d people", c.people)
		assert.Len(t, s.Matters, c.matters, "matters for %d people", c.people)
		assert.Len(t, s.Mandates, c.mandates, "mandates for %d people", c.people)
		assert.Empty(t, hierarchyMismatches(s), "managers follow the unit hierarchy for %d people", c.people)
		if c.people >= 50 {
			lo, hi := minMax(childUnits(s))
			assert.True(t, lo >= 3 && hi <= 15, "child units %d to %d for %d people", lo, hi, c.people)
			lo, hi = minMax(directReports(s))
			assert.True(t, lo >= 3 && hi <= 15, "direct reports %d to %d for %d people", lo, hi, c.people)
		}
	}
}

func TestNiceFloor(t *testing.T) {
	cases := []struct{ in, want int64 }{
		{0, 0}, {7, 7}, {99, 99}, {100, 100}, {199, 190}, {1234, 1200}, {99_999, 99_000}, {5_000_000, 5_000_000},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, niceFloor(c.in), "niceFloor(%d)", c.in)
	}
}

func TestAppendHundredths(t *testing.T) {
	cases := []struct {
		in   int
		want string
	}{
		{0, "0"}, {7, "0.07"}, {30, "0.3"}, {95, "0.95"}, {100, "1"},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, string(appendHundredths(nil, c.in)), "%d hundredths", c.in)
	}
}

func TestSynthRejectsAnEmptyOrg(t *testing.T) {
	for _, people := range []int{0, -1} {
		assert.Error(t, Synth(io.Discard, SynthOptions{People: people}), "people %d", people)
	}
}

type failingWriter struct{ after int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.after -= len(p); w.after < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

func TestSynthReportsWriteErrors(t *testing.T) {
	for _, after := range []int{0, 100_000} {
		err := Synth(&failingWriter{after: after}, SynthOptions{People: 5000})
		assert.ErrorContains(t, err, "disk full", "failing after %d bytes", after)
	}
}

func BenchmarkSynth100k(b *testing.B) {
	var out bytes.Buffer
	require.NoError(b, Synth(&out, SynthOptions{People: 100_000, Seed: 1}))
	b.SetBytes(int64(out.Len()))
	b.ReportAllocs()
	for b.Loop() {
		if err := Synth(io.Discard, SynthOptions{People: 100_000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
