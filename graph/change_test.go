package graph_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
)

func personByID(t *testing.T, s *graph.Snapshot, id string) graph.Person {
	t.Helper()
	for _, p := range s.People {
		if p.ID == id {
			return p
		}
	}
	require.Failf(t, "no such person", "%q", id)
	return graph.Person{}
}

func ids[T any](items []T, id func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	return out
}

func personID(p graph.Person) string         { return p.ID }
func teamID(t graph.Team) string             { return t.ID }
func matterID(m graph.Matter) string         { return m.ID }
func mandateID(m graph.Mandate) string       { return m.ID }
func touchpointID(t graph.Touchpoint) string { return t.ID }

func TestApplyNothingKeepsBase(t *testing.T) {
	after, problems := graph.Apply(baseOrg(), graph.Change{})
	assert.Empty(t, problems)
	assert.Equal(t, baseOrg(), after)
}

func TestApplyToNothingIsTheSnapshot(t *testing.T) {
	after, problems := graph.Apply(nil, graph.Change{Put: *baseOrg()})
	assert.Empty(t, problems)
	assert.Equal(t, baseOrg(), after)
}

func TestApplyLeavesItsInputsAlone(t *testing.T) {
	base := baseOrg()
	put := graph.Snapshot{
		People:      []graph.Person{{ID: "p2", Name: "Bo", Active: true}},
		Memberships: []graph.Membership{{Person: "p3", Team: "t3", Role: graph.RoleLead}},
	}
	_, problems := graph.Apply(base, graph.Change{Put: put, Remove: graph.Removal{People: []string{"p4"}}})
	assert.Empty(t, problems)
	assert.Equal(t, baseOrg(), base)
	assert.Equal(t, []graph.Person{{ID: "p2", Name: "Bo", Active: true}}, put.People)
}

