package graph_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
)

func ptr[T any](v T) *T { return &v }

func day(year int, month time.Month, d int) *time.Time {
	t := time.Date(year, month, d, 0, 0, 0, 0, time.UTC)
	return &t
}

// baseOrg is a small valid organization; every call builds a fresh copy, so a
// test may mutate it freely. Indexes matter to the tests:
//
//	people      0 p1 Ada (top) · 1 p2 Bo (→p1) · 2 p3 Cy (→p2) · 3 p4 Di (→p2, inactive)
//	teams       0 t1 Bank UNIT · 1 t2 Cards UNIT (→t1) · 2 t3 Card squad TEAM (→t2)
//	memberships 0 p2 in t2 LEAD · 1 p3 in t3 MEMBER
//	matters     0 m1 Cards · 1 m2 Card fee refund (→m1) · 2 m3 Card block (→m1) · 3 m4 Web FAQ content
//	mandates    0 d1 m1 by p1 ≤1000 · 1 d2 m2 by t2 ≤500 from d1 ·
//	            2 d3 m2 by p3 ≤100 from d2 in [2025-01-01, 2026-01-01) · 3 d4 m4 by t3, no limit
//	touchpoints 0 tp1 Web (self-service, unstaffed, escalates to tp2, handles m4) ·
//	            1 tp2 Phone (staffed by p3 and t3, handles m2 and m3)
func baseOrg() *graph.Snapshot {
	return &graph.Snapshot{
		People: []graph.Person{
			{ID: "p1", Name: "Ada", Email: ptr("ada@example.com"), Title: ptr("CEO"), Active: true},
			{ID: "p2", Name: "Bo", Manager: ptr("p1"), Active: true},
			{ID: "p3", Name: "Cy", Title: ptr("Advisor"), Manager: ptr("p2"), Active: true},
			{ID: "p4", Name: "Di", Manager: ptr("p2"), Active: false},
		},
		Teams: []graph.Team{
			{ID: "t1", Name: "Bank", Kind: graph.TeamKindUnit},
			{ID: "t2", Name: "Cards", Kind: graph.TeamKindUnit, Parent: ptr("t1")},
			{ID: "t3", Name: "Card squad", Kind: graph.TeamKindTeam, Parent: ptr("t2")},
		},
		Memberships: []graph.Membership{
			{Person: "p2", Team: "t2", Role: graph.RoleLead},
			{Person: "p3", Team: "t3", Role: graph.RoleMember},
		},
		Matters: []graph.Matter{
			{ID: "m1", Name: "Cards"},
			{ID: "m2", Name: "Card fee refund", Parent: ptr("m1")},
			{ID: "m3", Name: "Card block", Parent: ptr("m1")},
			{ID: "m4", Name: "Web FAQ content"},
		},
		Mandates: []graph.Mandate{
			{ID: "d1", Name: "Cards authority", Matter: "m1", Holder: graph.Holder{Type: graph.HolderPerson, ID: "p1"}, Limit: ptr(1000.0)},
			{ID: "d2", Name: "Refunds", Matter: "m2", Holder: graph.Holder{Type: graph.HolderTeam, ID: "t2"}, Limit: ptr(500.0), DelegatedFrom: ptr("d1")},
			{
				ID: "d3", Name: "Small refunds", Matter: "m2", Holder: graph.Holder{Type: graph.HolderPerson, ID: "p3"},
				Limit: ptr(100.0), DelegatedFrom: ptr("d2"), ValidFrom: day(2025, 1, 1), ValidUntil: day(2026, 1, 1),
			},
			{ID: "d4", Name: "FAQ editing", Matter: "m4", Holder: graph.Holder{Type: graph.HolderTeam, ID: "t3"}},
		},
		Touchpoints: []graph.Touchpoint{
			{
				ID: "tp1", Name: "Web", Channel: graph.ChannelWeb, SelfService: true,
				EscalatesTo: []string{"tp2"},
				Handles:     []graph.Handling{{Matter: "m4", Volume: 1000, SelfServiceRate: 0.9}},
			},
			{
				ID: "tp2", Name: "Phone", Channel: graph.ChannelPhone,
				StaffedBy: []graph.Holder{{Type: graph.HolderPerson, ID: "p3"}, {Type: graph.HolderTeam, ID: "t3"}},
				Handles:   []graph.Handling{{Matter: "m2", Volume: 200, SelfServiceRate: 0}, {Matter: "m3", Volume: 50, SelfServiceRate: 0.5}},
			},
		},
	}
}

