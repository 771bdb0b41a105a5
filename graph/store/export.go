package store

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
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

// exportSection reads one section of the snapshot, the entities of one
// type as they are, a page at a time in id order: the entities after
// $after, up to $limit of them (memberships: those of up to $limit people),
// as one record holding the page's rows and the id to go on after. Each row
// ends with the entity's version stamp (0 for an entity written before
// stamps). One record a page rather than a record an entity: a hundred
// thousand records cost the database and the driver several times more.
type exportSection struct {
	name   string
	typ    graph.EntityType
	cypher string
	// decode turns a page's rows into the section's entities.
	decode func(rows []any) []exportItem
}

type exportItem struct {
	id      string
	entity  any
	version int64
}

// exportPage is how many entities (memberships: people) a page holds.
const exportPage = 5000

// pageOfRows decodes rows whose last field is the version stamp.
func pageOfRows(decode func(r []any) (string, any)) func(rows []any) []exportItem {
	return func(rows []any) []exportItem {
		out := make([]exportItem, len(rows))
		for i, r := range rows {
			l := list(r)
			id, e := decode(l)
			out[i] = exportItem{id, e, toInt(l[len(l)-1])}
		}
		return out
	}
}

var exportSections = []exportSection{
	{"people", graph.EntityPerson, `MATCH (p:Person) WHERE p.id > $after
WITH p ORDER BY p.id LIMIT $limit
WITH collect(p) AS page
RETURN page[-1].id AS last, [p IN page | [p.id, p.name, p.email, p.title, p.active,
  [(p)-[:REPORTS_TO]->(boss:Person) | boss.id][0], p.userName, p.externalId, coalesce(p.version, 0)]] AS rows`,
		pageOfRows(func(r []any) (string, any) { p := personFromRow(r); return p.ID, p })},
	{"teams", graph.EntityTeam, `MATCH (t:Team) WHERE t.id > $after
WITH t ORDER BY t.id LIMIT $limit
WITH collect(t) AS page
RETURN page[-1].id AS last, [t IN page | [t.id, t.name, t.kind, [(t)-[:PART_OF]->(up:Team) | up.id][0],
  t.externalId, coalesce(t.version, 0)]] AS rows`,
		pageOfRows(func(r []any) (string, any) { t := teamFromRow(r); return t.ID, t })},
	{"memberships", graph.EntityMembership, `MATCH (p:Person) WHERE p.id > $after
WITH p ORDER BY p.id LIMIT $limit
WITH collect(p) AS page
RETURN page[-1].id AS last, [p IN page | [(p)-[m:MEMBER_OF]->(t:Team) | [p.id, t.id, m.role, coalesce(m.version, 0)]]] AS rows`,
		func(rows []any) []exportItem {
			var out []exportItem
			for _, ofPerson := range rows {
				mine := list(ofPerson)
				slices.SortFunc(mine, func(a, b any) int { return strings.Compare(str(list(a)[1]), str(list(b)[1])) })
				for _, r := range mine {
					l := list(r)
					m := graph.Membership{Person: str(l[0]), Team: str(l[1]), Role: graph.MembershipRole(str(l[2]))}
					out = append(out, exportItem{graph.MembershipID(m.Person, m.Team), m, toInt(l[3])})
				}
			}
			return out
		}},
	{"matters", graph.EntityMatter, `MATCH (m:Matter) WHERE m.id > $after
WITH m ORDER BY m.id LIMIT $limit
WITH collect(m) AS page
RETURN page[-1].id AS last, [m IN page | [m.id, m.name, [(m)-[:PART_OF]->(up:Matter) | up.id][0],
  coalesce(m.version, 0)]] AS rows`,
		pageOfRows(func(r []any) (string, any) {
			return str(r[0]), graph.Matter{ID: str(r[0]), Name: str(r[1]), Parent: optStr(r[2])}
		})},
	{"mandates", graph.EntityMandate, `MATCH (md:Mandate) WHERE md.id > $after
WITH md ORDER BY md.id LIMIT $limit
WITH collect(md) AS page
RETURN page[-1].id AS last, [md IN page | [md.id, md.name, md.limit, md.validFrom, md.validUntil,
  [(md)-[:OVER]->(over:Matter) | over.id][0],
  [(h)-[:HOLDS]->(md) | [CASE WHEN h:Team THEN 'TEAM' ELSE 'PERSON' END, h.id]][0],
  [(md)-[:DELEGATED_FROM]->(src:Mandate) | src.id][0], coalesce(md.version, 0)]] AS rows`,
		pageOfRows(func(r []any) (string, any) { md := mandateFromRow(r); return md.ID, md })},
	{"touchpoints", graph.EntityTouchpoint, `MATCH (tp:Touchpoint) WHERE tp.id > $after
WITH tp ORDER BY tp.id LIMIT $limit
WITH collect(tp) AS page
RETURN page[-1].id AS last, [tp IN page | [` + touchpointProjection + `, coalesce(tp.version, 0)]] AS rows`,
		pageOfRows(func(r []any) (string, any) { tp := toTouchpoint(r[0].(map[string]any)); return tp.ID, tp })},
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
	for after := ""; ; {
		recs, err := e.query(sec.cypher, map[string]any{"after": after, "limit": exportPage})
		if err != nil {
			return fmt.Errorf("export %s: %w", sec.name, err)
		}
		r := row{recs[0]}
		for _, it := range sec.decode(r.list("rows")) {
			k := graph.EntityKey{Type: sec.typ, ID: it.id}
			if before, touched := e.was[k]; touched {
				done[it.id] = true
				if before != nil {
					emit(before)
				}
				continue
			}
			if it.version > e.v1 {
				continue // written while the export ran: from the entries below
			}
			doc, err := graph.EntityJSON(it.entity)
			if err != nil {
				return err
			}
			done[it.id] = true
			emit(doc)
		}
		last, ok := r.value("last").(string)
		if !ok {
			break // an empty page: the section is done
		}
		after = last
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
