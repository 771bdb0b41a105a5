package store

import (
	"context"
	"fmt"

	"github.com/orgnet/orgnet/graph"
)

// neighborhoodQuery reads, in one round trip, the part of the org a change
// needs to be validated: graph.Neighborhood says what that is and why it is
// enough. Its one parameter, $change, is made from the change alone
// (neighborhoodParams); it is a map, not several lists, because Neo4j plans
// a query again for each new size of a list parameter, and planning this
// one takes a second or more:
//
//	ids.<section>     ids whose entity to read: those the change puts or
//	                  removes, and those its entities refer to
//	chains.<section>  ids whose chain upwards to read (managers, team and
//	                  matter parents, delegation sources)
//	removed.<section> ids the change removes: what refers to them becomes
//	                  a subject
//	putMandates       {id, limit, delegatedFrom, matter} of each put mandate:
//	                  where the limit or source changes, every mandate below
//	                  it is a subject; where the matter changes, those
//	                  delegated from it directly
//	putMatters        {id, parent} of each put matter: where the parent
//	                  changes, a delegated mandate over its subtree whose
//	                  source's matter lies outside the subtree is a subject
//	                  (as for a removed matter): within it, the walk up
//	                  from one matter to the other is what it was
//	memberships       {person, team} of each membership put or removed
//	userNameKeys      the folded userName of each put person: whoever has
//	                  it already is a subject (userNames are unique
//	                  regardless of case, and the one listed later in the
//	                  org, the existing one, is the one reported)
//
// The subjects are found first, then what each needs: a subject person's
// manager, the chains above a subject mandate (its sources, the matters
// above its matter), the matter and holder of every mandate read, and what
// a subject touchpoint lists.
// The counts come from the count store.
var neighborhoodQuery = `
CALL () {
	CALL () {
		UNWIND $change.removed.people AS id
		MATCH (p:Person)-[:REPORTS_TO]->(:Person {id: id})
		RETURN p
	UNION
		UNWIND $change.userNameKeys AS key
		MATCH (p:Person {userNameKey: key})
		RETURN p
	}
	RETURN collect(DISTINCT p) AS subjectPeople
}
CALL () {
	UNWIND $change.removed.teams AS id
	MATCH (t:Team)-[:PART_OF]->(:Team {id: id})
	RETURN collect(DISTINCT t) AS subjectTeams
}
CALL () {
	UNWIND $change.removed.matters AS id
	MATCH (m:Matter)-[:PART_OF]->(:Matter {id: id})
	RETURN collect(DISTINCT m) AS subjectMatters
}
CALL () {
	CALL () {
		UNWIND $change.removed.mandates AS id
		MATCH (md:Mandate)-[:DELEGATED_FROM]->(:Mandate {id: id})
		RETURN md
	UNION
		UNWIND $change.removed.people AS id
		MATCH (:Person {id: id})-[:HOLDS]->(md:Mandate)
		RETURN md
	UNION
		UNWIND $change.removed.teams AS id
		MATCH (:Team {id: id})-[:HOLDS]->(md:Mandate)
		RETURN md
	UNION
		UNWIND $change.removed.matters AS id
		MATCH (md:Mandate)-[:OVER]->(:Matter {id: id})
		RETURN md
	UNION
		UNWIND $change.removed.matters AS id
		MATCH (x:Matter {id: id})<-[:PART_OF*0..]-(:Matter)<-[:OVER]-(md:Mandate)-[:DELEGATED_FROM]->(:Mandate)-[:OVER]->(over:Matter)
		WHERE NOT EXISTS { (over)-[:PART_OF*0..]->(x) }
		RETURN md
	UNION
		UNWIND $change.putMatters AS r
		MATCH (x:Matter {id: r.id})
		OPTIONAL MATCH (x)-[:PART_OF]->(up:Matter)
		WITH x, r, up
		WHERE NOT (up IS NULL AND r.parent IS NULL OR coalesce(up.id = r.parent, false))
		MATCH (x)<-[:PART_OF*0..]-(:Matter)<-[:OVER]-(md:Mandate)-[:DELEGATED_FROM]->(:Mandate)-[:OVER]->(over:Matter)
		WHERE NOT EXISTS { (over)-[:PART_OF*0..]->(x) }
		RETURN md
	UNION
		UNWIND $change.putMandates AS r
		MATCH (x:Mandate {id: r.id})
		OPTIONAL MATCH (x)-[:DELEGATED_FROM]->(src:Mandate)
		WITH x, r, src
		WHERE NOT (x.limit IS NULL AND r.limit IS NULL OR coalesce(x.limit = r.limit, false))
		   OR NOT (src IS NULL AND r.delegatedFrom IS NULL OR coalesce(src.id = r.delegatedFrom, false))
		MATCH (x)<-[:DELEGATED_FROM*1..]-(md:Mandate)
		RETURN md
	UNION
		UNWIND $change.putMandates AS r
		MATCH (x:Mandate {id: r.id})<-[:DELEGATED_FROM]-(md:Mandate)
		WHERE NOT EXISTS { (x)-[:OVER]->(:Matter {id: r.matter}) }
		RETURN md
	}
	RETURN collect(DISTINCT md) AS subjectMandates
}
CALL () {
	CALL () {
		UNWIND $change.removed.touchpoints AS id
		MATCH (tp:Touchpoint)-[:ESCALATES_TO]->(:Touchpoint {id: id})
		RETURN tp
	UNION
		UNWIND $change.removed.people AS id
		MATCH (tp:Touchpoint)-[:STAFFED_BY]->(:Person {id: id})
		RETURN tp
	UNION
		UNWIND $change.removed.teams AS id
		MATCH (tp:Touchpoint)-[:STAFFED_BY]->(:Team {id: id})
		RETURN tp
	UNION
		UNWIND $change.removed.matters AS id
		MATCH (tp:Touchpoint)-[:HANDLES]->(:Matter {id: id})
		RETURN tp
	}
	RETURN collect(DISTINCT tp) AS subjectTouchpoints
}
CALL (subjectMandates) {
	CALL (subjectMandates) {
		UNWIND $change.ids.mandates AS id
		MATCH (md:Mandate {id: id})
		RETURN md
	UNION
		UNWIND $change.chains.mandates AS id
		MATCH (:Mandate {id: id})-[:DELEGATED_FROM*0..]->(md:Mandate)
		RETURN md
	UNION
		UNWIND subjectMandates AS s
		MATCH (s)-[:DELEGATED_FROM*0..]->(md:Mandate)
		RETURN md
	}
	RETURN collect(DISTINCT md) AS mandates
}
CALL (mandates, subjectMandates, subjectMatters, subjectTouchpoints) {
	CALL (mandates, subjectMandates, subjectMatters, subjectTouchpoints) {
		UNWIND $change.ids.matters AS id
		MATCH (m:Matter {id: id})
		RETURN m
	UNION
		UNWIND $change.chains.matters AS id
		MATCH (:Matter {id: id})-[:PART_OF*0..]->(m:Matter)
		RETURN m
	UNION
		UNWIND subjectMatters AS m
		RETURN m
	UNION
		UNWIND mandates AS md
		MATCH (md)-[:OVER]->(m:Matter)
		RETURN m
	UNION
		UNWIND subjectMandates AS s
		MATCH (s)-[:OVER]->(over:Matter)
		WITH DISTINCT over
		MATCH (over)-[:PART_OF*0..]->(m:Matter)
		RETURN m
	UNION
		UNWIND subjectTouchpoints AS tp
		MATCH (tp)-[:HANDLES]->(m:Matter)
		RETURN m
	}
	RETURN collect(DISTINCT m) AS matters
}
CALL (mandates, subjectPeople, subjectTouchpoints) {
	CALL (mandates, subjectPeople, subjectTouchpoints) {
		UNWIND $change.ids.people AS id
		MATCH (p:Person {id: id})
		RETURN p
	UNION
		UNWIND $change.chains.people AS id
		MATCH (:Person {id: id})-[:REPORTS_TO*0..]->(p:Person)
		RETURN p
	UNION
		UNWIND subjectPeople AS s
		OPTIONAL MATCH (s)-[:REPORTS_TO]->(boss:Person)
		UNWIND [s, boss] AS p
		WITH p WHERE p IS NOT NULL
		RETURN p
	UNION
		UNWIND mandates AS md
		MATCH (p:Person)-[:HOLDS]->(md)
		RETURN p
	UNION
		UNWIND subjectTouchpoints AS tp
		MATCH (tp)-[:STAFFED_BY]->(p:Person)
		RETURN p
	}
	RETURN collect(DISTINCT p) AS people
}
CALL (mandates, subjectTeams, subjectTouchpoints) {
	CALL (mandates, subjectTeams, subjectTouchpoints) {
		UNWIND $change.ids.teams AS id
		MATCH (t:Team {id: id})
		RETURN t
	UNION
		UNWIND $change.chains.teams AS id
		MATCH (:Team {id: id})-[:PART_OF*0..]->(t:Team)
		RETURN t
	UNION
		UNWIND subjectTeams AS t
		RETURN t
	UNION
		UNWIND mandates AS md
		MATCH (t:Team)-[:HOLDS]->(md)
		RETURN t
	UNION
		UNWIND subjectTouchpoints AS tp
		MATCH (tp)-[:STAFFED_BY]->(t:Team)
		RETURN t
	}
	RETURN collect(DISTINCT t) AS teams
}
CALL (subjectTouchpoints) {
	CALL (subjectTouchpoints) {
		UNWIND $change.ids.touchpoints AS id
		MATCH (tp:Touchpoint {id: id})
		RETURN tp
	UNION
		UNWIND subjectTouchpoints AS tp
		RETURN tp
	UNION
		UNWIND subjectTouchpoints AS s
		MATCH (s)-[:ESCALATES_TO]->(tp:Touchpoint)
		RETURN tp
	}
	RETURN collect(DISTINCT tp) AS touchpoints
}
CALL () {
	CALL () {
		UNWIND $change.memberships AS k
		MATCH (:Person {id: k.person})-[r:MEMBER_OF]->(:Team {id: k.team})
		RETURN k.person AS person, k.team AS team, r.role AS role
	UNION
		UNWIND $change.removed.people AS id
		MATCH (:Person {id: id})-[r:MEMBER_OF]->(t:Team)
		RETURN id AS person, t.id AS team, r.role AS role
	UNION
		UNWIND $change.removed.teams AS id
		MATCH (p:Person)-[r:MEMBER_OF]->(:Team {id: id})
		RETURN p.id AS person, id AS team, r.role AS role
	}
	RETURN collect([person, team, role]) AS memberships
}
` + orgSize + `
RETURN [p IN people | ` + personProjection + `] AS people,
	[t IN teams | ` + teamProjection + `] AS teams,
	[m IN matters | ` + matterProjection + `] AS matters,
	[md IN mandates | ` + mandateProjection + `] AS mandates,
	[tp IN touchpoints | ` + touchpointProjection + `] AS touchpoints,
	memberships,
	[p IN subjectPeople | p.id] AS subjectPeople,
	[t IN subjectTeams | t.id] AS subjectTeams,
	[m IN subjectMatters | m.id] AS subjectMatters,
	[md IN subjectMandates | md.id] AS subjectMandates,
	[tp IN subjectTouchpoints | tp.id] AS subjectTouchpoints,
	size`

