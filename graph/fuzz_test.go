package graph_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/internal/oracle"
)

// FuzzDecodeSnapshot feeds arbitrary bytes to the decoder and the validator.
// Neither may panic; a rejected document is a BAD_INPUT with problems; an
// accepted one is validated exactly as the reference model (internal/oracle)
// validates it, survives a round trip through encoding/json unchanged, plans
// nothing against itself, and, when valid, is a valid change to an empty org.
func FuzzDecodeSnapshot(f *testing.F) {
	base, err := json.Marshal(baseOrg())
	require.NoError(f, err)
	for _, seed := range []string{
		string(base),
		`{}`,
		`{"people": null, "teams": [], "memberships": null}`,
		`{"people": [{"id": "p1", "name": "Ada"}, {"id": "p2", "name": "Bo", "manager": "p1", "active": false}]}`,
		`{"mandates": [{"id": "d", "name": "D", "matter": "m", "holder": {"type": "PERSON", "id": "p"}, "limit": 1e3,
			"validFrom": "2025-03-01T10:00:00.5+02:00", "validUntil": "9999-12-31T23:30:00+01:00"}]}`,
		`{"mandates": [{"id": "d", "name": "D", "matter": "m", "holder": {"type": "TEAM", "id": "t"}, "validFrom": "0000-01-01T00:00:00Z"}]}`,
		`{"touchpoints": [{"id": "tp", "name": "T", "channel": "WEB", "selfService": true, "staffedBy": [{"type": "TEAM", "id": "t"}],
			"escalatesTo": ["tp"], "handles": [{"matter": "m", "volume": 0.5, "selfServiceRate": 1}, {"matter": "n", "volume": -0, "selfServiceRate": 0}]}]}`,
		`{"people": [{"id": "p1", "name": "Ada"}, {"id": "p1", "name": "Ada twin"}], "memberships": [{"person": "p1", "team": "t", "role": "LEAD"}, {"person": "p1", "team": "t", "role": "MEMBER"}]}`,
		`{"people": [1, null, {"id": 2}], "teams": {}, "x": 1}`,
		`{"touchpoints": [{"handles": [{"volume": "12"}, null, {"volume": 1e999}]}]}`,
		`{"people": [{"id": "p1", "name": "Ada"}`,
		`{} trailing`,
		`[]`,
		``,
		"{\"people\": [{\"id\": \"\xff\xfe\", \"name\": \"\\u00e9\\ud800\"}]}",
		`{"people": [{"id": " p1", "name": "\u200b"}, {"id": "p2", "name": "B\u0000", "manager": "p1\t"}]}`,
		`{"teams": [{"id": "t\u0085", "name": "\u3164", "kind": "UNIT", "parent": "t\u00a0"}]}`,
	} {
		f.Add([]byte(seed))
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := graph.DecodeSnapshot(bytes.NewReader(data))
		if err != nil {
			var e *graph.Error
			require.True(t, errors.As(err, &e), "want a *graph.Error, got %T: %v", err, err)
			require.Equal(t, graph.CodeBadInput, e.Code)
			require.NotEmpty(t, e.Problems)
			for _, p := range e.Problems {
				require.NotEmpty(t, p.Path)
				require.NotEmpty(t, p.Message)
			}
			return
		}
		require.NotNil(t, s)
		problems := graph.Validate(s)
		requireSameProblems(t, problems, oracle.Validate(s, oracle.DefaultLengths), s)

		doc, err := json.Marshal(s)
		require.NoError(t, err, "a decoded snapshot must encode")
		again, err := graph.DecodeSnapshot(bytes.NewReader(doc))
		require.NoError(t, err, "re-decoding %s", doc)
		require.Equal(t, s, again)
		require.Equal(t, problems, graph.Validate(again))

		require.True(t, graph.Diff(s, s).Empty(), "Diff(s, s): %+v", graph.Diff(s, s).Report)
		require.True(t, graph.Diff(s, again).Empty())

		if len(problems) == 0 {
			_, applied := graph.Apply(nil, graph.Change{Put: *s})
			require.Empty(t, applied)
		}
	})
}

