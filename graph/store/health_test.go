package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/internal/testneo4j"
	"github.com/orgnet/orgnet/seed"
)

// Small orgs built in Go, for the health tests.

func hPerson(id, manager string) graph.Person {
	p := graph.Person{ID: id, Name: "Person " + id, Active: true}
	if manager != "" {
		p.Manager = &manager
	}
	return p
}

func hGone(p graph.Person) graph.Person { p.Active = false; return p }

func hTeam(id, parent string, kind graph.TeamKind) graph.Team {
	t := graph.Team{ID: id, Name: "Team " + id, Kind: kind}
	if parent != "" {
		t.Parent = &parent
	}
	return t
}

func hMatter(id, parent string) graph.Matter {
	m := graph.Matter{ID: id, Name: "Matter " + id}
	if parent != "" {
		m.Parent = &parent
	}
	return m
}

func hMandate(id, matter string, holder graph.Holder) graph.Mandate {
	return graph.Mandate{ID: id, Name: "Mandate " + id, Matter: matter, Holder: holder}
}

func hByPerson(id string) graph.Holder { return graph.Holder{Type: graph.HolderPerson, ID: id} }
func hByTeam(id string) graph.Holder   { return graph.Holder{Type: graph.HolderTeam, ID: id} }

func hMember(person, team string) graph.Membership {
	return graph.Membership{Person: person, Team: team, Role: graph.RoleMember}
}

func hHandles(matter string, volume, rate float64) graph.Handling {
	return graph.Handling{Matter: matter, Volume: volume, SelfServiceRate: rate}
}

// hImport makes the test database's org exactly org.
func hImport(t *testing.T, st *store.Store, org *graph.Snapshot) {
	t.Helper()
	_, err := st.Import(context.Background(), org, graph.ImportReplace, nil)
	require.NoError(t, err)
}

// hHandlings writes handlings one a line as "tp/matter 20 front d=1 via
// Person:ann" (d=- when stranded, no route).
func hHandlings(hs []graph.HandlingHealth) []string {
	out := []string{}
	for _, h := range hs {
		s := fmt.Sprintf("%s/%s %v", h.Touchpoint.ID, h.Matter.ID, h.Residual)
		if h.FrontLineCanAct {
			s += " front"
		}
		if h.Distance == nil {
			out = append(out, s+" d=-")
			continue
		}
		s += fmt.Sprintf(" d=%d via", *h.Distance)
		for _, n := range h.Route.Path[1:] {
			s += " " + hNode(n)
		}
		out = append(out, s)
	}
	return out
}

func hNode(n graph.RouteNode) string {
	switch n := n.(type) {
	case *graph.Touchpoint:
		return "Touchpoint:" + n.ID
	case *graph.Team:
		return "Team:" + n.ID
	case *graph.Person:
		return "Person:" + n.ID
	}
	return fmt.Sprintf("%T", n)
}

// hVolume writes volume figures as "residual 34, empowerment 0.7059,
// stranded 0, mean 1.5294" (- for null).
func hVolume(v graph.VolumeHealth) string {
	return fmt.Sprintf("residual %v, empowerment %s, stranded %v, mean %s", v.Residual, hOpt(v.Empowerment), v.StrandedVolume, hOpt(v.MeanCustomerDistance))
}

func hOpt(f *float64) string {
	if f == nil {
		return "-"
	}
	return fmt.Sprintf("%.4f", *f)
}

func hMatterIDs(ms []graph.Matter) []string {
	out := []string{}
	for _, m := range ms {
		out = append(out, m.ID)
	}
	return out
}

func hSingles(ss []graph.SingleActor) []string {
	out := []string{}
	for _, s := range ss {
		out = append(out, s.Matter.ID+"→"+s.Person.ID)
	}
	return out
}

