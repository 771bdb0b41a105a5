package store

import (
	"context"
	"fmt"

	"github.com/orgnet/orgnet/graph"
)

// The write side: a plan (what to create, overwrite and delete) is sent as
// the batched statements below, in this order: the old own links of
// overwritten entities, then nodes, then links (which may point at nodes
// created in this same transaction), then deletions. Each statement UNWINDs $rows;
// $version is the org version the write makes, stamped on every node and
// membership it writes (the entity's version, docs/changes.md).
//
// Nodes are created outright (planWrite found no node with their id in
// this same transaction, so a MERGE would only add an index probe and a
// lock per row); overwritten ones are matched, and SET n = r.props replaces
// every property, so a field left out of an overwrite is removed. CREATE
// leaves a null property out, as SET n = r.props does.

// Deletions, last. A membership of a person or team deleted here goes with
// it (DETACH DELETE); only the others are deleted one by one, first.
//
// In a transaction that has deleted k nodes, every seek of a unique index
// costs O(k) in Neo4j (the index cursor copies the transaction's removed
// nodes into a set each time), so deleting 90 000 people by id, and every
// seek after that, cost O(k²): 19 minutes for a REPLACE of a 100 000-person
// org by a 10 000-person one (bench/README.md). Hence the deletions come
// after every other statement, and a plan deleting many nodes
// (bulkDeletions) finds them by a scan of their label, a batch at a time,
// instead of the index; a plan deleting a few seeks them.
const (
	deleteMemberships = `UNWIND $rows AS r
MATCH (:Person {id: r.person})-[m:MEMBER_OF]->(t:Team {id: r.team})
DELETE m
SET t.membersVersion = $version`
	// A person's memberships go with them: their teams' members changed.
	deletePeople = `UNWIND $rows AS r MATCH (n:Person {id: r.id})
CALL (n) { MATCH (n)-[:MEMBER_OF]->(t:Team) SET t.membersVersion = $version }
DETACH DELETE n`
	deleteTeams       = `UNWIND $rows AS r MATCH (n:Team {id: r.id}) DETACH DELETE n`
	deleteMatters     = `UNWIND $rows AS r MATCH (n:Matter {id: r.id}) DETACH DELETE n`
	deleteMandates    = `UNWIND $rows AS r MATCH (n:Mandate {id: r.id}) DETACH DELETE n`
	deleteTouchpoints = `UNWIND $rows AS r MATCH (n:Touchpoint {id: r.id}) DETACH DELETE n`

	scanDeletePeople = `WITH [r IN $rows | r.id] AS ids MATCH (n:Person) USING SCAN n:Person WHERE n.id IN ids
CALL (n) { MATCH (n)-[:MEMBER_OF]->(t:Team) SET t.membersVersion = $version }
DETACH DELETE n`
	scanDeleteTeams       = `WITH [r IN $rows | r.id] AS ids MATCH (n:Team) USING SCAN n:Team WHERE n.id IN ids DETACH DELETE n`
	scanDeleteMatters     = `WITH [r IN $rows | r.id] AS ids MATCH (n:Matter) USING SCAN n:Matter WHERE n.id IN ids DETACH DELETE n`
	scanDeleteMandates    = `WITH [r IN $rows | r.id] AS ids MATCH (n:Mandate) USING SCAN n:Mandate WHERE n.id IN ids DETACH DELETE n`
	scanDeleteTouchpoints = `WITH [r IN $rows | r.id] AS ids MATCH (n:Touchpoint) USING SCAN n:Touchpoint WHERE n.id IN ids DETACH DELETE n`
)

// bulkDeletions is the number of nodes a plan deletes from which they are
// found by label scans: a scan reads every node of the label once a batch,
// which costs more than a few seeks but far less than many.
const bulkDeletions = 1000

