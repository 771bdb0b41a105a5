package graph_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
)

func decode(t *testing.T, doc string) *graph.Snapshot {
	t.Helper()
	s, err := graph.DecodeSnapshot(strings.NewReader(doc))
	require.NoError(t, err)
	require.NotNil(t, s)
	return s
}

// decodeProblems decodes a document that must be rejected and returns its problems.
func decodeProblems(t *testing.T, doc string) []graph.Problem {
	t.Helper()
	s, err := graph.DecodeSnapshot(strings.NewReader(doc))
	require.Error(t, err)
	assert.Nil(t, s)
	var e *graph.Error
	require.True(t, errors.As(err, &e), "want a *graph.Error, got %T", err)
	assert.Equal(t, graph.CodeBadInput, e.Code)
	assert.Equal(t, graph.CodeBadInput, graph.ErrorCode(err))
	require.NotEmpty(t, e.Problems)
	return e.Problems
}

func TestDecodeSnapshotRoundTrip(t *testing.T) {
	want := baseOrg()
	doc, err := json.Marshal(want)
	require.NoError(t, err)
	got, err := graph.DecodeSnapshot(strings.NewReader(string(doc)))
	require.NoError(t, err)
	assert.Equal(t, want, got)
	assert.Empty(t, graph.Validate(got))
}

func TestDecodeSnapshotReadsEscapedText(t *testing.T) {
	s := decode(t, `{"people": [
		{"id": "p1", "name": "\ud83d\ude00 \u00e9"},
		{"id": "p2", "name": "a\\ud800"},
		{"id": "p3", "name": "Zo\u00eb \ufffd"}]}`)
	assert.Equal(t, "😀 é", s.People[0].Name, "a surrogate pair is one character")
	assert.Equal(t, `a\ud800`, s.People[1].Name, "an escaped backslash, then letters")
	assert.Equal(t, "Zoë \ufffd", s.People[2].Name, "the replacement character, sent as such")
}

func TestDecodeSnapshotTimesAreUTC(t *testing.T) {
	s := decode(t, `{"mandates": [{"id": "d", "name": "D", "matter": "m", "holder": {"type": "PERSON", "id": "p"},
		"validFrom": "2025-03-01T10:00:00+02:00", "validUntil": "2025-03-02T00:00:00.123456789-05:30"}]}`)
	m := s.Mandates[0]
	require.NotNil(t, m.ValidFrom)
	require.NotNil(t, m.ValidUntil)
	assert.Equal(t, time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC), *m.ValidFrom)
	assert.Equal(t, time.Date(2025, 3, 2, 5, 30, 0, 123456789, time.UTC), *m.ValidUntil)
	assert.Equal(t, time.UTC, m.ValidFrom.Location())
	assert.Equal(t, time.UTC, m.ValidUntil.Location())

	// A snapshot with times in any zone round-trips to the same UTC times.
	doc, err := json.Marshal(s)
	require.NoError(t, err)
	assert.Equal(t, s, decode(t, string(doc)))
}

func TestDecodeSnapshotTimeRange(t *testing.T) {
	s := decode(t, `{"mandates": [{"id": "d", "name": "D", "matter": "m", "holder": {"type": "PERSON", "id": "p"},
		"validFrom": "0000-01-01T00:00:00Z", "validUntil": "9999-12-31T23:30:00+01:00"}]}`)
	assert.Equal(t, time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), *s.Mandates[0].ValidFrom)
	assert.Equal(t, time.Date(9999, 12, 31, 22, 30, 0, 0, time.UTC), *s.Mandates[0].ValidUntil)
	doc, err := json.Marshal(s)
	require.NoError(t, err)
	assert.Equal(t, s, decode(t, string(doc)))
}

