package store

import (
	"context"
	"fmt"

	"github.com/orgnet/orgnet/graph"
)

const (
	// changeVersion finds a change by id.
	changeVersion = `MATCH (c:Change {id: $id}) RETURN c.version AS version`
)

// RevertChange writes the inverse of the change id as a new change (via
// REVERT, by the principal ctx carries): every entity it touched put back
// as it was before it, validated as any write. CONFLICT, naming them, when
// entities have changed since (their state is no longer what the change
// left); NOT_FOUND for an unknown change.
func (s *Store) RevertChange(ctx context.Context, id string, ifVersion *int64, idempotencyKey string) (graph.WriteOutcome, error) {
	job := writeJob{req: graph.WriteRequest{Via: graph.ViaRevert, Principal: graph.PrincipalFromContext(ctx), IfVersion: ifVersion,
		IdempotencyKey: idempotencyKey, Guard: true}, reverts: id}
	job.prepare = func(ctx context.Context, tx runner, w *graph.WriteRequest) error {
		change, err := revertOf(ctx, tx, id)
		w.Change = change
		return err
	}
	return s.write(ctx, job)
}

// revertOf is the change that undoes change id, read in tx.
func revertOf(ctx context.Context, tx runner, id string) (graph.Change, error) {
	recs, err := run(ctx, tx, changeVersion, map[string]any{"id": id})
	if err != nil {
		return graph.Change{}, err
	}
	if len(recs) == 0 {
		return graph.Change{}, graph.NotFound("change", id)
	}
	version, _ := row{recs[0]}.value("version").(int64)
	recs, err = run(ctx, tx, allEntries, map[string]any{"version": version})
	if err != nil {
		return graph.Change{}, err
	}
	var entries []graph.ChangeEntry
	var keys []graph.EntityKey
	for _, rec := range recs {
		for _, e := range blockEntriesOf(version, row{rec}.value("b")) {
			entries = append(entries, e)
			keys = append(keys, graph.EntityKey{Type: e.Type, ID: e.ID})
		}
	}
	current, err := readEntities(ctx, tx, keys)
	if err != nil {
		return graph.Change{}, err
	}
	change, conflicts, err := graph.Revert(entries, current)
	if err != nil {
		return graph.Change{}, err
	}
	if len(conflicts) > 0 {
		named := make([]map[string]string, len(conflicts))
		for i, k := range conflicts {
			named[i] = map[string]string{"type": string(k.Type), "id": k.ID}
		}
		return graph.Change{}, graph.Conflict(
			fmt.Sprintf("%d entities have changed since change %s; reverting it would undo those later changes too", len(conflicts), id),
			map[string]any{"entities": named})
	}
	return change, nil
}

// readEntities reads, in one query (entityStatesQuery), the entities named
// by keys that exist, as tx sees them.
func readEntities(ctx context.Context, tx runner, keys []graph.EntityKey) (*graph.Snapshot, error) {
	s := &graph.Snapshot{}
	if len(keys) == 0 {
		return s, nil
	}
	ids := map[graph.EntityType][]string{}
	var memberships []map[string]any
	for _, k := range keys {
		if k.Type != graph.EntityMembership {
			ids[k.Type] = append(ids[k.Type], k.ID)
			continue
		}
		person, team, ok := graph.SplitMembershipID(k.ID)
		if !ok {
			return nil, fmt.Errorf("membership id %q", k.ID)
		}
		memberships = append(memberships, map[string]any{"person": person, "team": team})
	}
	recs, err := run(ctx, tx, entityStatesQuery, map[string]any{
		"people": distinct(ids[graph.EntityPerson]), "teams": distinct(ids[graph.EntityTeam]), "matters": distinct(ids[graph.EntityMatter]),
		"mandates": distinct(ids[graph.EntityMandate]), "touchpoints": distinct(ids[graph.EntityTouchpoint]), "memberships": memberships,
	})
	if err != nil {
		return nil, fmt.Errorf("read entity states: %w", err)
	}
	if len(recs) != 1 {
		return nil, fmt.Errorf("read entity states: %d records, want 1", len(recs))
	}
	r := row{recs[0]}
	s.People = decodeAll(r.list("people"), toPerson)
	s.Teams = decodeAll(r.list("teams"), toTeam)
	s.Matters = decodeAll(r.list("matters"), toMatter)
	s.Mandates = decodeAll(r.list("mandates"), toMandate)
	s.Touchpoints = decodeAll(r.list("touchpoints"), toTouchpoint)
	s.Memberships = decodeAll(r.list("memberships"), func(m map[string]any) graph.Membership {
		return graph.Membership{Person: str(m["person"]), Team: str(m["team"]), Role: graph.MembershipRole(str(m["role"]))}
	})
	return s, nil
}

// decodeAll decodes each map of rows.
func decodeAll[T any](rows []any, decode func(map[string]any) T) []T {
	if len(rows) == 0 {
		return nil
	}
	out := make([]T, len(rows))
	for i, v := range rows {
		out[i] = decode(v.(map[string]any))
	}
	return out
}
