package store

import (
	"context"

	"github.com/orgnet/orgnet/graph"
)

// Preview answers what Import would do with snap, writing nothing: the
// report it would give, or the problems it would reject snap for.
func (s *Store) Preview(ctx context.Context, snap *graph.Snapshot, mode graph.ImportMode) (graph.ImportReport, []graph.Problem, error) {
	type preview struct {
		report   graph.ImportReport
		problems []graph.Problem
	}
	p, err := read(ctx, s, func(tx runner) (preview, error) {
		plan, problems, err := s.planWrite(ctx, tx, graph.Change{Put: *snap}, mode == graph.ImportReplace)
		return preview{plan.Report, problems}, err
	})
	return p.report, p.problems, err
}
