package graph_test

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/internal/oracle"
)

// TestComposeStepsEqualsStepsInOrder pins the rule a scenario is laid and
// applied by: the net change of steps, applied in one go, leaves the org
// that applying the steps one after another leaves. Random orgs, random
// steps (those Apply refuses are left out, as changeScenario leaves them
// out), ten steps each.
func TestComposeStepsEqualsStepsInOrder(t *testing.T) {
	for seed := uint64(1); seed <= 300; seed++ {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 7))
			live := oracle.RandomOrg(rng, 4+rng.IntN(16))
			org := live
			var changes []graph.Change
			for i := range 10 {
				st := oracle.RandomStep(rng, org, i)
				c, problems := st.Change()
				require.Empty(t, problems, "random steps name each entity once")
				after, problems := graph.Apply(org, c)
				if len(problems) > 0 {
					continue
				}
				org = after
				changes = append(changes, c)
			}
			require.NotEmpty(t, changes, "no step of ten was valid")
			net := graph.ComposeSteps(changes)
			exists := map[graph.EntityKey]bool{}
			for _, k := range entityKeys(live) {
				exists[k] = true
			}
			got, problems := graph.Apply(live, net.KeepExisting(exists))
			require.Empty(t, problems)
			require.Equal(t, normal(org), normal(got))
		})
	}
}

func TestComposeStepsRules(t *testing.T) {
	live := &graph.Snapshot{
		People:      []graph.Person{{ID: "p1", Name: "Ann", Active: true}, {ID: "p2", Name: "Bo", Active: true}},
		Teams:       []graph.Team{{ID: "t1", Name: "T1", Kind: graph.TeamKindUnit}, {ID: "t2", Name: "T2", Kind: graph.TeamKindUnit}},
		Memberships: []graph.Membership{{Person: "p1", Team: "t1", Role: graph.RoleMember}, {Person: "p1", Team: "t2", Role: graph.RoleLead}},
	}
	tests := []struct {
		name  string
		steps []graph.Change
		want  *graph.Snapshot
	}{
		{
			name: "an entity created and then removed leaves nothing",
			steps: []graph.Change{
				{Put: graph.Snapshot{People: []graph.Person{{ID: "p3", Name: "Cy", Active: true}}}},
				{Remove: graph.Removal{People: []string{"p3"}}},
			},
			want: live,
		},
		{
			name: "a person removed and put again has lost the memberships it had",
			steps: []graph.Change{
				{Remove: graph.Removal{People: []string{"p1"}}},
				{Put: graph.Snapshot{People: []graph.Person{{ID: "p1", Name: "Ann again", Active: true}},
					Memberships: []graph.Membership{{Person: "p1", Team: "t2", Role: graph.RoleMember}}}},
			},
			want: &graph.Snapshot{
				People:      []graph.Person{{ID: "p1", Name: "Ann again", Active: true}, {ID: "p2", Name: "Bo", Active: true}},
				Teams:       live.Teams,
				Memberships: []graph.Membership{{Person: "p1", Team: "t2", Role: graph.RoleMember}},
			},
		},
		{
			name: "a membership added and then its team removed is gone with it",
			steps: []graph.Change{
				{Put: graph.Snapshot{Memberships: []graph.Membership{{Person: "p2", Team: "t2", Role: graph.RoleMember}}}},
				{Remove: graph.Removal{Teams: []string{"t2"}}},
			},
			want: &graph.Snapshot{People: live.People, Teams: live.Teams[:1], Memberships: live.Memberships[:1]},
		},
		{
			name: "the last put of an entity wins",
			steps: []graph.Change{
				{Put: graph.Snapshot{People: []graph.Person{{ID: "p2", Name: "Bo 2", Active: true}}}},
				{Put: graph.Snapshot{People: []graph.Person{{ID: "p2", Name: "Bo 3", Active: false}}}},
			},
			want: &graph.Snapshot{People: []graph.Person{live.People[0], {ID: "p2", Name: "Bo 3"}}, Teams: live.Teams, Memberships: live.Memberships},
		},
		{
			name: "a membership removed and added again keeps the new role",
			steps: []graph.Change{
				{Remove: graph.Removal{Memberships: []graph.Membership{{Person: "p1", Team: "t1"}}}},
				{Put: graph.Snapshot{Memberships: []graph.Membership{{Person: "p1", Team: "t1", Role: graph.RoleLead}}}},
			},
			want: &graph.Snapshot{People: live.People, Teams: live.Teams,
				Memberships: []graph.Membership{{Person: "p1", Team: "t1", Role: graph.RoleLead}, live.Memberships[1]}},
		},
	}
	exists := map[graph.EntityKey]bool{}
	for _, k := range entityKeys(live) {
		exists[k] = true
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, problems := graph.Apply(live, graph.ComposeSteps(tt.steps).KeepExisting(exists))
			require.Empty(t, problems)
			require.Equal(t, normal(tt.want), normal(got))
		})
	}
}

func entityKeys(s *graph.Snapshot) []graph.EntityKey {
	var out []graph.EntityKey
	for _, p := range s.People {
		out = append(out, graph.EntityKey{Type: graph.EntityPerson, ID: p.ID})
	}
	for _, t := range s.Teams {
		out = append(out, graph.EntityKey{Type: graph.EntityTeam, ID: t.ID})
	}
	for _, m := range s.Matters {
		out = append(out, graph.EntityKey{Type: graph.EntityMatter, ID: m.ID})
	}
	for _, x := range s.Mandates {
		out = append(out, graph.EntityKey{Type: graph.EntityMandate, ID: x.ID})
	}
	for _, tp := range s.Touchpoints {
		out = append(out, graph.EntityKey{Type: graph.EntityTouchpoint, ID: tp.ID})
	}
	for _, m := range s.Memberships {
		out = append(out, graph.EntityKey{Type: graph.EntityMembership, ID: graph.MembershipID(m.Person, m.Team)})
	}
	return out
}

// normal is s with every list sorted by id and empty lists nil, so that
// two snapshots of one org compare equal.
func normal(s *graph.Snapshot) graph.Snapshot {
	n := graph.Snapshot{
		People: slices.Clone(s.People), Teams: slices.Clone(s.Teams), Memberships: slices.Clone(s.Memberships),
		Matters: slices.Clone(s.Matters), Mandates: slices.Clone(s.Mandates), Touchpoints: slices.Clone(s.Touchpoints),
	}
	slices.SortFunc(n.People, func(a, b graph.Person) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(n.Teams, func(a, b graph.Team) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(n.Memberships, func(a, b graph.Membership) int {
		return cmp.Or(cmp.Compare(a.Person, b.Person), cmp.Compare(a.Team, b.Team))
	})
	slices.SortFunc(n.Matters, func(a, b graph.Matter) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(n.Mandates, func(a, b graph.Mandate) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(n.Touchpoints, func(a, b graph.Touchpoint) int { return cmp.Compare(a.ID, b.ID) })
	if len(n.People) == 0 {
		n.People = nil
	}
	if len(n.Teams) == 0 {
		n.Teams = nil
	}
	if len(n.Memberships) == 0 {
		n.Memberships = nil
	}
	if len(n.Matters) == 0 {
		n.Matters = nil
	}
	if len(n.Mandates) == 0 {
		n.Mandates = nil
	}
	if len(n.Touchpoints) == 0 {
		n.Touchpoints = nil
	}
	return n
}
