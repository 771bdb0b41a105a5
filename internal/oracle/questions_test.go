package oracle

// Who can act (docs/questions.md §2.1–§2.9): one clause at a time on tiny orgs, then the
// indexes the model keeps against the literal definitions on random orgs.

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
)

func TestMatterCoverage(t *testing.T) {
	o := New(&graph.Snapshot{
		People:   []graph.Person{newPerson("ann", "")},
		Matters:  []graph.Matter{newMatter("cards", ""), newMatter("fee", "cards"), newMatter("refund", "fee"), newMatter("loans", "")},
		Mandates: []graph.Mandate{personMandate("x", "fee", "ann")},
	})
	for _, tc := range []struct {
		matter string
		want   bool
	}{
		{"fee", true},     // its own matter
		{"refund", true},  // a child of it
		{"cards", false},  // its parent is broader: not covered
		{"loans", false},  // unrelated
		{"nosuch", false}, // unknown
	} {
		t.Run(tc.matter, func(t *testing.T) {
			ok, _ := o.CanAct("ann", tc.matter, nil, mid24)
			assert.Equal(t, tc.want, ok)
			assert.Equal(t, tc.want, o.Covers("fee", tc.matter))
		})
	}
	got := o.ActionableMatters("ann", nil, mid24)
	require.Len(t, got, 2)
	assert.Equal(t, "fee", got[0].Matter)
	assert.Equal(t, "refund", got[1].Matter)
	assert.Nil(t, got[1].Limit)
	assert.Equal(t, []Grant{{Mandate: "x", Via: ViaDirect}}, got[1].Grants)
}

func TestTeamMandateReachesTeamsBelow(t *testing.T) {
	o := New(&graph.Snapshot{
		People: []graph.Person{newPerson("ann", ""), newPerson("bob", ""), newPerson("cat", ""), inactive(newPerson("dan", "")), newPerson("eve", "")},
		Teams:  []graph.Team{newTeam("ops", ""), newTeam("north", "ops"), newTeam("a", "north"), newTeam("sales", "")},
		Memberships: []graph.Membership{
			newMember("ann", "a"),                              // in a team two below
			newMember("bob", "ops"), newMember("bob", "north"), // in two teams of desc(ops)
			newMember("cat", "sales"), // elsewhere
			newMember("dan", "a"),     // inactive
			newMember("eve", "a"), newMember("eve", "sales"),
		},
		Matters:  []graph.Matter{newMatter("m", "")},
		Mandates: []graph.Mandate{withLimit(teamMandate("x", "m", "ops"), 500), teamMandate("y", "m", "sales")},
	})
	assert.Equal(t, map[string]bool{"north": true, "a": true}, o.TeamClosure("north"))
	assert.Equal(t, map[string]bool{"ops": true, "north": true, "a": true}, o.TeamClosure("ops"))
	assert.Empty(t, o.TeamClosure("nosuch"))
	assert.Equal(t, map[string]bool{"ann": true, "bob": true, "eve": true}, o.Members("ops"))
	assert.Equal(t, map[string]bool{"ann": true, "eve": true}, o.Members("a"))

	who := o.WhoCanAct("m", nil, mid24)
	assert.Equal(t, []string{"ann", "bob", "cat", "eve"}, personIDs(who))
	x := Grant{Mandate: "x", Via: ViaTeam, Team: "ops", Limit: ptr(500.0)}
	y := Grant{Mandate: "y", Via: ViaTeam, Team: "sales"}
	assert.Equal(t, []Grant{x}, who[0].Grants, "the grant names the holding team, not the team below")
	assert.Equal(t, []Grant{x}, who[1].Grants, "one grant per mandate however many teams of desc(ops) bob is in")
	assert.Equal(t, ptr(500.0), who[1].Limit)
	assert.Equal(t, []Grant{x, y}, who[3].Grants)
	assert.Nil(t, who[3].Limit, "unlimited wins")
	ok, _ := o.CanAct("dan", "m", nil, mid24)
	assert.False(t, ok, "an inactive member does not act")
}

