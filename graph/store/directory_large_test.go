package store

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
)

// largeTeamOrg has a team of n members (one of them its lead), a team of
// one, and someone in neither.
func largeTeamOrg(n int) *graph.Snapshot {
	s := &graph.Snapshot{Teams: []graph.Team{{ID: "big", Name: "Big", Kind: graph.TeamKindUnit}, {ID: "small", Name: "Small", Kind: graph.TeamKindTeam}}}
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("p%05d", i)
		s.People = append(s.People, graph.Person{ID: id, Name: "Person " + id, Active: true})
		role := graph.RoleMember
		if i == 0 {
			role = graph.RoleLead
		}
		s.Memberships = append(s.Memberships, graph.Membership{Person: id, Team: "big", Role: role})
	}
	s.People = append(s.People, graph.Person{ID: "solo", Name: "Solo", Active: true}, graph.Person{ID: "newbie", Name: "Newbie", Active: true})
	s.Memberships = append(s.Memberships, graph.Membership{Person: "solo", Team: "small", Role: graph.RoleLead})
	return s
}

// TestLargeTeamReadsWithoutItsMembers pins what a SCIM client's reads of
// a team of 5 000 cost the database, against a team of one: read without
// its members (excludedAttributes=members), and the one membership a
// one-member PATCH reads, cost what they cost for the small team.
func TestLargeTeamReadsWithoutItsMembers(t *testing.T) {
	s := testStore(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	_, err := s.Import(ctx, largeTeamOrg(5000), graph.ImportReplace, nil)
	require.NoError(t, err)

	teamHits := func(team string, withMembers bool) int64 {
		f := graph.Compare(graph.FieldTeamID, graph.CompareEq, team, false)
		c, err := compileFilter(&f)
		require.NoError(t, err)
		params := windowParams(graph.Window{Count: 1})
		for k, v := range c.params {
			params[k] = v
		}
		params["members"], params["leads"] = withMembers, false
		hits, plan, _ := profile(t, s, fmt.Sprintf(directoryTeams, c.where), params)
		if os.Getenv("ORGNET_SHOW_PLANS") != "" {
			t.Logf("%s (members %v): %d db hits\n%s", team, withMembers, hits, plan)
		}
		return hits
	}
	bigBare, smallBare := teamHits("big", false), teamHits("small", false)
	bigFull := teamHits("big", true)
	t.Logf("db hits reading a team: 5 000 members without them %d, with them %d; one member without %d", bigBare, bigFull, smallBare)
	assert.Less(t, bigBare, bigFull/20, "reading the team without its members must not walk them")
	assert.InDelta(t, smallBare, bigBare, 40, "without its members, a team of 5 000 reads as a team of one does")

	membershipHits := func(team string) int64 {
		hits, plan, _ := profile(t, s, teamMembershipsOf, map[string]any{"team": team, "people": []string{"newbie", "p04321"}})
		if os.Getenv("ORGNET_SHOW_PLANS") != "" {
			t.Logf("memberships in %s: %d db hits\n%s", team, hits, plan)
		}
		return hits
	}
	big, small := membershipHits("big"), membershipHits("small")
	t.Logf("db hits reading two people's memberships: in the team of 5 000 %d, in the team of one %d", big, small)
	assert.InDelta(t, small, big, 20, "the memberships of named people are read from the people, not the team")

	// And the store's answers: the leads without the members.
	byID := graph.Compare(graph.FieldTeamID, graph.CompareEq, "big", false)
	page, err := s.FindTeams(ctx, &byID, graph.Window{Count: 1}, graph.TeamParts{})
	require.NoError(t, err)
	require.Len(t, page.Teams, 1)
	assert.Nil(t, page.Teams[0].Members)
	assert.Nil(t, page.Teams[0].Leads)
	for _, parts := range []graph.TeamParts{{Leads: true}, {Members: true}} {
		page, err = s.FindTeams(ctx, &byID, graph.Window{Count: 1}, parts)
		require.NoError(t, err)
		assert.Equal(t, []string{"p00000"}, page.Teams[0].Leads, "leads read %+v", parts)
	}
	assert.Len(t, page.Teams[0].Members, 5000)
	found, err := s.TeamMembershipsOf(ctx, "big", []string{"newbie", "p04321"})
	require.NoError(t, err)
	assert.Equal(t, []graph.TeamMember{{Person: "p04321", Name: "Person p04321", Role: graph.RoleMember}}, found)
}

// testStore opens the test database of `make test` (ORGNET_TEST_NEO4J_URI),
// emptied and migrated. (testneo4j does this for tests outside the
// package; it imports the store, so the store's own tests cannot use it.)
func testStore(t testing.TB) *Store {
	t.Helper()
	if testing.Short() {
		t.Skip("needs Neo4j; skipped under -short")
	}
	uri := os.Getenv("ORGNET_TEST_NEO4J_URI")
	if uri == "" {
		t.Fatal("ORGNET_TEST_NEO4J_URI is not set: run the tests with `make test`, which starts a local Neo4j for them")
	}
	s, err := Open(Config{URI: uri, User: "neo4j", Password: os.Getenv("ORGNET_TEST_NEO4J_PASSWORD")})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	_, err = write(ctx, s, func(tx runner) (struct{}, error) {
		_, err := run(ctx, tx, "MATCH (n) DETACH DELETE n", nil)
		return struct{}{}, err
	})
	require.NoError(t, err)
	require.NoError(t, s.Migrate(ctx))
	return s
}
