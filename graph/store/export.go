package store

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/orgnet/orgnet/graph"
)

// The org at an instant (docs/changes.md), rebuilt from the change log: the
// org as it is, with every entity a change after the instant touched put
// back as the earliest such change found it (its entry's before; absent
// where that is null).
//
// Nothing is held whole: the entities stream from the database to the
// writer one by one; only the entries after the instant are kept, by
// entity. A Neo4j read transaction does not see one fixed state, so the
// export pins the version it starts at (v1) and relies on the version
// stamps: an entity stamped after v1 was written while the export ran, and
// is taken, like anything deleted meanwhile, from the entries after v1.

const (
	// exportState is the org's version, and how far back history reaches
	// once old changes are pruned (retention.go).
	exportState = `OPTIONAL MATCH (o:OrgState {id: 'org'})
RETURN coalesce(o.version, 0) AS version, o.historyFrom AS historyFrom, coalesce(o.historyFromVersion, 0) AS historyFromVersion`
	// versionAt is the version the org was at, at an instant: the last
	// change at or before it (changes are in time order).
	versionAt = `MATCH (c:Change) WHERE c.at <= $at
RETURN c.version AS version ORDER BY c.at DESC, c.version DESC LIMIT 1`
)

// exportSection streams one section of the snapshot: the entities of one
// type as they are, in id order, each with its version stamp (0 for an
// entity written before stamps).
type exportSection struct {
	name   string
	typ    graph.EntityType
	cypher string
	decode func(r row) (id string, entity any)
}

var exportSections = []exportSection{
	{"people", graph.EntityPerson, `MATCH (p:Person) WHERE p.id IS NOT NULL
RETURN [p.id, p.name, p.email, p.title, p.active, [(p)-[:REPORTS_TO]->(boss:Person) | boss.id][0]] AS row,
  coalesce(p.version, 0) AS version ORDER BY p.id`,
		func(r row) (string, any) { p := personFromRow(r.list("row")); return p.ID, p }},
	{"teams", graph.EntityTeam, `MATCH (t:Team) WHERE t.id IS NOT NULL
RETURN [t.id, t.name, t.kind, [(t)-[:PART_OF]->(up:Team) | up.id][0]] AS row,
  coalesce(t.version, 0) AS version ORDER BY t.id`,
		func(r row) (string, any) { t := teamFromRow(r.list("row")); return t.ID, t }},
	{"memberships", graph.EntityMembership, `MATCH (p:Person)-[m:MEMBER_OF]->(t:Team)
RETURN [p.id, t.id, m.role] AS row, coalesce(m.version, 0) AS version ORDER BY p.id, t.id`,
		func(r row) (string, any) {
			l := r.list("row")
			m := graph.Membership{Person: str(l[0]), Team: str(l[1]), Role: graph.MembershipRole(str(l[2]))}
			return graph.MembershipID(m.Person, m.Team), m
		}},
	{"matters", graph.EntityMatter, `MATCH (m:Matter) WHERE m.id IS NOT NULL
RETURN [m.id, m.name, [(m)-[:PART_OF]->(up:Matter) | up.id][0]] AS row,
  coalesce(m.version, 0) AS version ORDER BY m.id`,
		func(r row) (string, any) {
			l := r.list("row")
			return str(l[0]), graph.Matter{ID: str(l[0]), Name: str(l[1]), Parent: optStr(l[2])}
		}},
	{"mandates", graph.EntityMandate, `MATCH (md:Mandate) WHERE md.id IS NOT NULL
RETURN [md.id, md.name, md.limit, md.validFrom, md.validUntil,
  [(md)-[:OVER]->(over:Matter) | over.id][0],
  [(h)-[:HOLDS]->(md) | [CASE WHEN h:Team THEN 'TEAM' ELSE 'PERSON' END, h.id]][0],
  [(md)-[:DELEGATED_FROM]->(src:Mandate) | src.id][0]] AS row,
  coalesce(md.version, 0) AS version ORDER BY md.id`,
		func(r row) (string, any) { md := mandateFromRow(r.list("row")); return md.ID, md }},
	{"touchpoints", graph.EntityTouchpoint, `MATCH (tp:Touchpoint) WHERE tp.id IS NOT NULL
RETURN ` + touchpointProjection + ` AS row, coalesce(tp.version, 0) AS version ORDER BY tp.id`,
		func(r row) (string, any) { tp := toTouchpoint(r.value("row").(map[string]any)); return tp.ID, tp }},
}

// Export writes the org as it was at instant at (nil: as it is now) to w,
// as a snapshot in the JSON format of SPEC §3, streaming. An instant before
// the oldest kept history (retention) is BAD_INPUT naming it. At any
// instant after the last change the export is the current org.
func (s *Store) Export(ctx context.Context, at *time.Time, w io.Writer) error {
	ctx, session, configs, done, err := s.session(ctx, neo4j.AccessModeRead, s.cfg.WriteTimeout)
	if err != nil {
		return err
	}
	defer done()
	// An explicit transaction: what is written to w cannot be taken back,
	// so a failure must not be retried from the start.
	tx, err := session.BeginTransaction(ctx, configs...)
	if err != nil {
		return dbError(ctx, err)
	}
	defer tx.Close(context.WithoutCancel(ctx))
	e := &exporter{ctx: ctx, tx: tx, out: bufio.NewWriterSize(w, 1<<16)}
	if err := e.run(at); err != nil {
		return err
	}
	return e.out.Flush()
}

