package store

import (
	"context"

	"github.com/orgnet/orgnet/graph"
)

// planWrite validates change against the org as it is in tx and plans the
// write: what to create, overwrite and delete, the report, and the earlier
// state of everything overwritten or deleted. With replace, the org is to
// become exactly change.Put. A change with problems plans nothing and
// returns them all.
//
// Every write to the live org is planned here, and so is every step of a
// scenario: this is the one place that decides whether a change may be
// made.
func (s *Store) planWrite(ctx context.Context, tx runner, change graph.Change, replace bool) (graph.Plan, []graph.Problem, error) {
	if change.Limits == (graph.Limits{}) {
		change.Limits = s.cfg.Limits
	}
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
	return graph.Diff(before, after), nil, nil
}