func TestDecodeSnapshotDefaults(t *testing.T) {
	s := decode(t, `{
		"people": [
			{"id": "p1", "name": "Ada"},
			{"id": "p2", "name": "Bo", "active": false},
			{"id": "p3", "name": "Cy", "active": true},
			{"id": "p4", "name": "Di", "active": null, "manager": null, "email": null}
		],
		"touchpoints": [{"id": "tp", "name": "Web", "channel": "WEB"}],
		"mandates": [{"id": "d", "name": "D", "matter": "m", "holder": {"type": "TEAM", "id": "t"}, "limit": null}]
	}`)
	assert.Equal(t, []graph.Person{
		{ID: "p1", Name: "Ada", Active: true},
		{ID: "p2", Name: "Bo", Active: false},
		{ID: "p3", Name: "Cy", Active: true},
		{ID: "p4", Name: "Di", Active: true},
	}, s.People, "active defaults to true; null means absent")
	assert.Equal(t, []graph.Touchpoint{{ID: "tp", Name: "Web", Channel: graph.ChannelWeb}}, s.Touchpoints,
		"selfService defaults to false; absent lists are empty")
	assert.Nil(t, s.Mandates[0].Limit, "limit null is no limit")
}

func TestDecodeSnapshotEmptySections(t *testing.T) {
	for _, doc := range []string{
		`{}`,
		`{"people": null, "teams": null, "memberships": null, "matters": null, "mandates": null, "touchpoints": null}`,
		`{"people": [], "teams": [], "memberships": [], "matters": [], "mandates": [], "touchpoints": []}`,
		" \n\t{ } \n",
	} {
		t.Run(doc, func(t *testing.T) {
			assert.Equal(t, &graph.Snapshot{}, decode(t, doc))
		})
	}
}