type exporter struct {
	ctx context.Context
	tx  neo4j.ExplicitTransaction
	out *bufio.Writer
	// v1 is the version the export started at; vT the version at the
	// instant asked for.
	v1, vT int64
	// was holds, for every entity a change after vT (up to v1) touched,
	// its state at vT: its first such entry's before (nil: absent).
	was map[graph.EntityKey]json.RawMessage
}

func (e *exporter) run(at *time.Time) error {
	recs, err := e.query(exportState, nil)
	if err != nil {
		return err
	}
	state := row{recs[0]}
	e.v1 = toInt(state.value("version"))
	e.vT = e.v1
	if at != nil {
		if from := optTime(state.value("historyFrom")); from != nil && at.Before(*from) {
			return graph.BadInput([]graph.Problem{{Path: "at", Message: fmt.Sprintf(
				"history is kept from %s on; the org before that can no longer be rebuilt", from.Format(time.RFC3339))}})
		}
		e.vT = toInt(state.value("historyFromVersion"))
		recs, err := e.query(versionAt, map[string]any{"at": dbInstant(*at)})
		if err != nil {
			return err
		}
		if len(recs) > 0 {
			e.vT = max(e.vT, toInt(row{recs[0]}.value("version")))
		}
	}
	e.was = map[graph.EntityKey]json.RawMessage{}
	if err := e.entries(e.vT, e.v1, func(k graph.EntityKey, before json.RawMessage) {
		if _, seen := e.was[k]; !seen {
			e.was[k] = before
		}
	}); err != nil {
		return err
	}

	e.out.WriteString("{")
	for i, sec := range exportSections {
		if i > 0 {
			e.out.WriteString(",")
		}
		if err := e.section(sec); err != nil {
			return err
		}
	}
	e.out.WriteString("\n}\n")
	return nil
}

// section writes one section: the entities as they are, unless a change
// after vT touched them; then those as they were at vT.
func (e *exporter) section(sec exportSection) error {
	fmt.Fprintf(e.out, "\n  %q: [", sec.name)
	n := 0
	emit := func(doc json.RawMessage) {
		if n > 0 {
			e.out.WriteString(",")
		}
		e.out.WriteString("\n    ")
		e.out.Write(doc)
		n++
	}
	done := map[string]bool{} // ids written or left out for good
	res, err := e.tx.Run(e.ctx, sec.cypher, nil)
	if err != nil {
		return fmt.Errorf("export %s: %w", sec.name, err)
	}
	for res.Next(e.ctx) {
		r := row{res.Record()}
		id, entity := sec.decode(r)
		k := graph.EntityKey{Type: sec.typ, ID: id}
		if before, touched := e.was[k]; touched {
			done[id] = true
			if before != nil {
				emit(before)
			}
			continue
		}
		if toInt(r.value("version")) > e.v1 {
			continue // written while the export ran: from the entries below
		}
		doc, err := graph.EntityJSON(entity)
		if err != nil {
			return err
		}
		done[id] = true
		emit(doc)
	}
	if err := res.Err(); err != nil {
		return fmt.Errorf("export %s: %w", sec.name, err)
	}
	// Entities written or deleted while the export ran.
	if err := e.entries(e.v1, -1, func(k graph.EntityKey, before json.RawMessage) {
		if _, touched := e.was[k]; k.Type != sec.typ || touched || done[k.ID] {
			return
		}
		done[k.ID] = true
		if before != nil {
			emit(before)
		}
	}); err != nil {
		return err
	}
	// Entities that were there at vT and have been deleted since.
	var gone []string
	for k, before := range e.was {
		if k.Type == sec.typ && before != nil && !done[k.ID] {
			gone = append(gone, k.ID)
		}
	}
	slices.Sort(gone)
	for _, id := range gone {
		emit(e.was[graph.EntityKey{Type: sec.typ, ID: id}])
	}
	if n > 0 {
		e.out.WriteString("\n  ")
	}
	e.out.WriteString("]")
	return nil
}

// entries hands each entry of the changes after version from (up to to;
// -1: all) to each, oldest first.
func (e *exporter) entries(from, to int64, each func(graph.EntityKey, json.RawMessage)) (err error) {
	if to == -1 {
		to = 1<<63 - 1
	}
	ctx, span := startQuery(e.ctx, entriesSince)
	defer func() { endQuery(span, err) }()
	res, err := e.tx.Run(ctx, entriesSince, map[string]any{"from": from, "to": to})
	if err != nil {
		return fmt.Errorf("export: read the change log: %w", err)
	}
	return eachEntryBefore(ctx, res, each)
}

func (e *exporter) query(cypher string, params map[string]any) ([]*neo4j.Record, error) {
	return run(e.ctx, e.tx, cypher, params)
}