func TestApplyMerge(t *testing.T) {
	t.Run("an existing person is overwritten whole, dropping an omitted manager", func(t *testing.T) {
		after, problems := graph.Apply(baseOrg(), graph.Change{Put: graph.Snapshot{
			People: []graph.Person{{ID: "p2", Name: "Bo B.", Active: true}},
		}})
		require.Empty(t, problems)
		assert.Equal(t, graph.Person{ID: "p2", Name: "Bo B.", Active: true}, personByID(t, after, "p2"))
		assert.ElementsMatch(t, []string{"p1", "p2", "p3", "p4"}, ids(after.People, personID))
		assert.Equal(t, ptr("p2"), personByID(t, after, "p3").Manager, "untouched people keep their links")
		assert.Contains(t, after.Memberships, graph.Membership{Person: "p2", Team: "t2", Role: graph.RoleLead},
			"memberships are not a person's own links: they stay")
	})

	t.Run("an existing person overwritten with active absent becomes active", func(t *testing.T) {
		after, problems := graph.Apply(baseOrg(), graph.Change{Put: graph.Snapshot{
			People: []graph.Person{{ID: "p4", Name: "Di", Active: true}},
		}})
		require.Empty(t, problems)
		assert.True(t, personByID(t, after, "p4").Active)
	})

	t.Run("base entities of every type are kept", func(t *testing.T) {
		after, problems := graph.Apply(baseOrg(), graph.Change{Put: graph.Snapshot{
			People:      []graph.Person{{ID: "p5", Name: "Eve", Manager: ptr("p3"), Active: true}},
			Teams:       []graph.Team{{ID: "t4", Name: "Web squad", Kind: graph.TeamKindTeam, Parent: ptr("t1")}},
			Matters:     []graph.Matter{{ID: "m5", Name: "Annual fee refund", Parent: ptr("m2")}},
			Mandates:    []graph.Mandate{{ID: "d5", Name: "Annual fees", Matter: "m5", Holder: graph.Holder{Type: graph.HolderPerson, ID: "p5"}, Limit: ptr(50.0), DelegatedFrom: ptr("d3")}},
			Touchpoints: []graph.Touchpoint{{ID: "tp3", Name: "Chat", Channel: graph.ChannelChat, EscalatesTo: []string{"tp2"}, StaffedBy: []graph.Holder{{Type: graph.HolderTeam, ID: "t4"}}}},
		}})
		require.Empty(t, problems)
		assert.ElementsMatch(t, []string{"p1", "p2", "p3", "p4", "p5"}, ids(after.People, personID))
		assert.ElementsMatch(t, []string{"t1", "t2", "t3", "t4"}, ids(after.Teams, teamID))
		assert.ElementsMatch(t, []string{"m1", "m2", "m3", "m4", "m5"}, ids(after.Matters, matterID))
		assert.ElementsMatch(t, []string{"d1", "d2", "d3", "d4", "d5"}, ids(after.Mandates, mandateID))
		assert.ElementsMatch(t, []string{"tp1", "tp2", "tp3"}, ids(after.Touchpoints, touchpointID))
		assert.Equal(t, baseOrg().Memberships, after.Memberships)
	})

	t.Run("listed memberships are added or re-roled", func(t *testing.T) {
		after, problems := graph.Apply(baseOrg(), graph.Change{Put: graph.Snapshot{
			Memberships: []graph.Membership{
				{Person: "p3", Team: "t3", Role: graph.RoleLead},
				{Person: "p1", Team: "t1", Role: graph.RoleLead},
			},
		}})
		require.Empty(t, problems)
		assert.ElementsMatch(t, []graph.Membership{
			{Person: "p2", Team: "t2", Role: graph.RoleLead},
			{Person: "p3", Team: "t3", Role: graph.RoleLead},
			{Person: "p1", Team: "t1", Role: graph.RoleLead},
		}, after.Memberships)
	})

	t.Run("a put entity's problems have paths into the put", func(t *testing.T) {
		_, problems := graph.Apply(baseOrg(), graph.Change{Put: graph.Snapshot{
			People:      []graph.Person{{ID: "p5", Name: "Eve", Manager: ptr("ghost"), Active: true}},
			Memberships: []graph.Membership{{Person: "p5", Team: "t9", Role: graph.RoleMember}},
		}})
		assertProblems(t, problems,
			problem("people[0].manager", `"ghost"`),
			problem("memberships[0].team", `"t9"`))
	})

	t.Run("a put that closes a cycle through untouched entities", func(t *testing.T) {
		_, problems := graph.Apply(baseOrg(), graph.Change{Put: graph.Snapshot{
			People: []graph.Person{{ID: "p1", Name: "Ada", Manager: ptr("p3"), Active: true}},
		}})
		assertProblems(t, problems, problem("people[0].manager", "cycle", `"p1"`, `"p2"`, `"p3"`))
	})

	t.Run("duplicate ids within the put", func(t *testing.T) {
		_, problems := graph.Apply(baseOrg(), graph.Change{Put: graph.Snapshot{
			People: []graph.Person{{ID: "p5", Name: "Eve", Active: true}, {ID: "p5", Name: "Eve", Active: true}},
		}})
		assertProblems(t, problems, problem("people[1].id", `"p5"`, "people[0]"))
	})

	t.Run("a limit cut on a source mandate invalidates an untouched delegation", func(t *testing.T) {
		d1 := baseOrg().Mandates[0]
		d1.Limit = ptr(300.0)
		_, problems := graph.Apply(baseOrg(), graph.Change{Put: graph.Snapshot{Mandates: []graph.Mandate{d1}}})
		assertProblems(t, problems, problem(`existing.mandates["d2"].limit`, "500", "300", `"d1"`))
	})

	t.Run("a source mandate moved to another matter invalidates an untouched delegation", func(t *testing.T) {
		d1 := baseOrg().Mandates[0]
		d1.Matter = "m4"
		_, problems := graph.Apply(baseOrg(), graph.Change{Put: graph.Snapshot{Mandates: []graph.Mandate{d1}}})
		assertProblems(t, problems, problem(`existing.mandates["d2"].matter`, `"m2"`, `"d1"`))
	})

	t.Run("a source mandate's limit removed keeps its delegations valid", func(t *testing.T) {
		d1 := baseOrg().Mandates[0]
		d1.Limit = nil
		_, problems := graph.Apply(baseOrg(), graph.Change{Put: graph.Snapshot{Mandates: []graph.Mandate{d1}}})
		assert.Empty(t, problems)
	})

	t.Run("an untouched invalid entity is named by id", func(t *testing.T) {
		base := baseOrg()
		base.Memberships[0].Role = "OWNER"
		_, problems := graph.Apply(base, graph.Change{})
		assertProblems(t, problems, problem(`existing.memberships["p2 in t2"].role`, `"OWNER"`))
	})
}

