package graph_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/orgnet/orgnet/graph"
)

// textRule is one way an id or a name can be written wrong (docs/writes.md): a
// value breaking it and the facts its problem must mention.
type textRule struct {
	name     string
	value    string
	mentions []string
}

// rulesForAnyText apply to ids, references and names alike.
var rulesForAnyText = []textRule{
	{"NUL", "a\x00b", []string{"control characters", "U+0000", "character 2"}},
	{"a tab inside", "a\tb", []string{"control characters", "U+0009"}},
	{"a newline at the end", "ab\n", []string{"control characters", "U+000A", "character 3"}},
	{"DEL", "a\x7fb", []string{"control characters", "U+007F"}},
	{"a C1 control", "a\u0085b", []string{"control characters", "U+0085"}},
	{"invalid UTF-8", "a\xffb", []string{"UTF-8"}},
	{"a lone surrogate half, as WTF-8", "a\xed\xa0\x80b", []string{"UTF-8"}},
	{"a truncated sequence", "caf\xc3", []string{"UTF-8"}},
}

// rulesForIDs apply to ids and references.
var rulesForIDs = []textRule{
	{"a leading space", " p9", []string{"white space", `" p9"`}},
	{"a trailing space", "p9 ", []string{"white space"}},
	{"a trailing no-break space", "p9\u00a0", []string{"white space"}},
	{"a leading ideographic space", "\u3000p9", []string{"white space"}},
	{"257 characters", strings.Repeat("é", 257), []string{"257 characters", "at most 256"}},
}

// rulesForNames apply to names.
var rulesForNames = []textRule{
	{"1001 characters", strings.Repeat("é", 1001), []string{"1001 characters", "at most 1000"}},
	{"a zero-width space", "\u200b", []string{"invisible"}},
	{"zero-width joiners and a byte order mark", "\u200d\u200c\ufeff", []string{"invisible"}},
	{"a soft hyphen and a word joiner", "\u00ad\u2060", []string{"invisible"}},
	{"direction marks between spaces", " \u200e \u200f ", []string{"invisible"}},
	{"a variation selector", "\ufe0f", []string{"invisible"}},
	{"a Hangul filler", "\u3164\u3164", []string{"invisible"}},
	{"the blank braille pattern", "\u2800", []string{"invisible"}},
}

// refFields are the references of baseOrg a test may set to any value
// without another rule noticing, each with its path.
var refFields = []struct {
	path string
	set  func(s *graph.Snapshot, v string)
}{
	{"people[1].manager", func(s *graph.Snapshot, v string) { s.People[1].Manager = &v }},
	{"teams[1].parent", func(s *graph.Snapshot, v string) { s.Teams[1].Parent = &v }},
	{"matters[2].parent", func(s *graph.Snapshot, v string) { s.Matters[2].Parent = &v }},
	{"memberships[0].person", func(s *graph.Snapshot, v string) { s.Memberships[0].Person = v }},
	{"memberships[0].team", func(s *graph.Snapshot, v string) { s.Memberships[0].Team = v }},
	{"mandates[0].matter", func(s *graph.Snapshot, v string) { s.Mandates[0].Matter = v }},
	{"mandates[0].holder.id", func(s *graph.Snapshot, v string) { s.Mandates[0].Holder.ID = v }},
	{"mandates[1].delegatedFrom", func(s *graph.Snapshot, v string) { s.Mandates[2].DelegatedFrom = nil; s.Mandates[1].DelegatedFrom = &v }},
	{"touchpoints[1].staffedBy[0].id", func(s *graph.Snapshot, v string) { s.Touchpoints[1].StaffedBy[0].ID = v }},
	{"touchpoints[0].escalatesTo[0]", func(s *graph.Snapshot, v string) { s.Touchpoints[0].EscalatesTo[0] = v }},
	{"touchpoints[1].handles[0].matter", func(s *graph.Snapshot, v string) { s.Touchpoints[1].Handles[0].Matter = v }},
}

