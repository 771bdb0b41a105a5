package store_test

// Proof of the reference model: hand-built tiny orgs, one clause of SPEC §2
// and §2b at a time, where the expected answer is plain to a reader; an
// independent validity checker for the generator's output; and property
// checks tying the model's answers to each other on random orgs.

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ---------------------------------------------------------------------------
// Builders for hand-built orgs.

var (
	refY2024 = refTimes[0]
	refY2025 = refTimes[1]
	refY2026 = refTimes[2]
	refMid24 = time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
)

// rp is an active person with manager mgr ("" = none).
func refP(id, mgr string) refPerson {
	p := refPerson{ID: id, Name: "P " + id, Active: true}
	if mgr != "" {
		p.Manager = refStr(mgr)
	}
	return p
}

// gone is the person made inactive.
func refGone(p refPerson) refPerson { p.Active = false; return p }

// rt is a UNIT team with parent ("" = none).
func refT(id, parent string) refTeam {
	t := refTeam{ID: id, Name: "T " + id, Kind: refUNIT}
	if parent != "" {
		t.Parent = refStr(parent)
	}
	return t
}

func refMem(person, team string) refMembership {
	return refMembership{Person: person, Team: team, Role: refMEMBER}
}

// rm is a matter with parent ("" = none).
func refM(id, parent string) refMatter {
	m := refMatter{ID: id, Name: "M " + id}
	if parent != "" {
		m.Parent = refStr(parent)
	}
	return m
}

// rxp / rxt are an unlimited, always valid mandate over matter held by a
// person / a team.
func refXP(id, matter, person string) refMandate {
	return refMandate{ID: id, Name: "X " + id, Matter: matter, Holder: refHolder{refPERSON, person}}
}

func refXT(id, matter, team string) refMandate {
	return refMandate{ID: id, Name: "X " + id, Matter: matter, Holder: refHolder{refTEAM, team}}
}

func refLim(x refMandate, l float64) refMandate { x.Limit = refNum(l); return x }

func refFrom(x refMandate, src string) refMandate { x.DelegatedFrom = refStr(src); return x }

func refWindow(x refMandate, validFrom, validUntil *time.Time) refMandate {
	x.ValidFrom, x.ValidUntil = validFrom, validUntil
	return x
}

func refHP(id string) refHolder { return refHolder{refPERSON, id} }
func refHT(id string) refHolder { return refHolder{refTEAM, id} }

// rtp is a staffed, not self-service touchpoint handling matter with volume
// 100 and rate 0.5, escalating to esc.
func refTP(id, matter string, staff []refHolder, esc ...string) refTouchpoint {
	return refTouchpoint{
		ID: id, Name: "TP " + id, Channel: "PHONE", StaffedBy: staff, EscalatesTo: esc,
		Handles: []refHandling{{Matter: matter, Volume: 100, SelfServiceRate: 0.5}},
	}
}

func refTPNode(id string) refNode     { return refNode{refKindTouchpoint, id} }
func refTeamNode(id string) refNode   { return refNode{refKindTeam, id} }
func refPersonNode(id string) refNode { return refNode{refKindPerson, id} }

func refHops(r *refRoute) any {
	if r == nil {
		return nil
	}
	return r.Hops
}

func refActorIDs(as []refActor) []string {
	out := []string{}
	for _, a := range as {
		out = append(out, a.Person)
	}
	return out
}

// ---------------------------------------------------------------------------
// SPEC §2.3 matter coverage.

func TestRefMatterCoverage(t *testing.T) {
	o := &refOrg{
		People:   []refPerson{refP("ann", "")},
		Matters:  []refMatter{refM("cards", ""), refM("fee", "cards"), refM("refund", "fee"), refM("loans", "")},
		Mandates: []refMandate{refXP("x", "fee", "ann")},
	}
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
			ok, _ := o.canAct("ann", tc.matter, nil, refMid24)
			assert.Equal(t, tc.want, ok)
			assert.Equal(t, tc.want, o.covers("fee", tc.matter))
		})
	}
	got := o.actionableMatters("ann", nil, refMid24)
	require.Len(t, got, 2)
	assert.Equal(t, "fee", got[0].Matter)
	assert.Equal(t, "refund", got[1].Matter)
	assert.Nil(t, got[1].Limit)
	assert.Equal(t, []refGrant{{Mandate: "x", Via: "DIRECT"}}, got[1].Grants)
}

// ---------------------------------------------------------------------------
// SPEC §2.2 / §2.6 team closure and team-held mandates.

func TestRefTeamMandateReachesSubTeams(t *testing.T) {
	o := &refOrg{
		People: []refPerson{refP("ann", ""), refP("bob", ""), refP("cat", ""), refGone(refP("dan", "")), refP("eve", "")},
		Teams:  []refTeam{refT("ops", ""), refT("north", "ops"), refT("a", "north"), refT("sales", "")},
		Memberships: []refMembership{
			refMem("ann", "a"),                           // a sub-sub-team member
			refMem("bob", "ops"), refMem("bob", "north"), // in two teams of desc(ops)
			refMem("cat", "sales"), // elsewhere
			refMem("dan", "a"),     // inactive
			refMem("eve", "a"), refMem("eve", "sales"),
		},
		Matters:  []refMatter{refM("m", "")},
		Mandates: []refMandate{refLim(refXT("x", "m", "ops"), 500), refXT("y", "m", "sales")},
	}
	assert.Equal(t, map[string]bool{"north": true, "a": true}, o.teamDesc("north"))
	assert.Equal(t, map[string]bool{"ops": true, "north": true, "a": true}, o.teamDesc("ops"))
	assert.Equal(t, map[string]bool{"ann": true, "bob": true, "eve": true}, o.members("ops"))
	assert.Equal(t, map[string]bool{"ann": true, "eve": true}, o.members("a"))

	who := o.whoCanAct("m", nil, refMid24)
	assert.Equal(t, []string{"ann", "bob", "cat", "eve"}, refActorIDs(who))
	x := refGrant{Mandate: "x", Via: "TEAM", Team: "ops", Limit: refNum(500)}
	y := refGrant{Mandate: "y", Via: "TEAM", Team: "sales"}
	assert.Equal(t, []refGrant{x}, who[0].Grants, "the grant names the holding team, not the sub-team")
	assert.Equal(t, []refGrant{x}, who[1].Grants, "one grant per mandate however many teams of desc(ops) bob is in")
	assert.Equal(t, refNum(500), who[1].Limit)
	assert.Equal(t, []refGrant{x, y}, who[3].Grants)
	assert.Nil(t, who[3].Limit, "unlimited wins")
	ok, _ := o.canAct("dan", "m", nil, refMid24)
	assert.False(t, ok, "an inactive member does not act")
}

// ---------------------------------------------------------------------------
// SPEC §2.4 validity and §2.5 limits.

func TestRefDelegationFromExpiredSource(t *testing.T) {
	o := &refOrg{
		People:  []refPerson{refP("ann", ""), refP("bob", ""), refP("cat", "")},
		Matters: []refMatter{refM("m", "")},
		Mandates: []refMandate{
			refWindow(refXP("src", "m", "ann"), nil, refAt(refY2025)),               // expires 2025
			refFrom(refXP("d1", "m", "bob"), "src"),                                 // no window of its own
			refWindow(refFrom(refXP("d2", "m", "cat"), "d1"), refAt(refY2026), nil), // starts after the root expired
		},
	}
	for _, tc := range []struct {
		mandate string
		at      time.Time
		want    bool
	}{
		{"src", refMid24, true},
		{"d1", refMid24, true},
		{"d2", refMid24, false}, // not yet valid itself
		{"src", refY2025, false},
		{"d1", refY2025, false}, // its source expired
		{"d1", refY2026, false},
		{"d2", refY2026, false}, // its own window is open, but two steps up expired
	} {
		t.Run(fmt.Sprintf("%s@%s", tc.mandate, tc.at.Format("2006-01-02")), func(t *testing.T) {
			assert.Equal(t, tc.want, o.effective(tc.mandate, tc.at))
		})
	}
	assert.Equal(t, []string{"ann", "bob"}, refActorIDs(o.whoCanAct("m", nil, refMid24)))
	assert.Empty(t, o.whoCanAct("m", nil, refY2026))
}