func TestApplyRemove(t *testing.T) {
	cases := []struct {
		name    string
		change  graph.Change
		want    []want
		inspect func(t *testing.T, after *graph.Snapshot)
	}{
		{
			name:   "a person referenced as manager by untouched people",
			change: graph.Change{Remove: graph.Removal{People: []string{"p2"}}},
			want: []want{
				problem(`existing.people["p3"].manager`, `"p2"`),
				problem(`existing.people["p4"].manager`, `"p2"`),
			},
			inspect: func(t *testing.T, after *graph.Snapshot) {
				assert.ElementsMatch(t, []string{"p1", "p3", "p4"}, ids(after.People, personID))
				assert.Equal(t, []graph.Membership{{Person: "p3", Team: "t3", Role: graph.RoleMember}}, after.Memberships,
					"the removed person's memberships go with them")
			},
		},
		{
			name: "a person, with the people they manage re-managed in the same change",
			change: graph.Change{
				Put: graph.Snapshot{People: []graph.Person{
					{ID: "p3", Name: "Cy", Manager: ptr("p1"), Active: true},
					{ID: "p4", Name: "Di", Active: false},
				}},
				Remove: graph.Removal{People: []string{"p2"}},
			},
		},
		{
			name:   "a person holding a mandate and staffing a touchpoint",
			change: graph.Change{Remove: graph.Removal{People: []string{"p3"}}},
			want: []want{
				problem(`existing.mandates["d3"].holder.id`, `"p3"`),
				problem(`existing.touchpoints["tp2"].staffedBy[0].id`, `"p3"`),
			},
			inspect: func(t *testing.T, after *graph.Snapshot) {
				assert.Equal(t, []graph.Membership{{Person: "p2", Team: "t2", Role: graph.RoleLead}}, after.Memberships)
			},
		},
		{
			name:   "a team drops its memberships and breaks what refers to it",
			change: graph.Change{Remove: graph.Removal{Teams: []string{"t3"}}},
			want: []want{
				problem(`existing.mandates["d4"].holder.id`, `"t3"`),
				problem(`existing.touchpoints["tp2"].staffedBy[1].id`, `"t3"`),
			},
			inspect: func(t *testing.T, after *graph.Snapshot) {
				assert.Equal(t, []graph.Membership{{Person: "p2", Team: "t2", Role: graph.RoleLead}}, after.Memberships)
			},
		},
		{
			name:   "a parent team",
			change: graph.Change{Remove: graph.Removal{Teams: []string{"t1"}}},
			want:   []want{problem(`existing.teams["t2"].parent`, `"t1"`)},
		},
		{
			name:   "a parent matter",
			change: graph.Change{Remove: graph.Removal{Matters: []string{"m1"}}},
			want: []want{
				problem(`existing.matters["m2"].parent`, `"m1"`),
				problem(`existing.matters["m3"].parent`, `"m1"`),
				problem(`existing.mandates["d1"].matter`, `"m1"`),
			},
		},
		{
			name:   "a source mandate",
			change: graph.Change{Remove: graph.Removal{Mandates: []string{"d2"}}},
			want:   []want{problem(`existing.mandates["d3"].delegatedFrom`, `"d2"`)},
		},
		{
			name:   "a delegation chain, leaves first",
			change: graph.Change{Remove: graph.Removal{Mandates: []string{"d3", "d2"}}},
			inspect: func(t *testing.T, after *graph.Snapshot) {
				assert.Equal(t, []string{"d1", "d4"}, ids(after.Mandates, mandateID))
			},
		},
		{
			name:   "an escalation target",
			change: graph.Change{Remove: graph.Removal{Touchpoints: []string{"tp2"}}},
			want:   []want{problem(`existing.touchpoints["tp1"].escalatesTo[0]`, `"tp2"`)},
		},
		{
			name:   "a membership",
			change: graph.Change{Remove: graph.Removal{Memberships: []graph.Membership{{Person: "p3", Team: "t3"}}}},
			inspect: func(t *testing.T, after *graph.Snapshot) {
				assert.Equal(t, []graph.Membership{{Person: "p2", Team: "t2", Role: graph.RoleLead}}, after.Memberships)
			},
		},
		{
			name: "unknown ids",
			change: graph.Change{Remove: graph.Removal{
				People:      []string{"p1x"},
				Teams:       []string{"t1", "tx"},
				Matters:     []string{"mx"},
				Mandates:    []string{"dx"},
				Touchpoints: []string{"tpx"},
				Memberships: []graph.Membership{{Person: "p1", Team: "t1"}},
			}},
			want: []want{
				problem("remove.people[0]", `"p1x"`),
				problem("remove.teams[1]", `"tx"`),
				problem("remove.matters[0]", `"mx"`),
				problem("remove.mandates[0]", `"dx"`),
				problem("remove.touchpoints[0]", `"tpx"`),
				problem("remove.memberships[0]", `"p1"`, `"t1"`),
				problem(`existing.teams["t2"].parent`, `"t1"`), // t1 itself was removable
			},
		},
		{
			name:   "a person put in the change is not an existing one to remove",
			change: graph.Change{Put: graph.Snapshot{People: []graph.Person{{ID: "p5", Name: "Eve", Active: true}}}, Remove: graph.Removal{People: []string{"p5"}}},
			want:   []want{problem("remove.people[0]", `"p5"`)},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			after, problems := graph.Apply(baseOrg(), tc.change)
			assertProblems(t, problems, tc.want...)
			if tc.inspect != nil {
				tc.inspect(t, after)
			}
		})
	}
}