// FuzzValidate builds small, mostly sensible organizations from the fuzzer's
// bytes, with small length limits at times, and checks Validate against the
// reference model's independent statement of docs/writes.md (internal/oracle):
// both report problems at exactly the same paths, every path names an
// entity that exists, and Apply validates a snapshot put into an empty org
// exactly as Validate does.
func FuzzValidate(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{4, 3, 4, 4, 2, 1, 2, 3, 0, 1, 1, 2, 0, 3, 1, 2, 1, 0, 2, 3, 1, 1, 2, 2, 0, 1, 2, 3, 4, 5, 6, 7})
	f.Add(bytes.Repeat([]byte{1}, 200))
	f.Add(bytes.Repeat([]byte{7, 3, 1}, 100))
	f.Add(bytes.Repeat([]byte{31, 5, 31, 2}, 60))
	f.Add([]byte("delegation chains and cycles of every kind"))
	f.Add([]byte("\x1f\xff\x1f\x07 ids, names and references written wrong \x1f\x1f\x1f"))

	f.Fuzz(func(t *testing.T, data []byte) {
		s, limits := genSnapshot(data)
		problems := limits.Validate(s)
		requireSameProblems(t, problems, oracle.Validate(s, oracle.Lengths{ID: limits.MaxIDLength, Name: limits.MaxNameLength}), s)
		for _, p := range problems {
			require.True(t, namesAnEntity(s, p.Path), "problem path %q names no entity", p.Path)
			require.NotEmpty(t, p.Message)
		}

		_, applied := graph.Apply(nil, graph.Change{Put: *s, Limits: limits})
		require.Equal(t, problems, applied)
		_, kept := graph.Apply(s, graph.Change{Limits: limits})
		require.Len(t, kept, len(problems))

		if len(problems) > 0 {
			return
		}
		require.True(t, graph.Diff(s, s).Empty())
		doc, err := json.Marshal(s)
		require.NoError(t, err)
		again, err := graph.DecodeSnapshot(bytes.NewReader(doc))
		require.NoError(t, err)
		require.Equal(t, s, again)
	})
}

// requireSameProblems requires Validate's problems and the reference
// model's violations to name the same paths, as many times each.
func requireSameProblems(t *testing.T, problems []graph.Problem, violations []oracle.Violation, s *graph.Snapshot) {
	t.Helper()
	var got, want []string
	for _, p := range problems {
		got = append(got, p.Path)
	}
	for _, v := range violations {
		want = append(want, v.Path)
	}
	slices.Sort(got)
	slices.Sort(want)
	require.Equal(t, want, got, "Validate: %+v\nreference: %+v\norg: %s", problems, violations, mustJSON(s))
}

func mustJSON(s *graph.Snapshot) string {
	doc, err := json.Marshal(s)
	if err != nil {
		return fmt.Sprintf("%+v", *s)
	}
	return string(doc)
}

var pathEntity = regexp.MustCompile(`^(people|teams|memberships|matters|mandates|touchpoints)\[(\d+)\]`)

func namesAnEntity(s *graph.Snapshot, path string) bool {
	m := pathEntity.FindStringSubmatch(path)
	if m == nil {
		return false
	}
	i, _ := strconv.Atoi(m[2])
	n := map[string]int{
		"people": len(s.People), "teams": len(s.Teams), "memberships": len(s.Memberships),
		"matters": len(s.Matters), "mandates": len(s.Mandates), "touchpoints": len(s.Touchpoints),
	}[m[1]]
	return i < n
}

// byteSource hands out the fuzzer's bytes as small choices; once they run
// out every choice is 0, which always picks a sensible value.
type byteSource []byte

func (b *byteSource) pick(n int) int {
	if n <= 1 || len(*b) == 0 {
		return 0
	}
	v := int((*b)[0]) % n
	*b = (*b)[1:]
	return v
}

// odd is true about one time in 32: the chance of a wrong value, small
// enough that many organizations come out valid, or wrong in one way.
func (b *byteSource) odd() bool { return b.pick(32) == 31 }

