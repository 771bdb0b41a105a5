package server

import (
	"time"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/resolvers"
)

// defaultPage is the page size a connection has when first is not given
// (the schema's default).
const defaultPage = 50

// pageCost is what a connection costs: what each item below it costs, times
// the items a page may hold.
func pageCost(childComplexity int, first *int) int {
	n := defaultPage
	if first != nil {
		n = max(*first, 1)
	}
	return 1 + childComplexity*n
}

// pageComplexity makes every connection's cost grow with its page size, so
// that maxComplexity bounds the size of an answer, not only of a query.
func pageComplexity(c *resolvers.ComplexityRoot) {
	paged := func(child int, first *int, _ *string) int { return pageCost(child, first) }
	c.Person.Reports, c.Person.Memberships, c.Person.Mandates = paged, paged, paged
	c.Team.Children, c.Team.Mandates = paged, paged
	c.Team.Members = func(child int, first *int, _ *string, _ *graph.MembershipRole) int { return pageCost(child, first) }
	c.Matter.Children, c.Matter.Mandates = paged, paged
	c.Mandate.Delegations = paged
	c.Touchpoint.FrontLine = paged
	c.OrgHealth.KeyPeople = paged
	c.OrgHealth.Units = func(child int, first *int, _ *string, _ *graph.TeamKind) int { return pageCost(child, first) }
	c.UnitHealth.ExclusiveMatters = paged
	askedPage := func(child int, _ *float64, _ *time.Time, first *int, _ *string) int { return pageCost(child, first) }
	c.Matter.WhoCanActConnection = askedPage
	c.Query.WhoCanActConnection = func(child int, _ string, a *float64, at *time.Time, first *int, after *string) int {
		return askedPage(child, a, at, first, after)
	}
	c.Query.ActionableMattersConnection = func(child int, _ string, a *float64, at *time.Time, first *int, after *string) int {
		return askedPage(child, a, at, first, after)
	}
	c.Query.People = func(child int, first *int, _ *string, _ *string, _ *bool) int { return pageCost(child, first) }
	c.Query.Teams = func(child int, first *int, _ *string, _ *string, _ *graph.TeamKind) int {
		return pageCost(child, first)
	}
	c.Query.Matters = func(child int, first *int, _ *string, _ *string, _ *bool) int { return pageCost(child, first) }
	c.Query.Mandates = func(child int, first *int, _ *string, _ *string) int { return pageCost(child, first) }
	c.Query.Touchpoints = func(child int, first *int, _ *string, _ *string, _ *graph.Channel, _ *bool) int {
		return pageCost(child, first)
	}
	// A change's entries are priced like any page: listing a hundred
	// changes with a thousand entries each costs what it reads.
	c.Query.Changes = func(child int, first *int, _ *string, _ *time.Time, _ *time.Time, _ *string, _ *graph.Via) int {
		return pageCost(child, first)
	}
	c.Change.Entries = paged
}