func TestApplyTwiceChangesNothing(t *testing.T) {
	put := graph.Snapshot{
		People:      []graph.Person{{ID: "p2", Name: "Bo B.", Manager: ptr("p1"), Active: true}, {ID: "p5", Name: "Eve", Active: true}},
		Memberships: []graph.Membership{{Person: "p5", Team: "t3", Role: graph.RoleMember}, {Person: "p3", Team: "t3", Role: graph.RoleLead}},
	}
	once, problems := graph.Apply(baseOrg(), graph.Change{Put: put})
	require.Empty(t, problems)
	first := graph.Diff(baseOrg(), once)
	assert.Equal(t, graph.ImportReport{Created: 2, Updated: 2, Unchanged: 17}, first.Report)

	twice, problems := graph.Apply(once, graph.Change{Put: put})
	require.Empty(t, problems)
	second := graph.Diff(once, twice)
	assert.True(t, second.Empty())
	assert.Equal(t, graph.ImportReport{Unchanged: 21}, second.Report)
}

// baseCount is the number of entities in baseOrg, memberships included.
const baseCount = 4 + 3 + 2 + 4 + 4 + 2

func TestDiffIdenticalIsEmpty(t *testing.T) {
	p := graph.Diff(baseOrg(), baseOrg())
	assert.True(t, p.Empty())
	assert.Equal(t, graph.ImportReport{Unchanged: baseCount}, p.Report)
	assert.Equal(t, graph.Snapshot{}, p.Create)
	assert.Equal(t, graph.Snapshot{}, p.Update)
	assert.Equal(t, graph.Removal{}, p.Delete)

	empty := graph.Diff(&graph.Snapshot{}, &graph.Snapshot{})
	assert.True(t, empty.Empty())
	assert.Equal(t, graph.ImportReport{}, empty.Report)
}

