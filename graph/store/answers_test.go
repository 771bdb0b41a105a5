package store_test

// The store's answers in the reference model's terms, for the randomized
// tests and the rule cases to compare with internal/oracle.

import (
	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/internal/oracle"
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