// Overwritten entities lose their own links; they are written anew below.
// (Memberships are not a person's own link: a MERGE keeps them.)
const (
	unlinkPeople   = `UNWIND $rows AS r MATCH (:Person {id: r.id})-[l:REPORTS_TO]->() DELETE l`
	unlinkTeams    = `UNWIND $rows AS r MATCH (:Team {id: r.id})-[l:PART_OF]->() DELETE l`
	unlinkMatters  = `UNWIND $rows AS r MATCH (:Matter {id: r.id})-[l:PART_OF]->() DELETE l`
	unlinkMandates = `UNWIND $rows AS r
MATCH (md:Mandate {id: r.id})
CALL (md) { MATCH (md)-[l:OVER|DELEGATED_FROM]->() DELETE l }
CALL (md) { MATCH ()-[l:HOLDS]->(md) DELETE l }`
	unlinkTouchpoints = `UNWIND $rows AS r MATCH (:Touchpoint {id: r.id})-[l:STAFFED_BY|ESCALATES_TO|HANDLES]->() DELETE l`
)

// Nodes, created or overwritten, each stamped with the version.
const (
	createPeople = `UNWIND $rows AS r
CREATE (:Person {id: r.props.id, name: r.props.name, email: r.props.email, title: r.props.title,
  active: r.props.active, userName: r.props.userName, userNameKey: r.props.userNameKey,
  externalId: r.props.externalId, version: $version})`
	updatePeople = `UNWIND $rows AS r MATCH (n:Person {id: r.props.id}) SET n = r.props, n.version = $version`
	createTeams  = `UNWIND $rows AS r
CREATE (:Team {id: r.props.id, name: r.props.name, kind: r.props.kind, externalId: r.props.externalId,
  version: $version})`
	updateTeams   = `UNWIND $rows AS r MATCH (n:Team {id: r.props.id}) SET n = r.props, n.version = $version`
	createMatters = `UNWIND $rows AS r
CREATE (:Matter {id: r.props.id, name: r.props.name, version: $version})`
	updateMatters  = `UNWIND $rows AS r MATCH (n:Matter {id: r.props.id}) SET n = r.props, n.version = $version`
	createMandates = `UNWIND $rows AS r
CREATE (:Mandate {id: r.props.id, name: r.props.name, limit: r.props.limit,
  validFrom: r.props.validFrom, validUntil: r.props.validUntil, version: $version})`
	updateMandates    = `UNWIND $rows AS r MATCH (n:Mandate {id: r.props.id}) SET n = r.props, n.version = $version`
	createTouchpoints = `UNWIND $rows AS r
CREATE (:Touchpoint {id: r.props.id, name: r.props.name, channel: r.props.channel,
  selfService: r.props.selfService, version: $version})`
	updateTouchpoints = `UNWIND $rows AS r MATCH (n:Touchpoint {id: r.props.id}) SET n = r.props, n.version = $version`
)

