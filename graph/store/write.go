package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/orgnet/orgnet/graph"
)

// batchSize is the number of rows one UNWIND statement writes.
const batchSize = 5000

// Progress tells a long import where it is.
type Progress struct {
	Stage       string // "reading and validating", "writing people", ...
	Done, Total int    // rows written of this stage, when it counts rows
}

// Import writes a snapshot (SPEC §3). MERGE creates or overwrites the
// snapshot's entities whole and adds its memberships; REPLACE makes the org
// exactly the snapshot. The org after the import is validated whole before
// anything is written, and everything is written in one transaction: a
// rejected import (BAD_INPUT, every problem listed) changes nothing.
// progress may be nil.
func (s *Store) Import(ctx context.Context, snap *graph.Snapshot, mode graph.ImportMode, progress func(Progress)) (graph.ImportReport, error) {
	switch mode {
	case graph.ImportMerge, graph.ImportReplace:
	default:
		return graph.ImportReport{}, graph.BadInput([]graph.Problem{{Path: "mode", Message: fmt.Sprintf("unknown mode %q: must be MERGE or REPLACE", mode)}})
	}
	return s.apply(ctx, graph.Change{Put: *snap}, mode == graph.ImportReplace, progress)
}

// Apply writes one change to the org, validated against the whole org and
// written all-or-nothing, as an import is.
func (s *Store) Apply(ctx context.Context, change graph.Change) (graph.ImportReport, error) {
	return s.apply(ctx, change, false, nil)
}

