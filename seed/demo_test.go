package seed

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/internal/oracle"
)

// demoAt is when the facts of README.md are checked. They hold from
// 2025-06-30 (the last expiry) until 2028-01-01 (the first future start).
var demoAt = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)

func demo(t *testing.T) *graph.Snapshot {
	t.Helper()
	s, err := Demo()
	require.NoError(t, err)
	return s
}

func TestDemoDecodesAndValidates(t *testing.T) {
	s := demo(t)
	assert.Empty(t, graph.Validate(s))

	fromBytes, err := graph.DecodeSnapshot(bytes.NewReader(DemoJSON()))
	require.NoError(t, err)
	assert.Equal(t, s, fromBytes, "DemoJSON and Demo agree")

	DemoJSON()[0] = 'x'
	assert.Equal(t, byte('{'), DemoJSON()[0], "DemoJSON hands out copies")
}

func TestDemoShape(t *testing.T) {
	s := demo(t)
	people := map[string]graph.Person{}
	for _, p := range s.People {
		people[p.ID] = p
	}
	mandates := map[string]graph.Mandate{}
	for _, m := range s.Mandates {
		mandates[m.ID] = m
	}
	reports := directReports(s)

	cases := []struct {
		name  string
		check func(t *testing.T)
	}{
		{"80 to 150 people", func(t *testing.T) {
			assert.GreaterOrEqual(t, len(s.People), 80)
			assert.LessOrEqual(t, len(s.People), 150)
		}},
		{"an inactive manager between an active manager and active reports", func(t *testing.T) {
			assert.True(t, slices.ContainsFunc(s.People, func(p graph.Person) bool {
				return !p.Active && reports[p.ID] > 0 && p.Manager != nil && people[*p.Manager].Active
			}))
		}},
		{"an inactive holder of a person-held mandate", func(t *testing.T) {
			assert.True(t, slices.ContainsFunc(s.Mandates, func(m graph.Mandate) bool {
				return m.Holder.Type == graph.HolderPerson && !people[m.Holder.ID].Active
			}))
		}},
		{"units 4 to 6 levels deep, managers following them", func(t *testing.T) {
			assert.GreaterOrEqual(t, unitDepth(s), 4)
			assert.LessOrEqual(t, unitDepth(s), 6)
			assert.Empty(t, hierarchyMismatches(s))
		}},
		{"cross-functional TEAM teams drawing on several units", func(t *testing.T) {
			units := teamUnits(s)
			assert.GreaterOrEqual(t, len(units), 2)
			for team, u := range units {
				assert.GreaterOrEqual(t, len(u), 2, "units team %s draws on", team)
			}
		}},
		{"20 to 35 matters, 2 to 3 levels", func(t *testing.T) {
			assert.GreaterOrEqual(t, len(s.Matters), 20)
			assert.LessOrEqual(t, len(s.Matters), 35)
			assert.GreaterOrEqual(t, matterDepth(s), 2)
			assert.LessOrEqual(t, matterDepth(s), 3)
		}},
		{"delegation chains of 2 to 4 steps", func(t *testing.T) {
			assert.GreaterOrEqual(t, maxValue(delegationSteps(s)), 2)
			assert.LessOrEqual(t, maxValue(delegationSteps(s)), 4)
		}},
		{"mandates held by people and by teams", func(t *testing.T) {
			for _, kind := range []graph.HolderType{graph.HolderPerson, graph.HolderTeam} {
				assert.True(t, slices.ContainsFunc(s.Mandates, func(m graph.Mandate) bool { return m.Holder.Type == kind }), "held by a %s", kind)
			}
		}},
		{"an expired mandate with delegations, dead with it", func(t *testing.T) {
			expired, _ := windows(s, demoAt)
			assert.Positive(t, expired)
			assert.True(t, slices.ContainsFunc(s.Mandates, func(m graph.Mandate) bool {
				src, ok := mandates[deref(m.DelegatedFrom)]
				return ok && src.ValidUntil != nil && src.ValidUntil.Before(demoAt)
			}))
		}},
		{"a mandate valid only from 2027 on", func(t *testing.T) {
			assert.True(t, slices.ContainsFunc(s.Mandates, func(m graph.Mandate) bool {
				return m.ValidFrom != nil && m.ValidFrom.Year() >= 2027 && m.ValidFrom.After(demoAt)
			}))
		}},
		{"self-service web and app touchpoints resolving 60 to 90 %", func(t *testing.T) {
			channels := map[graph.Channel]bool{}
			for _, tp := range s.Touchpoints {
				if !tp.SelfService {
					continue
				}
				channels[tp.Channel] = true
				for _, h := range tp.Handles {
					assert.GreaterOrEqual(t, h.SelfServiceRate, 0.6, "%s handling %s", tp.ID, h.Matter)
					assert.LessOrEqual(t, h.SelfServiceRate, 0.9, "%s handling %s", tp.ID, h.Matter)
				}
			}
			assert.True(t, channels[graph.ChannelWeb] && channels[graph.ChannelApp], "self-service on %v", channels)
		}},
		{"a self-service touchpoint with no staff and no escalation", func(t *testing.T) {
			assert.True(t, slices.ContainsFunc(s.Touchpoints, func(tp graph.Touchpoint) bool {
				return tp.SelfService && len(tp.StaffedBy) == 0 && len(tp.EscalatesTo) == 0 && len(tp.Handles) > 0
			}))
		}},
		{"chat, phone, email and branches staffed by teams", func(t *testing.T) {
			for _, c := range []graph.Channel{graph.ChannelChat, graph.ChannelPhone, graph.ChannelEmail, graph.ChannelBranch} {
				assert.True(t, slices.ContainsFunc(s.Touchpoints, func(tp graph.Touchpoint) bool {
					return tp.Channel == c && slices.ContainsFunc(tp.StaffedBy, func(h graph.Holder) bool { return h.Type == graph.HolderTeam })
				}), "a %s touchpoint staffed by a team", c)
			}
		}},
		{"monthly volumes from hundreds to tens of thousands", func(t *testing.T) {
			for _, tp := range s.Touchpoints {
				total := 0.0
				for _, h := range tp.Handles {
					assert.Positive(t, h.Volume, "%s handling %s", tp.ID, h.Matter)
					total += h.Volume
				}
				assert.GreaterOrEqual(t, total, 100.0, "%s", tp.ID)
				assert.Less(t, total, 100_000.0, "%s", tp.ID)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, c.check)
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// TestDemoFacts pins the facts README.md states: customer distances per
// docs/questions.md §2.11, computed by the reference model (internal/oracle), and the
// README's paths walked edge by edge.
func TestDemoFacts(t *testing.T) {
	o := oracle.New(demo(t))
	jan2025 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	feb2028 := time.Date(2028, 2, 1, 0, 0, 0, 0, time.UTC)
	amount := func(a float64) *float64 { return &a }
	cases := []struct {
		name       string
		touchpoint string
		matter     string
		amount     *float64 // nil: no amount
		at         time.Time
		hops       int      // -1: nobody reachable can act
		actors     []string // everyone who can act at that distance
		via        string   // a shortest path, as README.md states it
	}{
		{
			name: "phone front line refunds small card fees itself", touchpoint: "tp-phone", matter: "m-card-fee-refund", amount: amount(300), at: demoAt,
			hops: 2, actors: []string{"p-anton-bergqvist", "p-elin-forsberg", "p-emil-holm", "p-frida-hedlund", "p-jonas-ek", "p-linnea-sjoberg", "p-maja-karlsson", "p-mikael-aho", "p-oskar-lindqvist", "p-sara-nyberg", "p-viktor-strand"},
			via: "tp-phone → t-phone-frontline → p-sara-nyberg",
		},
		{
			name: "a card fee refund above the phone limit is four hops away", touchpoint: "tp-phone", matter: "m-card-fee-refund", amount: amount(2000), at: demoAt,
			hops: 4, actors: []string{"p-albin-dahlberg", "p-klara-martinsson", "p-moa-eliasson"},
			via: "tp-phone → t-phone-frontline → p-sara-nyberg → t-cj-cards → p-klara-martinsson",
		},
		{
			name: "a large card fee refund needs the head of cards operations", touchpoint: "tp-phone", matter: "m-card-fee-refund", amount: amount(20000), at: demoAt,
			hops: 6, actors: []string{"p-eva-lundgren"},
			via: "tp-phone → t-phone-frontline → p-sara-nyberg → t-cj-cards → p-klara-martinsson → p-bjorn-sjostrom → p-eva-lundgren",
		},
		{
			name: "the app escalates small card fee refunds to chat", touchpoint: "tp-app", matter: "m-card-fee-refund", amount: amount(300), at: demoAt,
			hops: 3, actors: []string{"p-arvid-nilsson", "p-ella-johansson", "p-hanna-persson", "p-ida-lindgren", "p-lukas-norberg", "p-noah-sandberg", "p-sofia-wallin"},
			via: "tp-app → tp-chat → t-chat-frontline → p-hanna-persson",
		},
		{
			name: "chat could refund 800 during the 2024 Christmas campaign", touchpoint: "tp-chat", matter: "m-card-fee-refund", amount: amount(800), at: jan2025,
			hops: 2, actors: []string{"p-arvid-nilsson", "p-ella-johansson", "p-hanna-persson", "p-ida-lindgren", "p-lukas-norberg", "p-noah-sandberg", "p-sofia-wallin"},
			via: "tp-chat → t-chat-frontline → p-hanna-persson",
		},
		{
			name: "chat can no longer refund 800 since the campaign expired", touchpoint: "tp-chat", matter: "m-card-fee-refund", amount: amount(800), at: demoAt,
			hops: 4, actors: []string{"p-albin-dahlberg", "p-klara-martinsson", "p-lisa-ekstrom"},
			via: "tp-chat → t-chat-frontline → p-hanna-persson → t-cj-cards → p-klara-martinsson",
		},
		{
			name: "the web assistant strands everything", touchpoint: "tp-web-assistant", matter: "m-card-fee-refund", amount: amount(300), at: demoAt,
			hops: -1,
		},
		{
			name: "nobody can act on web FAQ content since its mandate expired", touchpoint: "tp-web", matter: "m-web-faq-content", amount: nil, at: demoAt,
			hops: -1,
		},
		{
			name: "the inactive dispute specialist's large chargeback mandate reaches nobody", touchpoint: "tp-phone", matter: "m-chargeback", amount: amount(150000), at: demoAt,
			hops: -1,
		},
		{
			name: "a chargeback of 100 000 needs the head of cards operations", touchpoint: "tp-phone", matter: "m-chargeback", amount: amount(100000), at: demoAt,
			hops: 6, actors: []string{"p-eva-lundgren"},
			via: "tp-phone → t-phone-frontline → p-sara-nyberg → t-cj-cards → p-klara-martinsson → p-bjorn-sjostrom → p-eva-lundgren",
		},
		{
			name: "a small loan at the phone is five hops away before the pilot", touchpoint: "tp-phone", matter: "m-loan-application-small", amount: amount(50000), at: demoAt,
			hops: 5, actors: []string{"p-gunnar-hallberg", "p-ulrika-falk"},
			via: "tp-phone → t-phone-frontline → p-jonas-ek → p-karin-berg → p-henrik-dahl → p-gunnar-hallberg",
		},
		{
			name: "a small loan at the phone is two hops away once the pilot starts", touchpoint: "tp-phone", matter: "m-loan-application-small", amount: amount(50000), at: feb2028,
			hops: 2, actors: []string{"p-anton-bergqvist", "p-elin-forsberg", "p-emil-holm", "p-frida-hedlund", "p-jonas-ek", "p-linnea-sjoberg", "p-maja-karlsson", "p-mikael-aho", "p-oskar-lindqvist", "p-sara-nyberg", "p-viktor-strand"},
			via: "tp-phone → t-phone-frontline → p-sara-nyberg",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := o.CustomerDistance(c.touchpoint, c.matter, c.amount, c.at)
			if c.hops < 0 {
				assert.Nil(t, r)
				return
			}
			require.NotNil(t, r, "no route")
			assert.Equal(t, c.hops, r.Hops)
			assert.Equal(t, c.actors, r.Actors)

			via := readmePath(o, strings.Split(c.via, " → "))
			assert.NoError(t, o.CheckRoute(c.touchpoint, c.matter, c.amount, c.at, via), "README path %s", c.via)
		})
	}
}

// readmePath reads a path as README.md writes it, by ids: an id names a
// touchpoint if there is one, else a team if there is one, else a person.
func readmePath(o *oracle.Org, ids []string) []oracle.Node {
	kinds := map[string]oracle.Node{}
	s := o.Snapshot()
	for _, p := range s.People {
		kinds[p.ID] = oracle.PersonNode(p.ID)
	}
	for _, t := range s.Teams {
		kinds[t.ID] = oracle.TeamNode(t.ID)
	}
	for _, tp := range s.Touchpoints {
		kinds[tp.ID] = oracle.TouchpointNode(tp.ID)
	}
	path := make([]oracle.Node, len(ids))
	for i, id := range ids {
		path[i] = kinds[id]
	}
	return path
}

func TestDemoOrphansAndSingleActors(t *testing.T) {
	h := oracle.New(demo(t)).Health(demoAt)
	assert.Equal(t, []string{"m-web-content", "m-web-faq-content"}, h.OrphanMatters)
	assert.Equal(t, []oracle.SingleActor{
		{Matter: "m-accounts", Person: "p-jenny-carlsson"}, {Matter: "m-estate-handling", Person: "p-jenny-carlsson"},
		{Matter: "m-fee-exemption", Person: "p-henrik-dahl"}, {Matter: "m-pricing", Person: "p-henrik-dahl"},
	}, h.SingleActorMatters)
}

func TestDemoStrandedVolume(t *testing.T) {
	h := oracle.New(demo(t)).Health(demoAt)
	stranded := map[string]float64{}
	for _, tp := range h.Touchpoints {
		if tp.StrandedVolume > 0 {
			stranded[tp.Touchpoint] = tp.StrandedVolume
		}
	}
	assert.Len(t, stranded, 2, "touchpoints with stranded volume: %v", stranded)
	assert.InDelta(t, 160, stranded["tp-web"], 1e-9, "tp-web: web FAQ content")
	assert.InDelta(t, 2385, stranded["tp-web-assistant"], 1e-9, "tp-web-assistant: all of it")
	assert.InDelta(t, 2545, h.StrandedVolume, 1e-9)
}
