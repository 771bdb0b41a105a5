package store_test

// Org health against the reference model, for the random orgs of
// TestQuestionsAgainstReferenceModel (random_test.go). Every field of SPEC
// §2b is compared with refOrg.health; the breakdowns orgnet adds (per
// touchpoint, per channel, per unit, key people) with the plain loops
// below, which read SPEC §2 through the reference model only. Key people
// are checked by literally making each one inactive and asking the
// reference model again.

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
)

// compareHealth compares orgHealth, its breakdowns, the units and the key
// people at at with the reference.
func compareHealth(t *testing.T, st *store.Store, org *refOrg, at time.Time, where string) {
	t.Helper()
	ctx := context.Background()
	want := org.health(at)
	got, err := st.OrgHealth(ctx, at)
	require.NoError(t, err, where)

	requireClose(t, want.Empowerment, got.Empowerment, "empowerment, %s", where)
	requireClose(t, &want.StrandedVolume, &got.StrandedVolume, "strandedVolume, %s", where)
	requireClose(t, want.MeanCustomerDistance, got.MeanCustomerDistance, "meanCustomerDistance, %s", where)
	require.Equal(t, want.OrphanMatters, hMatterIDs(got.OrphanMatters), "orphanMatters, %s", where)
	var singles []refSingleActor
	for _, s := range got.SingleActorMatters {
		singles = append(singles, refSingleActor{Matter: s.Matter.ID, Person: s.Person.ID})
	}
	require.Equal(t, want.SingleActorMatters, append([]refSingleActor{}, singles...), "singleActorMatters, %s", where)
	require.Equal(t, want.Layers, got.Layers, "layers, %s", where)
	require.Equal(t, want.UnitDepth, got.UnitDepth, "unitDepth, %s", where)
	require.Equal(t, want.SpanOfControl.Max, got.SpanOfControl.Max, "span max, %s", where)
	requireClose(t, want.SpanOfControl.Mean, got.SpanOfControl.Mean, "span mean, %s", where)
	requireClose(t, want.SpanOfControl.Median, got.SpanOfControl.Median, "span median, %s", where)

	require.Len(t, got.Handlings, len(want.Handlings), "handlings, %s", where)
	gotByKey := map[[2]string]graph.HandlingHealth{}
	for _, h := range got.Handlings {
		gotByKey[[2]string{h.Touchpoint.ID, h.Matter.ID}] = h
	}
	for _, w := range want.Handlings {
		what := fmt.Sprintf("handling %s/%s, %s", w.Touchpoint, w.Matter, where)
		g, ok := gotByKey[[2]string{w.Touchpoint, w.Matter}]
		require.True(t, ok, what)
		requireClose(t, &w.Residual, &g.Residual, "residual of %s", what)
		require.Equal(t, w.FrontLineCanAct, g.FrontLineCanAct, "frontLineCanAct of %s", what)
		require.Equal(t, w.Distance, g.Distance, "distance of %s", what)
		var path []refNode
		if g.Route != nil {
			path = nodesOf(g.Route.Path)
		}
		require.NoError(t, org.checkRoute(w.Touchpoint, w.Matter, nil, at, path), "route of %s", what)
	}

	compareBreakdowns(t, org, want, got, where)
	compareUnits(t, st, org, at, where)
	compareKeyPeople(t, st, org, at, want, got, where)
}