func TestRefLimitIsMinAlongChain(t *testing.T) {
	o := &refOrg{
		People:  []refPerson{refP("ann", "")},
		Matters: []refMatter{refM("m", "")},
		Mandates: []refMandate{
			// a valid three-step chain
			refXP("a1", "m", "ann"),
			refLim(refFrom(refXP("a2", "m", "ann"), "a1"), 1000),
			refLim(refFrom(refXP("a3", "m", "ann"), "a2"), 500),
			// the model does not rely on §3's limit rule: a chain whose own
			// limits are not monotone still takes the min along it
			refLim(refXP("b1", "m", "ann"), 1000),
			refFrom(refXP("b2", "m", "ann"), "b1"),
			refLim(refFrom(refXP("b3", "m", "ann"), "b2"), 5000),
		},
	}
	for _, tc := range []struct {
		mandate string
		want    *float64
	}{
		{"a1", nil}, {"a2", refNum(1000)}, {"a3", refNum(500)},
		{"b1", refNum(1000)}, {"b2", refNum(1000)}, {"b3", refNum(1000)},
	} {
		t.Run(tc.mandate, func(t *testing.T) { assert.Equal(t, tc.want, o.effLimit(tc.mandate)) })
	}
}

func TestRefAmountAtLimit(t *testing.T) {
	o := &refOrg{
		People:  []refPerson{refP("ann", ""), refP("zed", "")},
		Matters: []refMatter{refM("m", "")},
		Mandates: []refMandate{
			refLim(refXP("x500", "m", "ann"), 500),
			refLim(refXP("x100", "m", "ann"), 100),
			refLim(refXP("x0", "m", "zed"), 0),
		},
	}
	for _, tc := range []struct {
		name   string
		person string
		amount *float64
		want   bool
		grants []string
	}{
		{"no amount", "ann", nil, true, []string{"x100", "x500"}},
		{"zero", "ann", refNum(0), true, []string{"x100", "x500"}},
		{"at the smaller limit", "ann", refNum(100), true, []string{"x100", "x500"}},
		{"just above the smaller", "ann", refNum(100.01), true, []string{"x500"}},
		{"exactly at the limit", "ann", refNum(500), true, []string{"x500"}},
		{"just above the limit", "ann", refNum(500.01), false, nil},
		{"limit 0, amount 0", "zed", refNum(0), true, []string{"x0"}},
		{"limit 0, amount 0.01", "zed", refNum(0.01), false, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok, gs := o.canAct(tc.person, "m", tc.amount, refMid24)
			assert.Equal(t, tc.want, ok)
			var ids []string
			for _, g := range gs {
				ids = append(ids, g.Mandate)
			}
			assert.Equal(t, tc.grants, ids)
		})
	}
	who := o.whoCanAct("m", refNum(50), refMid24)
	require.Len(t, who, 1)
	assert.Equal(t, refNum(500), who[0].Limit, "best limit is the max over grants")
}

func TestRefValidityBoundaries(t *testing.T) {
	o := &refOrg{
		People:   []refPerson{refP("ann", "")},
		Matters:  []refMatter{refM("m", "")},
		Mandates: []refMandate{refWindow(refXP("x", "m", "ann"), refAt(refY2025), refAt(refY2026))},
	}
	for _, tc := range []struct {
		name string
		at   time.Time
		want bool
	}{
		{"just before validFrom", refY2025.Add(-time.Nanosecond), false},
		{"exactly at validFrom", refY2025, true},
		{"inside", refY2025.AddDate(0, 6, 0), true},
		{"just before validUntil", refY2026.Add(-time.Nanosecond), true},
		{"exactly at validUntil", refY2026, false},
		{"same instant in another zone", refY2025.In(time.FixedZone("X", 3600)), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, o.effective("x", tc.at))
			ok, _ := o.canAct("ann", "m", nil, tc.at)
			assert.Equal(t, tc.want, ok)
		})
	}
}

// ---------------------------------------------------------------------------
// SPEC §2.1 / §2.6 inactive people.

func TestRefInactiveHolderCannotAct(t *testing.T) {
	o := &refOrg{
		People:      []refPerson{refGone(refP("ann", "")), refP("bob", "")},
		Teams:       []refTeam{refT("t", "")},
		Memberships: []refMembership{refMem("ann", "t")},
		Matters:     []refMatter{refM("m", "")},
		Mandates:    []refMandate{refXP("x", "m", "ann"), refXT("y", "m", "t")},
		Touchpoints: []refTouchpoint{refTP("tp", "m", []refHolder{refHP("ann"), refHP("bob")})},
	}
	ok, gs := o.canAct("ann", "m", nil, refMid24)
	assert.False(t, ok)
	assert.Empty(t, gs)
	assert.Empty(t, o.whoCanAct("m", nil, refMid24))
	assert.Empty(t, o.actionableMatters("ann", nil, refMid24))
	assert.Equal(t, []string{"bob"}, o.frontLine("tp"), "an inactive person does not staff")
	assert.Nil(t, o.customerDistance("tp", "m", nil, refMid24))
	assert.Equal(t, []string{"m"}, o.health(refMid24).OrphanMatters)
}

// ---------------------------------------------------------------------------
// SPEC §2.10 / §2.11 front line and routes.

