package store

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// The change log in Neo4j (docs/changes.md):
//
//	(:OrgState {id: 'org', version, lastAt, historyFrom})
//	(:Change {id, version, at, principalName, principalRole, approvedByName,
//	          approvedByRole, via, created, updated, deleted, entryCount, reverts})
//	(:ChangeBlock {version, first, types, ids, ops, befores, afters, keys})
//	(:ChangeKey {key, version})
//
// A change's entries are kept in blocks of a thousand (entryblocks.go),
// which belong to the change with their version; they have no relationship
// to it, so that a large change is not one node with hundreds of
// relationships.

const (
	// recordChangeNode bumps the org's version and records the change. Its
	// time is the database's clock, but never earlier than the change
	// before it: changes are in time order as they are in version order,
	// which the org at an instant relies on.
	recordChangeNode = `MATCH (o:OrgState {id: 'org'})
WITH o, datetime.realtime() AS now
WITH o, CASE WHEN o.lastAt > now THEN o.lastAt ELSE now END AS at
SET o.version = $version, o.lastAt = at
CREATE (:Change {id: $id, version: $version, at: at,
  principalName: $principalName, principalRole: $principalRole,
  approvedByName: $approvedByName, approvedByRole: $approvedByRole,
  via: $via, created: $created, updated: $updated, deleted: $deleted,
  entryCount: $entryCount, reverts: $reverts})
RETURN at`
	// bumpVersion moves the version on without recording the change: only
	// for measuring what recording costs (Store.withoutHistory).
	bumpVersion = `MATCH (o:OrgState {id: 'org'}) SET o.version = $version`
	// readOrgVersion is the number of changes so far.
	readOrgVersion = `OPTIONAL MATCH (o:OrgState {id: 'org'}) RETURN coalesce(o.version, 0) AS version`
)

// changeRecord is what recordChange writes beside the entries.
type changeRecord struct {
	id         string
	version    int64
	principal  graph.Principal
	approvedBy *graph.Principal
	via        graph.Via
	reverts    string
}

// recordChange records plan as the change rec, with its entries.
func recordChange(ctx context.Context, tx runner, rec changeRecord, plan graph.Plan, progress func(Progress)) error {
	entries := graph.PlanEntries(plan)
	params := map[string]any{
		"id": rec.id, "version": rec.version, "principalName": rec.principal.Name, "principalRole": string(rec.principal.Role),
		"approvedByName": nil, "approvedByRole": nil, "via": string(rec.via),
		"created": plan.Report.Created, "updated": plan.Report.Updated, "deleted": plan.Report.Deleted,
		"entryCount": entries.Len(), "reverts": nil,
	}
	if rec.approvedBy != nil {
		params["approvedByName"], params["approvedByRole"] = rec.approvedBy.Name, string(rec.approvedBy.Role)
	}
	if rec.reverts != "" {
		params["reverts"] = rec.reverts
	}
	if _, err := run(ctx, tx, recordChangeNode, params); err != nil {
		return fmt.Errorf("record the change: %w", err)
	}
	return recordEntries(ctx, tx, rec.version, entries, progress)
}

// OrgVersion is the org's version: the number of changes so far.
func (s *Store) OrgVersion(ctx context.Context) (int64, error) {
	return read(ctx, s, func(tx runner) (int64, error) { return orgVersion(ctx, tx) })
}

func orgVersion(ctx context.Context, tx runner) (int64, error) {
	return single[int64](ctx, tx, readOrgVersion, nil, "version")
}

// ChangeFilter narrows a listing of changes; nil fields mean "any".
type ChangeFilter struct {
	Since, Until *time.Time // at ≥ Since, at < Until
	// Entity keeps changes that touched an entity with this id (of any
	// type), or a membership of a person or team with it.
	Entity *string
	Via    *graph.Via
}

