package oracle

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/orgnet/orgnet/graph"
)

func TestMergePutsFirstOverwritesWholeAndDeletesNothing(t *testing.T) {
	base := &graph.Snapshot{
		People:      []graph.Person{newPerson("ann", ""), newPerson("bob", "ann")},
		Teams:       []graph.Team{newTeam("t", "")},
		Memberships: []graph.Membership{newMember("ann", "t"), newMember("bob", "t")},
	}
	lead := graph.Membership{Person: "bob", Team: "t", Role: graph.RoleLead}
	put := &graph.Snapshot{
		People:      []graph.Person{newPerson("cy", ""), newPerson("bob", "")}, // bob loses his manager: overwritten whole
		Memberships: []graph.Membership{lead},
	}
	got := Merge(base, put)
	assert.Equal(t, []graph.Person{newPerson("cy", ""), newPerson("bob", ""), newPerson("ann", "")}, got.People)
	assert.Equal(t, base.Teams, got.Teams)
	assert.Equal(t, []graph.Membership{lead, newMember("ann", "t")}, got.Memberships, "re-roled, and kept")
	assert.Len(t, base.People, 2, "the base is left alone")
}

func TestExercisers(t *testing.T) {
	o := New(&graph.Snapshot{
		People:      []graph.Person{newPerson("ann", ""), inactive(newPerson("bo", ""))},
		Teams:       []graph.Team{newTeam("t", ""), newTeam("u", "t")},
		Memberships: []graph.Membership{newMember("ann", "u"), newMember("bo", "t")},
	})
	for _, tc := range []struct {
		name   string
		holder graph.Holder
		want   map[string]bool
	}{
		{"an active person", byPerson("ann"), map[string]bool{"ann": true}},
		{"an inactive person", byPerson("bo"), nil},
		{"an unknown person", byPerson("zed"), nil},
		{"a team: its active members and those of the teams below", byTeam("t"), map[string]bool{"ann": true}},
		{"an unknown team", byTeam("nope"), map[string]bool{}},
		{"an unknown kind of holder", graph.Holder{Type: "BOT", ID: "ann"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) { assert.Equal(t, tc.want, o.Exercisers(tc.holder)) })
	}
}