func TestDelegationFromExpiredSource(t *testing.T) {
	o := New(&graph.Snapshot{
		People:  []graph.Person{newPerson("ann", ""), newPerson("bob", ""), newPerson("cat", "")},
		Matters: []graph.Matter{newMatter("m", "")},
		Mandates: []graph.Mandate{
			validIn(personMandate("src", "m", "ann"), nil, ptr(y2025)),                     // expires 2025
			delegatedFrom(personMandate("d1", "m", "bob"), "src"),                          // no window of its own
			validIn(delegatedFrom(personMandate("d2", "m", "cat"), "d1"), ptr(y2026), nil), // starts after the root expired
		},
	})
	for _, tc := range []struct {
		mandate string
		at      time.Time
		want    bool
	}{
		{"src", mid24, true},
		{"d1", mid24, true},
		{"d2", mid24, false}, // not yet valid itself
		{"src", y2025, false},
		{"d1", y2025, false}, // its source expired
		{"d1", y2026, false},
		{"d2", y2026, false}, // its own window is open, but two steps up expired
		{"nosuch", mid24, false},
	} {
		t.Run(fmt.Sprintf("%s@%s", tc.mandate, tc.at.Format("2006-01-02")), func(t *testing.T) {
			assert.Equal(t, tc.want, o.Effective(tc.mandate, tc.at))
		})
	}
	assert.Equal(t, []string{"ann", "bob"}, personIDs(o.WhoCanAct("m", nil, mid24)))
	assert.Empty(t, o.WhoCanAct("m", nil, y2026))
}

func TestLimitIsTheLeastAlongTheChain(t *testing.T) {
	o := New(&graph.Snapshot{
		People:  []graph.Person{newPerson("ann", "")},
		Matters: []graph.Matter{newMatter("m", "")},
		Mandates: []graph.Mandate{
			// a valid three-step chain
			personMandate("a1", "m", "ann"),
			withLimit(delegatedFrom(personMandate("a2", "m", "ann"), "a1"), 1000),
			withLimit(delegatedFrom(personMandate("a3", "m", "ann"), "a2"), 500),
			// the model does not rely on §3's limit rule: a chain whose own
			// limits are not monotone still takes the least along it
			withLimit(personMandate("b1", "m", "ann"), 1000),
			delegatedFrom(personMandate("b2", "m", "ann"), "b1"),
			withLimit(delegatedFrom(personMandate("b3", "m", "ann"), "b2"), 5000),
		},
	})
	for _, tc := range []struct {
		mandate string
		want    *float64
	}{
		{"a1", nil}, {"a2", ptr(1000.0)}, {"a3", ptr(500.0)},
		{"b1", ptr(1000.0)}, {"b2", ptr(1000.0)}, {"b3", ptr(1000.0)},
	} {
		t.Run(tc.mandate, func(t *testing.T) { assert.Equal(t, tc.want, o.EffectiveLimit(tc.mandate)) })
	}
}

func TestAmountAtTheLimit(t *testing.T) {
	o := New(&graph.Snapshot{
		People:  []graph.Person{newPerson("ann", ""), newPerson("zed", "")},
		Matters: []graph.Matter{newMatter("m", "")},
		Mandates: []graph.Mandate{
			withLimit(personMandate("x500", "m", "ann"), 500),
			withLimit(personMandate("x100", "m", "ann"), 100),
			withLimit(personMandate("x0", "m", "zed"), 0),
		},
	})
	for _, tc := range []struct {
		name   string
		person string
		amount *float64
		want   bool
		grants []string
	}{
		{"no amount", "ann", nil, true, []string{"x100", "x500"}},
		{"zero", "ann", ptr(0.0), true, []string{"x100", "x500"}},
		{"at the smaller limit", "ann", ptr(100.0), true, []string{"x100", "x500"}},
		{"just above the smaller", "ann", ptr(100.01), true, []string{"x500"}},
		{"exactly at the limit", "ann", ptr(500.0), true, []string{"x500"}},
		{"just above the limit", "ann", ptr(500.01), false, nil},
		{"limit 0, amount 0", "zed", ptr(0.0), true, []string{"x0"}},
		{"limit 0, amount 0.01", "zed", ptr(0.01), false, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok, gs := o.CanAct(tc.person, "m", tc.amount, mid24)
			assert.Equal(t, tc.want, ok)
			var ids []string
			for _, g := range gs {
				ids = append(ids, g.Mandate)
			}
			assert.Equal(t, tc.grants, ids)
		})
	}
	who := o.WhoCanAct("m", ptr(50.0), mid24)
	require.Len(t, who, 1)
	assert.Equal(t, ptr(500.0), who[0].Limit, "the best limit is the greatest over the grants")
}

