package oracle

// Org health (docs/health.md) and orgnet's breakdowns of it, on tiny orgs.

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
)

func TestHealthHandlings(t *testing.T) {
	o := New(&graph.Snapshot{
		People:   []graph.Person{newPerson("ann", ""), newPerson("bob", "")},
		Matters:  []graph.Matter{newMatter("m", ""), newMatter("n", "")},
		Mandates: []graph.Mandate{personMandate("x", "m", "ann"), personMandate("y", "n", "bob")},
		Touchpoints: []graph.Touchpoint{
			{ID: "desk", Name: "Desk", Channel: graph.ChannelBranch, StaffedBy: []graph.Holder{byPerson("ann")}, EscalatesTo: []string{"back"},
				Handles: []graph.Handling{{Matter: "m", Volume: 40, SelfServiceRate: 0.5}, {Matter: "n", Volume: 10, SelfServiceRate: 0}}},
			{ID: "back", Name: "Back", Channel: graph.ChannelEmail, StaffedBy: []graph.Holder{byPerson("bob")},
				Handles: []graph.Handling{{Matter: "n", Volume: 0, SelfServiceRate: 0}}},
			{ID: "web", Name: "Web", Channel: graph.ChannelWeb, SelfService: true,
				Handles: []graph.Handling{{Matter: "m", Volume: 100, SelfServiceRate: 0.75}, {Matter: "n", Volume: 250, SelfServiceRate: 1}}},
		},
	})
	h := o.Health(mid24)
	one, two := 1, 2
	assert.Equal(t, []HandlingHealth{
		{Touchpoint: "back", Matter: "n", Residual: 0, FrontLineCanAct: true, Distance: &one},
		{Touchpoint: "desk", Matter: "m", Residual: 20, FrontLineCanAct: true, Distance: &one},
		{Touchpoint: "desk", Matter: "n", Residual: 10, FrontLineCanAct: false, Distance: &two}, // desk → back → bob
		{Touchpoint: "web", Matter: "m", Residual: 25, FrontLineCanAct: false, Distance: nil},   // stranded
		{Touchpoint: "web", Matter: "n", Residual: 0, FrontLineCanAct: false, Distance: nil},    // rate 1: nothing left
	}, h.Handlings)
	assert.Equal(t, 55.0, h.Residual)
	assert.Equal(t, 25.0, h.StrandedVolume, "the unstaffed self-service touchpoint strands all its residual")
	require.NotNil(t, h.Empowerment)
	assert.InDelta(t, 20.0/55.0, *h.Empowerment, 1e-12)
	require.NotNil(t, h.MeanCustomerDistance)
	assert.InDelta(t, (20*1+10*2+0*1)/30.0, *h.MeanCustomerDistance, 1e-12)
	assert.Empty(t, h.OrphanMatters)
	assert.Equal(t, []SingleActor{{"m", "ann"}, {"n", "bob"}}, h.SingleActorMatters)

	// The breakdowns: every touchpoint by id, the channels in use in the
	// order of docs/model.md.
	assert.Equal(t, []TouchpointVolume{
		{Touchpoint: "back", Volume: Volume{}},
		{Touchpoint: "desk", Volume: Volume{Residual: 30, Empowerment: ptr(20.0 / 30), MeanCustomerDistance: ptr(40.0 / 30)}},
		{Touchpoint: "web", Volume: Volume{Residual: 25, Empowerment: ptr(0.0), StrandedVolume: 25}},
	}, h.Touchpoints)
	var channels []string
	for _, c := range h.Channels {
		channels = append(channels, string(c.Channel))
		assert.Equal(t, 1, c.Touchpoints)
	}
	assert.Equal(t, []string{"WEB", "EMAIL", "BRANCH"}, channels)
	assert.Equal(t, h.Touchpoints[2].Volume, h.Channels[0].Volume, "WEB is web alone")
}