// volumeOrg pins the per-handling figures of SPEC §2b and their sums. At qT:
//   - desk is staffed by Ann (who can act on fee), by inactive Kim (who
//     holds the only other loan mandate) and by the team "counter", whose
//     sub-team "counter-night" has Nia (fx); it escalates to back.
//   - back is staffed by Bob (loan).
//   - web is self-service with no staff and no escalation; app handles
//     nothing.
var volumeOrg = &graph.Snapshot{
	People:      []graph.Person{hPerson("ann", ""), hPerson("bob", ""), hPerson("nia", ""), hGone(hPerson("kim", ""))},
	Teams:       []graph.Team{hTeam("counter", "", graph.TeamKindUnit), hTeam("counter-night", "counter", graph.TeamKindTeam)},
	Memberships: []graph.Membership{hMember("nia", "counter-night")},
	Matters:     []graph.Matter{hMatter("fee", ""), hMatter("loan", ""), hMatter("fx", "")},
	Mandates: []graph.Mandate{
		hMandate("x-fee", "fee", hByPerson("ann")), hMandate("x-loan", "loan", hByPerson("bob")),
		hMandate("x-loan-kim", "loan", hByPerson("kim")), hMandate("x-fx", "fx", hByPerson("nia")),
	},
	Touchpoints: []graph.Touchpoint{
		{ID: "desk", Name: "Desk", Channel: graph.ChannelBranch,
			StaffedBy:   []graph.Holder{hByPerson("ann"), hByPerson("kim"), hByTeam("counter")},
			EscalatesTo: []string{"back"},
			Handles:     []graph.Handling{hHandles("fee", 40, 0.5), hHandles("loan", 10, 0), hHandles("fx", 8, 0.5)}},
		{ID: "back", Name: "Back office", Channel: graph.ChannelEmail, StaffedBy: []graph.Holder{hByPerson("bob")},
			Handles: []graph.Handling{hHandles("loan", 0, 0)}},
		{ID: "web", Name: "Web", Channel: graph.ChannelWeb, SelfService: true,
			Handles: []graph.Handling{hHandles("fee", 100, 0.75), hHandles("loan", 250, 1)}},
		{ID: "app", Name: "App", Channel: graph.ChannelApp, SelfService: true},
	},
}

func TestHealthVolumes(t *testing.T) {
	st := testneo4j.Store(t)
	hImport(t, st, volumeOrg)
	ctx, trips := store.CountRoundTrips(context.Background())

	h, err := st.OrgHealth(ctx, qT)
	require.NoError(t, err)
	assert.Equal(t, int64(3), trips.Load(), "handlings, matters, structure")
	assert.Equal(t, qT, h.At)

	assert.Equal(t, []string{
		"back/loan 0 front d=1 via Person:bob",
		"desk/fee 20 front d=1 via Person:ann",
		"desk/fx 4 front d=3 via Team:counter Team:counter-night Person:nia", // a sub-team's member is on the front line, 3 hops away
		"desk/loan 10 d=2 via Touchpoint:back Person:bob",                    // inactive Kim neither acts nor staffs
		"web/fee 25 d=-", // unstaffed self-service with no escalation: all of it stranded
		"web/loan 0 d=-", // rate 1: nothing left over
	}, hHandlings(h.Handlings))

	cases := []struct {
		name string
		got  graph.VolumeHealth
		want string
	}{
		// Σ residual 59; the front line can act on 20 + 4 (+ 0); 25 stranded;
		// (20·1 + 4·3 + 10·2 + 0·1) / 34 hops.
		{"the whole org", h.VolumeHealth, fmt.Sprintf("residual 59, empowerment %.4f, stranded 25, mean %.4f", 24.0/59, 52.0/34)},
		{"a touchpoint with no handlings has no empowerment and no mean", h.Touchpoints[0].VolumeHealth, "residual 0, empowerment -, stranded 0, mean -"},
		{"zero residual with a distance gives no weight", h.Touchpoints[1].VolumeHealth, "residual 0, empowerment -, stranded 0, mean -"},
		{"a staffed touchpoint", h.Touchpoints[2].VolumeHealth, fmt.Sprintf("residual 34, empowerment %.4f, stranded 0, mean %.4f", 24.0/34, 52.0/34)},
		{"a stranded touchpoint: empowerment 0, no mean", h.Touchpoints[3].VolumeHealth, "residual 25, empowerment 0.0000, stranded 25, mean -"},
		{"channel WEB is web", h.Channels[0].VolumeHealth, "residual 25, empowerment 0.0000, stranded 25, mean -"},
		{"channel BRANCH is desk", h.Channels[3].VolumeHealth, fmt.Sprintf("residual 34, empowerment %.4f, stranded 0, mean %.4f", 24.0/34, 52.0/34)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { assert.Equal(t, c.want, hVolume(c.got)) })
	}
	require.NotNil(t, h.Empowerment)
	assert.InDelta(t, 24.0/59, *h.Empowerment, 1e-12)

	var tps []string
	for _, tp := range h.Touchpoints {
		tps = append(tps, tp.Touchpoint.ID)
	}
	assert.Equal(t, []string{"app", "back", "desk", "web"}, tps, "every touchpoint, by id")
	var channels []string
	for _, c := range h.Channels {
		channels = append(channels, fmt.Sprintf("%s×%d", c.Channel, c.Touchpoints))
	}
	assert.Equal(t, []string{"WEB×1", "APP×1", "EMAIL×1", "BRANCH×1"}, channels, "channels in use, in the enum's order")

	assert.Empty(t, h.OrphanMatters)
	assert.Equal(t, []string{"fee→ann", "fx→nia", "loan→bob"}, hSingles(h.SingleActorMatters))

	// Entities come whole.
	assert.Equal(t, volumeOrg.Touchpoints[0], h.Handlings[1].Touchpoint)
	assert.Equal(t, graph.Person{ID: "ann", Name: "Person ann", Active: true}, h.SingleActorMatters[0].Person)
	assert.Equal(t, graph.Matter{ID: "fx", Name: "Matter fx"}, h.Handlings[2].Matter)
}