// genSnapshot builds an organization and the length limits to check it
// with: mostly the defaults, at times small enough for short ids and names
// to break them.
func genSnapshot(data []byte) (*graph.Snapshot, graph.Limits) {
	b := byteSource(data)
	limits := graph.Limits{MaxIDLength: graph.DefaultMaxIDLength, MaxNameLength: graph.DefaultMaxNameLength}
	if b.odd() {
		limits = graph.Limits{MaxIDLength: 2 + b.pick(2), MaxNameLength: 1 + b.pick(4)}
	}
	nP, nT, nM, nD, nTP := 1+b.pick(5), 1+b.pick(4), 1+b.pick(4), b.pick(6), b.pick(4)
	// miswritten is an id written wrong in one of the ways of docs/writes.md.
	miswritten := func(id string) string {
		return []string{id + "\x00", " " + id, id + "\u00a0", id + "\xff", "\u0085" + id, strings.Repeat(id, 100)}[b.pick(6)]
	}
	id := func(prefix string, i int) string {
		if b.odd() {
			return []string{"", " ", prefix + "0", prefix + "1", miswritten(fmt.Sprint(prefix, i))}[b.pick(5)]
		}
		return fmt.Sprint(prefix, i)
	}
	name := func() string {
		if b.odd() {
			return []string{"", "\t", "\u200b\u2060", "N\x00", "N\xc3", "\ufe0f ", "\u2800", strings.Repeat("N", 1001), " N "}[b.pick(9)]
		}
		return "N"
	}
	// link is entity i's optional link to its parent (manager, source): an
	// earlier entity, so that links make a forest; oddly, any entity (maybe
	// a cycle) or a missing one.
	link := func(prefix string, i, n int) *string {
		if b.odd() {
			return ptr([]string{"ghost", fmt.Sprint(prefix, b.pick(n)), miswritten(fmt.Sprint(prefix, b.pick(n)))}[b.pick(3)])
		}
		if k := b.pick(i + 1); k > 0 {
			return ptr(fmt.Sprint(prefix, k-1))
		}
		return nil
	}
	// req is a required reference to one of n entities.
	req := func(prefix string, n int) string {
		if b.odd() {
			return []string{"ghost", "", miswritten(fmt.Sprint(prefix, b.pick(n)))}[b.pick(3)]
		}
		return fmt.Sprint(prefix, b.pick(n))
	}
	enum := func(valid []string, invalid string) string {
		if b.odd() {
			return invalid
		}
		return valid[b.pick(len(valid))]
	}
	number := func(valid []float64, invalid ...float64) float64 {
		if b.odd() {
			return invalid[b.pick(len(invalid))]
		}
		return valid[b.pick(len(valid))]
	}
	holder := func() graph.Holder {
		h := graph.Holder{Type: graph.HolderType(enum([]string{"PERSON", "TEAM"}, "GROUP"))}
		if h.Type == graph.HolderTeam {
			h.ID = req("t", nT)
		} else {
			h.ID = req("p", nP)
		}
		return h
	}
	times := []*time.Time{nil, day(2024, 1, 1), day(2025, 1, 1), day(2026, 1, 1)}

	s := &graph.Snapshot{}
	for i := 0; i < nP; i++ {
		s.People = append(s.People, graph.Person{ID: id("p", i), Name: name(), Manager: link("p", i, nP), Active: b.pick(4) != 3})
	}
	for i := 0; i < nT; i++ {
		s.Teams = append(s.Teams, graph.Team{ID: id("t", i), Name: name(), Kind: graph.TeamKind(enum([]string{"UNIT", "TEAM"}, "unit")), Parent: link("t", i, nT)})
	}
	for i, n := 0, b.pick(5); i < n; i++ {
		s.Memberships = append(s.Memberships, graph.Membership{Person: req("p", nP), Team: req("t", nT), Role: graph.MembershipRole(enum([]string{"MEMBER", "LEAD"}, "OWNER"))})
	}
	for i := 0; i < nM; i++ {
		s.Matters = append(s.Matters, graph.Matter{ID: id("m", i), Name: name(), Parent: link("m", i, nM)})
	}
	for i := 0; i < nD; i++ {
		m := graph.Mandate{ID: id("d", i), Name: name(), Matter: req("m", nM), Holder: holder(), DelegatedFrom: link("d", i, nD)}
		if m.DelegatedFrom != nil && b.pick(4) > 0 { // mostly within the source's matter
			if j, err := strconv.Atoi(strings.TrimPrefix(*m.DelegatedFrom, "d")); err == nil && j < i {
				m.Matter = s.Mandates[j].Matter
				for _, sub := range s.Matters {
					if sub.Parent != nil && *sub.Parent == m.Matter && b.pick(2) == 1 {
						m.Matter = sub.ID
						break
					}
				}
			}
		}
		if k := b.pick(6); k > 0 {
			m.Limit = ptr(number([]float64{0, 10, 50, 100, 1000}[k-1:], -1, math.NaN()))
		}
		from, until := b.pick(len(times)), b.pick(len(times))
		if from > 0 && until > 0 && until <= from && !b.odd() { // mostly a sound window
			until = (from + 1) % len(times)
		}
		m.ValidFrom, m.ValidUntil = times[from], times[until]
		s.Mandates = append(s.Mandates, m)
	}
	for i := 0; i < nTP; i++ {
		tp := graph.Touchpoint{ID: id("tp", i), Name: name(), SelfService: b.pick(2) == 1}
		tp.Channel = graph.Channel(enum([]string{"WEB", "APP", "CHAT", "PHONE", "EMAIL", "BRANCH", "SOCIAL", "OTHER"}, "FAX"))
		for j, n := 0, b.pick(3); j < n; j++ {
			tp.StaffedBy = append(tp.StaffedBy, holder())
		}
		for j, n := 0, b.pick(3); j < n; j++ {
			tp.EscalatesTo = append(tp.EscalatesTo, req("tp", nTP))
		}
		for j, n := 0, b.pick(3); j < n; j++ {
			tp.Handles = append(tp.Handles, graph.Handling{
				Matter:          req("m", nM),
				Volume:          number([]float64{0, 10, 1000}, -1, math.NaN()),
				SelfServiceRate: number([]float64{0, 0.5, 1}, -0.1, 1.1, math.NaN()),
			})
		}
		s.Touchpoints = append(s.Touchpoints, tp)
	}
	return s, limits
}