func TestRefCustomerDistance(t *testing.T) {
	base := func() *refOrg {
		return &refOrg{
			People: []refPerson{
				refP("ann", ""),                                        // can act, staffs tp1 directly
				refP("bob", ""),                                        // can act, member of desk
				refP("cy", "dee"), refP("dee", "eve"), refP("eve", ""), // eve can act; cy staffs tp3
				refP("sub", ""), // can act, member of a sub-team of desk
			},
			Teams:       []refTeam{refT("desk", ""), refT("deskSub", "desk")},
			Memberships: []refMembership{refMem("bob", "desk"), refMem("sub", "deskSub")},
			Matters:     []refMatter{refM("m", "")},
			Mandates: []refMandate{
				refXP("xa", "m", "ann"), refXP("xb", "m", "bob"), refXP("xe", "m", "eve"), refXP("xs", "m", "sub"),
			},
			Touchpoints: []refTouchpoint{
				refTP("tp1", "m", []refHolder{refHP("ann")}),
				refTP("tp2", "m", []refHolder{refHT("desk")}),
				refTP("tp3", "m", []refHolder{refHP("cy")}),
				refTP("cycA", "m", nil, "cycB"),
				refTP("cycB", "m", nil, "cycA"),
				{ID: "self", Name: "Self", Channel: "WEB", SelfService: true,
					Handles: []refHandling{{Matter: "m", Volume: 100, SelfServiceRate: 0.75}}},
				refTP("tpSub", "m", []refHolder{refHT("deskSub")}),
			},
		}
	}
	for _, tc := range []struct {
		name   string
		edit   func(o *refOrg)
		tp     string
		hops   any
		actors []string
		path   []refNode
	}{
		{"front-line person who can act is 1 hop", nil, "tp1", 1, []string{"ann"}, []refNode{refTPNode("tp1"), refPersonNode("ann")}},
		{"via a staffing team is 2 hops", nil, "tp2", 2, []string{"bob"}, []refNode{refTPNode("tp2"), refTeamNode("desk"), refPersonNode("bob")}},
		{"up the manager chain", nil, "tp3", 3, []string{"eve"}, []refNode{refTPNode("tp3"), refPersonNode("cy"), refPersonNode("dee"), refPersonNode("eve")}},
		{"inactive manager breaks the route", func(o *refOrg) { o.People[3].Active = false }, "tp3", nil, nil, nil},
		{"escalation cycle with nobody behind terminates", nil, "cycA", nil, nil, nil},
		{"escalation cycle escalating onwards", func(o *refOrg) {
			o.Touchpoints[4].EscalatesTo = append(o.Touchpoints[4].EscalatesTo, "tp1")
		}, "cycA", 3, []string{"ann"}, []refNode{refTPNode("cycA"), refTPNode("cycB"), refTPNode("tp1"), refPersonNode("ann")}},
		{"self-service, no staff, no escalation", nil, "self", nil, nil, nil},
		{"a member of the staffing team itself is 2 hops", nil, "tpSub", 2,
			[]string{"sub"}, []refNode{refTPNode("tpSub"), refTeamNode("deskSub"), refPersonNode("sub")}},
		{"tie: every actor at the minimal hop count", func(o *refOrg) {
			o.Touchpoints[0].StaffedBy = []refHolder{refHP("ann"), refHP("bob")}
		}, "tp1", 1, []string{"ann", "bob"}, []refNode{refTPNode("tp1"), refPersonNode("ann")}},
		{"unknown touchpoint", nil, "nosuch", nil, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := base()
			if tc.edit != nil {
				tc.edit(o)
			}
			r := o.customerDistance(tc.tp, "m", nil, refMid24)
			assert.Equal(t, tc.hops, refHops(r))
			if r != nil {
				assert.Equal(t, tc.actors, r.Actors)
				assert.Equal(t, tc.path, r.Path)
				assert.NoError(t, o.checkRoute(tc.tp, "m", nil, refMid24, r.Path))
			}
			assert.NoError(t, o.checkRoute(tc.tp, "m", nil, refMid24, tc.path))
		})
	}
	// From tpSub the sub-team member is 2 hops; from tp2 (staffed by the
	// parent team desk) they are on the front line but 3 hops away:
	// tp2 → desk → deskSub → sub. Direct memberships only make route edges.
	o := base()
	o.Mandates = o.Mandates[3:] // only sub can act
	assert.Contains(t, o.frontLine("tp2"), "sub")
	r := o.customerDistance("tp2", "m", nil, refMid24)
	require.NotNil(t, r)
	assert.Equal(t, []refNode{refTPNode("tp2"), refTeamNode("desk"), refTeamNode("deskSub"), refPersonNode("sub")}, r.Path)
}

func TestRefRouteNeverEntersTouchpointExceptByEscalation(t *testing.T) {
	// ann staffs tp1 and tp2 but cannot act; bob, who can, staffs only tp2.
	// tp1 → ann → tp2 → bob would be 3 hops, but a person → touchpoint edge
	// does not exist: from tp1 nobody who can act is reachable.
	o := &refOrg{
		People:   []refPerson{refP("ann", ""), refP("bob", "")},
		Matters:  []refMatter{refM("m", "")},
		Mandates: []refMandate{refXP("x", "m", "bob")},
		Touchpoints: []refTouchpoint{
			refTP("tp1", "m", []refHolder{refHP("ann")}),
			refTP("tp2", "m", []refHolder{refHP("ann"), refHP("bob")}),
		},
	}
	assert.Nil(t, o.customerDistance("tp1", "m", nil, refMid24))
	err := o.checkRoute("tp1", "m", nil, refMid24, []refNode{refTPNode("tp1"), refPersonNode("ann"), refTPNode("tp2"), refPersonNode("bob")})
	require.Error(t, err)
	// With an escalation tp1 → tp2 the route is 2 hops and goes through it.
	o.Touchpoints[0].EscalatesTo = []string{"tp2"}
	assert.Equal(t, 2, refHops(o.customerDistance("tp1", "m", nil, refMid24)))
	assert.NoError(t, o.checkRoute("tp1", "m", nil, refMid24, []refNode{refTPNode("tp1"), refTPNode("tp2"), refPersonNode("bob")}))
	err = o.checkRoute("tp1", "m", nil, refMid24, []refNode{refTPNode("tp1"), refPersonNode("ann"), refTPNode("tp2"), refPersonNode("bob")})
	assert.ErrorContains(t, err, "not an edge")
	// Escalation is one way.
	o.Touchpoints[0].EscalatesTo, o.Touchpoints[1].EscalatesTo = nil, []string{"tp1"}
	assert.Nil(t, o.customerDistance("tp1", "m", nil, refMid24))
}

func TestRefCheckRoute(t *testing.T) {
	// A person and a team share the id "x": tp is staffed by TEAM x, whose
	// member y can act; PERSON x can act too but is not connected to tp.
	o := &refOrg{
		People: []refPerson{refP("x", ""), refP("y", "boss"), refP("z", ""), refGone(refP("boss", "")),
			refP("w", "")},
		Teams:       []refTeam{refT("x", "")},
		Memberships: []refMembership{refMem("y", "x"), refMem("z", "x"), refMem("w", "x")},
		Matters:     []refMatter{refM("m", "")},
		Mandates:    []refMandate{refXP("mx", "m", "x"), refXP("my", "m", "y"), refXP("mw", "m", "w")},
		Touchpoints: []refTouchpoint{refTP("tp", "m", []refHolder{refHT("x")}), refTP("lonely", "m", nil)},
	}
	r := o.customerDistance("tp", "m", nil, refMid24)
	require.NotNil(t, r)
	assert.Equal(t, 2, r.Hops)
	assert.Equal(t, []string{"w", "y"}, r.Actors, "person x is not reachable: kinds are distinct")
	for _, tc := range []struct {
		name string
		tp   string
		path []refNode
		err  string // "" = accepted
	}{
		{"shortest to y", "tp", []refNode{refTPNode("tp"), refTeamNode("x"), refPersonNode("y")}, ""},
		{"shortest to w: any actor at the minimal count", "tp", []refNode{refTPNode("tp"), refTeamNode("x"), refPersonNode("w")}, ""},
		{"person x is not the staffing team x", "tp", []refNode{refTPNode("tp"), refPersonNode("x")}, "not an edge"},
		{"ends at someone who cannot act", "tp", []refNode{refTPNode("tp"), refTeamNode("x"), refPersonNode("z")}, "cannot act"},
		{"ends at a team", "tp", []refNode{refTPNode("tp"), refTeamNode("x")}, "not at a person"},
		{"longer than the shortest", "tp", []refNode{refTPNode("tp"), refTeamNode("x"), refPersonNode("z"), refTeamNode("x"), refPersonNode("y")}, "shortest has 2"},
		{"through an inactive person", "tp", []refNode{refTPNode("tp"), refTeamNode("x"), refPersonNode("y"), refPersonNode("boss")}, "inactive"},
		{"starts elsewhere", "tp", []refNode{refTPNode("lonely")}, "starts at"},
		{"starts at a team of the same id", "tp", []refNode{refTeamNode("tp")}, "starts at"},
		{"no route where there is one", "tp", nil, "reference has 2 hops"},
		{"a route where there is none", "lonely", []refNode{refTPNode("lonely"), refPersonNode("y")}, "nobody reachable"},
		{"no route where there is none", "lonely", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := o.checkRoute(tc.tp, "m", nil, refMid24, tc.path)
			if tc.err == "" {
				assert.NoError(t, err)
			} else {
				assert.ErrorContains(t, err, tc.err)
			}
		})
	}
}

