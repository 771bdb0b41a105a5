package resolvers

import (
	"encoding/base64"
	"errors"
	"strings"

	"github.com/orgnet/orgnet/graph"
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
func connection[T any, E any, C any](c graph.Conn[T], p graph.Page, id func(T) string,
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

func personConnection(c graph.Conn[graph.Person], p graph.Page) *PersonConnection {
	return connection(c, p, graph.Person.Key,
		func(cursor string, n *graph.Person) *PersonEdge { return &PersonEdge{Cursor: cursor, Node: n} },
		func(e []*PersonEdge, n []*graph.Person, info *PageInfo, total int) *PersonConnection {
			return &PersonConnection{Edges: e, Nodes: n, PageInfo: info, TotalCount: total}
		})
}

func teamConnection(c graph.Conn[graph.Team], p graph.Page) *TeamConnection {
	return connection(c, p, graph.Team.Key,
		func(cursor string, n *graph.Team) *TeamEdge { return &TeamEdge{Cursor: cursor, Node: n} },
		func(e []*TeamEdge, n []*graph.Team, info *PageInfo, total int) *TeamConnection {
			return &TeamConnection{Edges: e, Nodes: n, PageInfo: info, TotalCount: total}
		})
}

func matterConnection(c graph.Conn[graph.Matter], p graph.Page) *MatterConnection {
	return connection(c, p, graph.Matter.Key,
		func(cursor string, n *graph.Matter) *MatterEdge { return &MatterEdge{Cursor: cursor, Node: n} },
		func(e []*MatterEdge, n []*graph.Matter, info *PageInfo, total int) *MatterConnection {
			return &MatterConnection{Edges: e, Nodes: n, PageInfo: info, TotalCount: total}
		})
}

func mandateConnection(c graph.Conn[graph.Mandate], p graph.Page) *MandateConnection {
	return connection(c, p, graph.Mandate.Key,
		func(cursor string, n *graph.Mandate) *MandateEdge { return &MandateEdge{Cursor: cursor, Node: n} },
		func(e []*MandateEdge, n []*graph.Mandate, info *PageInfo, total int) *MandateConnection {
			return &MandateConnection{Edges: e, Nodes: n, PageInfo: info, TotalCount: total}
		})
}

func touchpointConnection(c graph.Conn[graph.Touchpoint], p graph.Page) *TouchpointConnection {
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
func membershipConnection(c graph.Conn[graph.Member], p graph.Page, farID func(graph.Member) string) *MembershipConnection {
	return connection(c, p, farID,
		func(cursor string, n *graph.Member) *MembershipEdge { return &MembershipEdge{Cursor: cursor, Node: n} },
		func(e []*MembershipEdge, n []*graph.Member, info *PageInfo, total int) *MembershipConnection {
			return &MembershipConnection{Edges: e, Nodes: n, PageInfo: info, TotalCount: total}
		})
}

func actorConnection(c graph.Conn[graph.Actor], p graph.Page) *ActorConnection {
	return connection(c, p, func(a graph.Actor) string { return a.Person.ID },
		func(cursor string, n *graph.Actor) *ActorEdge { return &ActorEdge{Cursor: cursor, Node: n} },
		func(e []*ActorEdge, n []*graph.Actor, info *PageInfo, total int) *ActorConnection {
			return &ActorConnection{Edges: e, Nodes: n, PageInfo: info, TotalCount: total}
		})
}

func matterGrantConnection(c graph.Conn[graph.MatterGrant], p graph.Page) *MatterGrantConnection {
	return connection(c, p, func(m graph.MatterGrant) string { return m.Matter.ID },
		func(cursor string, n *graph.MatterGrant) *MatterGrantEdge {
			return &MatterGrantEdge{Cursor: cursor, Node: n}
		},
		func(e []*MatterGrantEdge, n []*graph.MatterGrant, info *PageInfo, total int) *MatterGrantConnection {
			return &MatterGrantConnection{Edges: e, Nodes: n, PageInfo: info, TotalCount: total}
		})
}
