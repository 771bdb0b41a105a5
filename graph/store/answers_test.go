package store_test

// The store's answers in the reference model's terms, for the randomized
// tests and the rule cases to compare with internal/oracle.

import (
	"context"
	"fmt"
	"time"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/internal/oracle"
	"github.com/orgnet/orgnet/internal/oracle/rulecase"
)

// grantsOf is nil for no grants, as the reference model's CanAct says.
func grantsOf(gs []graph.Grant) []oracle.Grant {
	var out []oracle.Grant
	for _, g := range gs {
		r := oracle.Grant{Mandate: g.Mandate.ID, Via: string(g.Via), Limit: g.Limit}
		if g.Team != nil {
			r.Team = g.Team.ID
		}
		out = append(out, r)
	}
	oracle.SortGrants(out)
	return out
}

func actorsOf(as []graph.Actor) []oracle.Actor {
	out := []oracle.Actor{}
	for _, a := range as {
		out = append(out, oracle.Actor{Person: a.Person.ID, Limit: a.Limit, Grants: grantsOf(a.Grants)})
	}
	return out
}

func matterGrantsOf(ms []graph.MatterGrant) []oracle.MatterGrant {
	out := []oracle.MatterGrant{}
	for _, m := range ms {
		out = append(out, oracle.MatterGrant{Matter: m.Matter.ID, Limit: m.Limit, Grants: grantsOf(m.Grants)})
	}
	return out
}

func nodesOf(path []graph.RouteNode) []oracle.Node {
	out := make([]oracle.Node, len(path))
	for i, n := range path {
		switch v := n.(type) {
		case *graph.Touchpoint:
			out[i] = oracle.TouchpointNode(v.ID)
		case *graph.Team:
			out[i] = oracle.TeamNode(v.ID)
		case *graph.Person:
			out[i] = oracle.PersonNode(v.ID)
		}
	}
	return out
}

// storeHealth is the store's orgHealth at at, with its unit breakdown and
// key people, in the reference model's terms.
func storeHealth(st *store.Store, at time.Time) (rulecase.Health, error) {
	return storeHealthIn(context.Background(), st, at)
}

// storeHealthIn is storeHealth asked under ctx (inside a scenario, say).
func storeHealthIn(ctx context.Context, st *store.Store, at time.Time) (rulecase.Health, error) {
	h, err := st.OrgHealth(ctx, at)
	if err != nil {
		return rulecase.Health{}, err
	}
	out := rulecase.Health{
		Health: oracle.Health{
			Volume:             volumeOf(h.VolumeHealth),
			OrphanMatters:      hMatterIDs(h.OrphanMatters),
			SingleActorMatters: []oracle.SingleActor{},
			Layers:             h.Layers,
			UnitDepth:          h.UnitDepth,
			SpanOfControl:      oracle.Span{Max: h.SpanOfControl.Max, Mean: h.SpanOfControl.Mean, Median: h.SpanOfControl.Median},
			Handlings:          handlingsOf(h.Handlings),
			Touchpoints:        []oracle.TouchpointVolume{},
			Channels:           []oracle.ChannelVolume{},
		},
		Routes: map[string][]oracle.Node{},
	}
	for _, s := range h.SingleActorMatters {
		out.SingleActorMatters = append(out.SingleActorMatters, oracle.SingleActor{Matter: s.Matter.ID, Person: s.Person.ID})
	}
	for _, hh := range h.Handlings {
		if hh.Route != nil {
			out.Routes[hh.Touchpoint.ID+"/"+hh.Matter.ID] = nodesOf(hh.Route.Path)
		}
	}
	for _, tp := range h.Touchpoints {
		out.Touchpoints = append(out.Touchpoints, oracle.TouchpointVolume{Touchpoint: tp.Touchpoint.ID, Volume: volumeOf(tp.VolumeHealth)})
	}
	for _, c := range h.Channels {
		out.Channels = append(out.Channels, oracle.ChannelVolume{Channel: c.Channel, Touchpoints: c.Touchpoints, Volume: volumeOf(c.VolumeHealth)})
	}

	units, err := st.UnitHealth(ctx, at, nil, graph.Page{First: 1000})
	if err != nil {
		return rulecase.Health{}, err
	}
	if len(units.Items) != units.Total {
		return rulecase.Health{}, fmt.Errorf("%d units of %d in a page of 1000", len(units.Items), units.Total)
	}
	var ids []string
	for _, u := range units.Items {
		ids = append(ids, u.Team.ID)
	}
	exclusive, err := st.ExclusiveMatters(ctx, ids, at)
	if err != nil {
		return rulecase.Health{}, err
	}
	out.Units = []oracle.Unit{}
	for _, u := range units.Items {
		out.Units = append(out.Units, oracle.Unit{Team: u.Team.ID, People: u.People, Layers: u.Layers, Mandates: u.Mandates, ExclusiveMatters: hMatterIDs(exclusive[u.Team.ID])})
	}

	keys, err := st.KeyPeople(ctx, h, graph.Page{First: 1000})
	if err != nil {
		return rulecase.Health{}, err
	}
	if len(keys.Items) != keys.Total {
		return rulecase.Health{}, fmt.Errorf("%d key people of %d in a page of 1000", len(keys.Items), keys.Total)
	}
	out.KeyPeople = []oracle.KeyPerson{}
	for _, k := range keys.Items {
		out.KeyPeople = append(out.KeyPeople, oracle.KeyPerson{
			Person: k.Person.ID, SoleMatters: hMatterIDs(k.SoleMatters), SoleMatterResidual: k.SoleMatterResidual,
			StrandedIfLeft: k.StrandedIfLeft, StrandedHandlings: handlingsOf(k.StrandedHandlings),
		})
	}
	return out, nil
}

func volumeOf(v graph.VolumeHealth) oracle.Volume {
	return oracle.Volume{Residual: v.Residual, Empowerment: v.Empowerment, StrandedVolume: v.StrandedVolume, MeanCustomerDistance: v.MeanCustomerDistance}
}

func handlingsOf(hs []graph.HandlingHealth) []oracle.HandlingHealth {
	out := []oracle.HandlingHealth{}
	for _, h := range hs {
		out = append(out, oracle.HandlingHealth{Touchpoint: h.Touchpoint.ID, Matter: h.Matter.ID, Residual: h.Residual,
			FrontLineCanAct: h.FrontLineCanAct, Distance: h.Distance})
	}
	return out
}