func TestHealthZeroResidual(t *testing.T) {
	st := testneo4j.Store(t)
	cases := []struct {
		name    string
		handles []graph.Handling
	}{
		{"no handlings at all", nil},
		{"volume 0", []graph.Handling{hHandles("fee", 0, 0.5)}},
		{"self-service rate 1", []graph.Handling{hHandles("fee", 100, 1)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			hImport(t, st, &graph.Snapshot{
				People:   []graph.Person{hPerson("ann", "")},
				Matters:  []graph.Matter{hMatter("fee", "")},
				Mandates: []graph.Mandate{hMandate("x", "fee", hByPerson("ann"))},
				Touchpoints: []graph.Touchpoint{{ID: "desk", Name: "Desk", Channel: graph.ChannelBranch,
					StaffedBy: []graph.Holder{hByPerson("ann")}, Handles: c.handles}},
			})
			h, err := st.OrgHealth(context.Background(), qT)
			require.NoError(t, err)
			assert.Nil(t, h.Empowerment, "Σ residual is 0")
			assert.Nil(t, h.MeanCustomerDistance, "no weight")
			assert.Equal(t, 0.0, h.StrandedVolume)
			assert.Len(t, h.Handlings, len(c.handles))
		})
	}
}

func TestHealthStructure(t *testing.T) {
	st := testneo4j.Store(t)
	// ceo ← a ← a1 ← mid ← low ← low2, with b and a2, a3, b1 beside.
	people := func(midActive bool) []graph.Person {
		mid := hPerson("mid", "a1")
		mid.Active = midActive
		return []graph.Person{hPerson("ceo", ""), hPerson("a", "ceo"), hPerson("b", "ceo"), hPerson("a1", "a"), hPerson("a2", "a"),
			hPerson("a3", "a"), hPerson("b1", "b"), mid, hPerson("low", "mid"), hPerson("low2", "low")}
	}
	teams := []graph.Team{hTeam("bank", "", graph.TeamKindUnit), hTeam("retail", "bank", graph.TeamKindUnit),
		hTeam("cards", "retail", graph.TeamKindUnit), hTeam("cards-bo", "cards", graph.TeamKindUnit),
		hTeam("net", "cards-bo", graph.TeamKindTeam), hTeam("solo", "", graph.TeamKindTeam)}
	cases := []struct {
		name      string
		org       *graph.Snapshot
		layers    int
		unitDepth int
		span      string // "max/mean/median"
	}{
		{"an inactive person breaks the chain and is no manager; an even count's median is the mean of the middle two",
			&graph.Snapshot{People: people(false), Teams: teams}, 3, 5, "3/1.7500/1.5000"}, // spans ceo 2, a 3, b 1, low 1
		{"the whole chain active", &graph.Snapshot{People: people(true)}, 6, 0, "3/1.5000/1.0000"}, // + a1 1, mid 1
		{"an odd count's median is the middle value",
			&graph.Snapshot{People: []graph.Person{hPerson("ceo", ""), hPerson("a", "ceo"), hPerson("b", "ceo"),
				hPerson("a1", "a"), hPerson("a2", "a"), hPerson("a3", "a"), hPerson("b1", "b")}}, 3, 0, "3/2.0000/2.0000"},
		{"only inactive reports: nobody has a span",
			&graph.Snapshot{People: []graph.Person{hPerson("ceo", ""), hGone(hPerson("x", "ceo"))}, Teams: teams[5:]}, 1, 1, "0/-/-"},
		{"an empty org", &graph.Snapshot{}, 0, 0, "0/-/-"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			hImport(t, st, c.org)
			h, err := st.OrgHealth(context.Background(), qT)
			require.NoError(t, err)
			assert.Equal(t, c.layers, h.Layers, "layers")
			assert.Equal(t, c.unitDepth, h.UnitDepth, "unitDepth")
			s := h.SpanOfControl
			assert.Equal(t, c.span, fmt.Sprintf("%d/%s/%s", s.Max, hOpt(s.Mean), hOpt(s.Median)), "spanOfControl")
		})
	}
}