func TestBaseOrgIsValid(t *testing.T) {
	require.Empty(t, graph.Validate(baseOrg()))
}

// want is one expected problem: its exact path, and facts its message must mention.
type want struct {
	path     string
	mentions []string
}

func problem(path string, mentions ...string) want { return want{path, mentions} }

// assertProblems asserts that got lists exactly the wanted paths (in any
// order) and that each message mentions the wanted facts.
func assertProblems(t *testing.T, got []graph.Problem, wants ...want) {
	t.Helper()
	gotPaths := make([]string, len(got))
	for i, p := range got {
		gotPaths[i] = p.Path
	}
	wantPaths := make([]string, len(wants))
	for i, w := range wants {
		wantPaths[i] = w.path
	}
	if !assert.ElementsMatch(t, wantPaths, gotPaths, "problem paths; got %+v", got) {
		return
	}
	used := make([]bool, len(got))
	for _, w := range wants {
		found := false
		for i, p := range got {
			if used[i] || p.Path != w.path || !mentionsAll(p.Message, w.mentions) {
				continue
			}
			used[i], found = true, true
			break
		}
		assert.True(t, found, "no problem at %s mentions %q; got %+v", w.path, w.mentions, got)
	}
}

func mentionsAll(msg string, facts []string) bool {
	for _, f := range facts {
		if !strings.Contains(msg, f) {
			return false
		}
	}
	return true
}

// extra builds a valid entity of a section with the given id and name, for
// appending to baseOrg.
var extra = map[string]func(s *graph.Snapshot, id, name string) int{
	"people": func(s *graph.Snapshot, id, name string) int {
		s.People = append(s.People, graph.Person{ID: id, Name: name, Active: true})
		return len(s.People) - 1
	},
	"teams": func(s *graph.Snapshot, id, name string) int {
		s.Teams = append(s.Teams, graph.Team{ID: id, Name: name, Kind: graph.TeamKindUnit})
		return len(s.Teams) - 1
	},
	"matters": func(s *graph.Snapshot, id, name string) int {
		s.Matters = append(s.Matters, graph.Matter{ID: id, Name: name})
		return len(s.Matters) - 1
	},
	"mandates": func(s *graph.Snapshot, id, name string) int {
		s.Mandates = append(s.Mandates, graph.Mandate{ID: id, Name: name, Matter: "m4", Holder: graph.Holder{Type: graph.HolderPerson, ID: "p1"}})
		return len(s.Mandates) - 1
	},
	"touchpoints": func(s *graph.Snapshot, id, name string) int {
		s.Touchpoints = append(s.Touchpoints, graph.Touchpoint{ID: id, Name: name, Channel: graph.ChannelOther})
		return len(s.Touchpoints) - 1
	},
}

// firstIDs is the id of each section's first entity in baseOrg.
var firstIDs = map[string]string{"people": "p1", "teams": "t1", "matters": "m1", "mandates": "d1", "touchpoints": "tp1"}

type validateCase struct {
	name   string
	mutate func(s *graph.Snapshot)
	want   []want
}