func TestDiffCounts(t *testing.T) {
	after := baseOrg()
	after.People[1].Name = "Bo B."                                                  // updated
	after.People = append(after.People[:3], graph.Person{ID: "p5", Name: "Eve"})    // p4 deleted, p5 created
	after.Memberships[1].Role = graph.RoleLead                                      // re-roled: updated
	after.Memberships[0] = graph.Membership{Person: "p1", Team: "t1", Role: "LEAD"} // p2 in t2 deleted, p1 in t1 created
	after.Mandates[2].ValidUntil = day(2027, 1, 1)                                  // updated
	after.Touchpoints[1].StaffedBy[0], after.Touchpoints[1].StaffedBy[1] =
		after.Touchpoints[1].StaffedBy[1], after.Touchpoints[1].StaffedBy[0] // reordered: updated

	p := graph.Diff(baseOrg(), after)
	assert.False(t, p.Empty())
	assert.Equal(t, graph.ImportReport{Created: 2, Updated: 4, Deleted: 2, Unchanged: baseCount - 6}, p.Report)
	assert.Equal(t, graph.Snapshot{
		People:      []graph.Person{{ID: "p5", Name: "Eve"}},
		Memberships: []graph.Membership{{Person: "p1", Team: "t1", Role: graph.RoleLead}},
	}, p.Create)
	assert.Equal(t, graph.Snapshot{
		People:      []graph.Person{after.People[1]},
		Memberships: []graph.Membership{{Person: "p3", Team: "t3", Role: graph.RoleLead}},
		Mandates:    []graph.Mandate{after.Mandates[2]},
		Touchpoints: []graph.Touchpoint{after.Touchpoints[1]},
	}, p.Update)
	assert.Equal(t, graph.Removal{
		People:      []string{"p4"},
		Memberships: []graph.Membership{{Person: "p2", Team: "t2"}},
	}, p.Delete)
	base := baseOrg()
	assert.Equal(t, graph.Snapshot{
		People:      []graph.Person{base.People[1], base.People[3]},
		Memberships: []graph.Membership{base.Memberships[1], base.Memberships[0]},
		Mandates:    []graph.Mandate{base.Mandates[2]},
		Touchpoints: []graph.Touchpoint{base.Touchpoints[1]},
	}, p.Before, "the earlier state of every updated and deleted entity")
}

func TestDiffFromAndToNothing(t *testing.T) {
	created := graph.Diff(&graph.Snapshot{}, baseOrg())
	assert.Equal(t, graph.ImportReport{Created: baseCount}, created.Report)
	assert.Equal(t, *baseOrg(), created.Create)

	deleted := graph.Diff(baseOrg(), &graph.Snapshot{})
	assert.Equal(t, graph.ImportReport{Deleted: baseCount}, deleted.Report)
	assert.Equal(t, *baseOrg(), deleted.Before)
	assert.Equal(t, graph.Removal{
		People:      []string{"p1", "p2", "p3", "p4"},
		Teams:       []string{"t1", "t2", "t3"},
		Matters:     []string{"m1", "m2", "m3", "m4"},
		Mandates:    []string{"d1", "d2", "d3", "d4"},
		Touchpoints: []string{"tp1", "tp2"},
		Memberships: []graph.Membership{{Person: "p2", Team: "t2"}, {Person: "p3", Team: "t3"}},
	}, deleted.Delete)
}