// Links, from each created or overwritten entity (rows {id, to}). A list
// link keeps its position (pos) so that it reads back in its order.
const (
	linkManagers = `UNWIND $rows AS r
MATCH (p:Person {id: r.id}) MATCH (m:Person {id: r.to})
CREATE (p)-[:REPORTS_TO]->(m)`
	linkTeamParents = `UNWIND $rows AS r
MATCH (t:Team {id: r.id}) MATCH (parent:Team {id: r.to})
CREATE (t)-[:PART_OF]->(parent)`
	linkMatterParents = `UNWIND $rows AS r
MATCH (m:Matter {id: r.id}) MATCH (parent:Matter {id: r.to})
CREATE (m)-[:PART_OF]->(parent)`
	linkMandateMatters = `UNWIND $rows AS r
MATCH (md:Mandate {id: r.id}) MATCH (m:Matter {id: r.to})
CREATE (md)-[:OVER]->(m)`
	linkDelegations = `UNWIND $rows AS r
MATCH (md:Mandate {id: r.id}) MATCH (src:Mandate {id: r.to})
CREATE (md)-[:DELEGATED_FROM]->(src)`
	linkPersonHolders = `UNWIND $rows AS r
MATCH (md:Mandate {id: r.id}) MATCH (h:Person {id: r.to})
CREATE (h)-[:HOLDS]->(md)`
	linkTeamHolders = `UNWIND $rows AS r
MATCH (md:Mandate {id: r.id}) MATCH (h:Team {id: r.to})
CREATE (h)-[:HOLDS]->(md)`
	linkPersonStaff = `UNWIND $rows AS r
MATCH (tp:Touchpoint {id: r.id}) MATCH (h:Person {id: r.to})
CREATE (tp)-[:STAFFED_BY {pos: r.pos}]->(h)`
	linkTeamStaff = `UNWIND $rows AS r
MATCH (tp:Touchpoint {id: r.id}) MATCH (h:Team {id: r.to})
CREATE (tp)-[:STAFFED_BY {pos: r.pos}]->(h)`
	linkEscalations = `UNWIND $rows AS r
MATCH (tp:Touchpoint {id: r.id}) MATCH (to:Touchpoint {id: r.to})
CREATE (tp)-[:ESCALATES_TO {pos: r.pos}]->(to)`
	linkHandledMatters = `UNWIND $rows AS r
MATCH (tp:Touchpoint {id: r.id}) MATCH (m:Matter {id: r.to})
CREATE (tp)-[:HANDLES {pos: r.pos, volume: r.volume, selfServiceRate: r.rate}]->(m)`
)

// Memberships: a new one is created (planWrite found none between the two
// in this transaction); a re-roled one gets its new role. Each is stamped,
// and so is its team's membersVersion: a team as identity tools read it
// holds its members, so its ETag moves when they do (directory.go). The
// team's own version is left alone: it says when the team itself changed,
// which the export relies on.
const (
	createMemberships = `UNWIND $rows AS r
MATCH (p:Person {id: r.person}) MATCH (t:Team {id: r.team})
CREATE (p)-[:MEMBER_OF {role: r.role, version: $version}]->(t)
SET t.membersVersion = $version`
	updateMemberships = `UNWIND $rows AS r
MATCH (:Person {id: r.person})-[m:MEMBER_OF]->(t:Team {id: r.team})
SET m.role = r.role, m.version = $version, t.membersVersion = $version`
)

// planStatement is one statement of the write side with the rows a plan
// gives it.
type planStatement struct {
	name   string // names its golden file, testdata/<name>.cypher
	stage  string // what progress says while it runs
	cypher string
	// bulk, when set, replaces cypher in a plan of bulkDeletions or more
	// (named <name>ByScan).
	bulk string
	rows func(p *graph.Plan) rows
}