// compareBreakdowns checks the figures per touchpoint and per channel: the
// §2b formulas over the reference's handlings of each.
func compareBreakdowns(t *testing.T, org *refOrg, want refHealth, got *graph.OrgHealth, where string) {
	t.Helper()
	tally := func(keep func(refHandlingHealth) bool) refVolume {
		var v refVolume
		var empowered, weight, weighted float64
		for _, h := range want.Handlings {
			if !keep(h) {
				continue
			}
			v.Residual += h.Residual
			if h.FrontLineCanAct {
				empowered += h.Residual
			}
			if h.Distance == nil {
				v.Stranded += h.Residual
			} else {
				weight += h.Residual
				weighted += h.Residual * float64(*h.Distance)
			}
		}
		if v.Residual != 0 {
			v.Empowerment = refNum(empowered / v.Residual)
		}
		if weight != 0 {
			v.Mean = refNum(weighted / weight)
		}
		return v
	}
	check := func(want refVolume, got graph.VolumeHealth, what string) {
		requireClose(t, &want.Residual, &got.Residual, "residual of %s, %s", what, where)
		requireClose(t, want.Empowerment, got.Empowerment, "empowerment of %s, %s", what, where)
		requireClose(t, &want.Stranded, &got.StrandedVolume, "strandedVolume of %s, %s", what, where)
		requireClose(t, want.Mean, got.MeanCustomerDistance, "meanCustomerDistance of %s, %s", what, where)
	}
	check(tally(func(refHandlingHealth) bool { return true }), got.VolumeHealth, "the org")

	var tps []string
	channels := map[string]int{}
	channelOf := map[string]string{}
	for _, tp := range org.Touchpoints {
		tps = append(tps, tp.ID)
		channels[tp.Channel]++
		channelOf[tp.ID] = tp.Channel
	}
	sort.Strings(tps)
	require.Len(t, got.Touchpoints, len(tps), "touchpoints, %s", where)
	for i, id := range tps {
		require.Equal(t, id, got.Touchpoints[i].Touchpoint.ID, "touchpoints, %s", where)
		check(tally(func(h refHandlingHealth) bool { return h.Touchpoint == id }), got.Touchpoints[i].VolumeHealth, "touchpoint "+id)
	}
	var wantChannels []string
	for _, c := range refChannels { // the order of SPEC §1
		if channels[c] > 0 {
			wantChannels = append(wantChannels, fmt.Sprintf("%s×%d", c, channels[c]))
		}
	}
	var gotChannels []string
	for _, c := range got.Channels {
		gotChannels = append(gotChannels, fmt.Sprintf("%s×%d", c.Channel, c.Touchpoints))
		check(tally(func(h refHandlingHealth) bool { return channelOf[h.Touchpoint] == string(c.Channel) }), c.VolumeHealth, "channel "+string(c.Channel))
	}
	require.Equal(t, wantChannels, gotChannels, "channels, %s", where)
}

type refVolume struct {
	Residual, Stranded float64
	Empowerment, Mean  *float64
}

// refUnit is a team with the teams below it (graph.UnitHealth).
type refUnit struct {
	Team      string
	People    int
	Layers    int
	Mandates  int
	Exclusive []string
}

// units: for each team t, by id: members(t); the longest chain of them
// linked by manager (each link's manager in members(t)); the mandates
// effective at at held by a team of desc(t) or a person of members(t); the
// matters with actors, all in members(t).
func (o *refOrg) units(at time.Time) []refUnit {
	v := o.view()
	var out []refUnit
	for _, t := range o.Teams {
		members, desc := v.members(t.ID), v.teamDesc(t.ID)
		u := refUnit{Team: t.ID, People: len(members), Exclusive: []string{}}
		for p := range members {
			n := 1
			for cur := v.people[p]; cur.Manager != nil && members[*cur.Manager]; n++ {
				cur = v.people[*cur.Manager]
			}
			u.Layers = max(u.Layers, n)
		}
		for _, x := range o.Mandates {
			inside := (x.Holder.Type == refTEAM && desc[x.Holder.ID]) || (x.Holder.Type == refPERSON && members[x.Holder.ID])
			if inside && v.effective(x.ID, at) {
				u.Mandates++
			}
		}
		for _, m := range o.Matters {
			actors := v.whoCanAct(m.ID, nil, at)
			if len(actors) > 0 && !slices.ContainsFunc(actors, func(a refActor) bool { return !members[a.Person] }) {
				u.Exclusive = append(u.Exclusive, m.ID)
			}
		}
		sort.Strings(u.Exclusive)
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Team < out[j].Team })
	return out
}