func TestValidateRejectsMalformedText(t *testing.T) {
	var cases []validateCase
	for _, section := range []string{"people", "teams", "matters", "mandates", "touchpoints"} {
		add := extra[section]
		at := func(field string) string { return fmt.Sprintf("%s[%d].%s", section, add(baseOrg(), "x", "X"), field) }
		for _, r := range append(append([]textRule{}, rulesForAnyText...), rulesForIDs...) {
			cases = append(cases, validateCase{
				name:   fmt.Sprintf("%s id: %s", section, r.name),
				mutate: func(s *graph.Snapshot) { add(s, r.value, "Someone") },
				want:   []want{problem(at("id"), r.mentions...)},
			})
		}
		for _, r := range append(append([]textRule{}, rulesForAnyText...), rulesForNames...) {
			cases = append(cases, validateCase{
				name:   fmt.Sprintf("%s name: %s", section, r.name),
				mutate: func(s *graph.Snapshot) { add(s, "new", r.value) },
				want:   []want{problem(at("name"), r.mentions...)},
			})
		}
	}
	for _, f := range refFields {
		for _, r := range append(append([]textRule{}, rulesForAnyText...), rulesForIDs...) {
			cases = append(cases, validateCase{
				name:   fmt.Sprintf("%s: %s", f.path, r.name),
				mutate: func(s *graph.Snapshot) { f.set(s, r.value) },
				want:   []want{problem(f.path, r.mentions...)}, // and not also "does not exist"
			})
		}
	}
	cases = append(cases,
		validateCase{
			name: "a malformed id is not also a duplicate, and a reference to it is malformed itself",
			mutate: func(s *graph.Snapshot) {
				s.People = append(s.People, graph.Person{ID: "p1 ", Name: "A", Active: true}, graph.Person{ID: "p1 ", Name: "B", Manager: ptr("p1 "), Active: true})
			},
			want: []want{problem("people[4].id", "white space"), problem("people[5].id", "white space"), problem("people[5].manager", "white space")},
		},
		validateCase{
			name:   "a holder of unknown type with a malformed id: both are reported",
			mutate: func(s *graph.Snapshot) { s.Touchpoints[1].StaffedBy[0] = graph.Holder{Type: "BOT", ID: "b\x00t"} },
			want:   []want{problem("touchpoints[1].staffedBy[0].type", `"BOT"`), problem("touchpoints[1].staffedBy[0].id", "U+0000")},
		},
		validateCase{
			name:   "a name of only white space with a tab is empty, the first rule that applies",
			mutate: func(s *graph.Snapshot) { s.People[0].Name = " \t " },
			want:   []want{problem("people[0].name", "empty")},
		},
	)
	runValidateCases(t, cases)
}

func TestValidateAcceptsWellFormedText(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(s *graph.Snapshot)
	}{
		{"a name with spaces around it", func(s *graph.Snapshot) { s.People[0].Name = "  Ada  " }},
		{"a name in another script", func(s *graph.Snapshot) { s.People[0].Name = "مريم" }},
		{"a name with a combining accent", func(s *graph.Snapshot) { s.People[0].Name = "Zoe\u0308" }},
		{"a name of an emoji sequence with joiners", func(s *graph.Snapshot) { s.Teams[2].Name = "👩\u200d💻\ufe0f" }},
		{"a name with a zero-width space among letters", func(s *graph.Snapshot) { s.Matters[0].Name = "Card\u200bfee" }},
		{"a name of 1000 characters", func(s *graph.Snapshot) { s.Matters[0].Name = strings.Repeat("é", 1000) }},
		{"an id of 256 characters", func(s *graph.Snapshot) {
			long := strings.Repeat("é", 256)
			s.People[3].ID, s.Mandates[3].Holder = long, graph.Holder{Type: graph.HolderPerson, ID: long}
		}},
		{"an id with spaces inside", func(s *graph.Snapshot) { s.Touchpoints[1].ID, s.Touchpoints[0].EscalatesTo[0] = "tp 2", "tp 2" }},
		{"an id of digits and punctuation", func(s *graph.Snapshot) { s.People[3].ID = "00042-å/ö" }},
		{"the replacement character written as such", func(s *graph.Snapshot) { s.People[0].Name = "Ada \ufffd" }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := baseOrg()
			tc.mutate(s)
			assert.Empty(t, graph.Validate(s))
		})
	}
}

func TestLimitsChangeTheLengths(t *testing.T) {
	s := baseOrg()
	assert.Empty(t, graph.Limits{MaxIDLength: 3, MaxNameLength: 15}.Validate(s), "the longest id is 3, the longest name 15")
	assertProblems(t, graph.Limits{MaxIDLength: 2, MaxNameLength: 14}.Validate(s),
		problem("touchpoints[0].id", "3 characters", "at most 2"),
		problem("touchpoints[1].id", "3 characters"),
		problem("touchpoints[0].escalatesTo[0]", "3 characters"),
		problem("matters[1].name", "15 characters", "at most 14"), // Card fee refund
		problem("matters[3].name", "15 characters"),               // Web FAQ content
		problem("mandates[0].name", "15 characters"),              // Cards authority
	)
	assert.Equal(t, graph.Validate(s), graph.Limits{}.Validate(s), "the zero Limits are the defaults")

	_, problems := graph.Apply(nil, graph.Change{Put: *s, Limits: graph.Limits{MaxNameLength: 14}})
	assertProblems(t, problems, problem("matters[1].name", "at most 14"), problem("matters[3].name"), problem("mandates[0].name"))
}