// orgSize binds size to the number of entities and memberships of the
// org, read from the count store (no node is visited).
const orgSize = `CALL () { MATCH (n:Person) RETURN count(n) AS nPeople }
CALL () { MATCH (n:Team) RETURN count(n) AS nTeams }
CALL () { MATCH (n:Matter) RETURN count(n) AS nMatters }
CALL () { MATCH (n:Mandate) RETURN count(n) AS nMandates }
CALL () { MATCH (n:Touchpoint) RETURN count(n) AS nTouchpoints }
CALL () { MATCH ()-[r:MEMBER_OF]->() RETURN count(r) AS nMemberships }
WITH *, nPeople + nTeams + nMatters + nMandates + nTouchpoints + nMemberships AS size`

// orgSizeQuery counts the org's entities and memberships.
const orgSizeQuery = orgSize + `
RETURN size`

// readNeighborhood reads what validating c needs (neighborhoodQuery).
func readNeighborhood(ctx context.Context, tx runner, c graph.Change) (graph.Neighborhood, error) {
	recs, err := run(ctx, tx, neighborhoodQuery, neighborhoodParams(c))
	if err != nil {
		return graph.Neighborhood{}, fmt.Errorf("read the neighborhood of a change: %w", err)
	}
	if len(recs) != 1 {
		return graph.Neighborhood{}, fmt.Errorf("read the neighborhood of a change: %d records, want 1", len(recs))
	}
	r := row{recs[0]}
	var n graph.Neighborhood
	for _, v := range r.list("people") {
		n.Org.People = append(n.Org.People, toPerson(v.(map[string]any)))
	}
	for _, v := range r.list("teams") {
		n.Org.Teams = append(n.Org.Teams, toTeam(v.(map[string]any)))
	}
	for _, v := range r.list("matters") {
		n.Org.Matters = append(n.Org.Matters, toMatter(v.(map[string]any)))
	}
	for _, v := range r.list("mandates") {
		n.Org.Mandates = append(n.Org.Mandates, toMandate(v.(map[string]any)))
	}
	for _, v := range r.list("touchpoints") {
		n.Org.Touchpoints = append(n.Org.Touchpoints, toTouchpoint(v.(map[string]any)))
	}
	for _, v := range r.list("memberships") {
		m := list(v)
		n.Org.Memberships = append(n.Org.Memberships, graph.Membership{Person: str(m[0]), Team: str(m[1]), Role: graph.MembershipRole(str(m[2]))})
	}
	ids := func(key string) map[string]bool {
		set := map[string]bool{}
		for _, id := range r.list(key) {
			set[str(id)] = true
		}
		return set
	}
	n.Subjects = graph.Subjects{People: ids("subjectPeople"), Teams: ids("subjectTeams"), Matters: ids("subjectMatters"),
		Mandates: ids("subjectMandates"), Touchpoints: ids("subjectTouchpoints")}
	size, _ := r.value("size").(int64)
	n.Size = int(size)
	return n, nil
}

