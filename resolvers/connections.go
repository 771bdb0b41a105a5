package resolvers

import (
	"encoding/base64"
	"errors"
	"strings"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
)

// Cursors are opaque to clients; inside, the id an edge's node has (every
// connection is ordered by id).
const cursorPrefix = "id:"

func encodeCursor(id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + id))
}

func decodeCursor(c string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !strings.HasPrefix(string(b), cursorPrefix) {
		return "", errors.New("bad cursor")
	}
	return strings.TrimPrefix(string(b), cursorPrefix), nil
}

func pageInfo(ids []string, hasNext, hasPrevious bool) *PageInfo {
	info := &PageInfo{HasNextPage: hasNext, HasPreviousPage: hasPrevious}
	if len(ids) > 0 {
		start, end := encodeCursor(ids[0]), encodeCursor(ids[len(ids)-1])
		info.StartCursor, info.EndCursor = &start, &end
	}
	return info
}

// connection builds a Relay connection of any type from a store page: edge
// makes an edge of a node and its cursor, conn the connection itself.
func connection[T any, E any, C any](c store.Conn[T], p store.Page, id func(T) string,
	edge func(cursor string, node *T) E, conn func(edges []E, nodes []*T, info *PageInfo, total int) C) C {
	nodes := make([]*T, len(c.Items))
	edges := make([]E, len(c.Items))
	ids := make([]string, len(c.Items))
	for i := range c.Items {
		nodes[i] = &c.Items[i]
		ids[i] = id(c.Items[i])
		edges[i] = edge(encodeCursor(ids[i]), nodes[i])
	}
	return conn(edges, nodes, pageInfo(ids, c.HasNext, p.After != ""), c.Total)
}

func personConnection(c store.Conn[graph.Person], p store.Page) *PersonConnection {
	return connection(c, p, graph.Person.Key,
		func(cursor string, n *graph.Person) *PersonEdge { return &PersonEdge{Cursor: cursor, Node: n} },
		func(e []*PersonEdge, n []*graph.Person, info *PageInfo, total int) *PersonConnection {
			return &PersonConnection{Edges: e, Nodes: n, PageInfo: info, TotalCount: total}
		})
}

func teamConnection(c store.Conn[graph.Team], p store.Page) *TeamConnection {
	return connection(c, p, graph.Team.Key,
		func(cursor string, n *graph.Team) *TeamEdge { return &TeamEdge{Cursor: cursor, Node: n} },
		func(e []*TeamEdge, n []*graph.Team, info *PageInfo, total int) *TeamConnection {
			return &TeamConnection{Edges: e, Nodes: n, PageInfo: info, TotalCount: total}
		})
}

func matterConnection(c store.Conn[graph.Matter], p store.Page) *MatterConnection {
	return connection(c, p, graph.Matter.Key,
		func(cursor string, n *graph.Matter) *MatterEdge { return &MatterEdge{Cursor: cursor, Node: n} },
		func(e []*MatterEdge, n []*graph.Matter, info *PageInfo, total int) *MatterConnection {
			return &MatterConnection{Edges: e, Nodes: n, PageInfo: info, TotalCount: total}
		})
}

func mandateConnection(c store.Conn[graph.Mandate], p store.Page) *MandateConnection {
	return connection(c, p, graph.Mandate.Key,
		func(cursor string, n *graph.Mandate) *MandateEdge { return &MandateEdge{Cursor: cursor, Node: n} },
		func(e []*MandateEdge, n []*graph.Mandate, info *PageInfo, total int) *MandateConnection {
			return &MandateConnection{Edges: e, Nodes: n, PageInfo: info, TotalCount: total}
		})
}

func touchpointConnection(c store.Conn[graph.Touchpoint], p store.Page) *TouchpointConnection {
	return connection(c, p, graph.Touchpoint.Key,
		func(cursor string, n *graph.Touchpoint) *TouchpointEdge {
			return &TouchpointEdge{Cursor: cursor, Node: n}
		},
		func(e []*TouchpointEdge, n []*graph.Touchpoint, info *PageInfo, total int) *TouchpointConnection {
			return &TouchpointConnection{Edges: e, Nodes: n, PageInfo: info, TotalCount: total}
		})
}

// membershipConnection orders by the id of the far end: the team for a
// person's memberships, the person for a team's members.
func membershipConnection(c store.Conn[store.Member], p store.Page, farID func(store.Member) string) *MembershipConnection {
	return connection(c, p, farID,
		func(cursor string, n *store.Member) *MembershipEdge { return &MembershipEdge{Cursor: cursor, Node: n} },
		func(e []*MembershipEdge, n []*store.Member, info *PageInfo, total int) *MembershipConnection {
			return &MembershipConnection{Edges: e, Nodes: n, PageInfo: info, TotalCount: total}
		})
}