// perEntityCases are the rules every entity type shares: a non-empty id, a
// non-empty name, and an id unique within its type.
func perEntityCases() []validateCase {
	var cases []validateCase
	for _, section := range []string{"people", "teams", "matters", "mandates", "touchpoints"} {
		add := extra[section]
		at := func(field string) string {
			n := add(baseOrg(), "x", "X") // the index an appended entity gets
			return fmt.Sprintf("%s[%d].%s", section, n, field)
		}
		for _, blank := range []struct{ kind, value string }{{"empty", ""}, {"whitespace-only", " \t\n"}} {
			cases = append(cases,
				validateCase{
					name:   fmt.Sprintf("%s: %s id", section, blank.kind),
					mutate: func(s *graph.Snapshot) { add(s, blank.value, "Someone") },
					want:   []want{problem(at("id"), "empty")},
				},
				validateCase{
					name:   fmt.Sprintf("%s: %s name", section, blank.kind),
					mutate: func(s *graph.Snapshot) { add(s, "new", blank.value) },
					want:   []want{problem(at("name"), "empty")},
				})
		}
		id := firstIDs[section]
		cases = append(cases, validateCase{
			name:   fmt.Sprintf("%s: duplicate id", section),
			mutate: func(s *graph.Snapshot) { add(s, id, "Twin") },
			want:   []want{problem(at("id"), "duplicate", `"`+id+`"`, section+"[0]")},
		})
	}
	return cases
}