// Listing changes, newest first, one page and the count of all that match.
// The page seeks down the version index from the cursor ($before: the
// version of the last change of the previous page).
const (
	listChanges = `CALL () {
  MATCH (c:Change)
  WHERE ($since IS NULL OR c.at >= $since) AND ($until IS NULL OR c.at < $until) AND ($via IS NULL OR c.via = $via)
  RETURN count(c) AS total
}
CALL () {
  MATCH (c:Change)
  WHERE c.version < $before
    AND ($since IS NULL OR c.at >= $since) AND ($until IS NULL OR c.at < $until) AND ($via IS NULL OR c.via = $via)
  WITH c ORDER BY c.version DESC LIMIT $limit
  RETURN collect(c {.*}) AS page
}
RETURN total, page`
	// listChangesOfEntity: the versions that touched the entity come from
	// the key nodes of small changes and the TEXT index on the entry
	// blocks' keys of large ones (entryblocks.go).
	listChangesOfEntity = `CALL () {
  MATCH (k:ChangeKey {key: $id})
  RETURN k.version AS v
  UNION
  MATCH (b:ChangeBlock) WHERE b.keys CONTAINS $token
  RETURN b.version AS v
}
MATCH (c:Change {version: v})
WHERE ($since IS NULL OR c.at >= $since) AND ($until IS NULL OR c.at < $until) AND ($via IS NULL OR c.via = $via)
WITH c ORDER BY c.version DESC
WITH collect(c) AS matching
RETURN size(matching) AS total, [c IN matching WHERE c.version < $before | c {.*}][0..$limit] AS page`
	// changesByID looks changes up by id.
	changesByID = `UNWIND $ids AS id MATCH (c:Change {id: id}) RETURN c {.*} AS c`
	// changesAfter lists the changes after a version, oldest first: what
	// the live feed polls.
	changesAfter = `MATCH (c:Change) WHERE c.version > $after
WITH c ORDER BY c.version LIMIT $limit
RETURN collect(c {.*}) AS changes`
)

// Changes pages the changes matching f, newest first. A page's cursor is
// the version of a change (Page.After, in decimal).
func (s *Store) Changes(ctx context.Context, f ChangeFilter, p graph.Page) (graph.Conn[graph.ChangeRecord], error) {
	before := int64(math.MaxInt64)
	if p.After != "" {
		v, err := strconv.ParseInt(p.After, 10, 64)
		if err != nil {
			return graph.Conn[graph.ChangeRecord]{}, graph.BadInput([]graph.Problem{{Path: "after", Message: "not a cursor of this connection"}})
		}
		before = v
	}
	params := pageParams(p)
	params["before"] = before
	params["since"], params["until"] = utc(f.Since), utc(f.Until)
	params["via"] = deref((*string)(f.Via))
	cypher := listChanges
	if f.Entity != nil {
		cypher = listChangesOfEntity
		params["id"], params["token"] = *f.Entity, entityKeyToken(*f.Entity)
	}
	recs, err := s.query(ctx, cypher, params)
	if err != nil || len(recs) == 0 {
		return graph.Conn[graph.ChangeRecord]{}, err
	}
	r := row{recs[0]}
	var items []graph.ChangeRecord
	for _, c := range r.list("page") {
		items = append(items, toChangeRecord(c))
	}
	total, _ := r.value("total").(int64)
	return pageOf(items, int(total), p), nil
}

