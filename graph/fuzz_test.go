package graph_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
)

// FuzzDecodeSnapshot feeds arbitrary bytes to the decoder and the validator.
// Neither may panic; a rejected document is a BAD_INPUT with problems; an
// accepted one survives a round trip through encoding/json unchanged, plans
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
// bytes and checks Validate against a plain restatement of SPEC §3's rules:
// it finds a problem exactly when the restatement does, every problem names
// an entity that exists, and Apply validates a snapshot put into an empty org
// exactly as Validate does.
func FuzzValidate(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{4, 3, 4, 4, 2, 1, 2, 3, 0, 1, 1, 2, 0, 3, 1, 2, 1, 0, 2, 3, 1, 1, 2, 2, 0, 1, 2, 3, 4, 5, 6, 7})
	f.Add(bytes.Repeat([]byte{1}, 200))
	f.Add(bytes.Repeat([]byte{7, 3, 1}, 100))
	f.Add([]byte("delegation chains and cycles of every kind"))

	f.Fuzz(func(t *testing.T, data []byte) {
		s := genSnapshot(data)
		problems := graph.Validate(s)
		violations := ruleViolations(s)
		require.Equal(t, len(violations) == 0, len(problems) == 0,
			"Validate: %+v\nrules: %q\norg: %s", problems, violations, mustJSON(s))
		for _, p := range problems {
			require.True(t, namesAnEntity(s, p.Path), "problem path %q names no entity", p.Path)
			require.NotEmpty(t, p.Message)
		}

		_, applied := graph.Apply(nil, graph.Change{Put: *s})
		require.Equal(t, problems, applied)
		_, kept := graph.Apply(s, graph.Change{})
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

func genSnapshot(data []byte) *graph.Snapshot {
	b := byteSource(data)
	nP, nT, nM, nD, nTP := 1+b.pick(5), 1+b.pick(4), 1+b.pick(4), b.pick(6), b.pick(4)
	id := func(prefix string, i int) string {
		if b.odd() {
			return []string{"", " ", prefix + "0", prefix + "1"}[b.pick(4)]
		}
		return fmt.Sprint(prefix, i)
	}
	name := func() string {
		if b.odd() {
			return []string{"", "\t"}[b.pick(2)]
		}
		return "N"
	}
	// link is entity i's optional link to its parent (manager, source): an
	// earlier entity, so that links make a forest; oddly, any entity (maybe
	// a cycle) or a missing one.
	link := func(prefix string, i, n int) *string {
		if b.odd() {
			return ptr([]string{"ghost", fmt.Sprint(prefix, b.pick(n))}[b.pick(2)])
		}
		if k := b.pick(i + 1); k > 0 {
			return ptr(fmt.Sprint(prefix, k-1))
		}
		return nil
	}
	// req is a required reference to one of n entities.
	req := func(prefix string, n int) string {
		if b.odd() {
			return []string{"ghost", ""}[b.pick(2)]
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
	return s
}

// ruleViolations restates the rules of SPEC §3 as plainly as possible, to
// check Validate against: it says what is wrong, not where.
func ruleViolations(s *graph.Snapshot) []string {
	var out []string
	bad := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	blank := func(v string) bool { return strings.TrimSpace(v) == "" }

	// ids: non-empty and unique per type; names non-empty.
	index := func(kind string, n int, id, name func(int) string) map[string]int {
		at := map[string]int{}
		for i := 0; i < n; i++ {
			if blank(id(i)) || blank(name(i)) {
				bad("%s %d: empty id or name", kind, i)
			}
			if _, dup := at[id(i)]; dup {
				bad("%s %q twice", kind, id(i))
				continue
			}
			at[id(i)] = i
		}
		return at
	}
	people := index("person", len(s.People), func(i int) string { return s.People[i].ID }, func(i int) string { return s.People[i].Name })
	teams := index("team", len(s.Teams), func(i int) string { return s.Teams[i].ID }, func(i int) string { return s.Teams[i].Name })
	matters := index("matter", len(s.Matters), func(i int) string { return s.Matters[i].ID }, func(i int) string { return s.Matters[i].Name })
	mandates := index("mandate", len(s.Mandates), func(i int) string { return s.Mandates[i].ID }, func(i int) string { return s.Mandates[i].Name })
	touchpoints := index("touchpoint", len(s.Touchpoints), func(i int) string { return s.Touchpoints[i].ID }, func(i int) string { return s.Touchpoints[i].Name })
	exists := func(set map[string]int, id string) bool { _, ok := set[id]; return ok }
	optExists := func(set map[string]int, id *string) bool { return id == nil || exists(set, *id) }
	holderExists := func(h graph.Holder) bool {
		switch h.Type {
		case graph.HolderPerson:
			return exists(people, h.ID)
		case graph.HolderTeam:
			return exists(teams, h.ID)
		}
		return false
	}
	nonNegative := func(v float64) bool { return v >= 0 } // false for NaN

	// References, enums and numbers.
	for _, p := range s.People {
		if !optExists(people, p.Manager) {
			bad("person %q: manager", p.ID)
		}
	}
	for _, t := range s.Teams {
		if !optExists(teams, t.Parent) || (t.Kind != graph.TeamKindUnit && t.Kind != graph.TeamKindTeam) {
			bad("team %q: parent or kind", t.ID)
		}
	}
	memberships := map[graph.MembershipKey]bool{}
	for _, m := range s.Memberships {
		if !exists(people, m.Person) || !exists(teams, m.Team) || (m.Role != graph.RoleMember && m.Role != graph.RoleLead) || memberships[m.Key()] {
			bad("membership %q in %q", m.Person, m.Team)
		}
		memberships[m.Key()] = true
	}
	for _, m := range s.Matters {
		if !optExists(matters, m.Parent) {
			bad("matter %q: parent", m.ID)
		}
	}
	for _, m := range s.Mandates {
		if !exists(matters, m.Matter) || !holderExists(m.Holder) || !optExists(mandates, m.DelegatedFrom) {
			bad("mandate %q: reference", m.ID)
		}
		if m.Limit != nil && !nonNegative(*m.Limit) {
			bad("mandate %q: limit", m.ID)
		}
		if m.ValidFrom != nil && m.ValidUntil != nil && !m.ValidFrom.Before(*m.ValidUntil) {
			bad("mandate %q: window", m.ID)
		}
	}
	for _, tp := range s.Touchpoints {
		known := false
		for _, c := range graph.Channels {
			known = known || tp.Channel == c
		}
		if !known {
			bad("touchpoint %q: channel", tp.ID)
		}
		seen := map[any]bool{}
		for _, h := range tp.StaffedBy {
			if !holderExists(h) || seen[h] {
				bad("touchpoint %q: staff", tp.ID)
			}
			seen[h] = true
		}
		for _, to := range tp.EscalatesTo {
			if !exists(touchpoints, to) || seen["to "+to] {
				bad("touchpoint %q: escalation", tp.ID)
			}
			seen["to "+to] = true
		}
		for _, h := range tp.Handles {
			if !exists(matters, h.Matter) || seen["handles "+h.Matter] || !nonNegative(h.Volume) || !(h.SelfServiceRate >= 0 && h.SelfServiceRate <= 1) {
				bad("touchpoint %q: handling", tp.ID)
			}
			seen["handles "+h.Matter] = true
		}
	}

	// Cycles: following links from anywhere must end within n steps.
	acyclic := func(kind string, n int, at map[string]int, link func(int) *string) {
		for start := 0; start < n; start++ {
			i, steps := start, 0
			for ; steps <= n; steps++ {
				next := link(i)
				if next == nil || !exists(at, *next) {
					break
				}
				i = at[*next]
			}
			if steps > n {
				bad("%s %d: on or leading to a cycle", kind, start)
			}
		}
	}
	acyclic("team", len(s.Teams), teams, func(i int) *string { return s.Teams[i].Parent })
	acyclic("matter", len(s.Matters), matters, func(i int) *string { return s.Matters[i].Parent })
	acyclic("person", len(s.People), people, func(i int) *string { return s.People[i].Manager })
	acyclic("mandate", len(s.Mandates), mandates, func(i int) *string { return s.Mandates[i].DelegatedFrom })
	if len(out) > 0 {
		return out // the delegation rules below assume a sound forest
	}

	// Delegations: within the source's matter, within its effective limit.
	for _, m := range s.Mandates {
		if m.DelegatedFrom == nil {
			continue
		}
		source := s.Mandates[mandates[*m.DelegatedFrom]]
		covered := false
		for matter := &m.Matter; matter != nil && !covered; matter = s.Matters[matters[*matter]].Parent {
			covered = *matter == source.Matter
		}
		if !covered {
			bad("mandate %q: matter outside its source's", m.ID)
		}
		var lim *float64
		for x := &source; x != nil; {
			if x.Limit != nil && (lim == nil || *x.Limit < *lim) {
				lim = x.Limit
			}
			if x.DelegatedFrom == nil {
				break
			}
			x = &s.Mandates[mandates[*x.DelegatedFrom]]
		}
		if lim != nil && (m.Limit == nil || *m.Limit > *lim) {
			bad("mandate %q: limit above its source's effective limit", m.ID)
		}
	}
	return out
}