// planStatements is the write side, in the order the statements run.
var planStatements = []planStatement{
	{"unlinkPeople", "unlinking people", unlinkPeople, "", func(p *graph.Plan) rows { return idRows(keyList(p.Update.People, graph.Person.Key)) }},
	{"unlinkTeams", "unlinking teams", unlinkTeams, "", func(p *graph.Plan) rows { return idRows(keyList(p.Update.Teams, graph.Team.Key)) }},
	{"unlinkMatters", "unlinking matters", unlinkMatters, "", func(p *graph.Plan) rows { return idRows(keyList(p.Update.Matters, graph.Matter.Key)) }},
	{"unlinkMandates", "unlinking mandates", unlinkMandates, "", func(p *graph.Plan) rows { return idRows(keyList(p.Update.Mandates, graph.Mandate.Key)) }},
	{"unlinkTouchpoints", "unlinking touchpoints", unlinkTouchpoints, "", func(p *graph.Plan) rows {
		return idRows(keyList(p.Update.Touchpoints, graph.Touchpoint.Key))
	}},

	{"createPeople", "writing people", createPeople, "", func(p *graph.Plan) rows { return rowsOf(p.Create.People, personProps) }},
	{"updatePeople", "writing people", updatePeople, "", func(p *graph.Plan) rows { return rowsOf(p.Update.People, personProps) }},
	{"createTeams", "writing teams", createTeams, "", func(p *graph.Plan) rows { return rowsOf(p.Create.Teams, teamProps) }},
	{"updateTeams", "writing teams", updateTeams, "", func(p *graph.Plan) rows { return rowsOf(p.Update.Teams, teamProps) }},
	{"createMatters", "writing matters", createMatters, "", func(p *graph.Plan) rows { return rowsOf(p.Create.Matters, matterProps) }},
	{"updateMatters", "writing matters", updateMatters, "", func(p *graph.Plan) rows { return rowsOf(p.Update.Matters, matterProps) }},
	{"createMandates", "writing mandates", createMandates, "", func(p *graph.Plan) rows { return rowsOf(p.Create.Mandates, mandateProps) }},
	{"updateMandates", "writing mandates", updateMandates, "", func(p *graph.Plan) rows { return rowsOf(p.Update.Mandates, mandateProps) }},
	{"createTouchpoints", "writing touchpoints", createTouchpoints, "", func(p *graph.Plan) rows { return rowsOf(p.Create.Touchpoints, touchpointProps) }},
	{"updateTouchpoints", "writing touchpoints", updateTouchpoints, "", func(p *graph.Plan) rows { return rowsOf(p.Update.Touchpoints, touchpointProps) }},

	{"linkManagers", "linking managers", linkManagers, "", func(p *graph.Plan) rows {
		return linkRows(written(p, func(s *graph.Snapshot) []graph.Person { return s.People }), func(x graph.Person) (string, *string) { return x.ID, x.Manager })
	}},
	{"linkTeamParents", "linking team parents", linkTeamParents, "", func(p *graph.Plan) rows {
		return linkRows(written(p, func(s *graph.Snapshot) []graph.Team { return s.Teams }), func(x graph.Team) (string, *string) { return x.ID, x.Parent })
	}},
	{"linkMatterParents", "linking matter parents", linkMatterParents, "", func(p *graph.Plan) rows {
		return linkRows(written(p, func(s *graph.Snapshot) []graph.Matter { return s.Matters }), func(x graph.Matter) (string, *string) { return x.ID, x.Parent })
	}},
	{"linkMandateMatters", "linking mandate matters", linkMandateMatters, "", func(p *graph.Plan) rows {
		return linkRows(writtenMandates(p), func(x graph.Mandate) (string, *string) { return x.ID, &x.Matter })
	}},
	{"linkDelegations", "linking delegations", linkDelegations, "", func(p *graph.Plan) rows {
		return linkRows(writtenMandates(p), func(x graph.Mandate) (string, *string) { return x.ID, x.DelegatedFrom })
	}},
	{"linkPersonHolders", "linking mandate holders", linkPersonHolders, "", func(p *graph.Plan) rows { return holderRows(p, graph.HolderPerson) }},
	{"linkTeamHolders", "linking mandate holders", linkTeamHolders, "", func(p *graph.Plan) rows { return holderRows(p, graph.HolderTeam) }},
	{"linkPersonStaff", "linking staff", linkPersonStaff, "", func(p *graph.Plan) rows { return staffRows(p, graph.HolderPerson) }},
	{"linkTeamStaff", "linking staff", linkTeamStaff, "", func(p *graph.Plan) rows { return staffRows(p, graph.HolderTeam) }},
	{"linkEscalations", "linking escalations", linkEscalations, "", func(p *graph.Plan) rows {
		var out sliceRows
		for _, tp := range writtenTouchpoints(p) {
			for pos, to := range tp.EscalatesTo {
				out = append(out, map[string]any{"id": tp.ID, "to": to, "pos": pos})
			}
		}
		return out.rows()
	}},
	{"linkHandledMatters", "linking handled matters", linkHandledMatters, "", func(p *graph.Plan) rows {
		var out sliceRows
		for _, tp := range writtenTouchpoints(p) {
			for pos, h := range tp.Handles {
				out = append(out, map[string]any{"id": tp.ID, "to": h.Matter, "pos": pos, "volume": h.Volume, "rate": h.SelfServiceRate})
			}
		}
		return out.rows()
	}},

	{"createMemberships", "writing memberships", createMemberships, "", func(p *graph.Plan) rows { return rowsOf(p.Create.Memberships, membershipRow) }},
	{"updateMemberships", "writing memberships", updateMemberships, "", func(p *graph.Plan) rows { return rowsOf(p.Update.Memberships, membershipRow) }},

	{"deleteMemberships", "deleting memberships", deleteMemberships, "", func(p *graph.Plan) rows {
		// A membership of a person or team deleted below goes with it.
		gonePeople, goneTeams := setOf(p.Delete.People), setOf(p.Delete.Teams)
		var gone []graph.Membership
		for _, m := range p.Delete.Memberships {
			if !gonePeople[m.Person] && !goneTeams[m.Team] {
				gone = append(gone, m)
			}
		}
		return rowsOf(gone, membershipRow)
	}},
	{"deletePeople", "deleting people", deletePeople, scanDeletePeople, func(p *graph.Plan) rows { return idRows(p.Delete.People) }},
	{"deleteTeams", "deleting teams", deleteTeams, scanDeleteTeams, func(p *graph.Plan) rows { return idRows(p.Delete.Teams) }},
	{"deleteMatters", "deleting matters", deleteMatters, scanDeleteMatters, func(p *graph.Plan) rows { return idRows(p.Delete.Matters) }},
	{"deleteMandates", "deleting mandates", deleteMandates, scanDeleteMandates, func(p *graph.Plan) rows { return idRows(p.Delete.Mandates) }},
	{"deleteTouchpoints", "deleting touchpoints", deleteTouchpoints, scanDeleteTouchpoints, func(p *graph.Plan) rows { return idRows(p.Delete.Touchpoints) }},
}