func compareUnits(t *testing.T, st *store.Store, org *refOrg, at time.Time, where string) {
	t.Helper()
	ctx := context.Background()
	conn, err := st.UnitHealth(ctx, at, nil, graph.Page{First: 1000})
	require.NoError(t, err, where)
	var ids []string
	for _, u := range conn.Items {
		ids = append(ids, u.Team.ID)
	}
	exclusive, err := st.ExclusiveMatters(ctx, ids, at)
	require.NoError(t, err, where)
	var got []refUnit
	for _, u := range conn.Items {
		got = append(got, refUnit{Team: u.Team.ID, People: u.People, Layers: u.Layers, Mandates: u.Mandates, Exclusive: hMatterIDs(exclusive[u.Team.ID])})
	}
	require.Equal(t, org.units(at), got, "units, %s", where)
	require.Equal(t, len(org.Teams), conn.Total, "units, %s", where)
}

// refKeyPerson is a key person (graph.KeyPerson).
type refKeyPerson struct {
	Person   string
	Sole     []string
	Residual float64
	Stranded float64
	Handles  []string // touchpoint/matter
}

// keyPeople: each person of want.SingleActorMatters, by id, with those
// matters, the residual of their handlings, and the handlings that have a
// distance in want and none in the org's health with that person inactive.
func (o *refOrg) keyPeople(at time.Time, want refHealth) []refKeyPerson {
	byPerson := map[string][]string{}
	for _, s := range want.SingleActorMatters {
		byPerson[s.Person] = append(byPerson[s.Person], s.Matter)
	}
	var out []refKeyPerson
	for p, sole := range byPerson {
		k := refKeyPerson{Person: p, Sole: sole, Handles: []string{}}
		for _, h := range want.Handlings {
			if slices.Contains(sole, h.Matter) {
				k.Residual += h.Residual
			}
		}
		without := *o
		without.People = slices.Clone(o.People)
		for i := range without.People {
			if without.People[i].ID == p {
				without.People[i].Active = false
			}
		}
		after := without.health(at).Handlings
		for i, h := range want.Handlings {
			if h.Distance != nil && after[i].Distance == nil {
				k.Stranded += h.Residual
				k.Handles = append(k.Handles, h.Touchpoint+"/"+h.Matter)
			}
		}
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Person < out[j].Person })
	return out
}

func compareKeyPeople(t *testing.T, st *store.Store, org *refOrg, at time.Time, want refHealth, h *graph.OrgHealth, where string) {
	t.Helper()
	conn, err := st.KeyPeople(context.Background(), h, graph.Page{First: 1000})
	require.NoError(t, err, where)
	var got []refKeyPerson
	for _, k := range conn.Items {
		r := refKeyPerson{Person: k.Person.ID, Sole: hMatterIDs(k.SoleMatters), Residual: k.SoleMatterResidual, Stranded: k.StrandedIfLeft, Handles: []string{}}
		for _, hh := range k.StrandedHandlings {
			r.Handles = append(r.Handles, hh.Touchpoint.ID+"/"+hh.Matter.ID)
		}
		got = append(got, r)
	}
	wantPeople := org.keyPeople(at, want)
	require.Len(t, got, len(wantPeople), "keyPeople, %s", where)
	for i, w := range wantPeople {
		what := fmt.Sprintf("key person %s, %s", w.Person, where)
		require.Equal(t, w.Person, got[i].Person, what)
		require.Equal(t, w.Sole, got[i].Sole, "sole matters of %s", what)
		requireClose(t, &w.Residual, &got[i].Residual, "sole matter residual of %s", what)
		requireClose(t, &w.Stranded, &got[i].Stranded, "stranded if left of %s", what)
		require.Equal(t, w.Handles, got[i].Handles, "stranded handlings of %s", what)
	}
}

// requireClose: both nil, or both numbers within a relative 1e-9.
func requireClose(t *testing.T, want, got *float64, format string, args ...any) {
	t.Helper()
	what := fmt.Sprintf(format, args...)
	if want == nil || got == nil {
		require.Equal(t, want, got, what)
		return
	}
	if *want != *got {
		require.LessOrEqual(t, math.Abs(*want-*got), 1e-9*math.Max(math.Abs(*want), math.Abs(*got)), "%s: want %v, got %v", what, *want, *got)
	}
}
