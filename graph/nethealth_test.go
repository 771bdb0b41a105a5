package graph_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
)

// The store's randomized tests hold graph.Net equal to the reference model
// on hundreds of random orgs; these pin the rules it is easiest to get
// wrong, without a database, on the worked example of docs/health.md and a
// few small orgs.

var netAt = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

func netPerson(id string, active bool, manager string) graph.Person {
	p := graph.Person{ID: id, Name: id, Active: active}
	if manager != "" {
		p.Manager = &manager
	}
	return p
}

func netMandate(id, matter string, holder graph.HolderType, who string) graph.Mandate {
	return graph.Mandate{ID: id, Name: id, Matter: matter, Holder: graph.Holder{Type: holder, ID: who}}
}

// workedExample is the org of docs/health.md, "A worked example".
func workedExample() *graph.Snapshot {
	return &graph.Snapshot{
		People:  []graph.Person{netPerson("ann", true, ""), netPerson("bob", true, "")},
		Matters: []graph.Matter{{ID: "m", Name: "refunds"}, {ID: "n", Name: "disputes"}},
		Mandates: []graph.Mandate{
			netMandate("x-ann", "m", graph.HolderPerson, "ann"),
			netMandate("x-bob", "n", graph.HolderPerson, "bob"),
		},
		Touchpoints: []graph.Touchpoint{
			{ID: "back", Channel: graph.ChannelOther, StaffedBy: []graph.Holder{{Type: graph.HolderPerson, ID: "bob"}},
				Handles: []graph.Handling{{Matter: "n"}}},
			{ID: "desk", Channel: graph.ChannelBranch, StaffedBy: []graph.Holder{{Type: graph.HolderPerson, ID: "ann"}},
				EscalatesTo: []string{"back"}, Handles: []graph.Handling{{Matter: "m", Volume: 40, SelfServiceRate: 0.5}, {Matter: "n", Volume: 10}}},
			{ID: "web", Channel: graph.ChannelWeb, SelfService: true,
				Handles: []graph.Handling{{Matter: "m", Volume: 100, SelfServiceRate: 0.75}, {Matter: "n", Volume: 250, SelfServiceRate: 1}}},
		},
	}
}

// handlingLines describes handlings as "tp/matter residual front d=N via
// the route's nodes".
func handlingLines(hs []graph.HandlingHealth) []string {
	var out []string
	for _, h := range hs {
		line := fmt.Sprintf("%s/%s %g", h.Touchpoint.ID, h.Matter.ID, h.Residual)
		if h.FrontLineCanAct {
			line += " front"
		}
		if h.Distance == nil {
			out = append(out, line+" d=-")
			continue
		}
		var via []string
		for _, n := range h.Route.Path[1:] {
			switch v := n.(type) {
			case *graph.Touchpoint:
				via = append(via, "Touchpoint:"+v.ID)
			case *graph.Team:
				via = append(via, "Team:"+v.ID)
			case *graph.Person:
				via = append(via, "Person:"+v.ID)
			}
		}
		out = append(out, fmt.Sprintf("%s d=%d via %s", line, *h.Distance, strings.Join(via, " ")))
	}
	return out
}

func TestNetHealthOfTheWorkedExample(t *testing.T) {
	h := graph.NewNet(workedExample()).Health(netAt)
	assert.Equal(t, []string{
		"back/n 0 front d=1 via Person:bob",
		"desk/m 20 front d=1 via Person:ann",
		"desk/n 10 d=2 via Touchpoint:back Person:bob",
		"web/m 25 d=-",
		"web/n 0 d=-",
	}, handlingLines(h.Handlings))
	assert.InDelta(t, 55, h.Residual, 1e-9)
	require.NotNil(t, h.Empowerment)
	assert.InDelta(t, 20.0/55, *h.Empowerment, 1e-9)
	assert.InDelta(t, 25, h.StrandedVolume, 1e-9)
	require.NotNil(t, h.MeanCustomerDistance)
	assert.InDelta(t, 40.0/30, *h.MeanCustomerDistance, 1e-9)
	assert.Empty(t, h.OrphanMatters)
	require.Len(t, h.SingleActorMatters, 2)
	assert.Equal(t, "m ann, n bob", fmt.Sprintf("%s %s, %s %s", h.SingleActorMatters[0].Matter.ID, h.SingleActorMatters[0].Person.ID,
		h.SingleActorMatters[1].Matter.ID, h.SingleActorMatters[1].Person.ID))
	assert.Equal(t, 1, h.Layers, "nobody has a manager")
	assert.Equal(t, 0, h.UnitDepth, "no teams")
	assert.Equal(t, graph.Span{}, h.SpanOfControl, "nobody has reports")

	keys := graph.PlanKeyPeople(h, graph.Page{First: 50})
	people := keys.Assemble(h.Net().Stranded(keys.Reroutes, h.At))
	var got []string
	for _, k := range people.Items {
		got = append(got, fmt.Sprintf("%s %g %g", k.Person.ID, k.SoleMatterResidual, k.StrandedIfLeft))
	}
	assert.Equal(t, []string{"ann 45 20", "bob 10 10"}, got)
}

