package store

import (
	"cmp"
	"context"
	"slices"

	"github.com/orgnet/orgnet/graph"
)

// incrementalMax is the largest change, in entities and memberships put or
// removed, that planWrite plans from the change's neighborhood; a larger
// one is planned from the whole org, which then costs less than looking
// up what each of its entities touches.
var incrementalMax = 2000

// planWrite validates change against the org as it is in tx and plans the
// write: what to create, overwrite and delete, the report, and the earlier
// state of everything overwritten or deleted. With replace, the org is to
// become exactly change.Put. A change with problems plans nothing and
// returns them all.
//
// Every write to the live org is planned here, and so is every step of a
// scenario: this is the one place that decides whether a change may be
// made. A change of up to incrementalMax entities reads only what it
// touches (graph.Neighborhood); a REPLACE or a larger change reads the
// whole org. Both give the same plan and the same problems.
func (s *Store) planWrite(ctx context.Context, tx runner, change graph.Change, replace bool) (graph.Plan, []graph.Problem, error) {
	if replace || changeSize(change) > incrementalMax {
		return planWhole(ctx, tx, change, replace)
	}
	return planAround(ctx, tx, change)
}

// planWhole plans change from the whole org: readOrg, graph.Apply,
// graph.Diff.
func planWhole(ctx context.Context, tx runner, change graph.Change, replace bool) (graph.Plan, []graph.Problem, error) {
	before, err := readOrg(ctx, tx)
	if err != nil {
		return graph.Plan{}, nil, err
	}
	base := before
	if replace {
		base = nil
	}
	after, problems := graph.Apply(base, change)
	if len(problems) > 0 {
		return graph.Plan{}, problems, nil
	}
	return ordered(graph.Diff(before, after)), nil, nil
}

// planAround plans change from its neighborhood alone.
func planAround(ctx context.Context, tx runner, change graph.Change) (graph.Plan, []graph.Problem, error) {
	n, err := readNeighborhood(ctx, tx, change)
	if err != nil {
		return graph.Plan{}, nil, err
	}
	plan, problems := graph.PlanAround(n, change)
	if len(problems) > 0 {
		return graph.Plan{}, problems, nil
	}
	return ordered(plan), nil, nil
}

// changeSize counts the entities and memberships c puts or removes.
func changeSize(c graph.Change) int {
	p, r := c.Put, c.Remove
	return len(p.People) + len(p.Teams) + len(p.Memberships) + len(p.Matters) + len(p.Mandates) + len(p.Touchpoints) +
		len(r.People) + len(r.Teams) + len(r.Memberships) + len(r.Matters) + len(r.Mandates) + len(r.Touchpoints)
}

// ordered sorts what a plan deletes, and the earlier states it keeps, by
// id: Diff lists them in the order the org was read in, which is the
// database's and differs between reading the whole org and reading a
// neighborhood. What it creates and updates keeps the change's order.
func ordered(p graph.Plan) graph.Plan {
	for _, ids := range [][]string{p.Delete.People, p.Delete.Teams, p.Delete.Matters, p.Delete.Mandates, p.Delete.Touchpoints} {
		slices.Sort(ids)
	}
	slices.SortFunc(p.Delete.Memberships, compareMemberships)
	b := &p.Before
	slices.SortFunc(b.People, func(x, y graph.Person) int { return cmp.Compare(x.ID, y.ID) })
	slices.SortFunc(b.Teams, func(x, y graph.Team) int { return cmp.Compare(x.ID, y.ID) })
	slices.SortFunc(b.Matters, func(x, y graph.Matter) int { return cmp.Compare(x.ID, y.ID) })
	slices.SortFunc(b.Mandates, func(x, y graph.Mandate) int { return cmp.Compare(x.ID, y.ID) })
	slices.SortFunc(b.Touchpoints, func(x, y graph.Touchpoint) int { return cmp.Compare(x.ID, y.ID) })
	slices.SortFunc(b.Memberships, compareMemberships)
	return p
}

func compareMemberships(x, y graph.Membership) int {
	return cmp.Or(cmp.Compare(x.Person, y.Person), cmp.Compare(x.Team, y.Team))
}
