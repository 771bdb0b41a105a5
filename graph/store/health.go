package store

import (
	"context"
	"fmt"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// Org health (docs/health.md) looks at the whole org at once: every
// handling's distance, who can act on every matter, the shape of the
// hierarchy, every unit. The store reads the org inside the request's
// transaction — people lean (id, active, manager), everything else whole —
// and graph.Net computes the figures from it (one search per touchpoint for
// every matter it handles, who can act on a matter as sets of people and of
// team ranges). Per-handling Cypher searches cost 16–20 s at 100 000 people
// and the units query ran out of transaction memory at 20 000; see
// bench/README.md. Being a read through the runner like any other, it
// answers for whatever the transaction holds (a scenario's changes too).

// readNet reads the org as org health needs it, in the transaction tx.
func readNet(ctx context.Context, tx runner) (*graph.Net, error) {
	org, err := readOrgLean(ctx, tx)
	if err != nil {
		return nil, err
	}
	return graph.NewNet(org), nil
}

// Net reads the org as org health needs it, in one read transaction.
func (s *Store) Net(ctx context.Context) (*graph.Net, error) {
	return read(ctx, s, func(tx runner) (*graph.Net, error) { return readNet(ctx, tx) })
}

// OrgHealth answers orgHealth(T) of docs/health.md (at the zero time: now)
// in one read transaction and two round trips: the org read as graph.Net
// needs it, the figures computed over it, and the people the answer names
// read whole. Lists are
// sorted by id (handlings by touchpoint, then matter). The answer keeps the
// Net, so that units and key people asked of it in the same request are
// computed over the same org.
func (s *Store) OrgHealth(ctx context.Context, at time.Time) (*graph.OrgHealth, error) {
	at = graph.Instant(at)
	return read(ctx, s, func(tx runner) (*graph.OrgHealth, error) {
		net, err := readNet(ctx, tx)
		if err != nil {
			return nil, fmt.Errorf("org health: %w", err)
		}
		h := net.Health(at)
		if ids := h.PersonIDs(); len(ids) > 0 {
			recs, err := run(ctx, tx, peopleByID, map[string]any{"ids": ids})
			if err != nil {
				return nil, fmt.Errorf("org health: people: %w", err)
			}
			people := make(map[string]graph.Person, len(recs))
			for _, rec := range recs {
				p := toPerson(row{rec}.value("n").(map[string]any))
				people[p.ID] = p
			}
			h.FillPeople(people)
		}
		return h, nil
	})
}

// netOf is the org h was computed over, or the org read now when h has
// none.
func (s *Store) netOf(ctx context.Context, h *graph.OrgHealth) (*graph.Net, error) {
	if h != nil && h.Net() != nil {
		return h.Net(), nil
	}
	return s.Net(ctx)
}

// KeyPeople pages, by person id, the key people of the org whose health is
// h (as OrgHealth answered it): the active people who are the only one able
// to act on at least one matter at h.At, with the matters, the residual
// volume of their handlings, and the handlings that would be stranded were
// the person inactive (docs/health.md) — see graph.PlanKeyPeople. The
// handlings that might be are searched again, avoiding the person, over the
// org h was computed over.
func (s *Store) KeyPeople(ctx context.Context, h *graph.OrgHealth, p graph.Page) (graph.Conn[graph.KeyPerson], error) {
	plan := graph.PlanKeyPeople(h, p)
	stranded := map[graph.Stranded]bool{}
	if len(plan.Reroutes) > 0 {
		net, err := s.netOf(ctx, h)
		if err != nil {
			return graph.Conn[graph.KeyPerson]{}, fmt.Errorf("key people: %w", err)
		}
		stranded = net.Stranded(plan.Reroutes, h.At)
	}
	return plan.Assemble(stranded), nil
}

// UnitHealth pages the teams of kind (nil: any kind), by id, each described
// with the teams below it at at (the zero time: now): its active people,
// the layers of management among them and the mandates in force held
// inside it (see graph.UnitHealth), over the org read now. Teams come
// whole. (Net.Units answers the same over an org already read.)
func (s *Store) UnitHealth(ctx context.Context, at time.Time, kind *graph.TeamKind, p graph.Page) (graph.Conn[graph.UnitHealth], error) {
	net, err := s.Net(ctx)
	if err != nil {
		return graph.Conn[graph.UnitHealth]{}, fmt.Errorf("unit health: %w", err)
	}
	return net.Units(graph.Instant(at), kind, p), nil
}

// ExclusiveMatters answers, for each team of teamIDs, the matters somebody
// can act on at at (the zero time: now) and only people of the team or the
// teams below it can, by matter id, over the org read now. Every id is a
// key of the answer (an unknown team has no matters). Matters come whole.
func (s *Store) ExclusiveMatters(ctx context.Context, teamIDs []string, at time.Time) (map[string][]graph.Matter, error) {
	ids := distinct(teamIDs)
	if len(ids) == 0 {
		return map[string][]graph.Matter{}, nil
	}
	net, err := s.Net(ctx)
	if err != nil {
		return nil, fmt.Errorf("exclusive matters: %w", err)
	}
	return net.ExclusiveMatters(ids, graph.Instant(at)), nil
}