func TestNetRules(t *testing.T) {
	expired := netAt.Add(-time.Hour)
	// A chain of units, a cross-functional team below nothing, people with
	// managers (one inactive), and mandates whose standing differs.
	org := &graph.Snapshot{
		People: []graph.Person{
			netPerson("boss", true, ""), netPerson("mia", true, "boss"), netPerson("ned", true, "mia"),
			netPerson("old", false, "boss"), netPerson("oli", true, "old"), netPerson("pat", true, "ned"),
		},
		Teams: []graph.Team{
			{ID: "top", Name: "top", Kind: graph.TeamKindUnit},
			{ID: "mid", Name: "mid", Kind: graph.TeamKindUnit, Parent: strPtr("top")},
			{ID: "low", Name: "low", Kind: graph.TeamKindUnit, Parent: strPtr("mid")},
			{ID: "xft", Name: "xft", Kind: graph.TeamKindTeam},
		},
		Memberships: []graph.Membership{
			{Person: "mia", Team: "mid", Role: graph.RoleLead}, {Person: "ned", Team: "low", Role: graph.RoleMember},
			{Person: "old", Team: "low", Role: graph.RoleMember}, {Person: "oli", Team: "low", Role: graph.RoleMember},
			{Person: "pat", Team: "xft", Role: graph.RoleMember}, {Person: "ned", Team: "xft", Role: graph.RoleMember},
		},
		Matters: []graph.Matter{{ID: "all", Name: "all"}, {ID: "sub", Name: "sub", Parent: strPtr("all")}, {ID: "gone", Name: "gone"}, {ID: "pats", Name: "pats"}},
		Mandates: []graph.Mandate{
			netMandate("x-mid", "all", graph.HolderTeam, "mid"), // mia, ned, oli: not old
			{ID: "x-dead", Name: "x-dead", Matter: "gone", Holder: graph.Holder{Type: graph.HolderTeam, ID: "top"}, ValidUntil: &expired},
			{ID: "x-child", Name: "x-child", Matter: "gone", Holder: graph.Holder{Type: graph.HolderPerson, ID: "boss"}, DelegatedFrom: strPtr("x-dead")}, // dead with its source
			netMandate("x-pat", "pats", graph.HolderPerson, "pat"),
		},
		Touchpoints: []graph.Touchpoint{
			// Staffed by the top unit: a member of a team below it is on the
			// front line, 3 hops away (docs/questions.md §2.11).
			{ID: "tp", Channel: graph.ChannelPhone, StaffedBy: []graph.Holder{{Type: graph.HolderTeam, ID: "top"}},
				Handles: []graph.Handling{{Matter: "sub", Volume: 10}, {Matter: "pats", Volume: 5}, {Matter: "gone", Volume: 1}}},
		},
	}
	n := graph.NewNet(org)
	h := n.Health(netAt)
	assert.Equal(t, []string{
		"tp/gone 1 d=-",
		"tp/pats 5 d=5 via Team:top Team:mid Person:mia Person:ned Person:pat", // pat is in no unit: reached through managers
		"tp/sub 10 front d=3 via Team:top Team:mid Person:mia",
	}, handlingLines(h.Handlings))
	var orphans []string
	for _, m := range h.OrphanMatters {
		orphans = append(orphans, m.ID)
	}
	assert.Equal(t, []string{"gone"}, orphans, "a mandate delegated from an expired one is dead too")
	require.Len(t, h.SingleActorMatters, 1)
	assert.Equal(t, "pat", h.SingleActorMatters[0].Person.ID)
	assert.Equal(t, 4, h.Layers, "boss → mia → ned → pat; old, inactive, ends oli's chain")
	assert.Equal(t, 3, h.UnitDepth)
	require.NotNil(t, h.SpanOfControl.Mean)
	assert.Equal(t, 1, h.SpanOfControl.Max, "boss: mia (old is inactive); mia: ned; ned: pat")
	assert.Equal(t, 1.0, *h.SpanOfControl.Median)

	units := n.Units(netAt, nil, graph.Page{First: 50})
	var lines []string
	for _, u := range units.Items {
		lines = append(lines, fmt.Sprintf("%s: %d people, %d layers, %d mandates", u.Team.ID, u.People, u.Layers, u.Mandates))
	}
	assert.Equal(t, []string{
		"low: 2 people, 1 layers, 0 mandates", // ned and oli; inactive old is no member, and ned's manager is outside
		"mid: 3 people, 2 layers, 1 mandates", // mia → ned
		"top: 3 people, 2 layers, 1 mandates", // the expired x-dead does not count
		"xft: 2 people, 2 layers, 1 mandates", // ned → pat, and pat's own mandate
	}, lines)
	assert.Equal(t, 4, units.Total)

	page := n.Units(netAt, ptrTo(graph.TeamKindUnit), graph.Page{First: 1, After: "low"})
	require.Len(t, page.Items, 1)
	assert.Equal(t, "mid", page.Items[0].Team.ID)
	assert.True(t, page.HasNext)
	assert.Equal(t, 3, page.Total, "units of the kind asked")

	exclusive := n.ExclusiveMatters([]string{"low", "mid", "top", "xft", "nope"}, netAt)
	got := map[string][]string{}
	for team, ms := range exclusive {
		got[team] = []string{}
		for _, m := range ms {
			got[team] = append(got[team], m.ID)
		}
	}
	assert.Equal(t, map[string][]string{
		"low":  {},             // mia acts on all and sub and is not in low
		"mid":  {"all", "sub"}, // mia, ned and oli, all in mid
		"top":  {"all", "sub"},
		"xft":  {"pats"}, // pat alone, in xft; gone has nobody, so it is nobody's
		"nope": {},
	}, got)
}

func ptrTo[T any](v T) *T { return &v }

func strPtr(s string) *string { return &s }