func TestValidityBoundaries(t *testing.T) {
	o := New(&graph.Snapshot{
		People:   []graph.Person{newPerson("ann", "")},
		Matters:  []graph.Matter{newMatter("m", "")},
		Mandates: []graph.Mandate{validIn(personMandate("x", "m", "ann"), ptr(y2025), ptr(y2026))},
	})
	for _, tc := range []struct {
		name string
		at   time.Time
		want bool
	}{
		{"just before validFrom", y2025.Add(-time.Nanosecond), false},
		{"exactly at validFrom", y2025, true},
		{"inside", y2025.AddDate(0, 6, 0), true},
		{"just before validUntil", y2026.Add(-time.Nanosecond), true},
		{"exactly at validUntil", y2026, false},
		{"the same instant in another zone", y2025.In(time.FixedZone("X", 3600)), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, o.Effective("x", tc.at))
			ok, _ := o.CanAct("ann", "m", nil, tc.at)
			assert.Equal(t, tc.want, ok)
		})
	}
}

func TestInactiveHolderCannotAct(t *testing.T) {
	o := New(&graph.Snapshot{
		People:      []graph.Person{inactive(newPerson("ann", "")), newPerson("bob", "")},
		Teams:       []graph.Team{newTeam("t", "")},
		Memberships: []graph.Membership{newMember("ann", "t")},
		Matters:     []graph.Matter{newMatter("m", "")},
		Mandates:    []graph.Mandate{personMandate("x", "m", "ann"), teamMandate("y", "m", "t")},
		Touchpoints: []graph.Touchpoint{staffedTouchpoint("tp", "m", []graph.Holder{byPerson("ann"), byPerson("bob")})},
	})
	ok, gs := o.CanAct("ann", "m", nil, mid24)
	assert.False(t, ok)
	assert.Empty(t, gs)
	assert.Empty(t, o.WhoCanAct("m", nil, mid24))
	assert.Empty(t, o.ActionableMatters("ann", nil, mid24))
	assert.Equal(t, []string{"bob"}, o.FrontLine("tp"), "an inactive person does not staff")
	assert.Nil(t, o.CustomerDistance("tp", "m", nil, mid24))
	assert.Equal(t, []string{"m"}, o.Health(mid24).OrphanMatters)
}

// TestIndexesMatchTheDefinitions checks, on random orgs, what the model
// keeps for speed against the clauses read literally: desc(t) walked down
// from t against every team whose parent chain reaches t (§2.2), and the
// mandates found by walking up from a matter against every mandate that
// covers it (§2.3).
func TestIndexesMatchTheDefinitions(t *testing.T) {
	for seed := range seeds {
		s := seedOrg(seed)
		o := New(s)
		teamByID := map[string]graph.Team{}
		for _, tm := range s.Teams {
			teamByID[tm.ID] = tm
		}
		for _, tm := range s.Teams {
			literal := map[string]bool{}
			for _, u := range s.Teams {
				for cur := &u; cur != nil; {
					if cur.ID == tm.ID {
						literal[u.ID] = true
						break
					}
					if cur.Parent == nil {
						break
					}
					next := teamByID[*cur.Parent]
					cur = &next
				}
			}
			require.Equal(t, literal, o.TeamClosure(tm.ID), "seed %d: desc(%s)", seed, tm.ID)
		}
		for _, m := range s.Matters {
			var literal, indexed []string
			for _, x := range s.Mandates {
				if o.Covers(x.Matter, m.ID) {
					literal = append(literal, x.ID)
				}
			}
			for _, x := range o.covering(m.ID) {
				indexed = append(indexed, x.ID)
			}
			slices.Sort(literal)
			slices.Sort(indexed)
			require.Equal(t, literal, indexed, "seed %d: mandates covering %s", seed, m.ID)
		}
	}
}