func TestDecodeSnapshotRejects(t *testing.T) {
	const holder = `"holder": {"type": "PERSON", "id": "p"}`
	cases := []struct {
		name string
		doc  string
		want []want
	}{
		// Not a snapshot at all.
		{"not JSON", `hello`, []want{problem("$", "invalid character")}},
		{"empty input", ``, []want{problem("$", "end of input")}},
		{"whitespace only", " \n ", []want{problem("$", "end of input")}},
		{"a list, not an object", `[]`, []want{problem("$", "must be a JSON object")}},
		{"null", `null`, []want{problem("$", "must be a JSON object")}},
		{"a string", `"people"`, []want{problem("$", "must be a JSON object")}},
		{"truncated object", `{"people": [{"id": "p1", "name": "Ada"}`, []want{problem("people", "end of input")}},
		{"truncated after a key", `{"people"`, []want{problem("people", "end of input")}},
		{"trailing garbage", `{"people": []} x`, []want{problem("$", "after the snapshot")}},
		{"two documents", `{} {}`, []want{problem("$", "after the snapshot")}},
		{"trailing comma", `{"people": [],}`, []want{problem("$", "invalid character")}},
		{
			"syntax error inside an element is placed at the element",
			`{"people": [{"id": "p1", "name": "Ada"}, {"id": }]}`,
			[]want{problem("people[1]", "invalid character")},
		},

		// Top-level fields.
		{"unknown top-level field", `{"persons": [], "people": []}`, []want{problem("persons", "unknown field")}},
		{"top-level field in the wrong case", `{"People": []}`, []want{problem("People", "unknown field")}},
		{"section twice", `{"people": [], "people": []}`, []want{problem("people", "twice")}},
		{"empty top-level field name", `{"": 1}`, []want{problem(`[""]`, "unknown field")}},
		{"odd entity field names", `{"people": [{"id": "p", "name": "P", "": 1, "a.b": 2, "x\n": 3}]}`, []want{
			problem(`people[0][""]`, "unknown field"), problem(`people[0]["a.b"]`, "unknown field"), problem(`people[0]["x\n"]`, "unknown field"),
		}},

		// Unknown fields inside entities.
		{"unknown person field", `{"people": [{"id": "p", "name": "P", "nickname": "x"}]}`, []want{problem("people[0].nickname", "unknown field")}},
		{"person field in the wrong case", `{"people": [{"id": "p", "Name": "P"}]}`, []want{problem("people[0].Name", "unknown field")}},
		{"unknown holder field", `{"mandates": [{"id": "d", "name": "D", "matter": "m", "holder": {"type": "PERSON", "id": "p", "team": "t"}}]}`, []want{problem("mandates[0].holder.team", "unknown field")}},
		{"unknown staffing field", `{"touchpoints": [{"id": "tp", "name": "T", "channel": "WEB", "staffedBy": [{"type": "TEAM", "id": "t", "x": 1}]}]}`, []want{problem("touchpoints[0].staffedBy[0].x", "unknown field")}},
		{"unknown handling field", `{"touchpoints": [{"id": "tp", "name": "T", "channel": "WEB", "handles": [{"matter": "m", "volume": 1, "selfServiceRate": 0, "rate": 1}]}]}`, []want{problem("touchpoints[0].handles[0].rate", "unknown field")}},

		// Wrong JSON types.
		{"number for a name", `{"people": [{"id": "p", "name": 42}]}`, []want{problem("people[0].name", "must be a string")}},
		{"number for an id", `{"teams": [{"id": 7, "name": "T", "kind": "UNIT"}]}`, []want{problem("teams[0].id", "must be a string")}},
		{"string for active", `{"people": [{"id": "p", "name": "P", "active": "yes"}]}`, []want{problem("people[0].active", "true or false")}},
		{"list for a manager", `{"people": [{"id": "p", "name": "P", "manager": ["q"]}]}`, []want{problem("people[0].manager", "must be a string")}},
		{"string for a volume", `{"touchpoints": [{"id": "tp", "name": "T", "channel": "WEB", "handles": [{"matter": "m", "volume": "twelve", "selfServiceRate": 0}]}]}`, []want{problem("touchpoints[0].handles[0].volume", "must be a number")}},
		{"numeric string for a volume", `{"touchpoints": [{"id": "tp", "name": "T", "channel": "WEB", "handles": [{"matter": "m", "volume": "12", "selfServiceRate": 0}]}]}`, []want{problem("touchpoints[0].handles[0].volume", "must be a number")}},
		{"numeric string for a limit", `{"mandates": [{"id": "d", "name": "D", "matter": "m", ` + holder + `, "limit": "100"}]}`, []want{problem("mandates[0].limit", "must be a number")}},
		{"boolean for a selfServiceRate", `{"touchpoints": [{"id": "tp", "name": "T", "channel": "WEB", "handles": [{"matter": "m", "volume": 1, "selfServiceRate": true}]}]}`, []want{problem("touchpoints[0].handles[0].selfServiceRate", "must be a number")}},
		{"limit too large for a float", `{"mandates": [{"id": "d", "name": "D", "matter": "m", ` + holder + `, "limit": 1e999}]}`, []want{problem("mandates[0].limit", "finite")}},
		{"string for selfService", `{"touchpoints": [{"id": "tp", "name": "T", "channel": "WEB", "selfService": "no"}]}`, []want{problem("touchpoints[0].selfService", "true or false")}},
		{"object for a list section", `{"people": {"id": "p", "name": "P"}}`, []want{problem("people", "must be a list")}},
		{"string for a list section", `{"teams": "t1"}`, []want{problem("teams", "must be a list")}},
		{"object for staffedBy", `{"touchpoints": [{"id": "tp", "name": "T", "channel": "WEB", "staffedBy": {"type": "TEAM", "id": "t"}}]}`, []want{problem("touchpoints[0].staffedBy", "must be a list")}},
		{"string for escalatesTo", `{"touchpoints": [{"id": "tp", "name": "T", "channel": "WEB", "escalatesTo": "tp2"}]}`, []want{problem("touchpoints[0].escalatesTo", "must be a list")}},
		{"number in escalatesTo", `{"touchpoints": [{"id": "tp", "name": "T", "channel": "WEB", "escalatesTo": ["tp2", 3]}]}`, []want{problem("touchpoints[0].escalatesTo[1]", "touchpoint id")}},
		{"string for a holder", `{"mandates": [{"id": "d", "name": "D", "matter": "m", "holder": "p"}]}`, []want{problem("mandates[0].holder", "must be an object")}},
		{"number for a holder type", `{"mandates": [{"id": "d", "name": "D", "matter": "m", "holder": {"type": 1, "id": "p"}}]}`, []want{problem("mandates[0].holder.type", "must be a string")}},

		// Times.
		{"date without a time", `{"mandates": [{"id": "d", "name": "D", "matter": "m", ` + holder + `, "validFrom": "2025-01-31"}]}`, []want{problem("mandates[0].validFrom", `"2025-01-31"`, "RFC 3339")}},
		{"time without a zone", `{"mandates": [{"id": "d", "name": "D", "matter": "m", ` + holder + `, "validUntil": "2025-01-31T00:00:00"}]}`, []want{problem("mandates[0].validUntil", `"2025-01-31T00:00:00"`)}},
		{"month 13", `{"mandates": [{"id": "d", "name": "D", "matter": "m", ` + holder + `, "validFrom": "2025-13-01T00:00:00Z"}]}`, []want{problem("mandates[0].validFrom", `"2025-13-01T00:00:00Z"`)}},
		{"not a time at all", `{"mandates": [{"id": "d", "name": "D", "matter": "m", ` + holder + `, "validFrom": "yesterday"}]}`, []want{problem("mandates[0].validFrom", `"yesterday"`)}},
		{"before year 0 in UTC", `{"mandates": [{"id": "d", "name": "D", "matter": "m", ` + holder + `, "validFrom": "0000-01-01T00:30:00+01:00"}]}`, []want{problem("mandates[0].validFrom", `"0000-01-01T00:30:00+01:00"`, "0000 to 9999")}},
		{"after year 9999 in UTC", `{"mandates": [{"id": "d", "name": "D", "matter": "m", ` + holder + `, "validUntil": "9999-12-31T23:30:00-01:00"}]}`, []want{problem("mandates[0].validUntil", `"9999-12-31T23:30:00-01:00"`, "0000 to 9999")}},
		{"number for a time", `{"mandates": [{"id": "d", "name": "D", "matter": "m", ` + holder + `, "validFrom": 1735689600}]}`, []want{problem("mandates[0].validFrom", "must be a string")}},

		// Text that is not UTF-8, which encoding/json would silently turn into U+FFFD.
		{"an invalid byte in an id", "{\"people\": [{\"id\": \"p\xff\", \"name\": \"P\"}]}", []want{problem("people[0].id", "UTF-8")}},
		{"an invalid byte in an escaped name", "{\"people\": [{\"id\": \"p\", \"name\": \"\\u00e9\xc3\"}]}", []want{problem("people[0].name", "UTF-8")}},
		{"an invalid byte in an email", "{\"people\": [{\"id\": \"p\", \"name\": \"P\", \"email\": \"a\xfe@b\"}]}", []want{problem("people[0].email", "UTF-8")}},
		{"a lone high surrogate escape", `{"people": [{"id": "p", "name": "\ud800"}]}`, []want{problem("people[0].name", "UTF-8")}},
		{"a lone low surrogate escape", `{"people": [{"id": "p", "name": "a\udc00b"}]}`, []want{problem("people[0].name", "UTF-8")}},
		{"a surrogate pair the wrong way round", `{"people": [{"id": "p", "name": "\udc00\ud800"}]}`, []want{problem("people[0].name", "UTF-8")}},
		{"a high surrogate before another character", `{"people": [{"id": "p", "name": "\ud83d\u0041"}]}`, []want{problem("people[0].name", "UTF-8")}},
		{"a lone surrogate in escalatesTo", `{"touchpoints": [{"id": "tp", "name": "T", "channel": "WEB", "escalatesTo": ["\ud800"]}]}`, []want{problem("touchpoints[0].escalatesTo[0]", "UTF-8")}},
		{"an invalid byte in a holder id", "{\"mandates\": [{\"id\": \"d\", \"name\": \"D\", \"matter\": \"m\", \"holder\": {\"type\": \"PERSON\", \"id\": \"\x80\"}}]}", []want{problem("mandates[0].holder.id", "UTF-8")}},

		// Required numbers.
		{"missing volume", `{"touchpoints": [{"id": "tp", "name": "T", "channel": "WEB", "handles": [{"matter": "m", "selfServiceRate": 0}]}]}`, []want{problem("touchpoints[0].handles[0].volume", "required")}},
		{"null volume", `{"touchpoints": [{"id": "tp", "name": "T", "channel": "WEB", "handles": [{"matter": "m", "volume": null, "selfServiceRate": 0}]}]}`, []want{problem("touchpoints[0].handles[0].volume", "required")}},
		{"missing selfServiceRate", `{"touchpoints": [{"id": "tp", "name": "T", "channel": "WEB", "handles": [{"matter": "m", "volume": 3}]}]}`, []want{problem("touchpoints[0].handles[0].selfServiceRate", "required")}},

		// Elements that are not objects.
		{
			"non-object elements",
			`{"people": [1, "p", true, [], null, {"id": "p", "name": "P"}]}`,
			[]want{
				problem("people[0]", "must be a JSON object"), problem("people[1]", "must be a JSON object"),
				problem("people[2]", "must be a JSON object"), problem("people[3]", "must be a JSON object"),
				problem("people[4]", "must be a JSON object"),
			},
		},
		{"non-object staffing", `{"touchpoints": [{"id": "tp", "name": "T", "channel": "WEB", "staffedBy": ["p1", null]}]}`, []want{problem("touchpoints[0].staffedBy[0]", "object"), problem("touchpoints[0].staffedBy[1]", "object")}},
		{"non-object handling", `{"touchpoints": [{"id": "tp", "name": "T", "channel": "WEB", "handles": [7]}]}`, []want{problem("touchpoints[0].handles[0]", "object")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertProblems(t, decodeProblems(t, tc.doc), tc.want...)
		})
	}
}

