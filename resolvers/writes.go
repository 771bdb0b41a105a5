package resolvers

import (
	"context"
	"fmt"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
)

// put creates or overwrites one entity through Write, as an import is,
// then reads it back as stored.
func put[T any](ctx context.Context, st *store.Store, presence graph.Presence, section string, snap graph.Snapshot, id string,
	ifVersion *int, key *string, get func(context.Context, []string) (map[string]T, error)) (*T, error) {
	if _, err := write(ctx, st, writeRequest(ctx, graph.Change{Put: snap, Presence: presence}, graph.ViaMutation, ifVersion, key)); err != nil {
		return nil, asInput(err, section)
	}
	e, err := one(ctx, id, get)
	if err == nil && e == nil {
		return nil, fmt.Errorf("%s %q vanished after it was written", section, id)
	}
	return e, err
}

func putMandate(ctx context.Context, st *store.Store, presence graph.Presence, input *MandateInput, ifVersion *int, key *string) (*graph.Mandate, error) {
	var problems inputProblems
	m := problems.mandate("input", input)
	if len(problems) > 0 {
		return nil, graph.BadInput(problems)
	}
	return put(ctx, st, presence, "mandates", graph.Snapshot{Mandates: []graph.Mandate{m}}, input.ID, ifVersion, key, st.Mandates)
}

// remove deletes one entity; BAD_INPUT, listing who refers to it, while
// anything still does.
func remove(ctx context.Context, st *store.Store, section string, r graph.Removal, id string, ifVersion *int, key *string) (string, error) {
	if _, err := write(ctx, st, writeRequest(ctx, graph.Change{Remove: r}, graph.ViaMutation, ifVersion, key)); err != nil {
		return "", asInput(err, section)
	}
	return id, nil
}
