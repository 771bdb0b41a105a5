package oracle

// Validation (docs/writes.md): each rule broken once in a small valid org.

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
)

// validOrg is a small valid org touching every kind of reference.
func validOrg() *graph.Snapshot {
	return &graph.Snapshot{
		People:      []graph.Person{newPerson("a", ""), newPerson("b", "a")},
		Teams:       []graph.Team{newTeam("t", ""), newTeam("u", "t")},
		Memberships: []graph.Membership{newMember("a", "t")},
		Matters:     []graph.Matter{newMatter("m", ""), newMatter("n", "m")},
		Mandates: []graph.Mandate{
			validIn(withLimit(personMandate("x", "m", "a"), 500), ptr(y2024), ptr(y2025)),
			withLimit(delegatedFrom(teamMandate("y", "n", "t"), "x"), 100),
		},
		Touchpoints: []graph.Touchpoint{staffedTouchpoint("tp", "m", []graph.Holder{byPerson("a")}, "tp2"), staffedTouchpoint("tp2", "n", nil)},
	}
}

func TestValidateFindsEachRule(t *testing.T) {
	require.Empty(t, Validate(validOrg(), DefaultLengths))
	long := func(n int) string { return strings.Repeat("é", n) }
	for _, tc := range []struct {
		name string
		edit func(s *graph.Snapshot)
		want []Violation
	}{
		{"duplicate id", func(s *graph.Snapshot) { s.People[1].ID = "a"; s.People[1].Manager = nil },
			[]Violation{{"people[1].id", "duplicate id"}}},
		{"empty id", func(s *graph.Snapshot) { s.Matters[0].ID = " " },
			[]Violation{{"matters[0].id", "empty id"}, {"matters[1].parent", "unknown id"}, {"mandates[0].matter", "unknown id"},
				{"touchpoints[0].handles[0].matter", "unknown id"}}},
		{"empty name", func(s *graph.Snapshot) { s.Teams[0].Name = "" }, []Violation{{"teams[0].name", "empty name"}}},
		{"unknown reference", func(s *graph.Snapshot) { s.Memberships[0].Team = "zz" }, []Violation{{"memberships[0].team", "unknown id"}}},
		{"missing reference", func(s *graph.Snapshot) { s.People[1].Manager = ptr("") }, []Violation{{"people[1].manager", "missing reference"}}},
		{"a person twice in a team", func(s *graph.Snapshot) { s.Memberships = append(s.Memberships, s.Memberships[0]) },
			[]Violation{{"memberships[1]", "a person is in a team once"}}},
		{"manager cycle", func(s *graph.Snapshot) { s.People[0].Manager = ptr("b") }, []Violation{{"people[0].manager", "cycle"}}},
		{"team cycle, reported at its member listed first", func(s *graph.Snapshot) { s.Teams[0].Parent = ptr("u") },
			[]Violation{{"teams[0].parent", "cycle"}}},
		{"matter self-loop", func(s *graph.Snapshot) { s.Matters[1].Parent = ptr("n") },
			[]Violation{{"matters[1].parent", "cycle"}, {"mandates[1].matter", "delegated outside its source's matter"}}},
		{"delegation cycle", func(s *graph.Snapshot) { s.Mandates[0].DelegatedFrom = ptr("y") },
			[]Violation{{"mandates[0].delegatedFrom", "cycle"}, {"mandates[0].matter", "delegated outside its source's matter"}}},
		{"delegated to a broader matter", func(s *graph.Snapshot) { s.Mandates[0].Matter, s.Mandates[1].Matter = "n", "m" },
			[]Violation{{"mandates[1].matter", "delegated outside its source's matter"}}},
		{"delegated limit above", func(s *graph.Snapshot) { s.Mandates[1].Limit = ptr(501.0) },
			[]Violation{{"mandates[1].limit", "delegated limit above its source's effective limit"}}},
		{"delegated limit absent", func(s *graph.Snapshot) { s.Mandates[1].Limit = nil },
			[]Violation{{"mandates[1].limit", "delegated limit above its source's effective limit"}}},
		{"a wrong source limit is not compared with", func(s *graph.Snapshot) { s.Mandates[0].Limit = ptr(math.NaN()) },
			[]Violation{{"mandates[0].limit", "negative limit"}}},
		{"validUntil = validFrom", func(s *graph.Snapshot) { s.Mandates[0].ValidUntil = ptr(y2024) },
			[]Violation{{"mandates[0].validUntil", "validUntil ≤ validFrom"}}},
		{"negative limit", func(s *graph.Snapshot) { s.Mandates[1].Limit = ptr(-1.0) }, []Violation{{"mandates[1].limit", "negative limit"}}},
		{"negative volume", func(s *graph.Snapshot) { s.Touchpoints[0].Handles[0].Volume = -1 },
			[]Violation{{"touchpoints[0].handles[0].volume", "negative volume"}}},
		{"rate above 1", func(s *graph.Snapshot) { s.Touchpoints[0].Handles[0].SelfServiceRate = 1.5 },
			[]Violation{{"touchpoints[0].handles[0].selfServiceRate", "selfServiceRate outside [0, 1]"}}},
		{"unknown channel", func(s *graph.Snapshot) { s.Touchpoints[0].Channel = "FAX" }, []Violation{{"touchpoints[0].channel", "unknown channel"}}},
		{"unknown holder type, and its id's text", func(s *graph.Snapshot) { s.Touchpoints[0].StaffedBy[0] = graph.Holder{Type: "BOT", ID: "a\x00"} },
			[]Violation{{"touchpoints[0].staffedBy[0].type", "unknown holder type"}, {"touchpoints[0].staffedBy[0].id", "control character"}}},
		{"a team holder that is a person", func(s *graph.Snapshot) { s.Touchpoints[0].StaffedBy[0] = byTeam("a") },
			[]Violation{{"touchpoints[0].staffedBy[0].id", "unknown id"}}},
		{"staffed twice", func(s *graph.Snapshot) {
			s.Touchpoints[0].StaffedBy = append(s.Touchpoints[0].StaffedBy, byPerson("a"))
		},
			[]Violation{{"touchpoints[0].staffedBy[1]", "staffed twice by one holder"}}},
		{"escalation to unknown, twice", func(s *graph.Snapshot) { s.Touchpoints[0].EscalatesTo = []string{"nope", "nope"} },
			[]Violation{{"touchpoints[0].escalatesTo[0]", "unknown id"}, {"touchpoints[0].escalatesTo[1]", "unknown id"},
				{"touchpoints[0].escalatesTo[1]", "escalates twice to one touchpoint"}}},

		// Input hygiene.
		{"NUL in a name", func(s *graph.Snapshot) { s.People[0].Name = "Ann\x00" }, []Violation{{"people[0].name", "control character"}}},
		{"a C1 control in an id", func(s *graph.Snapshot) { s.Touchpoints[1].ID = "tp\u00852" },
			[]Violation{{"touchpoints[1].id", "control character"}, {"touchpoints[0].escalatesTo[0]", "unknown id"}}},
		{"invalid UTF-8 in a reference", func(s *graph.Snapshot) { s.People[1].Manager = ptr("a\xff") },
			[]Violation{{"people[1].manager", "invalid UTF-8"}}},
		{"white space around an id", func(s *graph.Snapshot) { s.Teams[1].ID = "u\u00a0" }, []Violation{{"teams[1].id", "white space around an id"}}},
		{"white space around a reference", func(s *graph.Snapshot) { s.Memberships[0].Person = " a" },
			[]Violation{{"memberships[0].person", "white space around an id"}}},
		{"white space around a name is fine", func(s *graph.Snapshot) { s.Teams[1].Name = " Cards " }, nil},
		{"an id of 256 characters is fine", func(s *graph.Snapshot) { s.Mandates[1].ID = long(256) }, nil},
		{"an id of 257 characters", func(s *graph.Snapshot) { s.Mandates[1].ID = long(257) }, []Violation{{"mandates[1].id", "too long"}}},
		{"a name of 1001 characters", func(s *graph.Snapshot) { s.Mandates[1].Name = long(1001) }, []Violation{{"mandates[1].name", "too long"}}},
		{"a name of zero-width spaces", func(s *graph.Snapshot) { s.Matters[0].Name = "\u200b\u200b" },
			[]Violation{{"matters[0].name", "only invisible characters"}}},
		{"a name of a variation selector and a Hangul filler", func(s *graph.Snapshot) { s.Matters[0].Name = "\ufe0f\u3164" },
			[]Violation{{"matters[0].name", "only invisible characters"}}},
		{"a name with one visible character is fine", func(s *graph.Snapshot) { s.Matters[0].Name = "\u200bA\u200b" }, nil},
		{"a name in another script is fine", func(s *graph.Snapshot) { s.Matters[0].Name = "退款" }, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := validOrg()
			tc.edit(s)
			assert.ElementsMatch(t, tc.want, Validate(s, DefaultLengths))
		})
	}
}

func TestValidateLengths(t *testing.T) {
	s := validOrg()
	s.People[0].Name, s.Touchpoints[1].Name = "Annika", "TP"
	s.Teams[0].ID, s.Teams[1].Parent, s.Memberships[0].Team = "team", ptr("team"), "team"
	s.Mandates[1].Holder.ID = "team"
	assert.Empty(t, Validate(s, Lengths{ID: 4, Name: 6}))
	assert.ElementsMatch(t, []Violation{
		{"people[0].name", "too long"},
		{"teams[0].id", "too long"}, {"teams[1].parent", "too long"}, {"memberships[0].team", "too long"}, {"mandates[1].holder.id", "too long"},
	}, Validate(s, Lengths{ID: 3, Name: 5}))
}