func (s *Store) apply(ctx context.Context, change graph.Change, replace bool, progress func(Progress)) (graph.ImportReport, error) {
	if progress == nil {
		progress = func(Progress) {}
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	return write(ctx, s, func(tx runner) (graph.ImportReport, error) {
		progress(Progress{Stage: "reading and validating"})
		plan, problems, err := s.planWrite(ctx, tx, change, replace)
		if err != nil {
			return graph.ImportReport{}, err
		}
		if len(problems) > 0 {
			return graph.ImportReport{}, graph.BadInput(problems)
		}
		if plan.Empty() {
			return plan.Report, nil
		}
		if err := writePlan(ctx, tx, plan, progress); err != nil {
			return graph.ImportReport{}, err
		}
		progress(Progress{Stage: "committing"})
		return plan.Report, nil
	})
}

// statement is one batched write: a Cypher text that UNWINDs $rows.
type statement struct {
	stage  string
	cypher string
	rows   rows
}

// rows are the rows of a statement, made a batch at a time when the batch
// is sent: an import of 100 000 people has some 300 000 rows, and holding
// them all as maps at once would cost the service about as much memory
// again as the org itself.
type rows struct {
	n  int
	at func(i int) map[string]any
}

// writePlan sends the plan as batched UNWIND statements: deletions, then the
// old own links of overwritten entities, then nodes, then links (which may
// point at nodes created in this same transaction).
func writePlan(ctx context.Context, tx runner, p graph.Plan, progress func(Progress)) error {
	var stmts []statement
	add := func(stage, cypher string, r rows) {
		if r.n > 0 {
			stmts = append(stmts, statement{stage, cypher, r})
		}
	}
	people := append(append([]graph.Person{}, p.Create.People...), p.Update.People...)
	teams := append(append([]graph.Team{}, p.Create.Teams...), p.Update.Teams...)
	matters := append(append([]graph.Matter{}, p.Create.Matters...), p.Update.Matters...)
	mandates := append(append([]graph.Mandate{}, p.Create.Mandates...), p.Update.Mandates...)
	touchpoints := append(append([]graph.Touchpoint{}, p.Create.Touchpoints...), p.Update.Touchpoints...)

	// Deletions.
	// A membership of a person or team deleted below goes with it (DETACH
	// DELETE); only the others are deleted one by one.
	gonePeople, goneTeams := setOf(p.Delete.People), setOf(p.Delete.Teams)
	var goneMemberships []graph.Membership
	for _, m := range p.Delete.Memberships {
		if !gonePeople[m.Person] && !goneTeams[m.Team] {
			goneMemberships = append(goneMemberships, m)
		}
	}
	add("deleting memberships", `UNWIND $rows AS r
		MATCH (:Person {id: r.person})-[m:MEMBER_OF]->(:Team {id: r.team}) DELETE m`,
		rowsOf(goneMemberships, func(m graph.Membership) map[string]any { return map[string]any{"person": m.Person, "team": m.Team} }))
	for _, d := range []struct {
		label string
		ids   []string
	}{{"Person", p.Delete.People}, {"Team", p.Delete.Teams}, {"Matter", p.Delete.Matters}, {"Mandate", p.Delete.Mandates}, {"Touchpoint", p.Delete.Touchpoints}} {
		add("deleting "+d.label, `UNWIND $rows AS r MATCH (n:`+d.label+` {id: r.id}) DETACH DELETE n`, idRows(d.ids))
	}

	// Overwritten entities lose their own links; they are written anew below.
	add("unlinking people", `UNWIND $rows AS r MATCH (:Person {id: r.id})-[l:REPORTS_TO]->() DELETE l`,
		rowsOf(p.Update.People, func(x graph.Person) map[string]any { return map[string]any{"id": x.ID} }))
	add("unlinking teams", `UNWIND $rows AS r MATCH (:Team {id: r.id})-[l:PART_OF]->() DELETE l`,
		rowsOf(p.Update.Teams, func(x graph.Team) map[string]any { return map[string]any{"id": x.ID} }))
	add("unlinking matters", `UNWIND $rows AS r MATCH (:Matter {id: r.id})-[l:PART_OF]->() DELETE l`,
		rowsOf(p.Update.Matters, func(x graph.Matter) map[string]any { return map[string]any{"id": x.ID} }))
	add("unlinking mandates", `UNWIND $rows AS r MATCH (md:Mandate {id: r.id})
		CALL (md) { MATCH (md)-[l:OVER|DELEGATED_FROM]->() DELETE l }
		CALL (md) { MATCH ()-[l:HOLDS]->(md) DELETE l }`,
		rowsOf(p.Update.Mandates, func(x graph.Mandate) map[string]any { return map[string]any{"id": x.ID} }))
	add("unlinking touchpoints", `UNWIND $rows AS r MATCH (:Touchpoint {id: r.id})-[l:STAFFED_BY|ESCALATES_TO|HANDLES]->() DELETE l`,
		rowsOf(p.Update.Touchpoints, func(x graph.Touchpoint) map[string]any { return map[string]any{"id": x.ID} }))

	// Nodes. New ones are created outright (Diff found no node with their
	// id in this same transaction, so a MERGE would only add an index probe
	// and a lock per row); overwritten ones are matched, and SET n = r.props
	// replaces every property, so a field left out of an overwrite is
	// removed.
	nodes := func(stage, label string, keys []string, created, updated rows) {
		props := make([]string, len(keys))
		for i, k := range keys {
			props[i] = k + ": r.props." + k
		}
		// CREATE leaves a null property out, as SET n = r.props does.
		add(stage, `UNWIND $rows AS r CREATE (n:`+label+` {`+strings.Join(props, ", ")+`})`, created)
		add(stage, `UNWIND $rows AS r MATCH (n:`+label+` {id: r.props.id}) SET n = r.props`, updated)
	}
	personProps := func(x graph.Person) map[string]any {
		return map[string]any{"props": map[string]any{"id": x.ID, "name": x.Name, "email": deref(x.Email), "title": deref(x.Title), "active": x.Active,
			"userName": deref(x.UserName), "userNameKey": userNameKey(x.UserName), "externalId": deref(x.ExternalID)}}
	}
	nodes("writing people", "Person", []string{"id", "name", "email", "title", "active", "userName", "userNameKey", "externalId"}, rowsOf(p.Create.People, personProps), rowsOf(p.Update.People, personProps))
	teamProps := func(x graph.Team) map[string]any {
		return map[string]any{"props": map[string]any{"id": x.ID, "name": x.Name, "kind": string(x.Kind), "externalId": deref(x.ExternalID)}}
	}
	nodes("writing teams", "Team", []string{"id", "name", "kind", "externalId"}, rowsOf(p.Create.Teams, teamProps), rowsOf(p.Update.Teams, teamProps))
	matterProps := func(x graph.Matter) map[string]any {
		return map[string]any{"props": map[string]any{"id": x.ID, "name": x.Name}}
	}
	nodes("writing matters", "Matter", []string{"id", "name"}, rowsOf(p.Create.Matters, matterProps), rowsOf(p.Update.Matters, matterProps))
	mandateProps := func(x graph.Mandate) map[string]any {
		return map[string]any{"props": map[string]any{"id": x.ID, "name": x.Name, "limit": deref(x.Limit), "validFrom": deref(x.ValidFrom), "validUntil": deref(x.ValidUntil)}}
	}
	nodes("writing mandates", "Mandate", []string{"id", "name", "limit", "validFrom", "validUntil"}, rowsOf(p.Create.Mandates, mandateProps), rowsOf(p.Update.Mandates, mandateProps))
	touchpointProps := func(x graph.Touchpoint) map[string]any {
		return map[string]any{"props": map[string]any{"id": x.ID, "name": x.Name, "channel": string(x.Channel), "selfService": x.SelfService}}
	}
	nodes("writing touchpoints", "Touchpoint", []string{"id", "name", "channel", "selfService"}, rowsOf(p.Create.Touchpoints, touchpointProps), rowsOf(p.Update.Touchpoints, touchpointProps))

	// Links.
	add("linking managers", `UNWIND $rows AS r MATCH (p:Person {id: r.id}) MATCH (m:Person {id: r.to}) CREATE (p)-[:REPORTS_TO]->(m)`,
		linkRows(people, func(x graph.Person) (string, *string) { return x.ID, x.Manager }))
	add("linking team parents", `UNWIND $rows AS r MATCH (t:Team {id: r.id}) MATCH (parent:Team {id: r.to}) CREATE (t)-[:PART_OF]->(parent)`,
		linkRows(teams, func(x graph.Team) (string, *string) { return x.ID, x.Parent }))
	add("linking matter parents", `UNWIND $rows AS r MATCH (m:Matter {id: r.id}) MATCH (parent:Matter {id: r.to}) CREATE (m)-[:PART_OF]->(parent)`,
		linkRows(matters, func(x graph.Matter) (string, *string) { return x.ID, x.Parent }))
	add("linking mandate matters", `UNWIND $rows AS r MATCH (md:Mandate {id: r.id}) MATCH (m:Matter {id: r.to}) CREATE (md)-[:OVER]->(m)`,
		linkRows(mandates, func(x graph.Mandate) (string, *string) { return x.ID, &x.Matter }))
	add("linking delegations", `UNWIND $rows AS r MATCH (md:Mandate {id: r.id}) MATCH (src:Mandate {id: r.to}) CREATE (md)-[:DELEGATED_FROM]->(src)`,
		linkRows(mandates, func(x graph.Mandate) (string, *string) { return x.ID, x.DelegatedFrom }))
	for _, h := range []struct {
		typ   graph.HolderType
		label string
	}{{graph.HolderPerson, "Person"}, {graph.HolderTeam, "Team"}} {
		add("linking mandate holders", `UNWIND $rows AS r MATCH (md:Mandate {id: r.id}) MATCH (h:`+h.label+` {id: r.to}) CREATE (h)-[:HOLDS]->(md)`,
			linkRows(mandates, func(x graph.Mandate) (string, *string) {
				if x.Holder.Type != h.typ {
					return x.ID, nil
				}
				return x.ID, &x.Holder.ID
			}))
		var staff sliceRows
		for _, tp := range touchpoints {
			for pos, s := range tp.StaffedBy {
				if s.Type == h.typ {
					staff = append(staff, map[string]any{"id": tp.ID, "to": s.ID, "pos": pos})
				}
			}
		}
		add("linking staff", `UNWIND $rows AS r MATCH (tp:Touchpoint {id: r.id}) MATCH (h:`+h.label+` {id: r.to}) CREATE (tp)-[:STAFFED_BY {pos: r.pos}]->(h)`, staff.rows())
	}
	var escalations, handles sliceRows
	for _, tp := range touchpoints {
		for pos, to := range tp.EscalatesTo {
			escalations = append(escalations, map[string]any{"id": tp.ID, "to": to, "pos": pos})
		}
		for pos, h := range tp.Handles {
			handles = append(handles, map[string]any{"id": tp.ID, "to": h.Matter, "pos": pos, "volume": h.Volume, "rate": h.SelfServiceRate})
		}
	}
	add("linking escalations", `UNWIND $rows AS r MATCH (tp:Touchpoint {id: r.id}) MATCH (to:Touchpoint {id: r.to}) CREATE (tp)-[:ESCALATES_TO {pos: r.pos}]->(to)`, escalations.rows())
	add("linking handled matters", `UNWIND $rows AS r MATCH (tp:Touchpoint {id: r.id}) MATCH (m:Matter {id: r.to})
		CREATE (tp)-[:HANDLES {pos: r.pos, volume: r.volume, selfServiceRate: r.rate}]->(m)`, handles.rows())
	// Memberships: a new one is created (Diff found none between the two
	// in this transaction); a re-roled one gets its new role.
	membershipRow := func(m graph.Membership) map[string]any {
		return map[string]any{"person": m.Person, "team": m.Team, "role": string(m.Role)}
	}
	add("writing memberships", `UNWIND $rows AS r MATCH (p:Person {id: r.person}) MATCH (t:Team {id: r.team})
		CREATE (p)-[:MEMBER_OF {role: r.role}]->(t)`, rowsOf(p.Create.Memberships, membershipRow))
	add("writing memberships", `UNWIND $rows AS r MATCH (:Person {id: r.person})-[m:MEMBER_OF]->(:Team {id: r.team})
		SET m.role = r.role`, rowsOf(p.Update.Memberships, membershipRow))

	for _, st := range stmts {
		n := st.rows.n
		for start := 0; start < n; start += batchSize {
			batch := make([]map[string]any, min(start+batchSize, n)-start)
			for i := range batch {
				batch[i] = st.rows.at(start + i)
			}
			progress(Progress{Stage: st.stage, Done: start, Total: n})
			if _, err := run(ctx, tx, st.cypher, map[string]any{"rows": batch}); err != nil {
				return fmt.Errorf("%s: %w", st.stage, err)
			}
		}
		progress(Progress{Stage: st.stage, Done: n, Total: n})
	}
	return nil
}

// rowsOf makes a row of each item, when asked for it.
func rowsOf[T any](items []T, row func(T) map[string]any) rows {
	return rows{n: len(items), at: func(i int) map[string]any { return row(items[i]) }}
}

// sliceRows are rows made beforehand (the few of touchpoints' lists).
type sliceRows []map[string]any

func (s sliceRows) rows() rows {
	return rows{n: len(s), at: func(i int) map[string]any { return s[i] }}
}

func setOf(ids []string) map[string]bool {
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	return set
}

func idRows(ids []string) rows {
	return rowsOf(ids, func(id string) map[string]any { return map[string]any{"id": id} })
}

// linkRows are {id, to} for each entity whose link is set.
func linkRows[T any](items []T, link func(T) (string, *string)) rows {
	var with []int32 // the items with the link, by index
	for i, it := range items {
		if _, to := link(it); to != nil {
			with = append(with, int32(i))
		}
	}
	return rows{n: len(with), at: func(i int) map[string]any {
		id, to := link(items[with[i]])
		return map[string]any{"id": id, "to": *to}
	}}
}

// deref is *p, or nil (no property) for a nil pointer.
func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// userNameKey is the folded userName a person's node keeps beside it,
// indexed, so that userNames compare regardless of case (docs/scim.md).
func userNameKey(userName *string) any {
	if userName == nil {
		return nil
	}
	return graph.FoldCase(*userName)
}
