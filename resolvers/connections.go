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

// connectionParts turns a store page into pointers, cursors and page info.
func connectionParts[T any](c store.Conn[T], p store.Page, id func(T) string) ([]*T, []string, *PageInfo) {
	nodes := make([]*T, len(c.Items))
	cursors := make([]string, len(c.Items))
	ids := make([]string, len(c.Items))
	for i := range c.Items {
		nodes[i] = &c.Items[i]
		ids[i] = id(c.Items[i])
		cursors[i] = encodeCursor(ids[i])
	}
	return nodes, cursors, pageInfo(ids, c.HasNext, p.After != "")
}

func personConnection(c store.Conn[graph.Person], p store.Page) *PersonConnection {
	nodes, cursors, info := connectionParts(c, p, graph.Person.Key)
	conn := &PersonConnection{Nodes: nodes, PageInfo: info, TotalCount: c.Total, Edges: make([]*PersonEdge, len(nodes))}
	for i, n := range nodes {
		conn.Edges[i] = &PersonEdge{Cursor: cursors[i], Node: n}
	}
	return conn
}

func teamConnection(c store.Conn[graph.Team], p store.Page) *TeamConnection {
	nodes, cursors, info := connectionParts(c, p, graph.Team.Key)
	conn := &TeamConnection{Nodes: nodes, PageInfo: info, TotalCount: c.Total, Edges: make([]*TeamEdge, len(nodes))}
	for i, n := range nodes {
		conn.Edges[i] = &TeamEdge{Cursor: cursors[i], Node: n}
	}
	return conn
}

func matterConnection(c store.Conn[graph.Matter], p store.Page) *MatterConnection {
	nodes, cursors, info := connectionParts(c, p, graph.Matter.Key)
	conn := &MatterConnection{Nodes: nodes, PageInfo: info, TotalCount: c.Total, Edges: make([]*MatterEdge, len(nodes))}
	for i, n := range nodes {
		conn.Edges[i] = &MatterEdge{Cursor: cursors[i], Node: n}
	}
	return conn
}

func mandateConnection(c store.Conn[graph.Mandate], p store.Page) *MandateConnection {
	nodes, cursors, info := connectionParts(c, p, graph.Mandate.Key)
	conn := &MandateConnection{Nodes: nodes, PageInfo: info, TotalCount: c.Total, Edges: make([]*MandateEdge, len(nodes))}
	for i, n := range nodes {
		conn.Edges[i] = &MandateEdge{Cursor: cursors[i], Node: n}
	}
	return conn
}

func touchpointConnection(c store.Conn[graph.Touchpoint], p store.Page) *TouchpointConnection {
	nodes, cursors, info := connectionParts(c, p, graph.Touchpoint.Key)
	conn := &TouchpointConnection{Nodes: nodes, PageInfo: info, TotalCount: c.Total, Edges: make([]*TouchpointEdge, len(nodes))}
	for i, n := range nodes {
		conn.Edges[i] = &TouchpointEdge{Cursor: cursors[i], Node: n}
	}
	return conn
}

// membershipConnection orders by the id of the far end: the team for a
// person's memberships, the person for a team's members.
func membershipConnection(c store.Conn[store.Member], p store.Page, farID func(store.Member) string) *MembershipConnection {
	nodes, cursors, info := connectionParts(c, p, farID)
	conn := &MembershipConnection{Nodes: nodes, PageInfo: info, TotalCount: c.Total, Edges: make([]*MembershipEdge, len(nodes))}
	for i, n := range nodes {
		conn.Edges[i] = &MembershipEdge{Cursor: cursors[i], Node: n}
	}
	return conn
}