// ---------------------------------------------------------------------------
// SPEC §2b org health.

func TestRefHealthHandlings(t *testing.T) {
	o := &refOrg{
		People:   []refPerson{refP("ann", ""), refP("bob", "")},
		Matters:  []refMatter{refM("m", ""), refM("n", "")},
		Mandates: []refMandate{refXP("x", "m", "ann"), refXP("y", "n", "bob")},
		Touchpoints: []refTouchpoint{
			{ID: "desk", Name: "Desk", Channel: "BRANCH", StaffedBy: []refHolder{refHP("ann")}, EscalatesTo: []string{"back"},
				Handles: []refHandling{{Matter: "m", Volume: 40, SelfServiceRate: 0.5}, {Matter: "n", Volume: 10, SelfServiceRate: 0}}},
			{ID: "back", Name: "Back", Channel: "EMAIL", StaffedBy: []refHolder{refHP("bob")},
				Handles: []refHandling{{Matter: "n", Volume: 0, SelfServiceRate: 0}}},
			{ID: "web", Name: "Web", Channel: "WEB", SelfService: true,
				Handles: []refHandling{{Matter: "m", Volume: 100, SelfServiceRate: 0.75}, {Matter: "n", Volume: 250, SelfServiceRate: 1}}},
		},
	}
	h := o.health(refMid24)
	one, two := 1, 2
	assert.Equal(t, []refHandlingHealth{
		{Touchpoint: "back", Matter: "n", Residual: 0, FrontLineCanAct: true, Distance: &one},
		{Touchpoint: "desk", Matter: "m", Residual: 20, FrontLineCanAct: true, Distance: &one},
		{Touchpoint: "desk", Matter: "n", Residual: 10, FrontLineCanAct: false, Distance: &two}, // desk → back → bob
		{Touchpoint: "web", Matter: "m", Residual: 25, FrontLineCanAct: false, Distance: nil},   // stranded
		{Touchpoint: "web", Matter: "n", Residual: 0, FrontLineCanAct: false, Distance: nil},    // rate 1: nothing left
	}, h.Handlings)
	assert.Equal(t, 25.0, h.StrandedVolume, "the unstaffed self-service touchpoint strands all its residual")
	require.NotNil(t, h.Empowerment)
	assert.InDelta(t, 20.0/55.0, *h.Empowerment, 1e-12)
	require.NotNil(t, h.MeanCustomerDistance)
	assert.InDelta(t, (20*1+10*2+0*1)/30.0, *h.MeanCustomerDistance, 1e-12)
	assert.Empty(t, h.OrphanMatters)
	assert.Equal(t, []refSingleActor{{"m", "ann"}, {"n", "bob"}}, h.SingleActorMatters)
}

func TestRefHealthZeroResidual(t *testing.T) {
	o := &refOrg{
		People:   []refPerson{refP("ann", "")},
		Matters:  []refMatter{refM("m", ""), refM("n", "")},
		Mandates: []refMandate{refXP("x", "m", "ann")},
		Touchpoints: []refTouchpoint{{ID: "web", Name: "Web", Channel: "WEB", SelfService: true,
			Handles: []refHandling{{Matter: "m", Volume: 0, SelfServiceRate: 0.5}, {Matter: "n", Volume: 100, SelfServiceRate: 1}}}},
	}
	h := o.health(refMid24)
	assert.Nil(t, h.Empowerment, "Σ residual is 0")
	assert.Nil(t, h.MeanCustomerDistance, "no weight")
	assert.Equal(t, 0.0, h.StrandedVolume)
	assert.Equal(t, []string{"n"}, h.OrphanMatters)
	assert.Equal(t, []refSingleActor{{"m", "ann"}}, h.SingleActorMatters)

	empty := (&refOrg{}).health(refMid24)
	assert.Equal(t, refHealth{OrphanMatters: []string{}, SingleActorMatters: []refSingleActor{},
		Handlings: []refHandlingHealth{}}, empty)
}

func TestRefHealthSpanOfControl(t *testing.T) {
	o := &refOrg{People: []refPerson{
		refP("boss", ""),
		refP("r1", "boss"), refP("r2", "boss"), refP("r3", "boss"), refP("r4", "boss"), refP("r5", "boss"), // 5
		refP("s1", "r1"),                             // r1: 1
		refP("s2", "r2"), refGone(refP("s2x", "r2")), // r2: 1 (an inactive report does not count)
		refP("s3", "r3"), refP("s4", "r3"), refP("s5", "r3"), // r3: 3
		refGone(refP("s6", "r4")),                                            // r4: only an inactive report: left out
		refGone(refP("ghost", "")), refP("g1", "ghost"), refP("g2", "ghost"), // an inactive manager: left out
	}}
	h := o.health(refMid24)
	// spans: [1, 1, 3, 5]
	assert.Equal(t, 5, h.SpanOfControl.Max)
	assert.Equal(t, refNum(2.5), h.SpanOfControl.Mean)
	assert.Equal(t, refNum(2), h.SpanOfControl.Median, "even count: mean of the two middle values")
	assert.Equal(t, 3, h.Layers)

	// a: 2, b: 1, c: 3 → [1, 2, 3]: an odd count takes the middle value
	odd := &refOrg{People: []refPerson{refP("a", ""), refP("b", "a"), refP("c", "a"), refP("d", "b"),
		refP("e", "c"), refP("f", "c"), refP("g", "c")}}
	hs := odd.health(refMid24).SpanOfControl
	assert.Equal(t, refSpan{Max: 3, Mean: refNum(2), Median: refNum(2)}, hs)

	nobody := (&refOrg{People: []refPerson{refP("a", ""), refGone(refP("b", "a"))}}).health(refMid24)
	assert.Equal(t, refSpan{}, nobody.SpanOfControl)
	assert.Equal(t, 1, nobody.Layers)
}

func TestRefHealthLayersAndUnitDepth(t *testing.T) {
	chain := func(bActive bool) *refOrg {
		b := refP("b", "a")
		b.Active = bActive
		return &refOrg{People: []refPerson{refP("d", "c"), refP("c", "b"), b, refP("a", "")}}
	}
	for _, tc := range []struct {
		name string
		o    *refOrg
		want int
	}{
		{"a ← b ← c ← d all active", chain(true), 4},
		{"inactive b breaks it: d → c is the longest", chain(false), 2},
		{"nobody active", &refOrg{People: []refPerson{refGone(refP("a", ""))}}, 0},
		{"no people", &refOrg{}, 0},
		{"manager of an inactive top", &refOrg{People: []refPerson{refGone(refP("a", "")), refP("b", "a")}}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) { assert.Equal(t, tc.want, tc.o.health(refMid24).Layers) })
	}

	teams := &refOrg{Teams: []refTeam{refT("c", "b"), refT("a", ""), refT("b", "a"), refT("z", ""),
		{ID: "net", Name: "Net", Kind: refTEAM, Parent: refStr("c")}}}
	assert.Equal(t, 4, teams.health(refMid24).UnitDepth, "a ← b ← c ← net, any kind")
	assert.Equal(t, 1, (&refOrg{Teams: []refTeam{refT("a", "")}}).health(refMid24).UnitDepth)
	assert.Equal(t, 0, (&refOrg{}).health(refMid24).UnitDepth)
}