// writePlan sends the plan as the batched statements of planStatements,
// stamping what it writes with version.
func writePlan(ctx context.Context, tx runner, p graph.Plan, version int64, progress func(Progress)) error {
	d := p.Delete
	bulk := len(d.People)+len(d.Teams)+len(d.Matters)+len(d.Mandates)+len(d.Touchpoints) >= bulkDeletions
	for _, st := range planStatements {
		cypher := st.cypher
		if bulk && st.bulk != "" {
			cypher = st.bulk
		}
		if err := sendRows(ctx, tx, st.stage, cypher, st.rows(&p), map[string]any{"version": version}, progress); err != nil {
			return err
		}
	}
	return nil
}

// sendRows runs cypher over r a batch at a time, each batch as $rows beside
// params.
func sendRows(ctx context.Context, tx runner, stage, cypher string, r rows, params map[string]any, progress func(Progress)) error {
	n := r.n
	if n == 0 {
		return nil
	}
	for start := 0; start < n; start += batchSize {
		batch := make([]map[string]any, min(start+batchSize, n)-start)
		for i := range batch {
			row, err := r.at(start + i)
			if err != nil {
				return fmt.Errorf("%s: %w", stage, err)
			}
			batch[i] = row
		}
		progress(Progress{Stage: stage, Done: start, Total: n})
		batchParams := map[string]any{"rows": batch}
		for k, v := range params {
			batchParams[k] = v
		}
		if _, err := run(ctx, tx, cypher, batchParams); err != nil {
			return fmt.Errorf("%s: %w", stage, err)
		}
	}
	progress(Progress{Stage: stage, Done: n, Total: n})
	return nil
}

// rows are the rows of a statement, made a batch at a time when the batch
// is sent: an import of 100 000 people has some 300 000 rows, and holding
// them all as maps at once would cost the service about as much memory
// again as the org itself.
type rows struct {
	n  int
	at func(i int) (map[string]any, error)
}

// rowsOf makes a row of each item, when asked for it.
func rowsOf[T any](items []T, row func(T) map[string]any) rows {
	return rows{n: len(items), at: func(i int) (map[string]any, error) { return row(items[i]), nil }}
}

