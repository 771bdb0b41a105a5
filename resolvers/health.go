package resolvers

import (
	"context"
	"sort"

	"github.com/orgnet/orgnet/graph"
)

// Helpers of the org health resolvers (health.resolvers.go is generated).

func unitHealthConnection(c graph.Conn[graph.UnitHealth], p graph.Page) *UnitHealthConnection {
	return connection(c, p, func(u graph.UnitHealth) string { return u.Team.ID },
		func(cursor string, n *graph.UnitHealth) *UnitHealthEdge {
			return &UnitHealthEdge{Cursor: cursor, Node: n}
		},
		func(e []*UnitHealthEdge, n []*graph.UnitHealth, info *PageInfo, total int) *UnitHealthConnection {
			return &UnitHealthConnection{Edges: e, Nodes: n, PageInfo: info, TotalCount: total}
		})
}

func keyPersonConnection(c graph.Conn[graph.KeyPerson], p graph.Page) *KeyPersonConnection {
	return connection(c, p, func(k graph.KeyPerson) string { return k.Person.ID },
		func(cursor string, n *graph.KeyPerson) *KeyPersonEdge { return &KeyPersonEdge{Cursor: cursor, Node: n} },
		func(e []*KeyPersonEdge, n []*graph.KeyPerson, info *PageInfo, total int) *KeyPersonConnection {
			return &KeyPersonConnection{Edges: e, Nodes: n, PageInfo: info, TotalCount: total}
		})
}

// slicePage is the page p of items, which are sorted by id.
func slicePage[T any](items []T, p graph.Page, id func(T) string) graph.Conn[T] {
	rest := items[sort.Search(len(items), func(i int) bool { return id(items[i]) > p.After }):]
	c := graph.Conn[T]{Items: rest, Total: len(items)}
	if len(rest) > p.First {
		c.Items, c.HasNext = rest[:p.First], true
	}
	return c
}

// exclusiveMatters loads the matters only the unit's people can act on for
// the whole cohort of the unit's team at once: over the org the unit was
// described over, or in one query.
func (r *unitHealthResolver) exclusiveMatters(ctx context.Context, u *graph.UnitHealth) ([]graph.Matter, error) {
	return loadFor(ctx, &u.Team, fieldKey("exclusiveMatters", u.At), func(ctx context.Context, teams []*graph.Team) (map[string][]graph.Matter, error) {
		if net := u.Net(); net != nil {
			return net.ExclusiveMatters(ids(teams), u.At), nil
		}
		return r.Store.ExclusiveMatters(ctx, ids(teams), u.At)
	})
}