// ---------------------------------------------------------------------------
// Snapshot JSON.

func TestRefSnapshotJSON(t *testing.T) {
	p := refP("p1", "p2")
	p.Email, p.Title = refStr("p1@example.org"), refStr("Advisor")
	x := refWindow(refLim(refFrom(refXT("x2", "m1", "t1"), "x1"), 100), refAt(refY2024), refAt(refY2025.In(time.FixedZone("X", 7200))))
	o := &refOrg{
		People:      []refPerson{p, refGone(refP("p2", ""))},
		Teams:       []refTeam{refT("t1", ""), {ID: "t2", Name: "Net", Kind: refTEAM, Parent: refStr("t1")}},
		Memberships: []refMembership{{Person: "p1", Team: "t1", Role: refLEAD}},
		Matters:     []refMatter{refM("m1", ""), refM("m2", "m1")},
		Mandates:    []refMandate{refLim(refXP("x1", "m1", "p1"), 500), x},
		Touchpoints: []refTouchpoint{
			{ID: "tp1", Name: "Phone", Channel: "PHONE", StaffedBy: []refHolder{refHP("p1"), refHT("t1")}, EscalatesTo: []string{"tp2"},
				Handles: []refHandling{{Matter: "m2", Volume: 10, SelfServiceRate: 0.25}}},
			{ID: "tp2", Name: "Web", Channel: "WEB", SelfService: true},
		},
	}
	assert.JSONEq(t, `{
	  "people": [
	    {"id": "p1", "name": "P p1", "email": "p1@example.org", "title": "Advisor", "manager": "p2", "active": true},
	    {"id": "p2", "name": "P p2", "active": false}
	  ],
	  "teams": [
	    {"id": "t1", "name": "T t1", "kind": "UNIT"},
	    {"id": "t2", "name": "Net", "kind": "TEAM", "parent": "t1"}
	  ],
	  "memberships": [{"person": "p1", "team": "t1", "role": "LEAD"}],
	  "matters": [{"id": "m1", "name": "M m1"}, {"id": "m2", "name": "M m2", "parent": "m1"}],
	  "mandates": [
	    {"id": "x1", "name": "X x1", "matter": "m1", "holder": {"type": "PERSON", "id": "p1"}, "limit": 500},
	    {"id": "x2", "name": "X x2", "matter": "m1", "holder": {"type": "TEAM", "id": "t1"}, "limit": 100,
	     "delegatedFrom": "x1", "validFrom": "2024-01-01T00:00:00Z", "validUntil": "2025-01-01T00:00:00Z"}
	  ],
	  "touchpoints": [
	    {"id": "tp1", "name": "Phone", "channel": "PHONE", "selfService": false,
	     "staffedBy": [{"type": "PERSON", "id": "p1"}, {"type": "TEAM", "id": "t1"}],
	     "escalatesTo": ["tp2"], "handles": [{"matter": "m2", "volume": 10, "selfServiceRate": 0.25}]},
	    {"id": "tp2", "name": "Web", "channel": "WEB", "selfService": true, "staffedBy": [], "escalatesTo": [], "handles": []}
	  ]
	}`, string(o.snapshotJSON()))
	assert.JSONEq(t, `{"people":[],"teams":[],"memberships":[],"matters":[],"mandates":[],"touchpoints":[]}`,
		string((&refOrg{}).snapshotJSON()))
}

func TestRefQueryHelpers(t *testing.T) {
	o := &refOrg{Mandates: []refMandate{refWindow(refLim(refXP("x", "m", "p"), 250), refAt(time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)), nil)}}
	ts := o.queryTimes()
	for _, want := range append(refTimes, time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)) {
		assert.Contains(t, ts, want)
		assert.Contains(t, ts, want.Add(-time.Second))
	}
	assert.True(t, ts[0].Before(refTimes[0]))
	assert.True(t, ts[len(ts)-1].After(refTimes[len(refTimes)-1]))
	for i := 1; i < len(ts); i++ {
		assert.True(t, ts[i-1].Before(ts[i]), "sorted, no duplicates")
	}
	as := o.queryAmounts()
	require.Nil(t, as[0])
	var vals []float64
	for _, a := range as[1:] {
		vals = append(vals, *a)
	}
	for _, want := range []float64{0, 0.01, 100, 100.01, 250, 250.01, 5000, 5000.01} {
		assert.Contains(t, vals, want)
	}
}

// ---------------------------------------------------------------------------
// An independent validity checker of SPEC §3 (plus the generator's own
// stricter habits), reading the snapshot JSON, not the refOrg.

type refChkObj = map[string]any

