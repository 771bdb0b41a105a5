package store

import (
	"context"

	"github.com/orgnet/orgnet/graph"
)

// Preview answers what Import would do with snap, writing nothing: the
// report it would give, or the problems it would reject snap for.
func (s *Store) Preview(ctx context.Context, snap *graph.Snapshot, mode graph.ImportMode) (graph.ImportReport, []graph.Problem, error) {
	before, err := s.ReadOrg(ctx)
	if err != nil {
		return graph.ImportReport{}, nil, err
	}
	after, problems := importResult(before, graph.Change{Put: *snap}, mode == graph.ImportReplace)
	if len(problems) > 0 {
		return graph.ImportReport{}, problems, nil
	}
	return graph.Diff(before, after).Report, nil, nil
}