func TestDiffEquality(t *testing.T) {
	plus2 := time.FixedZone("UTC+2", 2*60*60)
	cases := []struct {
		name    string
		mutate  func(s *graph.Snapshot)
		changed bool
	}{
		// Equal: the same org, however it is spelled in Go.
		{"times equal by instant, in another zone", func(s *graph.Snapshot) {
			from := s.Mandates[2].ValidFrom.In(plus2)
			s.Mandates[2].ValidFrom = &from
		}, false},
		{"nil and empty lists", func(s *graph.Snapshot) {
			s.Touchpoints[0].StaffedBy = []graph.Holder{}
			s.Touchpoints[1].EscalatesTo = []string{}
		}, false},
		{"optional values behind fresh pointers", func(s *graph.Snapshot) {
			s.People[0].Email = ptr("ada@example.com")
			s.People[1].Manager = ptr("p1")
			s.Mandates[0].Limit = ptr(1000.0)
			s.Mandates[1].DelegatedFrom = ptr("d1")
			s.Teams[1].Parent = ptr("t1")
		}, false},
		{"entities in another order", func(s *graph.Snapshot) {
			s.People[0], s.People[3] = s.People[3], s.People[0]
			s.Memberships[0], s.Memberships[1] = s.Memberships[1], s.Memberships[0]
		}, false},

		// Changed: every field of every entity counts.
		{"person name", func(s *graph.Snapshot) { s.People[0].Name = "Ada L." }, true},
		{"person email", func(s *graph.Snapshot) { s.People[0].Email = ptr("ada@example.org") }, true},
		{"person email removed", func(s *graph.Snapshot) { s.People[0].Email = nil }, true},
		{"person title", func(s *graph.Snapshot) { s.People[0].Title = ptr("Chair") }, true},
		{"person manager", func(s *graph.Snapshot) { s.People[2].Manager = ptr("p1") }, true},
		{"person manager empty vs absent", func(s *graph.Snapshot) { s.People[0].Manager = ptr("") }, true},
		{"person active", func(s *graph.Snapshot) { s.People[3].Active = true }, true},
		{"team name", func(s *graph.Snapshot) { s.Teams[0].Name = "The bank" }, true},
		{"team kind", func(s *graph.Snapshot) { s.Teams[2].Kind = graph.TeamKindUnit }, true},
		{"team parent", func(s *graph.Snapshot) { s.Teams[2].Parent = ptr("t1") }, true},
		{"membership role", func(s *graph.Snapshot) { s.Memberships[0].Role = graph.RoleMember }, true},
		{"matter name", func(s *graph.Snapshot) { s.Matters[0].Name = "Card matters" }, true},
		{"matter parent", func(s *graph.Snapshot) { s.Matters[3].Parent = ptr("m1") }, true},
		{"mandate name", func(s *graph.Snapshot) { s.Mandates[0].Name = "All cards" }, true},
		{"mandate matter", func(s *graph.Snapshot) { s.Mandates[2].Matter = "m3" }, true},
		{"mandate holder type", func(s *graph.Snapshot) { s.Mandates[0].Holder.Type = graph.HolderTeam }, true},
		{"mandate holder id", func(s *graph.Snapshot) { s.Mandates[0].Holder.ID = "p2" }, true},
		{"mandate limit", func(s *graph.Snapshot) { s.Mandates[0].Limit = ptr(999.0) }, true},
		{"mandate limit 0 vs absent", func(s *graph.Snapshot) { s.Mandates[3].Limit = ptr(0.0) }, true},
		{"mandate delegatedFrom", func(s *graph.Snapshot) { s.Mandates[2].DelegatedFrom = ptr("d1") }, true},
		{"mandate validFrom", func(s *graph.Snapshot) { s.Mandates[2].ValidFrom = day(2025, 1, 2) }, true},
		{"mandate validFrom by a nanosecond", func(s *graph.Snapshot) {
			from := s.Mandates[2].ValidFrom.Add(time.Nanosecond)
			s.Mandates[2].ValidFrom = &from
		}, true},
		{"mandate validUntil removed", func(s *graph.Snapshot) { s.Mandates[2].ValidUntil = nil }, true},
		{"touchpoint name", func(s *graph.Snapshot) { s.Touchpoints[0].Name = "Website" }, true},
		{"touchpoint channel", func(s *graph.Snapshot) { s.Touchpoints[0].Channel = graph.ChannelApp }, true},
		{"touchpoint selfService", func(s *graph.Snapshot) { s.Touchpoints[0].SelfService = false }, true},
		{"touchpoint staffedBy order", func(s *graph.Snapshot) {
			st := s.Touchpoints[1].StaffedBy
			st[0], st[1] = st[1], st[0]
		}, true},
		{"touchpoint staffedBy holder type", func(s *graph.Snapshot) { s.Touchpoints[1].StaffedBy[1].Type = graph.HolderPerson }, true},
		{"touchpoint escalatesTo", func(s *graph.Snapshot) { s.Touchpoints[1].EscalatesTo = []string{"tp1"} }, true},
		{"touchpoint escalatesTo order", func(s *graph.Snapshot) { s.Touchpoints[0].EscalatesTo = []string{"tp2", "tp1"} }, true},
		{"touchpoint handles order", func(s *graph.Snapshot) {
			h := s.Touchpoints[1].Handles
			h[0], h[1] = h[1], h[0]
		}, true},
		{"touchpoint handled volume", func(s *graph.Snapshot) { s.Touchpoints[1].Handles[0].Volume = 201 }, true},
		{"touchpoint handled selfServiceRate", func(s *graph.Snapshot) { s.Touchpoints[1].Handles[0].SelfServiceRate = 0.25 }, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			after := baseOrg()
			tc.mutate(after)
			p := graph.Diff(baseOrg(), after)
			if !tc.changed {
				assert.True(t, p.Empty(), "plan: %+v", p)
				assert.Equal(t, graph.ImportReport{Unchanged: baseCount}, p.Report)
				return
			}
			assert.False(t, p.Empty())
			assert.Equal(t, graph.ImportReport{Updated: 1, Unchanged: baseCount - 1}, p.Report)
		})
	}
}