func TestHealthZeroResidual(t *testing.T) {
	o := New(&graph.Snapshot{
		People:   []graph.Person{newPerson("ann", "")},
		Matters:  []graph.Matter{newMatter("m", ""), newMatter("n", "")},
		Mandates: []graph.Mandate{personMandate("x", "m", "ann")},
		Touchpoints: []graph.Touchpoint{{ID: "web", Name: "Web", Channel: graph.ChannelWeb, SelfService: true,
			Handles: []graph.Handling{{Matter: "m", Volume: 0, SelfServiceRate: 0.5}, {Matter: "n", Volume: 100, SelfServiceRate: 1}}}},
	})
	h := o.Health(mid24)
	assert.Nil(t, h.Empowerment, "Σ residual is 0")
	assert.Nil(t, h.MeanCustomerDistance, "no weight")
	assert.Equal(t, 0.0, h.StrandedVolume)
	assert.Equal(t, []string{"n"}, h.OrphanMatters)
	assert.Equal(t, []SingleActor{{"m", "ann"}}, h.SingleActorMatters)

	empty := New(&graph.Snapshot{}).Health(mid24)
	assert.Equal(t, Health{OrphanMatters: []string{}, SingleActorMatters: []SingleActor{}, Handlings: []HandlingHealth{},
		Touchpoints: []TouchpointVolume{}, Channels: []ChannelVolume{}}, empty)
}

func TestHealthSpanOfControl(t *testing.T) {
	o := New(&graph.Snapshot{People: []graph.Person{
		newPerson("boss", ""),
		newPerson("r1", "boss"), newPerson("r2", "boss"), newPerson("r3", "boss"), newPerson("r4", "boss"), newPerson("r5", "boss"), // 5
		newPerson("s1", "r1"),                                   // r1: 1
		newPerson("s2", "r2"), inactive(newPerson("s2x", "r2")), // r2: 1 (an inactive report does not count)
		newPerson("s3", "r3"), newPerson("s4", "r3"), newPerson("s5", "r3"), // r3: 3
		inactive(newPerson("s6", "r4")),                                                      // r4: only an inactive report: left out
		inactive(newPerson("ghost", "")), newPerson("g1", "ghost"), newPerson("g2", "ghost"), // an inactive manager: left out
	}})
	h := o.Health(mid24)
	// spans: [1, 1, 3, 5]
	assert.Equal(t, 5, h.SpanOfControl.Max)
	assert.Equal(t, ptr(2.5), h.SpanOfControl.Mean)
	assert.Equal(t, ptr(2.0), h.SpanOfControl.Median, "an even count: the mean of the two middle values")
	assert.Equal(t, 3, h.Layers)

	// a: 2, b: 1, c: 3 → [1, 2, 3]: an odd count takes the middle value
	odd := New(&graph.Snapshot{People: []graph.Person{newPerson("a", ""), newPerson("b", "a"), newPerson("c", "a"), newPerson("d", "b"),
		newPerson("e", "c"), newPerson("f", "c"), newPerson("g", "c")}})
	assert.Equal(t, Span{Max: 3, Mean: ptr(2.0), Median: ptr(2.0)}, odd.Health(mid24).SpanOfControl)

	nobody := New(&graph.Snapshot{People: []graph.Person{newPerson("a", ""), inactive(newPerson("b", "a"))}}).Health(mid24)
	assert.Equal(t, Span{}, nobody.SpanOfControl)
	assert.Equal(t, 1, nobody.Layers)
}