// matterOrg pins orphanMatters and singleActorMatters. fee and block are
// below card, held by the unit "cards" (Ann through its sub-team, Cy
// directly); vip is below loan, which only Dag can act on; fx's only
// mandate expired on 2026-01-01 and took its delegation with it; night's
// holding team has only an inactive member; tax is held by inactive Bo and
// by Eva.
var matterOrg = &graph.Snapshot{
	People: []graph.Person{hPerson("ann", ""), hPerson("cy", ""), hPerson("dag", ""), hPerson("fia", ""),
		hPerson("gus", ""), hPerson("eva", ""), hGone(hPerson("bo", ""))},
	Teams: []graph.Team{hTeam("cards", "", graph.TeamKindUnit), hTeam("cards-bo", "cards", graph.TeamKindTeam),
		hTeam("night", "", graph.TeamKindTeam)},
	Memberships: []graph.Membership{hMember("ann", "cards-bo"), hMember("cy", "cards"), hMember("bo", "night")},
	Matters: []graph.Matter{hMatter("card", ""), hMatter("fee", "card"), hMatter("block", "card"), hMatter("loan", ""),
		hMatter("vip", "loan"), hMatter("fx", ""), hMatter("night", ""), hMatter("tax", "")},
	Mandates: func() []graph.Mandate {
		fx := hMandate("x-fx", "fx", hByPerson("gus"))
		fx.ValidUntil = qPtr(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		fxd := hMandate("x-fx-d", "fx", hByPerson("fia"))
		fxd.DelegatedFrom = qPtr("x-fx")
		return []graph.Mandate{hMandate("x-card", "card", hByTeam("cards")), hMandate("x-loan", "loan", hByPerson("dag")),
			fx, fxd, hMandate("x-night", "night", hByTeam("night")),
			hMandate("x-tax-bo", "tax", hByPerson("bo")), hMandate("x-tax-eva", "tax", hByPerson("eva"))}
	}(),
}

func TestHealthOrphanAndSingleActorMatters(t *testing.T) {
	st := testneo4j.Store(t)
	hImport(t, st, matterOrg)
	cases := []struct {
		name    string
		at      time.Time
		orphans []string
		singles []string
	}{
		{"an expired source orphans its delegation; an inactive holder or member does not act", qT,
			[]string{"fx", "night"}, []string{"loan→dag", "tax→eva", "vip→dag"}},
		{"before it expired, two people could act on fx", time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC),
			[]string{"night"}, []string{"loan→dag", "tax→eva", "vip→dag"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h, err := st.OrgHealth(context.Background(), c.at)
			require.NoError(t, err)
			assert.Equal(t, c.orphans, hMatterIDs(h.OrphanMatters))
			assert.Equal(t, c.singles, hSingles(h.SingleActorMatters))
		})
	}
}