func refCheckSnapshot(doc []byte) []string {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	var top map[string][]refChkObj
	if err := json.Unmarshal(doc, &top); err != nil {
		return []string{"not a snapshot: " + err.Error()}
	}
	sections := []string{"people", "teams", "memberships", "matters", "mandates", "touchpoints"}
	if len(top) != len(sections) {
		bad("top-level keys: %d, want the 6 sections", len(top))
	}
	fields := map[string][2][]string{ // required, optional
		"people":      {{"id", "name", "active"}, {"email", "title", "manager"}},
		"teams":       {{"id", "name", "kind"}, {"parent"}},
		"memberships": {{"person", "team", "role"}, nil},
		"matters":     {{"id", "name"}, {"parent"}},
		"mandates":    {{"id", "name", "matter", "holder"}, {"limit", "delegatedFrom", "validFrom", "validUntil"}},
		"touchpoints": {{"id", "name", "channel", "selfService", "staffedBy", "escalatesTo", "handles"}, nil},
	}
	byID := map[string]map[string]refChkObj{}
	for _, s := range sections {
		list, ok := top[s]
		if !ok || list == nil {
			bad("%s: missing", s)
		}
		byID[s] = map[string]refChkObj{}
		for i, e := range list {
			for _, f := range fields[s][0] {
				if _, ok := e[f]; !ok {
					bad("%s[%d]: no %s", s, i, f)
				}
			}
			for f, val := range e {
				if !slices.Contains(fields[s][0], f) && !slices.Contains(fields[s][1], f) {
					bad("%s[%d]: unknown field %s", s, i, f)
				}
				if val == nil {
					bad("%s[%d].%s: null instead of omitted", s, i, f)
				}
			}
			if name, ok := e["name"]; ok && name == "" {
				bad("%s[%d]: empty name", s, i)
			}
			if id, ok := e["id"].(string); ok {
				if id == "" {
					bad("%s[%d]: empty id", s, i)
				}
				if byID[s][id] != nil {
					bad("%s: duplicate id %q", s, id)
				}
				byID[s][id] = e
			}
		}
	}
	str := func(e refChkObj, f string) (string, bool) { v, ok := e[f].(string); return v, ok }
	ref := func(where, section string, e refChkObj, f string) {
		if v, ok := str(e, f); ok && byID[section][v] == nil {
			bad("%s.%s: no %s %q", where, f, section, v)
		}
	}
	// noCycle follows the single link f from each entity of a section.
	noCycle := func(section, f string) {
		for id := range byID[section] {
			cur := id
			for steps := 0; ; steps++ {
				next, ok := str(byID[section][cur], f)
				if !ok || byID[section][next] == nil {
					break
				}
				if next == id || steps > len(byID[section]) {
					bad("%s: cycle through %q by %s", section, id, f)
					break
				}
				cur = next
			}
		}
	}
	holderOK := func(where string, h any) {
		hm, ok := h.(refChkObj)
		if !ok || len(hm) != 2 {
			bad("%s: a holder is {type, id}", where)
			return
		}
		id, _ := str(hm, "id")
		switch hm["type"] {
		case "PERSON":
			if byID["people"][id] == nil {
				bad("%s: no person %q", where, id)
			}
		case "TEAM":
			if byID["teams"][id] == nil {
				bad("%s: no team %q", where, id)
			}
		default:
			bad("%s: holder type %v", where, hm["type"])
		}
	}

	for id, p := range byID["people"] {
		ref("people "+id, "people", p, "manager")
		if _, ok := p["active"].(bool); !ok {
			bad("people %s: active is not a bool", id)
		}
	}
	noCycle("people", "manager")
	for id, t := range byID["teams"] {
		ref("teams "+id, "teams", t, "parent")
		if k := t["kind"]; k != "UNIT" && k != "TEAM" {
			bad("teams %s: kind %v", id, k)
		}
	}
	noCycle("teams", "parent")
	pairs := map[[2]string]bool{}
	for i, m := range top["memberships"] {
		ref(fmt.Sprint("memberships ", i), "people", m, "person")
		ref(fmt.Sprint("memberships ", i), "teams", m, "team")
		if r := m["role"]; r != "MEMBER" && r != "LEAD" {
			bad("memberships %d: role %v", i, r)
		}
		pair := [2]string{fmt.Sprint(m["person"]), fmt.Sprint(m["team"])}
		if pairs[pair] {
			bad("memberships: %v twice (generator's own rule)", pair)
		}
		pairs[pair] = true
	}
	for id, m := range byID["matters"] {
		ref("matters "+id, "matters", m, "parent")
	}
	noCycle("matters", "parent")

	// within(m, anc): matter m is anc or its parent chain reaches anc.
	within := func(m, anc string) bool {
		for steps := 0; steps <= len(byID["matters"]); steps++ {
			if m == anc {
				return true
			}
			next, ok := str(byID["matters"][m], "parent")
			if !ok {
				return false
			}
			m = next
		}
		return false
	}
	num := func(e refChkObj, f string) (float64, bool) { v, ok := e[f].(float64); return v, ok }
	noCycle("mandates", "delegatedFrom")
	// effLim: min of the limits up the delegation chain; ok=false: unlimited.
	effLim := func(id string) (float64, bool) {
		best, has := 0.0, false
		for steps := 0; steps <= len(byID["mandates"]) && byID["mandates"][id] != nil; steps++ {
			x := byID["mandates"][id]
			if l, ok := num(x, "limit"); ok && (!has || l < best) {
				best, has = l, true
			}
			next, ok := str(x, "delegatedFrom")
			if !ok {
				break
			}
			id = next
		}
		return best, has
	}
	parseTime := func(where string, x refChkObj, f string) (time.Time, bool) {
		s, ok := str(x, f)
		if !ok {
			if _, present := x[f]; present {
				bad("%s.%s: not a string", where, f)
			}
			return time.Time{}, false
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil || !strings.HasSuffix(s, "Z") {
			bad("%s.%s: %q is not RFC 3339 in UTC", where, f, s)
		}
		return t, err == nil
	}
	for id, x := range byID["mandates"] {
		w := "mandates " + id
		ref(w, "matters", x, "matter")
		holderOK(w+".holder", x["holder"])
		l, hasLim := num(x, "limit")
		if _, present := x["limit"]; present && !hasLim {
			bad("%s: limit is not a number", w)
		}
		if hasLim && l < 0 {
			bad("%s: negative limit", w)
		}
		if src, ok := str(x, "delegatedFrom"); ok {
			ref(w, "mandates", x, "delegatedFrom")
			if s := byID["mandates"][src]; s != nil {
				sm, _ := str(s, "matter")
				xm, _ := str(x, "matter")
				if !within(xm, sm) {
					bad("%s: matter %q is not within its source's matter %q", w, xm, sm)
				}
				if sl, srcHas := effLim(src); srcHas && (!hasLim || l > sl) {
					bad("%s: limit (%v, present %v) above its source's effective limit %v", w, l, hasLim, sl)
				}
			}
		}
		vf, okF := parseTime(w, x, "validFrom")
		vu, okU := parseTime(w, x, "validUntil")
		if okF && okU && !vu.After(vf) {
			bad("%s: validUntil %v ≤ validFrom %v", w, vu, vf)
		}
	}
	for id, tp := range byID["touchpoints"] {
		w := "touchpoints " + id
		if c, _ := str(tp, "channel"); !slices.Contains(refChannels, c) {
			bad("%s: channel %q", w, c)
		}
		if _, ok := tp["selfService"].(bool); !ok {
			bad("%s: selfService is not a bool", w)
		}
		staff, _ := tp["staffedBy"].([]any)
		seen := map[string]bool{}
		for i, h := range staff {
			holderOK(fmt.Sprintf("%s.staffedBy[%d]", w, i), h)
			if k := fmt.Sprint(h); seen[k] {
				bad("%s: staffed twice by %s (generator's own rule)", w, k)
			} else {
				seen[k] = true
			}
		}
		esc, _ := tp["escalatesTo"].([]any)
		seen = map[string]bool{}
		for _, e := range esc {
			s, _ := e.(string)
			if byID["touchpoints"][s] == nil {
				bad("%s: escalates to unknown %q", w, s)
			}
			if s == id || seen[s] {
				bad("%s: escalates to %q twice or to itself (generator's own rule)", w, s)
			}
			seen[s] = true
		}
		handles, _ := tp["handles"].([]any)
		seen = map[string]bool{}
		for i, h := range handles {
			hm, _ := h.(refChkObj)
			hw := fmt.Sprintf("%s.handles[%d]", w, i)
			if len(hm) != 3 {
				bad("%s: a handling is {matter, volume, selfServiceRate}", hw)
			}
			ref(hw, "matters", hm, "matter")
			m, _ := str(hm, "matter")
			if seen[m] {
				bad("%s: matter %q handled twice (generator's own rule)", hw, m)
			}
			seen[m] = true
			if v, ok := num(hm, "volume"); !ok || v < 0 {
				bad("%s: volume %v", hw, hm["volume"])
			}
			if r, ok := num(hm, "selfServiceRate"); !ok || r < 0 || r > 1 {
				bad("%s: selfServiceRate %v", hw, hm["selfServiceRate"])
			}
		}
	}
	slices.Sort(problems)
	return problems
}

func TestRefCheckerCatchesInvalidOrgs(t *testing.T) {
	valid := func() *refOrg {
		return &refOrg{
			People:      []refPerson{refP("a", ""), refP("b", "a")},
			Teams:       []refTeam{refT("t", ""), refT("u", "t")},
			Memberships: []refMembership{refMem("a", "t")},
			Matters:     []refMatter{refM("m", ""), refM("n", "m")},
			Mandates: []refMandate{
				refWindow(refLim(refXP("x", "m", "a"), 500), refAt(refY2024), refAt(refY2025)),
				refLim(refFrom(refXT("y", "n", "t"), "x"), 100),
			},
			Touchpoints: []refTouchpoint{refTP("tp", "m", []refHolder{refHP("a")}, "tp2"), refTP("tp2", "n", nil)},
		}
	}
	require.Empty(t, refCheckSnapshot(valid().snapshotJSON()))
	for _, tc := range []struct {
		name string
		edit func(o *refOrg)
		want string
	}{
		{"duplicate id", func(o *refOrg) { o.People[1].ID = "a"; o.People[1].Manager = nil }, "duplicate id"},
		{"empty name", func(o *refOrg) { o.Teams[0].Name = "" }, "empty name"},
		{"unknown reference", func(o *refOrg) { o.Memberships[0].Team = "zz" }, `no teams "zz"`},
		{"manager cycle", func(o *refOrg) { o.People[0].Manager = refStr("b") }, "cycle"},
		{"team cycle", func(o *refOrg) { o.Teams[0].Parent = refStr("u") }, "cycle"},
		{"matter cycle", func(o *refOrg) { o.Matters[0].Parent = refStr("n") }, "cycle"},
		{"delegation cycle", func(o *refOrg) { o.Mandates[0].DelegatedFrom = refStr("y") }, "cycle"},
		{"delegated to a broader matter", func(o *refOrg) { o.Mandates[0].Matter, o.Mandates[1].Matter = "n", "m" }, "not within"},
		{"delegated limit above", func(o *refOrg) { o.Mandates[1].Limit = refNum(501) }, "above its source"},
		{"delegated limit absent", func(o *refOrg) { o.Mandates[1].Limit = nil }, "above its source"},
		{"validUntil = validFrom", func(o *refOrg) { o.Mandates[0].ValidUntil = refAt(refY2024) }, "validUntil"},
		{"negative limit", func(o *refOrg) { o.Mandates[0].Limit = refNum(-1) }, "negative limit"},
		{"negative volume", func(o *refOrg) { o.Touchpoints[0].Handles[0].Volume = -1 }, "volume"},
		{"rate above 1", func(o *refOrg) { o.Touchpoints[0].Handles[0].SelfServiceRate = 1.5 }, "selfServiceRate"},
		{"unknown enum", func(o *refOrg) { o.Touchpoints[0].Channel = "FAX" }, "channel"},
		{"unknown holder", func(o *refOrg) { o.Touchpoints[0].StaffedBy[0] = refHT("a") }, `no team "a"`},
		{"escalation to unknown", func(o *refOrg) { o.Touchpoints[0].EscalatesTo = []string{"nope"} }, "unknown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := valid()
			tc.edit(o)
			problems := strings.Join(refCheckSnapshot(o.snapshotJSON()), "\n")
			assert.Contains(t, problems, tc.want)
		})
	}
}