func TestValidateRejects(t *testing.T) {
	cases := []validateCase{
		// Cycles, one per kind, each also as a self-loop. A cycle is reported
		// once, at its member listed first, naming every member.
		{
			name:   "cycle: team parents",
			mutate: func(s *graph.Snapshot) { s.Teams[0].Parent = ptr("t3") },
			want:   []want{problem("teams[0].parent", "cycle", `"t1" → "t3" → "t2" → "t1"`)},
		},
		{
			name:   "cycle: team parent self-loop",
			mutate: func(s *graph.Snapshot) { s.Teams[1].Parent = ptr("t2") },
			want:   []want{problem("teams[1].parent", "cycle", `"t2" → "t2"`)},
		},
		{
			name:   "cycle: matter parents",
			mutate: func(s *graph.Snapshot) { s.Matters[0].Parent = ptr("m2") },
			want:   []want{problem("matters[0].parent", "cycle", `"m1" → "m2" → "m1"`)},
		},
		{
			name:   "cycle: matter parent self-loop",
			mutate: func(s *graph.Snapshot) { s.Matters[3].Parent = ptr("m4") },
			want:   []want{problem("matters[3].parent", "cycle", `"m4" → "m4"`)},
		},
		{
			name:   "cycle: managers",
			mutate: func(s *graph.Snapshot) { s.People[0].Manager = ptr("p3") },
			want:   []want{problem("people[0].manager", "cycle", `"p1" → "p3" → "p2" → "p1"`)},
		},
		{
			name:   "cycle: manager self-loop",
			mutate: func(s *graph.Snapshot) { s.People[1].Manager = ptr("p2") },
			want:   []want{problem("people[1].manager", "cycle", `"p2" → "p2"`)},
		},
		{
			name:   "cycle: delegations",
			mutate: func(s *graph.Snapshot) { s.Mandates[1].DelegatedFrom = ptr("d3") },
			want:   []want{problem("mandates[1].delegatedFrom", "cycle", `"d2" → "d3" → "d2"`)},
		},
		{
			name:   "cycle: delegation self-loop",
			mutate: func(s *graph.Snapshot) { s.Mandates[0].DelegatedFrom = ptr("d1") },
			want:   []want{problem("mandates[0].delegatedFrom", "cycle", `"d1" → "d1"`)},
		},
		{
			name: "cycle: two separate cycles are both reported",
			mutate: func(s *graph.Snapshot) {
				s.Teams[0].Parent = ptr("t1")
				s.Teams[2].Parent = ptr("t2")
				s.Teams[1].Parent = ptr("t3")
			},
			want: []want{problem("teams[0].parent", `"t1" → "t1"`), problem("teams[1].parent", `"t2" → "t3" → "t2"`)},
		},

		// References to ids that do not exist, one per kind of reference.
		{
			name:   "dangling: manager",
			mutate: func(s *graph.Snapshot) { s.People[1].Manager = ptr("ghost") },
			want:   []want{problem("people[1].manager", `"ghost"`, "does not exist")},
		},
		{
			name:   "dangling: empty manager",
			mutate: func(s *graph.Snapshot) { s.People[1].Manager = ptr("") },
			want:   []want{problem("people[1].manager", "person")},
		},
		{
			name:   "dangling: team parent",
			mutate: func(s *graph.Snapshot) { s.Teams[1].Parent = ptr("ghost") },
			want:   []want{problem("teams[1].parent", `"ghost"`)},
		},
		{
			name:   "dangling: matter parent",
			mutate: func(s *graph.Snapshot) { s.Matters[2].Parent = ptr("ghost") },
			want:   []want{problem("matters[2].parent", `"ghost"`)},
		},
		{
			// m2 is no longer below m1, so both delegations onto m2 now leave
			// their source's matter: a real consequence, reported too.
			name:   "dangling: matter parent under delegated mandates",
			mutate: func(s *graph.Snapshot) { s.Matters[1].Parent = ptr("ghost") },
			want: []want{
				problem("matters[1].parent", `"ghost"`),
				problem("mandates[1].matter", `"m2"`, `"d1"`),
			},
		},
		{
			name:   "dangling: membership person",
			mutate: func(s *graph.Snapshot) { s.Memberships[0].Person = "ghost" },
			want:   []want{problem("memberships[0].person", `"ghost"`)},
		},
		{
			name:   "dangling: membership team",
			mutate: func(s *graph.Snapshot) { s.Memberships[1].Team = "ghost" },
			want:   []want{problem("memberships[1].team", `"ghost"`)},
		},
		{
			name:   "dangling: membership team names a person",
			mutate: func(s *graph.Snapshot) { s.Memberships[1].Team = "p3" },
			want:   []want{problem("memberships[1].team", "team", `"p3"`)},
		},
		{
			name:   "dangling: mandate matter",
			mutate: func(s *graph.Snapshot) { s.Mandates[3].Matter = "ghost" },
			want:   []want{problem("mandates[3].matter", `"ghost"`)},
		},
		{
			// The delegation d1 → d2 is not reported as leaving d1's matter:
			// d1's matter is the one problem.
			name:   "dangling: source mandate matter is reported once",
			mutate: func(s *graph.Snapshot) { s.Mandates[0].Matter = "ghost" },
			want:   []want{problem("mandates[0].matter", `"ghost"`)},
		},
		{
			name:   "dangling: holder PERSON",
			mutate: func(s *graph.Snapshot) { s.Mandates[0].Holder.ID = "ghost" },
			want:   []want{problem("mandates[0].holder.id", "person", `"ghost"`)},
		},
		{
			name:   "dangling: holder PERSON naming a team",
			mutate: func(s *graph.Snapshot) { s.Mandates[0].Holder.ID = "t1" },
			want:   []want{problem("mandates[0].holder.id", "person", `"t1"`)},
		},
		{
			name:   "dangling: holder TEAM",
			mutate: func(s *graph.Snapshot) { s.Mandates[1].Holder.ID = "ghost" },
			want:   []want{problem("mandates[1].holder.id", "team", `"ghost"`)},
		},
		{
			name:   "dangling: holder with empty id",
			mutate: func(s *graph.Snapshot) { s.Mandates[3].Holder.ID = "" },
			want:   []want{problem("mandates[3].holder.id", "team")},
		},
		{
			name:   "dangling: delegatedFrom",
			mutate: func(s *graph.Snapshot) { s.Mandates[2].DelegatedFrom = ptr("ghost") },
			want:   []want{problem("mandates[2].delegatedFrom", "mandate", `"ghost"`)},
		},
		{
			name:   "dangling: staffedBy PERSON",
			mutate: func(s *graph.Snapshot) { s.Touchpoints[1].StaffedBy[0].ID = "ghost" },
			want:   []want{problem("touchpoints[1].staffedBy[0].id", "person", `"ghost"`)},
		},
		{
			name:   "dangling: staffedBy TEAM",
			mutate: func(s *graph.Snapshot) { s.Touchpoints[1].StaffedBy[1].ID = "ghost" },
			want:   []want{problem("touchpoints[1].staffedBy[1].id", "team", `"ghost"`)},
		},
		{
			name:   "dangling: escalatesTo",
			mutate: func(s *graph.Snapshot) { s.Touchpoints[0].EscalatesTo[0] = "ghost" },
			want:   []want{problem("touchpoints[0].escalatesTo[0]", "touchpoint", `"ghost"`)},
		},
		{
			name:   "dangling: handles matter",
			mutate: func(s *graph.Snapshot) { s.Touchpoints[1].Handles[1].Matter = "ghost" },
			want:   []want{problem("touchpoints[1].handles[1].matter", "matter", `"ghost"`)},
		},

		// Duplicates within one list.
		{
			name: "duplicate: membership",
			mutate: func(s *graph.Snapshot) {
				s.Memberships = append(s.Memberships, graph.Membership{Person: "p3", Team: "t3", Role: graph.RoleLead})
			},
			want: []want{problem("memberships[2]", `"p3"`, `"t3"`, "memberships[1]")},
		},
		{
			name: "duplicate: staffing holder",
			mutate: func(s *graph.Snapshot) {
				s.Touchpoints[1].StaffedBy = append(s.Touchpoints[1].StaffedBy, graph.Holder{Type: graph.HolderTeam, ID: "t3"})
			},
			want: []want{problem("touchpoints[1].staffedBy[2]", `"t3"`, "twice")},
		},
		{
			name:   "duplicate: escalation",
			mutate: func(s *graph.Snapshot) { s.Touchpoints[0].EscalatesTo = []string{"tp2", "tp2"} },
			want:   []want{problem("touchpoints[0].escalatesTo[1]", `"tp2"`, "twice")},
		},
		{
			name: "duplicate: handled matter",
			mutate: func(s *graph.Snapshot) {
				s.Touchpoints[1].Handles = append(s.Touchpoints[1].Handles, graph.Handling{Matter: "m2", Volume: 1})
			},
			want: []want{problem("touchpoints[1].handles[2].matter", `"m2"`, "twice")},
		},

		// Delegation: matter.
		{
			name:   "delegation: matter is a sibling of the source's",
			mutate: func(s *graph.Snapshot) { s.Mandates[2].Matter = "m3" },
			want:   []want{problem("mandates[2].matter", `"m3"`, `"d2"`, `"m2"`)},
		},
		{
			name:   "delegation: matter is broader than the source's",
			mutate: func(s *graph.Snapshot) { s.Mandates[2].Matter = "m1" },
			want:   []want{problem("mandates[2].matter", `"m1"`, `"d2"`)},
		},
		{
			name:   "delegation: matter in another tree",
			mutate: func(s *graph.Snapshot) { s.Mandates[2].Matter = "m4" },
			want:   []want{problem("mandates[2].matter", `"m4"`, `"d2"`)},
		},

		// Delegation: limit.
		{
			name:   "delegation: limit above the source's limit",
			mutate: func(s *graph.Snapshot) { s.Mandates[1].Limit = ptr(1500.0) },
			want:   []want{problem("mandates[1].limit", "1500", "1000", `"d1"`)},
		},
		{
			// d1 ≤1000 → d2 ≤500 → d3 ≤800: 800 is within d2's own source's
			// limit but above d2's effective limit, 500.
			name:   "delegation: 3-step chain where the middle limit binds",
			mutate: func(s *graph.Snapshot) { s.Mandates[2].Limit = ptr(800.0) },
			want:   []want{problem("mandates[2].limit", "800", "500", `"d2"`)},
		},
		{
			// d2 has no limit of its own, so its effective limit is d1's.
			name: "delegation: 3-step chain where the top limit binds through an unlimited middle",
			mutate: func(s *graph.Snapshot) {
				s.Mandates[1].Limit = nil
				s.Mandates[2].Limit = ptr(1200.0)
			},
			want: []want{
				problem("mandates[1].limit", "must be set", "1000", `"d1"`),
				problem("mandates[2].limit", "1200", "1000", `"d2"`),
			},
		},
		{
			name:   "delegation: limit absent while the source has one",
			mutate: func(s *graph.Snapshot) { s.Mandates[2].Limit = nil },
			want:   []want{problem("mandates[2].limit", "must be set", "500", `"d2"`)},
		},

		// Validity window.
		{
			name:   "validity: validUntil equals validFrom",
			mutate: func(s *graph.Snapshot) { s.Mandates[2].ValidUntil = day(2025, 1, 1) },
			want:   []want{problem("mandates[2].validUntil", "after validFrom", "2025-01-01T00:00:00Z")},
		},
		{
			name:   "validity: validUntil before validFrom",
			mutate: func(s *graph.Snapshot) { s.Mandates[2].ValidUntil = day(2024, 12, 31) },
			want:   []want{problem("mandates[2].validUntil", "after validFrom", "2025-01-01")},
		},
		{
			name: "validity: compared by instant, not by wall clock",
			mutate: func(s *graph.Snapshot) {
				plus2 := time.FixedZone("+02:00", 2*60*60)
				until := time.Date(2025, 1, 1, 2, 0, 0, 0, plus2) // the same instant as validFrom
				s.Mandates[2].ValidUntil = &until
			},
			want: []want{problem("mandates[2].validUntil", "after validFrom")},
		},

		// Numbers.
		{
			name:   "number: negative volume",
			mutate: func(s *graph.Snapshot) { s.Touchpoints[1].Handles[0].Volume = -1 },
			want:   []want{problem("touchpoints[1].handles[0].volume", "-1")},
		},
		{
			name:   "number: NaN volume",
			mutate: func(s *graph.Snapshot) { s.Touchpoints[1].Handles[0].Volume = math.NaN() },
			want:   []want{problem("touchpoints[1].handles[0].volume", "NaN")},
		},
		{
			name:   "number: negative limit",
			mutate: func(s *graph.Snapshot) { s.Mandates[3].Limit = ptr(-5.0) },
			want:   []want{problem("mandates[3].limit", "-5")},
		},
		{
			name:   "number: NaN limit",
			mutate: func(s *graph.Snapshot) { s.Mandates[3].Limit = ptr(math.NaN()) },
			want:   []want{problem("mandates[3].limit", "NaN")},
		},
		{
			name:   "number: selfServiceRate below 0",
			mutate: func(s *graph.Snapshot) { s.Touchpoints[1].Handles[1].SelfServiceRate = -0.1 },
			want:   []want{problem("touchpoints[1].handles[1].selfServiceRate", "-0.1")},
		},
		{
			name:   "number: selfServiceRate above 1",
			mutate: func(s *graph.Snapshot) { s.Touchpoints[1].Handles[1].SelfServiceRate = 1.1 },
			want:   []want{problem("touchpoints[1].handles[1].selfServiceRate", "1.1")},
		},
		{
			name:   "number: NaN selfServiceRate",
			mutate: func(s *graph.Snapshot) { s.Touchpoints[1].Handles[1].SelfServiceRate = math.NaN() },
			want:   []want{problem("touchpoints[1].handles[1].selfServiceRate", "NaN")},
		},

		// Enums: unknown values, and the case of known ones matters.
		{
			name:   "enum: team kind",
			mutate: func(s *graph.Snapshot) { s.Teams[2].Kind = "SQUAD" },
			want:   []want{problem("teams[2].kind", `"SQUAD"`)},
		},
		{
			name:   "enum: team kind in lower case",
			mutate: func(s *graph.Snapshot) { s.Teams[0].Kind = "unit" },
			want:   []want{problem("teams[0].kind", `"unit"`)},
		},
		{
			name:   "enum: team kind missing",
			mutate: func(s *graph.Snapshot) { s.Teams[0].Kind = "" },
			want:   []want{problem("teams[0].kind", `""`)},
		},
		{
			name:   "enum: membership role",
			mutate: func(s *graph.Snapshot) { s.Memberships[0].Role = "OWNER" },
			want:   []want{problem("memberships[0].role", `"OWNER"`)},
		},
		{
			name:   "enum: channel",
			mutate: func(s *graph.Snapshot) { s.Touchpoints[1].Channel = "FAX" },
			want:   []want{problem("touchpoints[1].channel", `"FAX"`)},
		},
		{
			name:   "enum: mandate holder type",
			mutate: func(s *graph.Snapshot) { s.Mandates[0].Holder.Type = "GROUP" },
			want:   []want{problem("mandates[0].holder.type", `"GROUP"`)},
		},
		{
			name:   "enum: staffing holder type",
			mutate: func(s *graph.Snapshot) { s.Touchpoints[1].StaffedBy[0].Type = "ROBOT" },
			want:   []want{problem("touchpoints[1].staffedBy[0].type", `"ROBOT"`)},
		},
	}
	runValidateCases(t, append(cases, perEntityCases()...))
}

