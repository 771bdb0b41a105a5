package graph_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
)

func TestMembershipIDRoundTrips(t *testing.T) {
	cases := []struct {
		name, person, team, id string
	}{
		{"plain ids are joined by a slash", "p1", "t1", "p1/t1"},
		{"a slash inside an id is escaped", "a/b", "c", `a\/b/c`},
		{"a backslash inside an id is escaped", `a\`, `/t`, `a\\/\/t`},
		{"empty ids still make two parts", "", "", "/"},
		{"bytes that are not UTF-8 survive", "p\xff", "t\xfe", "p\xff/t\xfe"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			id := graph.MembershipID(c.person, c.team)
			assert.Equal(t, c.id, id)
			person, team, ok := graph.SplitMembershipID(id)
			require.True(t, ok)
			assert.Equal(t, c.person, person)
			assert.Equal(t, c.team, team)
		})
	}
}

func TestSplitMembershipIDRefusesWhatMembershipIDNeverMakes(t *testing.T) {
	for _, id := range []string{"no-slash", "a/b/c", `a\x/b`, `a/b\`} {
		_, _, ok := graph.SplitMembershipID(id)
		assert.False(t, ok, id)
	}
}

func FuzzMembershipID(f *testing.F) {
	f.Add("p", "t")
	f.Add(`a\/`, `/\`)
	f.Fuzz(func(t *testing.T, person, team string) {
		p, tm, ok := graph.SplitMembershipID(graph.MembershipID(person, team))
		if !ok || p != person || tm != team {
			t.Fatalf("MembershipID(%q, %q) splits into %q, %q, %v", person, team, p, tm, ok)
		}
	})
}

func str(s string) *string { return &s }

// base is a small org the history tests change.
func base() *graph.Snapshot {
	return &graph.Snapshot{
		People: []graph.Person{
			{ID: "ceo", Name: "Ingrid", Active: true},
			{ID: "ann", Name: "Ann", Manager: str("ceo"), Active: true},
			{ID: "bo", Name: "Bo", Manager: str("ann"), Active: true},
		},
		Teams:       []graph.Team{{ID: "cards", Name: "Cards", Kind: graph.TeamKindUnit}},
		Memberships: []graph.Membership{{Person: "ann", Team: "cards", Role: graph.RoleLead}, {Person: "bo", Team: "cards", Role: graph.RoleMember}},
		Matters:     []graph.Matter{{ID: "fee", Name: "Fee"}},
		Touchpoints: []graph.Touchpoint{{ID: "web", Name: "Web", Channel: graph.ChannelWeb}},
	}
}

func plan(t *testing.T, before *graph.Snapshot, c graph.Change) graph.Plan {
	t.Helper()
	after, problems := graph.Apply(before, c)
	require.Empty(t, problems)
	return graph.Diff(before, after)
}

func entries(t *testing.T, p graph.Plan) []graph.ChangeEntry {
	t.Helper()
	e := graph.PlanEntries(p)
	out := make([]graph.ChangeEntry, e.Len())
	for i := range out {
		var err error
		out[i], err = e.At(i)
		require.NoError(t, err)
	}
	return out
}

func TestPlanEntriesRecordEveryEntityWithItsStateBeforeAndAfter(t *testing.T) {
	p := plan(t, base(), graph.Change{
		Put: graph.Snapshot{
			People:      []graph.Person{{ID: "ann", Name: "Ann Lind", Manager: str("ceo"), Active: true}, {ID: "cy", Name: "Cy", Active: true}},
			Memberships: []graph.Membership{{Person: "ann", Team: "cards", Role: graph.RoleMember}},
		},
		Remove: graph.Removal{People: []string{"bo"}},
	})
	got := entries(t, p)
	type short struct {
		Seq           int
		Type          graph.EntityType
		ID            string
		Op            graph.ChangeOp
		Before, After string
	}
	var shorts []short
	for _, e := range got {
		shorts = append(shorts, short{e.Seq, e.Type, e.ID, e.Op, string(e.Before), string(e.After)})
	}
	assert.Equal(t, []short{
		{0, graph.EntityPerson, "cy", graph.OpCreate, "", `{"id":"cy","name":"Cy","active":true}`},
		{1, graph.EntityPerson, "ann", graph.OpUpdate, `{"id":"ann","name":"Ann","manager":"ceo","active":true}`, `{"id":"ann","name":"Ann Lind","manager":"ceo","active":true}`},
		{2, graph.EntityPerson, "bo", graph.OpDelete, `{"id":"bo","name":"Bo","manager":"ann","active":true}`, ""},
		{3, graph.EntityMembership, "ann/cards", graph.OpUpdate, `{"person":"ann","team":"cards","role":"LEAD"}`, `{"person":"ann","team":"cards","role":"MEMBER"}`},
		{4, graph.EntityMembership, "bo/cards", graph.OpDelete, `{"person":"bo","team":"cards","role":"MEMBER"}`, ""},
	}, shorts)
	assert.Equal(t, p.Report.Created+p.Report.Updated+p.Report.Deleted, len(got), "one entry per counted entity")
}

func TestPlanEntriesWriteATouchpointsEmptyListsAsAnExportDoes(t *testing.T) {
	got := entries(t, plan(t, &graph.Snapshot{}, graph.Change{Put: graph.Snapshot{Touchpoints: []graph.Touchpoint{{ID: "tp", Name: "TP", Channel: graph.ChannelApp}}}}))
	require.Len(t, got, 1)
	assert.JSONEq(t, `{"id":"tp","name":"TP","channel":"APP","selfService":false,"staffedBy":[],"escalatesTo":[],"handles":[]}`, string(got[0].After))
}

// applyOrFail applies c to s and fails the test on problems.
func applyOrFail(t *testing.T, s *graph.Snapshot, c graph.Change) *graph.Snapshot {
	t.Helper()
	after, problems := graph.Apply(s, c)
	require.Empty(t, problems)
	return after
}

func TestRevertGivesBackTheOrgBeforeTheChange(t *testing.T) {
	cases := []struct {
		name   string
		change graph.Change
	}{
		{"a created person is removed", graph.Change{Put: graph.Snapshot{People: []graph.Person{{ID: "cy", Name: "Cy", Manager: str("bo"), Active: true}}}}},
		{"an overwritten person is put back", graph.Change{Put: graph.Snapshot{People: []graph.Person{{ID: "bo", Name: "Bo Ek", Manager: str("ceo")}}}}},
		{"a deleted person comes back with their memberships", graph.Change{Remove: graph.Removal{People: []string{"bo"}}}},
		{"a re-roled membership gets its old role", graph.Change{Put: graph.Snapshot{Memberships: []graph.Membership{{Person: "bo", Team: "cards", Role: graph.RoleLead}}}}},
		{"a removed membership comes back", graph.Change{Remove: graph.Removal{Memberships: []graph.Membership{{Person: "ann", Team: "cards"}}}}},
		{"a new team with a new member goes with its member", graph.Change{Put: graph.Snapshot{
			Teams:       []graph.Team{{ID: "squad", Name: "Squad", Kind: graph.TeamKindTeam, Parent: str("cards")}},
			Memberships: []graph.Membership{{Person: "ceo", Team: "squad", Role: graph.RoleLead}},
		}}},
		{"a replace of everything is undone whole", graph.Change{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := base()
			var after *graph.Snapshot
			if c.name == "a replace of everything is undone whole" {
				after = &graph.Snapshot{}
			} else {
				after = applyOrFail(t, before, c.change)
			}
			p := graph.Diff(before, after)
			require.False(t, p.Empty())
			undo, conflicts, err := graph.Revert(entries(t, p), after)
			require.NoError(t, err)
			require.Empty(t, conflicts)
			back := applyOrFail(t, after, undo)
			assert.True(t, graph.Diff(back, before).Empty(), "reverted org differs from the one before: %+v", graph.Diff(back, before).Report)
		})
	}
}

func TestRevertRefusesWhatChangedSince(t *testing.T) {
	before := base()
	change := graph.Change{Put: graph.Snapshot{
		People:      []graph.Person{{ID: "ann", Name: "Ann Lind", Manager: str("ceo"), Active: true}, {ID: "cy", Name: "Cy", Active: true}},
		Memberships: []graph.Membership{{Person: "cy", Team: "cards", Role: graph.RoleMember}},
	}, Remove: graph.Removal{Teams: nil, Matters: []string{"fee"}}}
	after := applyOrFail(t, before, change)
	es := entries(t, graph.Diff(before, after))

	cases := []struct {
		name  string
		later graph.Change
		want  []graph.EntityKey
	}{
		{"nothing changed since: no conflict", graph.Change{}, nil},
		{"an overwritten entity overwritten again", graph.Change{Put: graph.Snapshot{People: []graph.Person{{ID: "ann", Name: "Ann L", Active: true}}}},
			[]graph.EntityKey{{Type: graph.EntityPerson, ID: "ann"}}},
		{"a created entity deleted since, with its membership", graph.Change{Remove: graph.Removal{People: []string{"cy"}}},
			[]graph.EntityKey{{Type: graph.EntityPerson, ID: "cy"}, {Type: graph.EntityMembership, ID: "cy/cards"}}},
		{"a deleted entity created again", graph.Change{Put: graph.Snapshot{Matters: []graph.Matter{{ID: "fee", Name: "Fee"}}}},
			[]graph.EntityKey{{Type: graph.EntityMatter, ID: "fee"}}},
		{"a change and its undoing by hand leave no conflict", graph.Change{Put: graph.Snapshot{People: []graph.Person{{ID: "ann", Name: "Ann Lind", Manager: str("ceo"), Active: true}}}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			now := applyOrFail(t, after, c.later)
			_, conflicts, err := graph.Revert(es, now)
			require.NoError(t, err)
			assert.ElementsMatch(t, c.want, conflicts)
		})
	}
}

func TestRevertComparesTimesAsInstants(t *testing.T) {
	// A mandate's times recorded in UTC equal the same instants read back
	// in another zone.
	mandate := `{"id":"md","name":"M","matter":"fee","holder":{"type":"PERSON","id":"ann"},"validFrom":"2025-01-01T00:00:00Z"}`
	entry := graph.ChangeEntry{Type: graph.EntityMandate, ID: "md", Op: graph.OpCreate, After: json.RawMessage(mandate)}
	var md graph.Mandate
	require.NoError(t, json.Unmarshal([]byte(`{"id":"md","name":"M","matter":"fee","holder":{"type":"PERSON","id":"ann"},"validFrom":"2025-01-01T01:00:00+01:00"}`), &md))
	_, conflicts, err := graph.Revert([]graph.ChangeEntry{entry}, &graph.Snapshot{Mandates: []graph.Mandate{md}})
	require.NoError(t, err)
	assert.Empty(t, conflicts)
}

func TestDeletionGuard(t *testing.T) {
	hr := graph.Principal{Name: "sync", Role: graph.HRRole}
	admin := graph.Principal{Name: "root", Role: graph.AdminRole}
	cases := []struct {
		name                        string
		p                           graph.Principal
		removed, configured, active int
		wantHeld                    bool
	}{
		{"ten people may always go", hr, 10, 0, 20, false},
		{"eleven of a small org are held", hr, 11, 0, 20, true},
		{"5 % of a large org may go", hr, 500, 0, 10000, false},
		{"more than 5 % of a large org are held", hr, 501, 0, 10000, true},
		{"a configured limit replaces the default", hr, 3, 2, 10000, true},
		{"a configured limit allows up to itself", hr, 2, 2, 10000, false},
		{"an admin is never held", admin, 10000, 0, 10000, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.wantHeld, graph.Guarded(c.p, c.removed, c.configured, c.active))
		})
	}
}

func TestPeopleRemovedCountsDeletionsAndDeactivationsOfActivePeople(t *testing.T) {
	org := base()
	org.People = append(org.People, graph.Person{ID: "gone", Name: "Gone", Active: false})
	p := plan(t, org, graph.Change{
		Put:    graph.Snapshot{People: []graph.Person{{ID: "ann", Name: "Ann", Manager: str("ceo"), Active: false}}},
		Remove: graph.Removal{People: []string{"bo", "gone"}},
	})
	assert.Equal(t, 2, p.PeopleRemoved(), "bo deleted and ann deactivated count; an inactive person deleted does not")
}
