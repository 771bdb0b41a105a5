package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/orgnet/orgnet/graph"
)

// Held writes (the deletion guard, docs/changes.md) are stored in Neo4j, so
// that they survive a restart and any process may approve them:
//
//	(:PendingWrite {id, principalName, principalRole, via, replace, createdAt,
//	                version, created, updated, deleted, unchanged, peopleRemoved, limit})
//	(:PendingWritePart {pending, seq, data})
//
// The parts hold the write's change as JSON, cut in pieces of
// pendingPartSize bytes so that no one property is the size of a whole
// REPLACE snapshot.

const pendingPartSize = 1 << 20

const (
	// countActivePeople is what the default deletion limit is a share of.
	countActivePeople = `MATCH (p:Person) WHERE coalesce(p.active, true) RETURN count(p) AS n`
	// holdWrite stores a held write.
	holdWrite = `CREATE (w:PendingWrite {id: $id, principalName: $principalName, principalRole: $principalRole,
  via: $via, replace: $replace, createdAt: datetime.realtime(), version: $version,
  created: $created, updated: $updated, deleted: $deleted, unchanged: $unchanged,
  peopleRemoved: $peopleRemoved, limit: $limit})
RETURN w.createdAt AS createdAt`
	// holdWriteParts stores a batch of a held write's change.
	holdWriteParts = `UNWIND $rows AS r CREATE (:PendingWritePart {pending: $id, seq: r.seq, data: r.data})`
	// listPendingWrites lists the held writes, oldest first.
	listPendingWrites = `MATCH (w:PendingWrite) RETURN w {.*} AS w ORDER BY w.createdAt, w.id`
	// readPendingWrite reads one held write with its change.
	readPendingWrite = `MATCH (w:PendingWrite {id: $id})
RETURN w {.*} AS w, COLLECT { MATCH (p:PendingWritePart {pending: $id}) RETURN p.data ORDER BY p.seq } AS parts`
	// dropPendingWrite removes a held write, approved or rejected.
	dropPendingWrite = `MATCH (w:PendingWrite {id: $id})
CALL (w) { MATCH (p:PendingWritePart {pending: w.id}) DELETE p }
DELETE w
RETURN count(*) AS dropped`
)

// guard holds the write when the deletion guard says so: a principal other
// than an admin whose plan deletes or deactivates more people than the
// limit. The held write is stored, with its key's outcome, and returned;
// nil means the write goes ahead.
func (s *Store) guard(ctx context.Context, tx runner, w graph.WriteRequest, plan graph.Plan, version int64, idem idempotency) (*graph.PendingWrite, error) {
	if w.Principal.Role == graph.AdminRole {
		return nil, nil
	}
	removed := plan.PeopleRemoved()
	// No count of the org is needed below the least the limit can be.
	if removed <= graph.DeletionLimit(s.cfg.MaxDeletes, 0) {
		return nil, nil
	}
	active, err := single[int64](ctx, tx, countActivePeople, nil, "n")
	if err != nil {
		return nil, fmt.Errorf("count active people: %w", err)
	}
	if !graph.Guarded(w.Principal, removed, s.cfg.MaxDeletes, int(active)) {
		return nil, nil
	}
	pw := &graph.PendingWrite{ID: newID(), Principal: w.Principal, Via: w.Via, Replace: w.Replace, Version: version,
		Report: plan.Report, PeopleRemoved: removed, Limit: graph.DeletionLimit(s.cfg.MaxDeletes, int(active))}
	doc, err := json.Marshal(w.Change)
	if err != nil {
		return nil, fmt.Errorf("hold the write: %w", err)
	}
	at, err := single[any](ctx, tx, holdWrite, map[string]any{
		"id": pw.ID, "principalName": pw.Principal.Name, "principalRole": string(pw.Principal.Role), "via": string(pw.Via),
		"replace": pw.Replace, "version": version, "created": pw.Report.Created, "updated": pw.Report.Updated,
		"deleted": pw.Report.Deleted, "unchanged": pw.Report.Unchanged, "peopleRemoved": removed, "limit": pw.Limit,
	}, "createdAt")
	if err != nil {
		return nil, fmt.Errorf("hold the write: %w", err)
	}
	if t := optTime(at); t != nil {
		pw.CreatedAt = *t
	}
	var parts sliceRows
	for seq, start := 0, 0; start < len(doc); seq, start = seq+1, start+pendingPartSize {
		parts = append(parts, map[string]any{"seq": seq, "data": string(doc[start:min(start+pendingPartSize, len(doc))])})
	}
	if err := sendRows(ctx, tx, "holding the write", holdWriteParts, parts.rows(), map[string]any{"id": pw.ID}, func(Progress) {}); err != nil {
		return nil, err
	}
	return pw, idem.save(ctx, tx, storedOutcome{Held: pw})
}