// runValidateCases validates baseOrg changed by each case, a subtest each.
func runValidateCases(t *testing.T, cases []validateCase) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := baseOrg()
			tc.mutate(s)
			assertProblems(t, graph.Validate(s), tc.want...)
		})
	}
}

func TestValidateListsEveryProblem(t *testing.T) {
	s := baseOrg()
	s.People[1].Manager = ptr("ghost")
	s.Teams[2].Kind = "SQUAD"
	s.Memberships = append(s.Memberships, graph.Membership{Person: "p2", Team: "t2", Role: graph.RoleMember})
	s.Matters = append(s.Matters, graph.Matter{ID: "m1", Name: "Cards again"})
	s.Mandates[3].Limit = ptr(-1.0)
	s.Mandates[2].ValidUntil = day(2024, 6, 1)
	s.Matters[0].Parent = ptr("m3")
	s.Touchpoints[1].Handles[0].SelfServiceRate = 2
	s.Touchpoints[0].Name = " "

	assertProblems(t, graph.Validate(s),
		problem("people[1].manager", `"ghost"`),
		problem("teams[2].kind", `"SQUAD"`),
		problem("memberships[2]", `"p2"`, `"t2"`),
		problem("matters[4].id", `"m1"`),
		problem("matters[0].parent", "cycle", `"m1"`, `"m3"`),
		problem("mandates[3].limit", "-1"),
		problem("mandates[2].validUntil", "after validFrom"),
		problem("touchpoints[1].handles[0].selfServiceRate", "2"),
		problem("touchpoints[0].name", "empty"),
	)
}