// ChangesByID returns the changes with the given ids that exist, by id.
func (s *Store) ChangesByID(ctx context.Context, ids []string) (map[string]graph.ChangeRecord, error) {
	out := make(map[string]graph.ChangeRecord, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	recs, err := s.query(ctx, changesByID, map[string]any{"ids": ids})
	for _, rec := range recs {
		c := toChangeRecord(row{rec}.value("c"))
		out[c.ID] = c
	}
	return out, err
}

// ChangesAfter lists up to limit changes after version, oldest first.
func (s *Store) ChangesAfter(ctx context.Context, version int64, limit int) ([]graph.ChangeRecord, error) {
	recs, err := s.query(ctx, changesAfter, map[string]any{"after": version, "limit": limit})
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	var out []graph.ChangeRecord
	for _, c := range (row{recs[0]}).list("changes") {
		out = append(out, toChangeRecord(c))
	}
	return out, nil
}

// ChangeEntries pages the entries of each change, by change id. A page's
// cursor is an entry's seq (Page.After, in decimal).
func (s *Store) ChangeEntries(ctx context.Context, changeIDs []string, p graph.Page) (map[string]graph.Conn[graph.ChangeEntry], error) {
	after := int64(-1)
	if p.After != "" {
		v, err := strconv.ParseInt(p.After, 10, 64)
		if err != nil {
			return nil, graph.BadInput([]graph.Problem{{Path: "after", Message: "not a cursor of this connection"}})
		}
		after = v
	}
	params := pageParams(p)
	params["after"], params["ids"] = after, changeIDs
	recs, err := s.query(ctx, entriesPage, params)
	if err != nil {
		return nil, err
	}
	out := make(map[string]graph.Conn[graph.ChangeEntry], len(changeIDs))
	for _, rec := range recs {
		r := row{rec}
		var items []graph.ChangeEntry
		for _, e := range r.list("page") {
			items = append(items, toChangeEntry(e.(map[string]any)))
		}
		out[r.str("id")] = pageOf(items, int(toInt(r.value("total"))), p)
	}
	return out, nil
}

func toChangeRecord(v any) graph.ChangeRecord {
	m, _ := v.(map[string]any)
	c := graph.ChangeRecord{
		ID: str(m["id"]), Version: toInt(m["version"]),
		Principal: graph.Principal{Name: str(m["principalName"]), Role: graph.Role(str(m["principalRole"]))},
		Via:       graph.Via(str(m["via"])),
		Created:   int(toInt(m["created"])), Updated: int(toInt(m["updated"])), Deleted: int(toInt(m["deleted"])),
		EntryCount: int(toInt(m["entryCount"])), Reverts: optStr(m["reverts"]),
	}
	if at := optTime(m["at"]); at != nil {
		c.At = *at
	}
	if name, ok := m["approvedByName"].(string); ok {
		c.ApprovedBy = &graph.Principal{Name: name, Role: graph.Role(str(m["approvedByRole"]))}
	}
	return c
}

func toChangeEntry(m map[string]any) graph.ChangeEntry {
	e := graph.ChangeEntry{Version: toInt(m["version"]), Seq: int(toInt(m["seq"])), Type: graph.EntityType(str(m["type"])),
		ID: str(m["id"]), Op: graph.ChangeOp(str(m["op"]))}
	e.Before, e.After = jsonOrNull(m["before"]), jsonOrNull(m["after"])
	return e
}

// utc is *t as an instant to compare with the change log's times, or nil.
func utc(t *time.Time) any {
	if t == nil {
		return nil
	}
	return dbInstant(*t)
}

// dbInstant is t with a UTC offset rather than a named zone. The change
// log's times come from datetime.realtime(), at offset Z, and Neo4j orders
// two DateTimes of one instant by their zones: a Go time in UTC (sent as
// the zone named UTC) would fall after a change made at that very instant.
// The driver sends a zone named "Offset" as an offset. (Nor does Neo4j know
// a zone named Local.)
func dbInstant(t time.Time) time.Time {
	return t.In(time.FixedZone("Offset", 0))
}

// entityVersions reads the version stamp of entities by id, one query per
// label (0 for an entity written before stamps).
var entityVersions = map[string]string{
	"Person":     `UNWIND $ids AS id MATCH (n:Person {id: id}) RETURN id, coalesce(n.version, 0) AS version`,
	"Team":       `UNWIND $ids AS id MATCH (n:Team {id: id}) RETURN id, coalesce(n.version, 0) AS version`,
	"Matter":     `UNWIND $ids AS id MATCH (n:Matter {id: id}) RETURN id, coalesce(n.version, 0) AS version`,
	"Mandate":    `UNWIND $ids AS id MATCH (n:Mandate {id: id}) RETURN id, coalesce(n.version, 0) AS version`,
	"Touchpoint": `UNWIND $ids AS id MATCH (n:Touchpoint {id: id}) RETURN id, coalesce(n.version, 0) AS version`,
}

// Versions returns the version stamps of the entities of a label (Person,
// Team, Matter, Mandate, Touchpoint) with the given ids that exist: the
// org's version when each was last written.
func (s *Store) Versions(ctx context.Context, label string, ids []string) (map[string]int64, error) {
	cypher, ok := entityVersions[label]
	if !ok {
		return nil, fmt.Errorf("versions: no entity label %q", label)
	}
	out := make(map[string]int64, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	recs, err := s.query(ctx, cypher, map[string]any{"ids": ids})
	for _, rec := range recs {
		r := row{rec}
		out[r.str("id")] = toInt(r.value("version"))
	}
	return out, err
}