// heldError is the answer to a held write: HELD with its id and report.
func heldError(pw *graph.PendingWrite) *graph.Error {
	return &graph.Error{Code: graph.CodeHeld,
		Message: fmt.Sprintf("held for an admin's approval: the write would delete or deactivate %d people, more than the %d one write may without approval; nothing was written", pw.PeopleRemoved, pw.Limit),
		Details: map[string]any{"pendingWrite": pw.ID, "report": pw.Report, "peopleRemoved": pw.PeopleRemoved, "limit": pw.Limit}}
}

// PendingWrites lists the held writes, oldest first.
func (s *Store) PendingWrites(ctx context.Context) ([]graph.PendingWrite, error) {
	recs, err := s.query(ctx, listPendingWrites, nil)
	if err != nil {
		return nil, err
	}
	out := make([]graph.PendingWrite, len(recs))
	for i, rec := range recs {
		out[i] = toPendingWrite(row{rec}.value("w"))
	}
	return out, nil
}

func toPendingWrite(v any) graph.PendingWrite {
	m, _ := v.(map[string]any)
	pw := graph.PendingWrite{
		ID: str(m["id"]), Principal: graph.Principal{Name: str(m["principalName"]), Role: graph.Role(str(m["principalRole"]))},
		Via: graph.Via(str(m["via"])), Replace: boolOr(m["replace"], false), Version: toInt(m["version"]),
		Report: graph.ImportReport{Created: int(toInt(m["created"])), Updated: int(toInt(m["updated"])),
			Deleted: int(toInt(m["deleted"])), Unchanged: int(toInt(m["unchanged"]))},
		PeopleRemoved: int(toInt(m["peopleRemoved"])), Limit: int(toInt(m["limit"])),
	}
	if t := optTime(m["createdAt"]); t != nil {
		pw.CreatedAt = *t
	}
	return pw
}

// ApproveWrite commits a held write, as the principal ctx carries, who must
// be an admin (FORBIDDEN otherwise). The write is planned and validated
// afresh against the org as it is now, and refused with CONFLICT if the
// org has moved on since it was held; it is recorded as the original
// requester's change, approved by the admin. An unknown id is NOT_FOUND.
func (s *Store) ApproveWrite(ctx context.Context, id, idempotencyKey string) (graph.WriteOutcome, error) {
	approver := graph.PrincipalFromContext(ctx)
	if approver.Role != graph.AdminRole {
		return graph.WriteOutcome{}, &graph.Error{Code: graph.CodeForbidden, Message: "only an admin may approve a held write"}
	}
	job := writeJob{req: graph.WriteRequest{Principal: approver, IdempotencyKey: idempotencyKey}, approves: id, approvedBy: &approver}
	job.prepare = func(ctx context.Context, tx runner, w *graph.WriteRequest) error {
		pw, change, err := pendingWrite(ctx, tx, id)
		if err != nil {
			return err
		}
		version := pw.Version
		*w = graph.WriteRequest{Change: change, Replace: pw.Replace, Via: pw.Via, Principal: pw.Principal, IfVersion: &version}
		return nil
	}
	return s.write(ctx, job)
}

// pendingWrite reads a held write and its change.
func pendingWrite(ctx context.Context, tx runner, id string) (graph.PendingWrite, graph.Change, error) {
	recs, err := run(ctx, tx, readPendingWrite, map[string]any{"id": id})
	if err != nil {
		return graph.PendingWrite{}, graph.Change{}, err
	}
	if len(recs) == 0 {
		return graph.PendingWrite{}, graph.Change{}, graph.NotFound("held write", id)
	}
	r := row{recs[0]}
	var doc []byte
	for _, p := range r.list("parts") {
		doc = append(doc, str(p)...)
	}
	var change graph.Change
	if err := json.Unmarshal(doc, &change); err != nil {
		return graph.PendingWrite{}, graph.Change{}, fmt.Errorf("held write %s: %w", id, err)
	}
	return toPendingWrite(r.value("w")), change, nil
}

// RejectWrite drops a held write, as the principal ctx carries: an admin,
// or whoever made the write. It takes the org's lock, so that it never
// races an approval. An unknown id is NOT_FOUND.
func (s *Store) RejectWrite(ctx context.Context, id string) error {
	p := graph.PrincipalFromContext(ctx)
	_, err := write(ctx, s, func(tx runner) (struct{}, error) {
		if _, err := run(ctx, tx, lockOrg, nil); err != nil {
			return struct{}{}, err
		}
		pw, _, err := pendingWrite(ctx, tx, id)
		if err != nil {
			return struct{}{}, err
		}
		if p.Role != graph.AdminRole && p != pw.Principal {
			return struct{}{}, &graph.Error{Code: graph.CodeForbidden, Message: "only an admin or the write's own principal may reject a held write"}
		}
		_, err = run(ctx, tx, dropPendingWrite, map[string]any{"id": id})
		return struct{}{}, err
	})
	return err
}