// sliceRows are rows made beforehand (the few of touchpoints' lists).
type sliceRows []map[string]any

func (s sliceRows) rows() rows {
	return rows{n: len(s), at: func(i int) (map[string]any, error) { return s[i], nil }}
}

func setOf(ids []string) map[string]bool {
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	return set
}

func keyList[T any](items []T, key func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = key(it)
	}
	return out
}

func idRows(ids []string) rows {
	return rowsOf(ids, func(id string) map[string]any { return map[string]any{"id": id} })
}

// written lists the entities of one type the plan creates or overwrites.
func written[T any](p *graph.Plan, of func(*graph.Snapshot) []T) []T {
	return append(append([]T{}, of(&p.Create)...), of(&p.Update)...)
}

func writtenMandates(p *graph.Plan) []graph.Mandate {
	return written(p, func(s *graph.Snapshot) []graph.Mandate { return s.Mandates })
}

func writtenTouchpoints(p *graph.Plan) []graph.Touchpoint {
	return written(p, func(s *graph.Snapshot) []graph.Touchpoint { return s.Touchpoints })
}

// linkRows are {id, to} for each entity whose link is set.
func linkRows[T any](items []T, link func(T) (string, *string)) rows {
	var with []int32 // the items with the link, by index
	for i, it := range items {
		if _, to := link(it); to != nil {
			with = append(with, int32(i))
		}
	}
	return rows{n: len(with), at: func(i int) (map[string]any, error) {
		id, to := link(items[with[i]])
		return map[string]any{"id": id, "to": *to}, nil
	}}
}

func holderRows(p *graph.Plan, typ graph.HolderType) rows {
	return linkRows(writtenMandates(p), func(x graph.Mandate) (string, *string) {
		if x.Holder.Type != typ {
			return x.ID, nil
		}
		return x.ID, &x.Holder.ID
	})
}

func staffRows(p *graph.Plan, typ graph.HolderType) rows {
	var out sliceRows
	for _, tp := range writtenTouchpoints(p) {
		for pos, s := range tp.StaffedBy {
			if s.Type == typ {
				out = append(out, map[string]any{"id": tp.ID, "to": s.ID, "pos": pos})
			}
		}
	}
	return out.rows()
}

func personProps(x graph.Person) map[string]any {
	return map[string]any{"props": map[string]any{"id": x.ID, "name": x.Name, "email": deref(x.Email), "title": deref(x.Title), "active": x.Active,
		"userName": deref(x.UserName), "userNameKey": userNameKey(x.UserName), "externalId": deref(x.ExternalID)}}
}

// userNameKey is the folded userName a person's node keeps beside it,
// indexed, so that userNames compare regardless of case (docs/scim.md).
func userNameKey(userName *string) any {
	if userName == nil {
		return nil
	}
	return graph.FoldCase(*userName)
}

func teamProps(x graph.Team) map[string]any {
	return map[string]any{"props": map[string]any{"id": x.ID, "name": x.Name, "kind": string(x.Kind), "externalId": deref(x.ExternalID)}}
}

func matterProps(x graph.Matter) map[string]any {
	return map[string]any{"props": map[string]any{"id": x.ID, "name": x.Name}}
}

func mandateProps(x graph.Mandate) map[string]any {
	return map[string]any{"props": map[string]any{"id": x.ID, "name": x.Name, "limit": deref(x.Limit), "validFrom": deref(x.ValidFrom), "validUntil": deref(x.ValidUntil)}}
}

func touchpointProps(x graph.Touchpoint) map[string]any {
	return map[string]any{"props": map[string]any{"id": x.ID, "name": x.Name, "channel": string(x.Channel), "selfService": x.SelfService}}
}

func membershipRow(m graph.Membership) map[string]any {
	return map[string]any{"person": m.Person, "team": m.Team, "role": string(m.Role)}
}

// deref is *p, or nil (no property) for a nil pointer.
func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}