// unitOrg pins the unit breakdown. bank ← retail ← {cards, loans}; net is a
// cross-functional team of Nils and Olle (who is also in loans). Managers:
// boss ← rita ← {carl ← cleo, lars ← {lina (inactive), nils, olle}}.
var unitOrg = &graph.Snapshot{
	People: []graph.Person{hPerson("boss", ""), hPerson("rita", "boss"), hPerson("carl", "rita"), hPerson("cleo", "carl"),
		hPerson("lars", "rita"), hGone(hPerson("lina", "lars")), hPerson("nils", "lars"), hPerson("olle", "lars")},
	Teams: []graph.Team{hTeam("bank", "", graph.TeamKindUnit), hTeam("retail", "bank", graph.TeamKindUnit),
		hTeam("cards", "retail", graph.TeamKindUnit), hTeam("loans", "retail", graph.TeamKindUnit), hTeam("net", "", graph.TeamKindTeam)},
	Memberships: []graph.Membership{hMember("boss", "bank"), hMember("rita", "retail"), hMember("carl", "cards"), hMember("cleo", "cards"),
		hMember("lars", "loans"), hMember("lina", "loans"), hMember("olle", "loans"), hMember("nils", "net"), hMember("olle", "net")},
	Matters: []graph.Matter{hMatter("campaign", ""), hMatter("card-fee", ""), hMatter("dormant", ""), hMatter("loan", ""),
		hMatter("pricing", ""), hMatter("strategy", "")},
	Mandates: func() []graph.Mandate {
		old := hMandate("x-cards-old", "card-fee", hByTeam("cards"))
		old.ValidUntil = qPtr(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		return []graph.Mandate{hMandate("x-cards", "card-fee", hByTeam("cards")), old,
			hMandate("x-rita", "pricing", hByPerson("rita")), hMandate("x-lina", "loan", hByPerson("lina")),
			hMandate("x-lars", "loan", hByPerson("lars")), hMandate("x-nils", "pricing", hByPerson("nils")),
			hMandate("x-net", "campaign", hByTeam("net")), hMandate("x-bank", "strategy", hByTeam("bank"))}
	}(),
}

func TestHealthUnits(t *testing.T) {
	st := testneo4j.Store(t)
	hImport(t, st, unitOrg)
	ctx, trips := store.CountRoundTrips(context.Background())

	all, err := st.UnitHealth(ctx, qT, nil, graph.Page{First: 50})
	require.NoError(t, err)
	var got []string
	for _, u := range all.Items {
		got = append(got, fmt.Sprintf("%s: %d people, %d layers, %d mandates", u.Team.ID, u.People, u.Layers, u.Mandates))
	}
	assert.Equal(t, []string{
		"bank: 6 people, 4 layers, 4 mandates",   // cleo → carl → rita → boss; x-cards, x-rita, x-lars, x-bank
		"cards: 2 people, 2 layers, 1 mandates",  // the expired x-cards-old does not count
		"loans: 2 people, 2 layers, 1 mandates",  // inactive Lina is no member and her mandate not held inside
		"net: 2 people, 1 layers, 2 mandates",    // Nils's and Olle's manager is outside net
		"retail: 5 people, 3 layers, 3 mandates", // boss is outside retail
	}, got)
	assert.Equal(t, graph.Team{ID: "cards", Name: "Team cards", Kind: graph.TeamKindUnit, Parent: qPtr("retail")}, all.Items[1].Team, "teams come whole")
	assert.Equal(t, qT, all.Items[0].At)

	exclusive, err := st.ExclusiveMatters(ctx, []string{"bank", "cards", "loans", "net", "retail", "nope"}, qT)
	require.NoError(t, err)
	assert.Equal(t, int64(2), trips.Load())
	got = nil
	for _, id := range []string{"bank", "cards", "loans", "net", "retail", "nope"} {
		got = append(got, id+": "+strings.Join(hMatterIDs(exclusive[id]), " "))
	}
	assert.Equal(t, []string{
		"bank: card-fee loan strategy", // pricing is Rita's and Nils's, who is outside bank
		"cards: card-fee",
		"loans: loan",
		"net: campaign",
		"retail: card-fee loan",
		"nope: ",
	}, got)
	assert.Equal(t, graph.Matter{ID: "loan", Name: "Matter loan"}, exclusive["loans"][0], "matters come whole")

	pages := []struct {
		name  string
		kind  *graph.TeamKind
		page  graph.Page
		ids   []string
		next  bool
		total int
	}{
		{"a first page", nil, graph.Page{First: 2}, []string{"bank", "cards"}, true, 5},
		{"after a cursor", nil, graph.Page{First: 2, After: "cards"}, []string{"loans", "net"}, true, 5},
		{"the last page", nil, graph.Page{First: 2, After: "net"}, []string{"retail"}, false, 5},
		{"only cross-functional teams", qPtr(graph.TeamKindTeam), graph.Page{First: 50}, []string{"net"}, false, 1},
		{"only units", qPtr(graph.TeamKindUnit), graph.Page{First: 50}, []string{"bank", "cards", "loans", "retail"}, false, 4},
	}
	for _, c := range pages {
		t.Run(c.name, func(t *testing.T) {
			conn, err := st.UnitHealth(context.Background(), qT, c.kind, c.page)
			require.NoError(t, err)
			var ids []string
			for _, u := range conn.Items {
				ids = append(ids, u.Team.ID)
			}
			assert.Equal(t, c.ids, ids)
			assert.Equal(t, c.next, conn.HasNext)
			assert.Equal(t, c.total, conn.Total)
		})
	}
}

// keyOrg pins keyPeople. Only Pia can act on tariff, Ada on night and Cas
// on claim; Max and Zed can both act on refund.
//   - phone is staffed by Pia alone; refund there goes to her manager Max
//     (2 hops). Without Pia nobody is reachable: Pia strands refund though
//     two others can act on it.
//   - chat is staffed by the team l1 (Ada, Ben); claim goes to Cas through
//     her manager Ada (3 hops), and would go through Ben and the team l1b
//     (4 hops) without Ada: Ada does not strand it.
//   - web has nothing behind it: its tariff volume is stranded already, so
//     Pia's leaving cannot newly strand it.
var keyOrg = &graph.Snapshot{
	People: []graph.Person{hPerson("pia", "max"), hPerson("max", ""), hPerson("zed", ""), hPerson("ada", ""), hPerson("ben", ""),
		hPerson("cas", "ada")},
	Teams: []graph.Team{hTeam("back", "", graph.TeamKindUnit), hTeam("l1", "", graph.TeamKindUnit), hTeam("l1b", "", graph.TeamKindTeam)},
	Memberships: []graph.Membership{hMember("zed", "back"), hMember("ada", "l1"), hMember("ben", "l1"), hMember("ben", "l1b"),
		hMember("cas", "l1b")},
	Matters: []graph.Matter{hMatter("refund", ""), hMatter("tariff", ""), hMatter("night", ""), hMatter("claim", "")},
	Mandates: []graph.Mandate{hMandate("x-refund-max", "refund", hByPerson("max")), hMandate("x-refund-zed", "refund", hByPerson("zed")),
		hMandate("x-tariff", "tariff", hByPerson("pia")), hMandate("x-night", "night", hByPerson("ada")),
		hMandate("x-claim", "claim", hByPerson("cas"))},
	Touchpoints: []graph.Touchpoint{
		{ID: "phone", Name: "Phone", Channel: graph.ChannelPhone, StaffedBy: []graph.Holder{hByPerson("pia")},
			Handles: []graph.Handling{hHandles("refund", 100, 0), hHandles("tariff", 30, 0.5)}},
		{ID: "chat", Name: "Chat", Channel: graph.ChannelChat, StaffedBy: []graph.Holder{hByTeam("l1")},
			Handles: []graph.Handling{hHandles("claim", 80, 0.25), hHandles("night", 40, 0)}},
		{ID: "web", Name: "Web", Channel: graph.ChannelWeb, SelfService: true,
			Handles: []graph.Handling{hHandles("tariff", 200, 0.75)}},
	},
}

func TestHealthKeyPeople(t *testing.T) {
	st := testneo4j.Store(t)
	hImport(t, st, keyOrg)
	h, err := st.OrgHealth(context.Background(), qT)
	require.NoError(t, err)
	require.Equal(t, []string{
		"chat/claim 60 d=3 via Team:l1 Person:ada Person:cas",
		"chat/night 40 front d=2 via Team:l1 Person:ada",
		"phone/refund 100 d=2 via Person:pia Person:max",
		"phone/tariff 15 front d=1 via Person:pia",
		"web/tariff 50 d=-",
	}, hHandlings(h.Handlings), "the routes the cases below rely on")

	ctx, trips := store.CountRoundTrips(context.Background())
	all, err := st.KeyPeople(ctx, h, graph.Page{First: 50})
	require.NoError(t, err)
	assert.Equal(t, int64(1), trips.Load(), "one search, avoiding each person, for every handling that needs one")
	assert.Equal(t, 3, all.Total)
	require.Len(t, all.Items, 3)

	cases := []struct {
		name     string
		got      graph.KeyPerson
		person   string
		sole     []string
		residual float64
		stranded float64
		handles  []string
	}{
		{"another route avoids her for claim; night is hers alone", all.Items[0], "ada", []string{"night"}, 40, 40,
			[]string{"chat/night 40 front d=2 via Team:l1 Person:ada"}},
		{"the end of the only route to the only actor", all.Items[1], "cas", []string{"claim"}, 60, 60,
			[]string{"chat/claim 60 d=3 via Team:l1 Person:ada Person:cas"}},
		{"a bridge: refund is stranded without her though Max and Zed can act; web's tariff is stranded already",
			all.Items[2], "pia", []string{"tariff"}, 15 + 50, 100 + 15,
			[]string{"phone/refund 100 d=2 via Person:pia Person:max", "phone/tariff 15 front d=1 via Person:pia"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.person, c.got.Person.ID)
			assert.Equal(t, c.sole, hMatterIDs(c.got.SoleMatters))
			assert.Equal(t, c.residual, c.got.SoleMatterResidual, "residual of the sole matters")
			assert.Equal(t, c.stranded, c.got.StrandedIfLeft, "stranded if left")
			assert.Equal(t, c.handles, hHandlings(c.got.StrandedHandlings))
		})
	}
	assert.Equal(t, hPerson("pia", "max"), all.Items[2].Person, "people come whole")

	page, err := st.KeyPeople(context.Background(), h, graph.Page{First: 1, After: "ada"})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, "cas", page.Items[0].Person.ID)
	assert.True(t, page.HasNext)
	assert.Equal(t, 3, page.Total)

	// No search is needed when every route through the page's people leads
	// to a matter only they can act on.
	ctx, trips = store.CountRoundTrips(context.Background())
	page, err = st.KeyPeople(ctx, h, graph.Page{First: 1, After: "ada"})
	require.NoError(t, err)
	assert.Equal(t, int64(0), trips.Load())
	assert.Equal(t, 60.0, page.Items[0].StrandedIfLeft)
}

