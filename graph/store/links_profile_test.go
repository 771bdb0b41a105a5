package store

import (
	"testing"

	"github.com/orgnet/orgnet/graph"
)

// TestProfileNestedRead prints the PROFILE of each level of the nested reads
// the benchmark compares with @neo4j/graphql (bench/README.md), as the
// resolvers ask them: a page of 50 teams, their members (up to 50 each),
// then each member's mandates with their matters, or the members with
// their managers in one query; and the levels a request asks separately
// when it selects less (each mandate's matter, each person's manager by
// id). It prints db hits per level and per membership, over four pages of
// teams from across the org. It runs as TestProfileQuestions does (see
// there):
//
//	ORGNET_PROFILE_NEO4J_URI=bolt://127.0.0.1:7691 ORGNET_PROFILE_ORG=10000 \
//	  go test ./graph/store/ -run TestProfileNestedRead -v -count=1
func TestProfileNestedRead(t *testing.T) {
	s, ctx := profileStore(t)
	page := graph.Page{First: 50}
	recs, err := s.query(ctx, `MATCH (t:Team) RETURN t.id ORDER BY t.id`, nil)
	if err != nil {
		t.Fatal(err)
	}
	var teamIDs []string
	for _, r := range recs {
		teamIDs = append(teamIDs, r.Values[0].(string))
	}
	if len(teamIDs) < 200 {
		t.Fatalf("%d teams: the nested read needs an org of some size", len(teamIDs))
	}

	var hits struct{ teams, members, managed, mandatesOver, mandates, matters, managers, memberships int64 }
	level := func(sum *int64, name, cypher string, params map[string]any, show bool) {
		h, plan, _ := profile(t, s, cypher, params)
		*sum += h
		if show {
			t.Logf("%s:\n%s", name, plan)
		}
	}
	for i, start := range []int{0, len(teamIDs) / 4, len(teamIDs) / 2, len(teamIDs) - 51} {
		show := i == 0
		level(&hits.teams, "a page of teams", teamsList.unfilteredQuery(), pageParams(graph.Page{First: 50, After: teamIDs[start]}), false)
		ids := teamIDs[start+1 : start+51]
		params := pageParams(page)
		params["ids"], params["role"] = ids, nil
		level(&hits.members, "members of 50 teams", teamMembersLink.query(), params, show)
		level(&hits.managed, "members of 50 teams with their managers", teamMembersManagedLink.query(), params, show)

		members, err := s.TeamMembers(ctx, ids, nil, page)
		if err != nil {
			t.Fatal(err)
		}
		var personIDs []string
		for _, c := range members {
			for _, m := range c.Items {
				personIDs = append(personIDs, m.Person.ID)
			}
		}
		hits.memberships += int64(len(personIDs))
		params = pageParams(page)
		params["ids"] = personIDs
		level(&hits.mandatesOver, "their mandates with the matters", personMandatesOverLink.query(), params, show)
		level(&hits.mandates, "their mandates", personMandatesLink.query(), params, false)
		level(&hits.managers, "their managers by id", managersQuery, map[string]any{"ids": personIDs}, false)

		mandates, err := s.PersonMandates(ctx, personIDs, page)
		if err != nil {
			t.Fatal(err)
		}
		var matterIDs []string
		for _, c := range mandates {
			for _, md := range c.Items {
				matterIDs = append(matterIDs, md.Matter)
			}
		}
		level(&hits.matters, "the mandates' matters by id", mattersByID, map[string]any{"ids": matterIDs}, false)
	}
	per := func(h int64) float64 { return float64(h) / float64(max(hits.memberships, 1)) }
	t.Logf("4 pages of 50 teams, %d memberships; db hits a membership: members %.1f, with managers %.1f, mandates with matters %.1f (mandates alone %.1f, then matters by id %.1f), managers by id %.1f",
		hits.memberships, per(hits.members), per(hits.managed), per(hits.mandatesOver), per(hits.mandates), per(hits.matters), per(hits.managers))
	t.Logf("db hits a request: teams × members × mandates × matter %.0f, teams × members × manager %.0f",
		float64(hits.teams+hits.members+hits.mandatesOver)/4, float64(hits.teams+hits.managed)/4)
}
