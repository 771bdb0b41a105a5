package server_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/seed"
	"github.com/orgnet/orgnet/server"
)

// maxRoundTrips bounds the round trips of the nested reads below: one per
// level of the selection that needs the database, and a little slack.
const maxRoundTrips = 6

// newSynthServer serves a synthetic org of about 2 000 people.
func newSynthServer(t *testing.T) *testServer {
	t.Helper()
	s := newTestServer(t)
	var doc bytes.Buffer
	require.NoError(t, seed.Synth(&doc, seed.SynthOptions{People: 2000, Seed: 7}))
	replaceOrg(t, s.Store, decodeSnapshot(t, doc.Bytes()))
	return s
}

// roundTrips runs a query asking for its round trips and returns them and
// the data.
func (s *testServer) roundTrips(t *testing.T, query string, vars map[string]any, out any) int {
	t.Helper()
	res := s.post(t, query, vars, http.Header{server.RoundTripsHeader: {"1"}})
	require.Empty(t, res.Errors)
	require.NoError(t, json.Unmarshal(res.Data, out))
	n, ok := res.Extensions["dbRoundTrips"].(float64)
	require.True(t, ok, "extensions.dbRoundTrips is a number: %v", res.Extensions)
	return int(n)
}

const nestedTeamsQuery = `query($n: Int!) {
  teams(first: $n) { edges { node { id
    members(first: 50) { edges { node { person { id
      mandates(first: 10) { edges { node { id matter { id name } } } }
    } } } }
  } } }
}`

type nestedTeams struct {
	Teams struct {
		Edges []struct {
			Node struct {
				ID      string
				Members struct {
					Edges []struct {
						Node struct {
							Person struct {
								ID       string
								Mandates struct {
									Edges []struct {
										Node struct {
											ID     string
											Matter struct{ ID, Name string }
										}
									}
								}
							}
						}
					}
				}
			}
		}
	}
}

// counts is the number of teams, members and mandates in the answer.
func (d nestedTeams) counts(t *testing.T) (teams, members, mandates int) {
	t.Helper()
	for _, team := range d.Teams.Edges {
		teams++
		for _, m := range team.Node.Members.Edges {
			members++
			require.NotEmpty(t, m.Node.Person.ID)
			for _, md := range m.Node.Person.Mandates.Edges {
				mandates++
				require.NotEmpty(t, md.Node.Matter.ID, "mandate %s has its matter", md.Node.ID)
				require.NotEmpty(t, md.Node.Matter.Name)
			}
		}
	}
	return teams, members, mandates
}

const nestedQuestionsQuery = `query($n: Int!) {
  matters(first: $n) { nodes { id
    whoCanAct { person { id manager { id } } grants { mandate { id } team { id } } }
  } }
}`

type nestedQuestions struct {
	Matters struct {
		Nodes []struct {
			ID        string
			WhoCanAct []struct {
				Person struct {
					ID      string
					Manager *ref
				}
				Grants []struct {
					Mandate ref
					Team    *ref
				}
			}
		}
	}
}

// counts is the number of matters, actors, actors with a manager, and grants.
func (d nestedQuestions) counts() (matters, actors, managed, grants int) {
	for _, m := range d.Matters.Nodes {
		matters++
		for _, a := range m.WhoCanAct {
			actors++
			if a.Person.Manager != nil {
				managed++
			}
			grants += len(a.Grants)
		}
	}
	return matters, actors, managed, grants
}

// The nested reads of issue 5 cost a fixed number of round trips, whatever
// the page sizes.
func TestRoundTripsDoNotGrowWithPageSize(t *testing.T) {
	s := newSynthServer(t)

	t.Run("teams, members, mandates, matters", func(t *testing.T) {
		trips := map[int]int{}
		for _, n := range []int{5, 50} {
			var data nestedTeams
			trips[n] = s.roundTrips(t, nestedTeamsQuery, map[string]any{"n": n}, &data)
			teams, members, mandates := data.counts(t)
			t.Logf("teams(first: %d): %d teams, %d members, %d mandates in %d round trips", n, teams, members, mandates, trips[n])
			assert.Equal(t, n, teams)
			assert.Positive(t, members, "some members")
			assert.Positive(t, mandates, "some mandates")
		}
		assert.Equal(t, trips[5], trips[50], "round trips do not grow with first")
		assert.LessOrEqual(t, trips[50], maxRoundTrips)
	})

	t.Run("matters, whoCanAct, managers, grants", func(t *testing.T) {
		trips := map[int]int{}
		for _, n := range []int{3, 30} {
			var data nestedQuestions
			trips[n] = s.roundTrips(t, nestedQuestionsQuery, map[string]any{"n": n}, &data)
			matters, actors, managed, grants := data.counts()
			t.Logf("matters(first: %d): %d matters, %d actors (%d with a manager), %d grants in %d round trips", n, matters, actors, managed, grants, trips[n])
			assert.Equal(t, n, matters)
			assert.Positive(t, actors, "someone can act")
			assert.Positive(t, managed, "some actors have a manager")
			assert.GreaterOrEqual(t, grants, actors, "every actor has a grant")
		}
		assert.Equal(t, trips[3], trips[30], "round trips do not grow with first")
		assert.LessOrEqual(t, trips[30], maxRoundTrips)
	})

	// A field's arguments are parsed afresh for every object; the same
	// arguments must still make one load for the whole page.
	t.Run("nested fields with an amount or a role", func(t *testing.T) {
		for _, q := range []struct{ name, query string }{
			{"members(role)", `query($n: Int!) { teams(first: $n) { nodes { id members(role: LEAD) { totalCount } } } }`},
			{"whoCanAct(amount)", `query($n: Int!) { matters(first: $n) { nodes { id whoCanAct(amount: 10) { person { id } } } } }`},
		} {
			trips := map[int]int{}
			for _, n := range []int{5, 40} {
				var data map[string]any
				trips[n] = s.roundTrips(t, q.query, map[string]any{"n": n}, &data)
			}
			assert.Equal(t, trips[5], trips[40], "%s: round trips do not grow with first", q.name)
			assert.LessOrEqual(t, trips[40], maxRoundTrips, q.name)
		}
	})

	// Which queries run must not depend on timing: the same request costs
	// the same round trips every time.
	t.Run("the same query costs the same each time", func(t *testing.T) {
		for _, q := range []struct {
			name, query string
			out         func() any
		}{
			{"teams", nestedTeamsQuery, func() any { return &nestedTeams{} }},
			{"matters", nestedQuestionsQuery, func() any { return &nestedQuestions{} }},
		} {
			var seen []int
			for i := 0; i < 5; i++ {
				seen = append(seen, s.roundTrips(t, q.query, map[string]any{"n": 30}, q.out()))
			}
			for _, n := range seen {
				assert.Equal(t, seen[0], n, "%s: round trips of five runs: %v", q.name, seen)
			}
		}
	})
}

func TestRoundTripsOnlyWhenAsked(t *testing.T) {
	s := newTestOrgServer(t)
	res := s.post(t, `{ people { totalCount } }`, nil, nil)
	require.Empty(t, res.Errors)
	assert.NotContains(t, res.Extensions, "dbRoundTrips")

	var data struct{ People struct{ TotalCount int } }
	assert.Equal(t, 1, s.roundTrips(t, `{ people { totalCount } }`, nil, &data), "one list, one round trip")
	assert.Equal(t, 4, data.People.TotalCount)
}