func TestHealthLayersAndUnitDepth(t *testing.T) {
	chain := func(bActive bool) *graph.Snapshot {
		b := newPerson("b", "a")
		b.Active = bActive
		return &graph.Snapshot{People: []graph.Person{newPerson("d", "c"), newPerson("c", "b"), b, newPerson("a", "")}}
	}
	for _, tc := range []struct {
		name string
		s    *graph.Snapshot
		want int
	}{
		{"a ← b ← c ← d all active", chain(true), 4},
		{"inactive b breaks it: d → c is the longest", chain(false), 2},
		{"nobody active", &graph.Snapshot{People: []graph.Person{inactive(newPerson("a", ""))}}, 0},
		{"no people", &graph.Snapshot{}, 0},
		{"the manager of an inactive top", &graph.Snapshot{People: []graph.Person{inactive(newPerson("a", "")), newPerson("b", "a")}}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) { assert.Equal(t, tc.want, New(tc.s).Health(mid24).Layers) })
	}

	net := graph.Team{ID: "net", Name: "Net", Kind: graph.TeamKindTeam, Parent: ptr("c")}
	teams := New(&graph.Snapshot{Teams: []graph.Team{newTeam("c", "b"), newTeam("a", ""), newTeam("b", "a"), newTeam("z", ""), net}})
	assert.Equal(t, 4, teams.Health(mid24).UnitDepth, "a ← b ← c ← net, any kind")
	assert.Equal(t, 1, New(&graph.Snapshot{Teams: []graph.Team{newTeam("a", "")}}).Health(mid24).UnitDepth)
	assert.Equal(t, 0, New(&graph.Snapshot{}).Health(mid24).UnitDepth)
}

func TestUnits(t *testing.T) {
	// bank ← retail ← cards; boss ← rita ← carl. Carl's expired mandate does
	// not count; pricing is Rita's and Zoe's, who is in no team.
	o := New(&graph.Snapshot{
		People:      []graph.Person{newPerson("boss", ""), newPerson("rita", "boss"), newPerson("carl", "rita"), newPerson("zoe", "")},
		Teams:       []graph.Team{newTeam("retail", "bank"), newTeam("bank", ""), newTeam("cards", "retail")},
		Memberships: []graph.Membership{newMember("boss", "bank"), newMember("rita", "retail"), newMember("carl", "cards")},
		Matters:     []graph.Matter{newMatter("fee", ""), newMatter("pricing", ""), newMatter("strategy", "")},
		Mandates: []graph.Mandate{teamMandate("x-cards", "fee", "cards"), validIn(personMandate("x-old", "fee", "carl"), nil, ptr(y2024)),
			personMandate("x-rita", "pricing", "rita"), personMandate("x-zoe", "pricing", "zoe"), teamMandate("x-bank", "strategy", "bank")},
	})
	assert.Equal(t, []Unit{
		{Team: "bank", People: 3, Layers: 3, Mandates: 3, ExclusiveMatters: []string{"fee", "strategy"}},
		{Team: "cards", People: 1, Layers: 1, Mandates: 1, ExclusiveMatters: []string{"fee"}},
		{Team: "retail", People: 2, Layers: 2, Mandates: 2, ExclusiveMatters: []string{"fee"}},
	}, o.Units(mid24))
}

func TestKeyPeople(t *testing.T) {
	// Only pia can act on tariff; max and zed on refund. The phone is staffed
	// by pia alone and reaches max through her: without her, refund at the
	// phone is stranded although two others can act on it.
	o := New(&graph.Snapshot{
		People:  []graph.Person{newPerson("pia", "max"), newPerson("max", ""), newPerson("zed", "")},
		Matters: []graph.Matter{newMatter("refund", ""), newMatter("tariff", "")},
		Mandates: []graph.Mandate{personMandate("x-max", "refund", "max"), personMandate("x-zed", "refund", "zed"),
			personMandate("x-pia", "tariff", "pia")},
		Touchpoints: []graph.Touchpoint{{ID: "phone", Name: "Phone", Channel: graph.ChannelPhone, StaffedBy: []graph.Holder{byPerson("pia")},
			Handles: []graph.Handling{{Matter: "refund", Volume: 100, SelfServiceRate: 0}, {Matter: "tariff", Volume: 30, SelfServiceRate: 0.5}}}},
	})
	two, one := 2, 1
	assert.Equal(t, []KeyPerson{{
		Person: "pia", SoleMatters: []string{"tariff"}, SoleMatterResidual: 15, StrandedIfLeft: 115,
		StrandedHandlings: []HandlingHealth{
			{Touchpoint: "phone", Matter: "refund", Residual: 100, Distance: &two},
			{Touchpoint: "phone", Matter: "tariff", Residual: 15, FrontLineCanAct: true, Distance: &one},
		},
	}}, o.KeyPeople(mid24))
}