// ---------------------------------------------------------------------------
// The generator: valid, and exercising every clause.

const refSeeds = 200

func refSeedOrg(seed int) *refOrg {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x0c0ffee))
	return randomRefOrg(rng, 5+seed%36)
}

func TestRefRandomOrgsAreValid(t *testing.T) {
	for seed := range refSeeds {
		o := refSeedOrg(seed)
		require.Empty(t, refCheckSnapshot(o.snapshotJSON()), "seed %d", seed)
	}
	// Deterministic per seed.
	assert.Equal(t, refSeedOrg(7).snapshotJSON(), refSeedOrg(7).snapshotJSON())
}

func TestRefRandomOrgsExerciseTheSpec(t *testing.T) {
	if testing.Short() {
		t.Skip("walks 200 orgs")
	}
	seen := map[string]int{}
	see := func(feature string, cond bool) {
		if cond {
			seen[feature]++
		} else if _, ok := seen[feature]; !ok {
			seen[feature] = 0
		}
	}
	healthTimes := []time.Time{refMid24, refY2026.AddDate(0, 6, 0)}
	for seed := range refSeeds {
		o := refSeedOrg(seed)
		v := o.view()
		active := func(id string) bool { return v.people[id] != nil && v.people[id].Active }

		see("a person and a team share an id", slices.ContainsFunc(o.People, func(p refPerson) bool { return v.teams[p.ID] != nil }))
		see("inactive person", slices.ContainsFunc(o.People, func(p refPerson) bool { return !p.Active }))
		see("inactive manager of an active person", slices.ContainsFunc(o.People, func(p refPerson) bool {
			return p.Active && p.Manager != nil && !active(*p.Manager)
		}))
		see("inactive person holder", slices.ContainsFunc(o.Mandates, func(x refMandate) bool {
			return x.Holder.Type == refPERSON && !active(x.Holder.ID)
		}))
		see("inactive staff", slices.ContainsFunc(o.Touchpoints, func(tp refTouchpoint) bool {
			return slices.ContainsFunc(tp.StaffedBy, func(h refHolder) bool { return h.Type == refPERSON && !active(h.ID) })
		}))
		see("team staff", slices.ContainsFunc(o.Touchpoints, func(tp refTouchpoint) bool {
			return slices.ContainsFunc(tp.StaffedBy, func(h refHolder) bool { return h.Type == refTEAM })
		}))
		see("self-service touchpoint with neither staff nor escalation", slices.ContainsFunc(o.Touchpoints, func(tp refTouchpoint) bool {
			return tp.SelfService && len(tp.StaffedBy) == 0 && len(tp.EscalatesTo) == 0
		}))
		see("person in a team and its sub-team", slices.ContainsFunc(o.Memberships, func(m refMembership) bool {
			p := v.teams[m.Team].Parent
			return p != nil && slices.Contains(o.Memberships, refMembership{m.Person, *p, refMEMBER}) ||
				p != nil && slices.Contains(o.Memberships, refMembership{m.Person, *p, refLEAD})
		}))
		see("person in 3 teams", slices.ContainsFunc(o.People, func(p refPerson) bool {
			n := 0
			for _, m := range o.Memberships {
				if m.Person == p.ID {
					n++
				}
			}
			return n >= 3
		}))
		h0 := o.health(refMid24)
		see("team tree 4 deep", h0.UnitDepth == 4)
		see("matter tree 3 deep", slices.ContainsFunc(o.Matters, func(m refMatter) bool {
			return m.Parent != nil && v.matters[*m.Parent].Parent != nil
		}))
		see("layers ≥ 4", h0.Layers >= 4)
		see("span median between two counts", h0.SpanOfControl.Median != nil && *h0.SpanOfControl.Median != float64(int(*h0.SpanOfControl.Median)))

		maxLinks := 0
		for _, x := range o.Mandates {
			n := 0
			for cur := x; cur.DelegatedFrom != nil; n++ {
				cur = *v.mandates[*cur.DelegatedFrom]
			}
			maxLinks = max(maxLinks, n)
		}
		see("delegation chain ≥ 3", maxLinks >= 3)
		see("delegation chain of 4", maxLinks == 4)
		see("team-held mandate", slices.ContainsFunc(o.Mandates, func(x refMandate) bool { return x.Holder.Type == refTEAM }))
		see("person-held mandate", slices.ContainsFunc(o.Mandates, func(x refMandate) bool { return x.Holder.Type == refPERSON }))
		see("unlimited mandate", slices.ContainsFunc(o.Mandates, func(x refMandate) bool { return x.Limit == nil }))
		see("limit 0", slices.ContainsFunc(o.Mandates, func(x refMandate) bool { return x.Limit != nil && *x.Limit == 0 }))
		see("strictly shrinking delegated limit", slices.ContainsFunc(o.Mandates, func(x refMandate) bool {
			if x.DelegatedFrom == nil || x.Limit == nil {
				return false
			}
			s := o.effLimit(*x.DelegatedFrom)
			return s != nil && *x.Limit < *s
		}))
		see("expired source", slices.ContainsFunc(o.Mandates, func(x refMandate) bool {
			return x.DelegatedFrom != nil && slices.ContainsFunc(o.queryTimes(), func(at time.Time) bool {
				own := (x.ValidFrom == nil || !at.Before(*x.ValidFrom)) && (x.ValidUntil == nil || at.Before(*x.ValidUntil))
				return own && !o.effective(x.ID, at)
			})
		}))
		see("TEAM grant through a sub-team", slices.ContainsFunc(o.Matters, func(m refMatter) bool {
			for _, a := range o.whoCanAct(m.ID, nil, refMid24) {
				for _, g := range a.Grants {
					if g.Via == "TEAM" && !slices.Contains(o.Memberships, refMembership{a.Person, g.Team, refMEMBER}) &&
						!slices.Contains(o.Memberships, refMembership{a.Person, g.Team, refLEAD}) {
						return true
					}
				}
			}
			return false
		}))
		see("escalation cycle", refHasEscalationCycle(o))
		see("volume 0", slices.ContainsFunc(o.Touchpoints, func(tp refTouchpoint) bool {
			return slices.ContainsFunc(tp.Handles, func(h refHandling) bool { return h.Volume == 0 })
		}))
		see("rate 0 and rate 1", slices.ContainsFunc(o.Touchpoints, func(tp refTouchpoint) bool {
			return slices.ContainsFunc(tp.Handles, func(h refHandling) bool { return h.SelfServiceRate == 0 })
		}) && slices.ContainsFunc(o.Touchpoints, func(tp refTouchpoint) bool {
			return slices.ContainsFunc(tp.Handles, func(h refHandling) bool { return h.SelfServiceRate == 1 })
		}))
		for _, at := range healthTimes {
			h := o.health(at)
			see("nil distance", slices.ContainsFunc(h.Handlings, func(hh refHandlingHealth) bool { return hh.Distance == nil }))
			see("distance 1", slices.ContainsFunc(h.Handlings, func(hh refHandlingHealth) bool { return hh.Distance != nil && *hh.Distance == 1 }))
			see("distance ≥ 3", slices.ContainsFunc(h.Handlings, func(hh refHandlingHealth) bool { return hh.Distance != nil && *hh.Distance >= 3 }))
			see("front line can act", slices.ContainsFunc(h.Handlings, func(hh refHandlingHealth) bool { return hh.FrontLineCanAct }))
			see("orphan matter", len(h.OrphanMatters) > 0)
			see("single-actor matter", len(h.SingleActorMatters) > 0)
			see("empowerment strictly between 0 and 1", h.Empowerment != nil && *h.Empowerment > 0 && *h.Empowerment < 1)
		}
	}
	t.Logf("features over %d orgs: %v", refSeeds, seen)
	for feature, n := range seen {
		assert.Positive(t, n, "no generated org has: %s", feature)
	}
}

