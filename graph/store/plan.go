package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/orgnet/orgnet/graph"
)

// How planWrite chooses between reading a change's neighborhood and
// reading the whole org. Reading a neighborhood costs about 0.2 ms per
// entity put or removed at 100 000 people; reading the whole org about
// 0.03 ms per entity of the org (BenchmarkSingleEntityWrite,
// TestProfileNeighborhood). A change of up to smallChange entities is
// always planned from its neighborhood (at most some 100 ms); a larger one
// while the org has at least wholeOrgRatio entities for each of its own.
const (
	smallChange   = 500
	wholeOrgRatio = 8
)

// planning, when set, forces one way of planning (tests and benchmarks).
var planning func(ctx context.Context, tx runner, change graph.Change) (graph.Plan, []graph.Problem, error)

// planWrite validates change against the org as it is in tx and plans the
// write: what to create, overwrite and delete, the report, and the earlier
// state of everything overwritten or deleted. With replace, the org is to
// become exactly change.Put. A change with problems plans nothing and
// returns them all.
//
// Every write to the live org is planned here, and so is every step of a
// scenario: this is the one place that decides whether a change may be
// made. A small change reads only what it touches (graph.Neighborhood); a
// REPLACE, or a change large for the org, reads the whole org. Both give
// the same plan and the same problems.
func (s *Store) planWrite(ctx context.Context, tx runner, change graph.Change, replace bool) (graph.Plan, []graph.Problem, error) {
	if change.Limits == (graph.Limits{}) {
		change.Limits = s.cfg.Limits
	}
	if replace {
		return planWhole(ctx, tx, change, true)
	}
	if planning != nil {
		return planning(ctx, tx, change)
	}
	if n := changeSize(change); n > smallChange {
		size, err := countOrg(ctx, tx)
		if err != nil {
			return graph.Plan{}, nil, err
		}
		if n*wholeOrgRatio > size {
			return planWhole(ctx, tx, change, false)
		}
	}
	return planAround(ctx, tx, change)
}

// countOrg is the number of entities and memberships of the org.
func countOrg(ctx context.Context, tx runner) (int, error) {
	recs, err := run(ctx, tx, orgSizeQuery, nil)
	if err != nil {
		return 0, fmt.Errorf("count the org: %w", err)
	}
	if len(recs) != 1 {
		return 0, fmt.Errorf("count the org: %d records, want 1", len(recs))
	}
	size, _ := row{recs[0]}.value("size").(int64)
	return int(size), nil
}

// planWhole plans change from the whole org: readOrg, graph.Apply,
// graph.Diff. With replace, the org is to become exactly change.Put.
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