// TestHealthOfTheDemo pins the demo's health against the facts its README
// lists by hand (seed/README.md), at an instant they hold at.
func TestHealthOfTheDemo(t *testing.T) {
	st := testneo4j.Store(t)
	demo, err := seed.Demo()
	require.NoError(t, err)
	hImport(t, st, demo)
	ctx := context.Background()

	h, err := st.OrgHealth(ctx, qT)
	require.NoError(t, err)
	assert.Equal(t, 2545.0, h.StrandedVolume, "160 at tp-web, 2 385 at tp-web-assistant")
	assert.Equal(t, []string{"m-web-content", "m-web-faq-content"}, hMatterIDs(h.OrphanMatters))
	assert.Subset(t, hSingles(h.SingleActorMatters), []string{"m-accounts→p-jenny-carlsson", "m-estate-handling→p-jenny-carlsson",
		"m-fee-exemption→p-henrik-dahl", "m-pricing→p-henrik-dahl"})

	// Each handling's distance is customerDistance's.
	for _, hh := range h.Handlings {
		route, err := st.CustomerDistance(ctx, hh.Touchpoint.ID, hh.Matter.ID, graph.Question{At: qT})
		require.NoError(t, err)
		if route == nil {
			assert.Nil(t, hh.Distance, "%s/%s", hh.Touchpoint.ID, hh.Matter.ID)
			continue
		}
		require.NotNil(t, hh.Distance, "%s/%s", hh.Touchpoint.ID, hh.Matter.ID)
		assert.Equal(t, route.Hops, *hh.Distance, "%s/%s", hh.Touchpoint.ID, hh.Matter.ID)
		assert.Equal(t, route.Hops, hh.Route.Hops)
	}

	keys, err := st.KeyPeople(ctx, h, graph.Page{First: 50})
	require.NoError(t, err)
	assert.NotEmpty(t, keys.Items)
	units, err := st.UnitHealth(ctx, qT, qPtr(graph.TeamKindUnit), graph.Page{First: 1000})
	require.NoError(t, err)
	top := qFind(units.Items, func(u graph.UnitHealth) bool { return u.Team.ID == "t-fjordbank" })
	require.NotNil(t, top)
	active := 0
	for _, p := range demo.People {
		if p.Active {
			active++
		}
	}
	assert.Equal(t, active, top.People, "the bank holds every active person")
	assert.Equal(t, h.Layers, top.Layers, "and every manager chain")
}