func refHasEscalationCycle(o *refOrg) bool {
	v := o.view()
	for _, tp := range o.Touchpoints {
		// can tp reach itself by escalations?
		seen := map[string]bool{}
		stack := slices.Clone(tp.EscalatesTo)
		for len(stack) > 0 {
			cur := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if cur == tp.ID {
				return true
			}
			if !seen[cur] {
				seen[cur] = true
				stack = append(stack, v.tps[cur].EscalatesTo...)
			}
		}
	}
	return false
}

// TestRefModelIsConsistent ties the model's answers to each other on random
// orgs: canAct, whoCanAct and actionableMatters agree; more money never adds
// actors; the BFS's adjacency and checkRoute's isEdge are the same graph;
// every reference route passes checkRoute and no shorter route exists.
func TestRefModelIsConsistent(t *testing.T) {
	if testing.Short() {
		t.Skip("walks random orgs")
	}
	for k := range 24 {
		seed := 7 * k // sizes 5–40 over the 24 orgs
		o := refSeedOrg(seed)
		v := o.view()

		// adjacency == isEdge over every ordered pair of nodes.
		var nodes []refNode
		for _, tp := range o.Touchpoints {
			nodes = append(nodes, refTPNode(tp.ID))
		}
		for _, tm := range o.Teams {
			nodes = append(nodes, refTeamNode(tm.ID))
		}
		for _, p := range o.People {
			if p.Active {
				nodes = append(nodes, refPersonNode(p.ID))
			}
		}
		adj := v.adjacency()
		for _, a := range nodes {
			for _, b := range nodes {
				require.Equal(t, v.isEdge(a, b), slices.Contains(adj[a], b), "seed %d: edge %v → %v", seed, a, b)
			}
		}
		for a, bs := range adj {
			require.True(t, v.isNode(a), "seed %d: %v", seed, a)
			for _, b := range bs {
				require.True(t, v.isNode(b), "seed %d: %v", seed, b)
			}
		}

		// The BFS hop counts equal an independent fixpoint over isEdge.
		reach := map[string]map[refNode]int{} // by touchpoint: the fixpoint
		for _, tp := range o.Touchpoints {
			dist, _ := v.bfs(tp.ID)
			fix := map[refNode]int{refTPNode(tp.ID): 0}
			for changed := true; changed; {
				changed = false
				for _, a := range nodes {
					da, ok := fix[a]
					if !ok {
						continue
					}
					for _, b := range nodes {
						if db, ok := fix[b]; (!ok || da+1 < db) && v.isEdge(a, b) {
							fix[b], changed = da+1, true
						}
					}
				}
			}
			require.Equal(t, fix, dist, "seed %d: distances from %s", seed, tp.ID)
			reach[tp.ID] = fix
		}

		times := o.queryTimes()
		amounts := o.queryAmounts()
		for ti, at := range times {
			if ti%3 != seed%3 { // a third of the instants per org, all of them over the seeds
				continue
			}
			for ai, amount := range amounts {
				if ai != 0 && ai%4 != (seed+ti)%4 { // no amount, and a quarter of the others
					continue
				}
				who := map[string][]refActor{}
				for _, m := range o.Matters {
					who[m.ID] = o.whoCanAct(m.ID, amount, at)
					if amount != nil {
						// more money never adds an actor
						all := refActorIDs(o.whoCanAct(m.ID, nil, at))
						for _, a := range who[m.ID] {
							require.Contains(t, all, a.Person)
						}
					}
				}
				for _, p := range o.People {
					am := o.actionableMatters(p.ID, amount, at)
					for _, m := range o.Matters {
						ok, gs := o.canAct(p.ID, m.ID, amount, at)
						i := slices.IndexFunc(who[m.ID], func(a refActor) bool { return a.Person == p.ID })
						require.Equal(t, ok, i >= 0, "seed %d", seed)
						j := slices.IndexFunc(am, func(mg refMatterGrant) bool { return mg.Matter == m.ID })
						require.Equal(t, ok, j >= 0, "seed %d", seed)
						if !ok {
							continue
						}
						require.True(t, p.Active)
						require.Equal(t, gs, who[m.ID][i].Grants)
						require.Equal(t, gs, am[j].Grants)
						require.Equal(t, who[m.ID][i].Limit, am[j].Limit)
						for _, g := range gs {
							require.True(t, o.effective(g.Mandate, at))
							require.True(t, refAmountOK(amount, g.Limit))
							require.Equal(t, o.effLimit(g.Mandate), g.Limit)
						}
					}
				}
				if amount != nil && *amount != 100 {
					continue
				}
				for _, m := range o.Matters {
					for _, tp := range o.Touchpoints {
						r := o.customerDistance(tp.ID, m.ID, amount, at)
						if r == nil { // nobody who can act is within reach
							for _, a := range who[m.ID] {
								require.NotContains(t, reach[tp.ID], refPersonNode(a.Person), "seed %d", seed)
							}
							continue
						}
						require.NoError(t, o.checkRoute(tp.ID, m.ID, amount, at, r.Path), "seed %d", seed)
						require.Equal(t, refPersonNode(r.Actors[0]), r.Path[len(r.Path)-1])
						for _, a := range r.Actors {
							ok, _ := o.canAct(a, m.ID, amount, at)
							require.True(t, ok)
						}
					}
				}
			}
		}
	}
}
