package store

import (
	"context"
	"fmt"

	"github.com/orgnet/orgnet/graph"
)

const (
	// changeVersion finds a change by id.
	changeVersion = `MATCH (c:Change {id: $id}) RETURN c.version AS version`
	// membershipsByKey reads memberships by person and team.
	membershipsByKey = `UNWIND $rows AS r
MATCH (p:Person {id: r.person})-[m:MEMBER_OF]->(t:Team {id: r.team})
RETURN p.id AS person, t.id AS team, m.role AS role`
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

// readEntities reads the entities named by keys that exist, in tx.
func readEntities(ctx context.Context, tx runner, keys []graph.EntityKey) (*graph.Snapshot, error) {
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
	s := &graph.Snapshot{}
	var err error
	if s.People, err = entitiesByID(ctx, tx, peopleByID, ids[graph.EntityPerson], toPerson); err != nil {
		return nil, err
	}
	if s.Teams, err = entitiesByID(ctx, tx, teamsByID, ids[graph.EntityTeam], toTeam); err != nil {
		return nil, err
	}
	if s.Matters, err = entitiesByID(ctx, tx, mattersByID, ids[graph.EntityMatter], toMatter); err != nil {
		return nil, err
	}
	if s.Mandates, err = entitiesByID(ctx, tx, mandatesByID, ids[graph.EntityMandate], toMandate); err != nil {
		return nil, err
	}
	if s.Touchpoints, err = entitiesByID(ctx, tx, touchpointsByID, ids[graph.EntityTouchpoint], toTouchpoint); err != nil {
		return nil, err
	}
	if len(memberships) > 0 {
		recs, err := run(ctx, tx, membershipsByKey, map[string]any{"rows": memberships})
		if err != nil {
			return nil, err
		}
		for _, rec := range recs {
			r := row{rec}
			s.Memberships = append(s.Memberships, graph.Membership{Person: r.str("person"), Team: r.str("team"), Role: graph.MembershipRole(r.str("role"))})
		}
	}
	return s, nil
}

func entitiesByID[T any](ctx context.Context, tx runner, cypher string, ids []string, decode func(map[string]any) T) ([]T, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	recs, err := run(ctx, tx, cypher, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make([]T, len(recs))
	for i, rec := range recs {
		out[i] = decode(row{rec}.value("n").(map[string]any))
	}
	return out, nil
}
