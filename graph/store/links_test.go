package store_test

import (
	"bytes"
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/internal/testneo4j"
	"github.com/orgnet/orgnet/seed"
)

// linkOrg is a synthetic org of 400 people in the test database, with what
// the links of docs/api.md §4 answer worked out from the snapshot itself.
type linkOrg struct {
	snap     *graph.Snapshot
	members  map[string][]graph.Membership // by team, in person id order
	managers map[string]string             // person → manager
	mandates map[string][]graph.Mandate    // person → mandates held directly, in id order
	people   map[string]graph.Person
	teams    map[string]graph.Team
	matters  map[string]graph.Matter
}

func newLinkOrg(t *testing.T, st *store.Store) *linkOrg {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, seed.Synth(&buf, seed.SynthOptions{People: 400, Seed: 3}))
	snap, err := graph.DecodeSnapshot(&buf)
	require.NoError(t, err)
	hImport(t, st, snap)
	o := &linkOrg{snap: snap, members: map[string][]graph.Membership{}, managers: map[string]string{}, mandates: map[string][]graph.Mandate{},
		people: map[string]graph.Person{}, teams: map[string]graph.Team{}, matters: map[string]graph.Matter{}}
	for _, p := range snap.People {
		o.people[p.ID] = p
		if p.Manager != nil {
			o.managers[p.ID] = *p.Manager
		}
	}
	for _, tm := range snap.Teams {
		o.teams[tm.ID] = tm
	}
	for _, m := range snap.Matters {
		o.matters[m.ID] = m
	}
	for _, m := range snap.Memberships {
		o.members[m.Team] = append(o.members[m.Team], m)
	}
	for _, ms := range o.members {
		slices.SortFunc(ms, func(a, b graph.Membership) int { return strings.Compare(a.Person, b.Person) })
	}
	for _, md := range snap.Mandates {
		if md.Holder.Type == graph.HolderPerson {
			o.mandates[md.Holder.ID] = append(o.mandates[md.Holder.ID], md)
		}
	}
	for _, mds := range o.mandates {
		slices.SortFunc(mds, func(a, b graph.Mandate) int { return strings.Compare(a.ID, b.ID) })
	}
	return o
}

