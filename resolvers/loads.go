package resolvers

import (
	"context"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
)

// one looks an entity up by id; nil when there is none (docs/writes.md: a lookup
// by id answers null for an unknown id).
func one[T any](ctx context.Context, id string, get func(context.Context, []string) (map[string]T, error)) (*T, error) {
	found, err := get(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	if e, ok := found[id]; ok {
		return &e, nil
	}
	return nil, nil
}

// refLoad resolves a link held as an id on the entity (a person's manager,
// a mandate's matter) for the entity's whole cohort in one query.
func refLoad[E any, T any](ctx context.Context, e *E, field string, ref func(*E) *string, get func(context.Context, []string) (map[string]T, error)) (*T, error) {
	if ref(e) == nil {
		return nil, nil
	}
	return loadFor(ctx, e, field, func(ctx context.Context, members []*E) (map[string]*T, error) {
		var refs []string
		for _, m := range members {
			if id := ref(m); id != nil {
				refs = append(refs, *id)
			}
		}
		found, err := get(ctx, refs)
		out := make(map[string]*T, len(members))
		for _, m := range members {
			if id := ref(m); id != nil {
				if t, ok := found[*id]; ok {
					k, _ := entityOf(any(m))
					out[k.id] = &t
				}
			}
		}
		return out, err
	})
}

// pagedLoad resolves a connection of the entity for its whole cohort in
// one query and builds the entity's page.
func pagedLoad[E any, T any, C any](ctx context.Context, e *E, field string, first *int, after *string,
	get func(context.Context, []string, graph.Page) (map[string]graph.Conn[T], error),
	build func(graph.Conn[T], graph.Page) C) (C, error) {
	var zero C
	p, err := pageArgs(first, after)
	if err != nil {
		return zero, err
	}
	conn, err := loadFor(ctx, e, fieldKey(field, p.First, p.After), func(ctx context.Context, members []*E) (map[string]graph.Conn[T], error) {
		return get(ctx, ids(members), p)
	})
	if err != nil {
		return zero, err
	}
	return build(conn, p), nil
}

// primeLinked primes field (see prime) for the entities of kind in the
// pages of conns, named by id, with what found holds for each by id: the
// level below a page that the page's own query brought in.
func primeLinked[T any, R any](ctx context.Context, conns map[string]graph.Conn[T], kind, field string, id func(T) string, found map[string]R) {
	var entities []string
	for _, c := range conns {
		for _, item := range c.Items {
			entities = append(entities, id(item))
		}
	}
	prime(ctx, conns, kind, field, entities, pointersByID(found))
}

// pointersByID is m with each value by pointer, as a loader answers.
func pointersByID[T any](m map[string]T) map[string]*T {
	out := make(map[string]*T, len(m))
	for k, v := range m {
		out[k] = &v
	}
	return out
}

// listed resolves a top-level connection.
func listed[T any, C any](ctx context.Context, first *int, after *string, f graph.ListFilter,
	list func(context.Context, graph.ListFilter, graph.Page) (graph.Conn[T], error),
	build func(graph.Conn[T], graph.Page) C) (C, error) {
	var zero C
	p, err := pageArgs(first, after)
	if err != nil {
		return zero, err
	}
	conn, err := list(ctx, f, p)
	if err != nil {
		return zero, err
	}
	return build(conn, p), nil
}

// holders looks up the people and teams named by holders in one query.
func (r *Resolver) holders(ctx context.Context, holders []graph.Holder) (map[graph.Holder]graph.HolderNode, error) {
	people, teams, err := r.Store.Holders(ctx, holders)
	if err != nil {
		return nil, err
	}
	out := make(map[graph.Holder]graph.HolderNode, len(holders))
	for _, h := range holders {
		if h.Type == graph.HolderTeam {
			if t, ok := teams[h.ID]; ok {
				out[h] = &t
			}
		} else if p, ok := people[h.ID]; ok {
			out[h] = &p
		}
	}
	return out, nil
}

// staffs lists the touchpoints a person or team staffs directly, for the
// entity's whole cohort in one query.
func staffs[E any](ctx context.Context, st *store.Store, e *E, typ graph.HolderType) ([]*graph.Touchpoint, error) {
	list, err := loadFor(ctx, e, "staffs", func(ctx context.Context, members []*E) (map[string][]graph.Touchpoint, error) {
		holders := make([]graph.Holder, len(members))
		for i, id := range ids(members) {
			holders[i] = graph.Holder{Type: typ, ID: id}
		}
		found, err := st.Staffing(ctx, holders)
		out := make(map[string][]graph.Touchpoint, len(members))
		for _, h := range holders {
			out[h.ID] = found[h]
		}
		return out, err
	})
	return pointers(list), err
}

func pointers[T any](items []T) []*T {
	out := make([]*T, len(items))
	for i := range items {
		out[i] = &items[i]
	}
	return out
}