func TestValidateAccepts(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(s *graph.Snapshot)
	}{
		{"the base org as it is", func(s *graph.Snapshot) {}},
		{"an empty org", func(s *graph.Snapshot) { *s = graph.Snapshot{} }},
		{"escalation cycle between touchpoints", func(s *graph.Snapshot) { s.Touchpoints[1].EscalatesTo = []string{"tp1"} }},
		{"touchpoint escalating to itself", func(s *graph.Snapshot) { s.Touchpoints[0].EscalatesTo = []string{"tp1", "tp2"} }},
		{"touchpoint with no staff", func(s *graph.Snapshot) { s.Touchpoints[1].StaffedBy = nil }},
		{"touchpoint with empty lists", func(s *graph.Snapshot) {
			s.Touchpoints[1].StaffedBy, s.Touchpoints[1].EscalatesTo, s.Touchpoints[1].Handles = []graph.Holder{}, []string{}, []graph.Handling{}
		}},
		{"mandate with validFrom only", func(s *graph.Snapshot) { s.Mandates[2].ValidUntil = nil }},
		{"mandate with validUntil only", func(s *graph.Snapshot) { s.Mandates[2].ValidFrom = nil }},
		{"mandate valid for one nanosecond", func(s *graph.Snapshot) {
			until := s.Mandates[2].ValidFrom.Add(time.Nanosecond)
			s.Mandates[2].ValidUntil = &until
		}},
		{"limit 0", func(s *graph.Snapshot) { s.Mandates[3].Limit = ptr(0.0) }},
		{"delegated limit 0", func(s *graph.Snapshot) { s.Mandates[2].Limit = ptr(0.0) }},
		{"delegated limit equal to the source's effective limit", func(s *graph.Snapshot) { s.Mandates[2].Limit = ptr(500.0) }},
		{"delegation from an unlimited chain may set any limit or none", func(s *graph.Snapshot) {
			s.Mandates[0].Limit, s.Mandates[1].Limit, s.Mandates[2].Limit = nil, nil, nil
		}},
		{"delegation from an unlimited source with a limit", func(s *graph.Snapshot) {
			s.Mandates[0].Limit, s.Mandates[1].Limit = nil, ptr(1e9)
		}},
		{"delegation within a sub-matter", func(s *graph.Snapshot) {
			s.Matters = append(s.Matters, graph.Matter{ID: "m5", Name: "Annual fee refund", Parent: ptr("m2")})
			s.Mandates[2].Matter = "m5" // two levels below d1's m1, one below d2's m2
		}},
		{"volume 0", func(s *graph.Snapshot) { s.Touchpoints[1].Handles[0].Volume = 0 }},
		{"selfServiceRate exactly 0 and exactly 1", func(s *graph.Snapshot) {
			s.Touchpoints[1].Handles[0].SelfServiceRate = 0
			s.Touchpoints[1].Handles[1].SelfServiceRate = 1
		}},
		{"a person and a team sharing an id", func(s *graph.Snapshot) { s.Teams[0].ID, s.Teams[1].Parent = "p1", ptr("p1") }},
		{"an inactive person as manager and holder", func(s *graph.Snapshot) {
			s.People[0].Active = false
			s.Mandates[3].Holder = graph.Holder{Type: graph.HolderPerson, ID: "p4"}
		}},
		{"a person in several teams with both roles", func(s *graph.Snapshot) {
			s.Memberships = append(s.Memberships,
				graph.Membership{Person: "p3", Team: "t1", Role: graph.RoleLead},
				graph.Membership{Person: "p3", Team: "t2", Role: graph.RoleMember})
		}},
		{"a matter handled by two touchpoints", func(s *graph.Snapshot) {
			s.Touchpoints[0].Handles = append(s.Touchpoints[0].Handles, graph.Handling{Matter: "m2", Volume: 10, SelfServiceRate: 0.5})
		}},
		{"two delegations from one source", func(s *graph.Snapshot) {
			s.Mandates = append(s.Mandates, graph.Mandate{
				ID: "d5", Name: "Blocking", Matter: "m3", Holder: graph.Holder{Type: graph.HolderTeam, ID: "t3"},
				Limit: ptr(1000.0), DelegatedFrom: ptr("d1"),
			})
		}},
		{"every channel", func(s *graph.Snapshot) {
			for i, c := range graph.Channels {
				s.Touchpoints = append(s.Touchpoints, graph.Touchpoint{ID: fmt.Sprint("c", i), Name: string(c), Channel: c})
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := baseOrg()
			tc.mutate(s)
			assert.Empty(t, graph.Validate(s))
		})
	}
}