// neighborhoodParams are neighborhoodQuery's parameters for c.
func neighborhoodParams(c graph.Change) map[string]any {
	type section struct{ ids, chains, removed []string }
	var people, teams, matters, mandates, touchpoints section
	holder := func(h graph.Holder) {
		switch h.Type {
		case graph.HolderPerson:
			people.ids = append(people.ids, h.ID)
		case graph.HolderTeam:
			teams.ids = append(teams.ids, h.ID)
		}
	}
	chain := func(s *section, to *string) {
		if to != nil {
			s.chains = append(s.chains, *to)
		}
	}
	put := c.Put
	userNameKeys := []string{}
	for _, p := range put.People {
		people.ids = append(people.ids, p.ID)
		chain(&people, p.Manager)
		if p.UserName != nil {
			userNameKeys = append(userNameKeys, graph.FoldCase(*p.UserName))
		}
	}
	for _, t := range put.Teams {
		teams.ids = append(teams.ids, t.ID)
		chain(&teams, t.Parent)
	}
	putMatters := make([]map[string]any, len(put.Matters))
	for i, m := range put.Matters {
		matters.ids = append(matters.ids, m.ID)
		chain(&matters, m.Parent)
		putMatters[i] = map[string]any{"id": m.ID, "parent": deref(m.Parent)}
	}
	putMandates := make([]map[string]any, len(put.Mandates))
	for i, m := range put.Mandates {
		mandates.ids = append(mandates.ids, m.ID)
		chain(&mandates, m.DelegatedFrom)
		chain(&matters, &m.Matter)
		holder(m.Holder)
		putMandates[i] = map[string]any{"id": m.ID, "limit": deref(m.Limit), "delegatedFrom": deref(m.DelegatedFrom), "matter": m.Matter}
	}
	for _, tp := range put.Touchpoints {
		touchpoints.ids = append(touchpoints.ids, tp.ID)
		for _, h := range tp.StaffedBy {
			holder(h)
		}
		touchpoints.ids = append(touchpoints.ids, tp.EscalatesTo...)
		for _, h := range tp.Handles {
			matters.ids = append(matters.ids, h.Matter)
		}
	}
	var memberships []map[string]any
	for _, ms := range [][]graph.Membership{put.Memberships, c.Remove.Memberships} {
		for _, m := range ms {
			people.ids = append(people.ids, m.Person)
			teams.ids = append(teams.ids, m.Team)
			memberships = append(memberships, map[string]any{"person": m.Person, "team": m.Team})
		}
	}
	rm := c.Remove
	people.removed, teams.removed, matters.removed, mandates.removed, touchpoints.removed = rm.People, rm.Teams, rm.Matters, rm.Mandates, rm.Touchpoints
	sections := map[string]*section{"people": &people, "teams": &teams, "matters": &matters, "mandates": &mandates, "touchpoints": &touchpoints}
	ids, chains, removed := map[string]any{}, map[string]any{}, map[string]any{}
	for name, s := range sections {
		ids[name] = nonNil(append(s.ids, s.removed...))
		chains[name] = nonNil(s.chains)
		removed[name] = nonNil(s.removed)
	}
	return map[string]any{"change": map[string]any{"ids": ids, "chains": chains, "removed": removed,
		"putMandates": putMandates, "putMatters": putMatters, "memberships": nonNil(memberships), "userNameKeys": userNameKeys}}
}

// nonNil is s, or an empty list for nil, which the driver would send as
// null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