// The link queries answer each parent's children in id order with the
// total, whole entities but for the people's managers, and the level below
// when asked for it in the same round trip.
func TestLinksAnswerTheSnapshot(t *testing.T) {
	st := testneo4j.Store(t)
	o := newLinkOrg(t, st)
	ctx := context.Background()
	all := graph.Page{First: 10_000}

	t.Run("members of every team at once: each team's own, in person id order, with role and the team", func(t *testing.T) {
		got, err := st.TeamMembers(ctx, slices.Sorted(maps.Keys(o.teams)), nil, all)
		require.NoError(t, err)
		for _, id := range slices.Sorted(maps.Keys(o.teams)) {
			want := o.members[id]
			c := got[id]
			require.Len(t, c.Items, len(want), "team %s", id)
			assert.Equal(t, len(want), c.Total, "team %s", id)
			assert.False(t, c.HasNext)
			for i, m := range c.Items {
				assert.Equal(t, want[i].Person, m.Person.ID)
				assert.Equal(t, want[i].Role, m.Role)
				assert.Equal(t, o.teams[id], m.Team, "the team whole, parent included")
				p := o.people[m.Person.ID]
				p.Manager = nil // a link's people come without their manager
				assert.Equal(t, p, m.Person)
			}
		}
	})

	t.Run("members a page at a time: after, first, total and a next page", func(t *testing.T) {
		largest := slices.Sorted(maps.Keys(o.teams))[0]
		for id, ms := range o.members {
			if len(ms) > len(o.members[largest]) {
				largest = id
			}
		}
		want := o.members[largest]
		require.Greater(t, len(want), 4, "a team large enough to page")
		var seen []string
		p := graph.Page{First: 3}
		for {
			got, err := st.TeamMembers(ctx, []string{largest}, nil, p)
			require.NoError(t, err)
			c := got[largest]
			assert.Equal(t, len(want), c.Total)
			for _, m := range c.Items {
				seen = append(seen, m.Person.ID)
			}
			if !c.HasNext {
				break
			}
			require.Len(t, c.Items, 3)
			p.After = c.Items[len(c.Items)-1].Person.ID
		}
		var wantIDs []string
		for _, m := range want {
			wantIDs = append(wantIDs, m.Person)
		}
		assert.Equal(t, wantIDs, seen)
	})

	t.Run("members of one role", func(t *testing.T) {
		lead := graph.RoleLead
		got, err := st.TeamMembers(ctx, slices.Sorted(maps.Keys(o.teams)), &lead, all)
		require.NoError(t, err)
		n := 0
		for id, c := range got {
			for _, m := range c.Items {
				n++
				assert.Equal(t, lead, m.Role, "team %s", id)
			}
		}
		want := 0
		for _, m := range o.snap.Memberships {
			if m.Role == lead {
				want++
			}
		}
		assert.Equal(t, want, n)
	})

	t.Run("members with their managers: the same pages, each member's manager beside", func(t *testing.T) {
		plain, err := st.TeamMembers(ctx, slices.Sorted(maps.Keys(o.teams)), nil, all)
		require.NoError(t, err)
		got, managers, err := st.TeamMembersManaged(ctx, slices.Sorted(maps.Keys(o.teams)), nil, all)
		require.NoError(t, err)
		require.Len(t, got, len(plain))
		n := 0
		for id, c := range got {
			require.Len(t, c.Items, len(plain[id].Items))
			for i, m := range c.Items {
				want := plain[id].Items[i]
				boss, hasBoss := o.managers[m.Person.ID]
				if hasBoss {
					n++
					want.Person.Manager = &boss
					manager := o.people[boss]
					manager.Manager = nil
					assert.Equal(t, manager, managers[m.Person.ID])
				} else {
					assert.NotContains(t, managers, m.Person.ID)
				}
				assert.Equal(t, want, m)
			}
		}
		assert.Positive(t, n)
	})

	t.Run("managers by person: none for a person without one or for no person", func(t *testing.T) {
		got, err := st.Managers(ctx, append(slices.Sorted(maps.Keys(o.people)), "nobody"))
		require.NoError(t, err)
		assert.Len(t, got, len(o.managers))
		for id, boss := range o.managers {
			assert.Equal(t, boss, got[id].ID, "the manager of %s", id)
		}
	})

	t.Run("mandates with their matters: the same pages, each mandate's matter beside", func(t *testing.T) {
		plain, err := st.PersonMandates(ctx, slices.Sorted(maps.Keys(o.people)), all)
		require.NoError(t, err)
		got, matters, err := st.PersonMandatesOver(ctx, slices.Sorted(maps.Keys(o.people)), all)
		require.NoError(t, err)
		assert.Equal(t, plain, got)
		require.NotEmpty(t, o.mandates)
		for id, want := range o.mandates {
			require.Len(t, got[id].Items, len(want), "person %s", id)
			for i, md := range got[id].Items {
				assert.Equal(t, want[i].ID, md.ID)
				assert.Equal(t, graph.Holder{Type: graph.HolderPerson, ID: id}, md.Holder)
				assert.Equal(t, o.matters[want[i].Matter], matters[md.ID])
			}
		}
	})

	t.Run("a parent without children, or no such parent, answers an empty page", func(t *testing.T) {
		var none string
		for _, id := range slices.Sorted(maps.Keys(o.people)) {
			if len(o.mandates[id]) == 0 {
				none = id
				break
			}
		}
		require.NotEmpty(t, none, "the org has a person with no mandate")
		got, err := st.PersonMandates(ctx, []string{none, "nobody"}, all)
		require.NoError(t, err)
		assert.Equal(t, graph.Conn[graph.Mandate]{}, got[none])
		assert.Equal(t, graph.Conn[graph.Mandate]{}, got["nobody"])
	})
}
