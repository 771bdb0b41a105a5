package resolvers

import (
	"context"
	"fmt"
	"strconv"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
)

// Helpers of the change log's resolvers (changes.resolvers.go is generated).

// changeConnection pages changes by version: a change's cursor is its
// version.
func changeConnection(c graph.Conn[graph.ChangeRecord], p graph.Page) *ChangeConnection {
	return connection(c, p, func(c graph.ChangeRecord) string { return strconv.FormatInt(c.Version, 10) },
		func(cursor string, n *graph.ChangeRecord) *ChangeEdge { return &ChangeEdge{Cursor: cursor, Node: n} },
		func(e []*ChangeEdge, n []*graph.ChangeRecord, info *PageInfo, total int) *ChangeConnection {
			return &ChangeConnection{Edges: e, Nodes: n, PageInfo: info, TotalCount: total}
		})
}

// changeEntryConnection pages a change's entries by seq.
func changeEntryConnection(c graph.Conn[graph.ChangeEntry], p graph.Page) *ChangeEntryConnection {
	return connection(c, p, func(e graph.ChangeEntry) string { return strconv.Itoa(e.Seq) },
		func(cursor string, n *graph.ChangeEntry) *ChangeEntryEdge {
			return &ChangeEntryEdge{Cursor: cursor, Node: n}
		},
		func(e []*ChangeEntryEdge, n []*graph.ChangeEntry, info *PageInfo, total int) *ChangeEntryConnection {
			return &ChangeEntryConnection{Edges: e, Nodes: n, PageInfo: info, TotalCount: total}
		})
}

// entityVersion resolves an entity's version stamp for its whole cohort in
// one query.
func entityVersion[E any](ctx context.Context, e *E, label string, st *store.Store) (int, error) {
	v, err := loadFor(ctx, e, "version", func(ctx context.Context, members []*E) (map[string]int64, error) {
		return st.Versions(ctx, label, ids(members))
	})
	return int(v), err
}

// recorded is the change a write recorded.
func recorded(ctx context.Context, st *store.Store, out graph.WriteOutcome) (*graph.ChangeRecord, error) {
	if out.ChangeID == "" {
		return nil, fmt.Errorf("the write at version %d recorded no change", out.Version)
	}
	c, err := one(ctx, out.ChangeID, st.ChangesByID)
	if err == nil && c == nil {
		err = fmt.Errorf("change %s vanished after it was written", out.ChangeID)
	}
	return c, err
}