// Validate rejects duplicate ids, but Diff must still plan each id once:
// the first entity with an id counts, as in Validate.
func TestDiffDuplicateIDs(t *testing.T) {
	dup := &graph.Snapshot{
		People: []graph.Person{{ID: "p1", Name: "Ada"}, {ID: "p1", Name: "Ada twin"}, {ID: "p2", Name: "Bo"}},
		Memberships: []graph.Membership{
			{Person: "p1", Team: "t1", Role: graph.RoleLead}, {Person: "p1", Team: "t1", Role: graph.RoleMember},
		},
	}
	self := graph.Diff(dup, dup)
	assert.True(t, self.Empty(), "plan: %+v", self)
	assert.Equal(t, graph.ImportReport{Unchanged: 3}, self.Report)

	gone := graph.Diff(dup, &graph.Snapshot{})
	assert.Equal(t, graph.ImportReport{Deleted: 3}, gone.Report)
	assert.Equal(t, []string{"p1", "p2"}, gone.Delete.People)

	made := graph.Diff(&graph.Snapshot{}, dup)
	assert.Equal(t, graph.ImportReport{Created: 3}, made.Report)
	assert.Equal(t, []graph.Person{{ID: "p1", Name: "Ada"}, {ID: "p2", Name: "Bo"}}, made.Create.People)
}

func TestApplyPresence(t *testing.T) {
	newPerson := graph.Person{ID: "p5", Name: "Eve", Active: true}
	oldPerson := graph.Person{ID: "p2", Name: "Bo", Manager: ptr("p1"), Active: true}
	membership := graph.Membership{Person: "p5", Team: "t1", Role: graph.RoleMember}
	cases := []struct {
		name     string
		presence graph.Presence
		put      graph.Snapshot
		want     []want
	}{
		{"either: new and existing", graph.EitherNewOrExisting, graph.Snapshot{People: []graph.Person{newPerson, oldPerson}}, nil},
		{"must be new: a new id", graph.MustBeNew, graph.Snapshot{People: []graph.Person{newPerson}, Memberships: []graph.Membership{membership}}, nil},
		{"must be new: an existing id", graph.MustBeNew, graph.Snapshot{People: []graph.Person{newPerson, oldPerson}}, []want{problem("people[1].id", `"p2"`, "already exists")}},
		{"must be new: memberships may re-role", graph.MustBeNew, graph.Snapshot{Memberships: []graph.Membership{{Person: "p3", Team: "t3", Role: graph.RoleLead}}}, nil},
		{"must exist: an existing id", graph.MustExist, graph.Snapshot{People: []graph.Person{oldPerson}}, nil},
		{"must exist: a new id", graph.MustExist, graph.Snapshot{People: []graph.Person{oldPerson, newPerson}}, []want{problem("people[1].id", `"p5"`, "does not exist")}},
		{"must exist: every type", graph.MustExist, graph.Snapshot{
			Teams:       []graph.Team{{ID: "tx", Name: "X", Kind: graph.TeamKindUnit}},
			Matters:     []graph.Matter{{ID: "mx", Name: "X"}},
			Mandates:    []graph.Mandate{{ID: "dx", Name: "X", Matter: "m4", Holder: graph.Holder{Type: graph.HolderPerson, ID: "p1"}}},
			Touchpoints: []graph.Touchpoint{{ID: "tpx", Name: "X", Channel: graph.ChannelOther}},
		}, []want{
			problem("teams[0].id", `"tx"`), problem("matters[0].id", `"mx"`),
			problem("mandates[0].id", `"dx"`), problem("touchpoints[0].id", `"tpx"`),
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, problems := graph.Apply(baseOrg(), graph.Change{Put: tc.put, Presence: tc.presence})
			assertProblems(t, problems, tc.want...)
		})
	}
}