func TestDecodeSnapshotReportsEveryProblem(t *testing.T) {
	doc := `{
		"people": [
			{"id": "p1", "name": "Ada"},
			{"id": "p2", "name": "Bo", "active": "no"},
			{"id": "p3", "name": 3, "boss": "p1"}
		],
		"teams": {"id": "t1"},
		"colour": "blue",
		"mandates": [{"id": "d", "name": "D", "matter": "m", "holder": {"type": "PERSON"}, "validFrom": "soon"}],
		"touchpoints": [{"id": "tp", "name": "T", "channel": "WEB", "handles": [
			{"matter": "m1", "volume": 1, "selfServiceRate": 0},
			{"matter": "m2", "volume": 1, "selfServiceRate": 0},
			{"matter": "m3", "volume": "1", "selfServiceRate": "0"},
			{"matter": "m4", "selfServiceRate": 0}
		]}]
	}`
	got := decodeProblems(t, doc)
	assertProblems(t, got,
		problem("people[1].active", "true or false"),
		problem("people[2].name", "must be a string"),
		problem("people[2].boss", "unknown field"),
		problem("teams", "must be a list"),
		problem("colour", "unknown field"),
		problem("mandates[0].validFrom", `"soon"`),
		problem("touchpoints[0].handles[2].volume", "must be a number"),
		problem("touchpoints[0].handles[2].selfServiceRate", "must be a number"),
		problem("touchpoints[0].handles[3].volume", "required"),
	)
	// Problems come in document order.
	paths := make([]string, len(got))
	for i, p := range got {
		paths[i] = p.Path
	}
	assert.Equal(t, []string{
		"people[1].active", "people[2].name", "people[2].boss", "teams", "colour", "mandates[0].validFrom",
		"touchpoints[0].handles[2].volume", "touchpoints[0].handles[2].selfServiceRate", "touchpoints[0].handles[3].volume",
	}, paths)
}

func TestDecodeSnapshotKeepsProblemsBeforeASyntaxError(t *testing.T) {
	got := decodeProblems(t, `{"people": [{"id": "p1", "name": 1}], "teams": [{"id": "t1", "name": "T", "kind": UNIT}]}`)
	assertProblems(t, got, problem("people[0].name", "must be a string"), problem("teams[0]", "invalid character"))
}

func TestDecodeSnapshotBoundsProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"people": [`)
	for i := 0; i < 5000; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id": %d, "name": "P"}`, i)
	}
	b.WriteString(`]}`)
	got := decodeProblems(t, b.String())
	assert.Len(t, got, 1000)
	assert.Equal(t, "people[999].id", got[999].Path)
}

func TestDecodeSnapshotErrorMessage(t *testing.T) {
	_, err := graph.DecodeSnapshot(strings.NewReader(`{"people": [{"id": 1, "name": 2}]}`))
	require.Error(t, err)
	assert.Equal(t, "the input has 2 problems; people[0].id: must be a string; people[0].name: must be a string", err.Error())
}
