package store

import (
	"context"
	"fmt"

	"github.com/orgnet/orgnet/graph"
)

// pageParams are the parameters of a page: $after, $limit (one more than
// the page holds, which tells whether there is a next page) and $first.
func pageParams(p graph.Page) map[string]any {
	first := p.Size()
	return map[string]any{"after": p.After, "limit": first + 1, "first": first}
}

// pageOf is the connection of a page read with one item more than it
// holds.
func pageOf[T any](items []T, total int, p graph.Page) graph.Conn[T] {
	first := p.Size()
	c := graph.Conn[T]{Items: items, Total: total}
	if len(items) > first {
		c.Items, c.HasNext = items[:first], true
	}
	return c
}

// link is a connection from each of a set of parent entities to its
// children: a MATCH pattern from `parent` binding each child to `c`, and the
// projection of one page item (which may use c and parent).
type link struct {
	parentLabel string
	pattern     string
	item        string
	// via, when set, is an aggregate over the pattern's rows of one child
	// (a membership's role, off the relationship the pattern matched),
	// answered beside the page as a list `via` of the same length: carried
	// along with the child rather than matched again for every item.
	via string
	// parentItem, when set, projects the parent once per parent as
	// `parent` (a membership's team), rather than once in every item.
	parentItem string
}

// query pages the link for every parent in $ids in one round trip: it
// collects each parent's children in id order, counts them, and projects
// only the page. The parents are matched, grouped and sorted all at once
// rather than in a subquery per parent: with hundreds of parents (the
// mandates of every member of fifty teams) a subquery's start costs Neo4j
// more than its few children. A parent without children answers no row.
func (l link) query() string {
	// Each child once: grouped by the via aggregate, else DISTINCT.
	child, carry, vias, parent := "DISTINCT parentId, parent, c", "c: c", "", ""
	if l.via != "" {
		child, carry, vias = "parentId, parent, c, "+l.via+" AS via", "c: c, via: via", ", [x IN page | x.via] AS via"
	}
	if l.parentItem != "" {
		parent = ", " + l.parentItem + " AS parent"
	}
	return fmt.Sprintf(`
		UNWIND $ids AS parentId
		MATCH (parent:%s {id: parentId})
		MATCH %s
		WITH %s ORDER BY c.id
		WITH parentId, parent, collect({%s}) AS children
		WITH parentId, parent, size(children) AS total, [x IN children WHERE x.c.id > $after][0..$limit] AS page
		RETURN parentId, total, [c IN [x IN page | x.c] | %s] AS page%s%s`,
		l.parentLabel, l.pattern, child, carry, l.item, vias, parent)
}

// The links of docs/api.md §4, both ways. The people they answer are
// projected without their manager (Person.Manager is nil): matching it
// is the dearest part of a person, and the manager field is a link of its
// own (Managers), asked only when a request selects it.
var (
	reportsLink = link{parentLabel: "Person", pattern: "(parent)<-[:REPORTS_TO]-(c:Person)", item: projectPersonFields("c")}
	// personMembershipsLink pages a person's teams; the person is
	// projected once, the role read off the membership matched.
	personMembershipsLink = link{parentLabel: "Person", pattern: "(parent)-[r:MEMBER_OF]->(c:Team)",
		via: "collect(r.role)[0]", item: projectTeam("c"), parentItem: projectPersonFields("parent")}
	personMandatesLink = link{parentLabel: "Person", pattern: "(parent)-[:HOLDS]->(c:Mandate)", item: projectMandate("c")}
	// personMandatesOverLink is personMandatesLink with each mandate's
	// matter beside it, for a request that asks for the matters.
	personMandatesOverLink = link{parentLabel: personMandatesLink.parentLabel, pattern: personMandatesLink.pattern,
		item: `{mandate: ` + projectMandate("c") + `, matter: [(c)-[:OVER]->(_m:Matter) | ` + projectMatter("_m") + `][0]}`}
	teamChildrenLink = link{parentLabel: "Team", pattern: "(parent)<-[:PART_OF]-(c:Team)", item: projectTeam("c")}
	// teamMembersLink pages a team's own members, of one role if $role is
	// set; the team is projected once, the role read off the membership
	// matched.
	teamMembersLink = link{parentLabel: "Team", pattern: "(parent)<-[r:MEMBER_OF]-(c:Person) WHERE $role IS NULL OR r.role = $role",
		via: "collect(r.role)[0]", item: projectPersonFields("c"), parentItem: projectTeam("parent")}
	// teamMembersManagedLink is teamMembersLink with each person's manager
	// beside the person, for a request that asks for the managers: one
	// match from the person already in hand, where asking for them
	// afterwards (Managers) finds every person by id again.
	teamMembersManagedLink = link{parentLabel: teamMembersLink.parentLabel, pattern: teamMembersLink.pattern, via: teamMembersLink.via,
		item:       `{person: ` + projectPersonFields("c") + `, manager: [(c)-[:REPORTS_TO]->(_boss:Person) | ` + projectPersonFields("_boss") + `][0]}`,
		parentItem: teamMembersLink.parentItem}
	teamMandatesLink   = link{parentLabel: "Team", pattern: "(parent)-[:HOLDS]->(c:Mandate)", item: projectMandate("c")}
	matterChildrenLink = link{parentLabel: "Matter", pattern: "(parent)<-[:PART_OF]-(c:Matter)", item: projectMatter("c")}
	matterMandatesLink = link{parentLabel: "Matter", pattern: "(parent)<-[:OVER]-(c:Mandate)", item: projectMandate("c")}
	delegationsLink    = link{parentLabel: "Mandate", pattern: "(parent)<-[:DELEGATED_FROM]-(c:Mandate)", item: projectMandate("c")}
	// frontLineLink pages a touchpoint's front line (docs/questions.md §2.10): active
	// people staffing it directly, and active members of a staffing team or
	// of any team below one.
	frontLineLink = link{parentLabel: "Touchpoint",
		pattern: `(parent)-[:STAFFED_BY]->(staff)(()<-[:PART_OF]-(:Team)){0,}()<-[:MEMBER_OF]-{0,1}(c:Person)
		 WHERE c.active AND (staff:Person OR staff:Team)`,
		item: projectPersonFields("c")}
)

// loadLinks runs a link query for parents and decodes each page with
// decode, which is handed each item, its via (nil unless the link has
// one) and the parent's own projection (nil unless the link has a
// parentItem).
func loadLinks[T any](ctx context.Context, s *Store, l link, parentIDs []string, p graph.Page, extra map[string]any, decode func(item map[string]any, via any, parent map[string]any) T) (map[string]graph.Conn[T], error) {
	params := pageParams(p)
	params["ids"] = parentIDs
	for k, v := range extra {
		params[k] = v
	}
	recs, err := s.query(ctx, l.query(), params)
	if err != nil {
		return nil, err
	}
	out := make(map[string]graph.Conn[T], len(parentIDs))
	for _, rec := range recs {
		r := row{rec}
		parent, _ := r.value("parent").(map[string]any)
		vias := r.list("via")
		var items []T
		for i, it := range r.list("page") {
			var via any
			if i < len(vias) {
				via = vias[i]
			}
			items = append(items, decode(it.(map[string]any), via, parent))
		}
		total, _ := r.value("total").(int64)
		out[r.str("parentId")] = pageOf(items, int(total), p)
	}
	return out, nil
}

// itemOnly decodes a link's items by themselves.
func itemOnly[T any](decode func(map[string]any) T) func(item map[string]any, via any, parent map[string]any) T {
	return func(item map[string]any, _ any, _ map[string]any) T { return decode(item) }
}

func toMember(m map[string]any) graph.Member {
	return teamMember(m["person"].(map[string]any), m["role"], m["team"].(map[string]any))
}

// teamMember is an item of teamMembersLink: the person, with the role as
// its via, in the parent team.
func teamMember(person map[string]any, role any, team map[string]any) graph.Member {
	return graph.Member{Person: toPerson(person), Team: toTeam(team), Role: graph.MembershipRole(str(role))}
}

// personMembership is an item of personMembershipsLink: the team, with the
// role as its via, of the parent person.
func personMembership(team map[string]any, role any, person map[string]any) graph.Member {
	return teamMember(person, role, team)
}

// Reports pages each person's direct reports.
func (s *Store) Reports(ctx context.Context, personIDs []string, p graph.Page) (map[string]graph.Conn[graph.Person], error) {
	return loadLinks(ctx, s, reportsLink, personIDs, p, nil, itemOnly(toPerson))
}

// PersonMemberships pages each person's memberships, by team id.
func (s *Store) PersonMemberships(ctx context.Context, personIDs []string, p graph.Page) (map[string]graph.Conn[graph.Member], error) {
	return loadLinks(ctx, s, personMembershipsLink, personIDs, p, nil, personMembership)
}

// PersonMandates pages the mandates each person holds directly.
func (s *Store) PersonMandates(ctx context.Context, personIDs []string, p graph.Page) (map[string]graph.Conn[graph.Mandate], error) {
	return loadLinks(ctx, s, personMandatesLink, personIDs, p, nil, itemOnly(toMandate))
}

// PersonMandatesOver is PersonMandates with the matter of each mandate,
// by the mandate's id, in the same round trip.
func (s *Store) PersonMandatesOver(ctx context.Context, personIDs []string, p graph.Page) (map[string]graph.Conn[graph.Mandate], map[string]graph.Matter, error) {
	matters := map[string]graph.Matter{}
	conns, err := loadLinks(ctx, s, personMandatesOverLink, personIDs, p, nil, func(item map[string]any, _ any, _ map[string]any) graph.Mandate {
		md := toMandate(item["mandate"].(map[string]any))
		if m, ok := item["matter"].(map[string]any); ok {
			matters[md.ID] = toMatter(m)
		}
		return md
	})
	return conns, matters, err
}

// TeamChildren pages each team's child teams.
func (s *Store) TeamChildren(ctx context.Context, teamIDs []string, p graph.Page) (map[string]graph.Conn[graph.Team], error) {
	return loadLinks(ctx, s, teamChildrenLink, teamIDs, p, nil, itemOnly(toTeam))
}

// TeamMembers pages each team's own memberships, by person id; role nil: any.
func (s *Store) TeamMembers(ctx context.Context, teamIDs []string, role *graph.MembershipRole, p graph.Page) (map[string]graph.Conn[graph.Member], error) {
	return loadLinks(ctx, s, teamMembersLink, teamIDs, p, map[string]any{"role": deref((*string)(role))}, teamMember)
}

// TeamMembersManaged is TeamMembers with the manager of each member who
// has one, by the member's id, in the same round trip.
func (s *Store) TeamMembersManaged(ctx context.Context, teamIDs []string, role *graph.MembershipRole, p graph.Page) (map[string]graph.Conn[graph.Member], map[string]graph.Person, error) {
	managers := map[string]graph.Person{}
	conns, err := loadLinks(ctx, s, teamMembersManagedLink, teamIDs, p, map[string]any{"role": deref((*string)(role))},
		func(item map[string]any, role any, team map[string]any) graph.Member {
			m := teamMember(item["person"].(map[string]any), role, team)
			if boss, ok := item["manager"].(map[string]any); ok {
				manager := toPerson(boss)
				m.Person.Manager, managers[m.Person.ID] = &manager.ID, manager
			}
			return m
		})
	return conns, managers, err
}

// TeamMandates pages the mandates each team holds.
func (s *Store) TeamMandates(ctx context.Context, teamIDs []string, p graph.Page) (map[string]graph.Conn[graph.Mandate], error) {
	return loadLinks(ctx, s, teamMandatesLink, teamIDs, p, nil, itemOnly(toMandate))
}

// MatterChildren pages each matter's narrower matters.
func (s *Store) MatterChildren(ctx context.Context, matterIDs []string, p graph.Page) (map[string]graph.Conn[graph.Matter], error) {
	return loadLinks(ctx, s, matterChildrenLink, matterIDs, p, nil, itemOnly(toMatter))
}

// MatterMandates pages the mandates over each matter itself.
func (s *Store) MatterMandates(ctx context.Context, matterIDs []string, p graph.Page) (map[string]graph.Conn[graph.Mandate], error) {
	return loadLinks(ctx, s, matterMandatesLink, matterIDs, p, nil, itemOnly(toMandate))
}

// Delegations pages the mandates delegated from each mandate.
func (s *Store) Delegations(ctx context.Context, mandateIDs []string, p graph.Page) (map[string]graph.Conn[graph.Mandate], error) {
	return loadLinks(ctx, s, delegationsLink, mandateIDs, p, nil, itemOnly(toMandate))
}

// FrontLine pages each touchpoint's front line (docs/questions.md §2.10), by person id.
func (s *Store) FrontLine(ctx context.Context, touchpointIDs []string, p graph.Page) (map[string]graph.Conn[graph.Person], error) {
	return loadLinks(ctx, s, frontLineLink, touchpointIDs, p, nil, itemOnly(toPerson))
}

// The entities by id, one query per type.
var (
	peopleByID      = `UNWIND $ids AS id MATCH (p:Person {id: id}) RETURN id, ` + personProjection + ` AS n`
	teamsByID       = `UNWIND $ids AS id MATCH (t:Team {id: id}) RETURN id, ` + teamProjection + ` AS n`
	mattersByID     = `UNWIND $ids AS id MATCH (m:Matter {id: id}) RETURN id, ` + matterProjection + ` AS n`
	mandatesByID    = `UNWIND $ids AS id MATCH (md:Mandate {id: id}) RETURN id, ` + mandateProjection + ` AS n`
	touchpointsByID = `UNWIND $ids AS id MATCH (tp:Touchpoint {id: id}) RETURN id, ` + touchpointProjection + ` AS n`
)

// byID runs a query over $ids answering a row of the id asked and the
// entity n for each it finds, and returns the entities by that id.
func byID[T any](ctx context.Context, s *Store, cypher string, ids []string, decode func(map[string]any) T) (map[string]T, error) {
	out := make(map[string]T, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	recs, err := s.query(ctx, cypher, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		r := row{rec}
		out[r.str("id")] = decode(r.value("n").(map[string]any))
	}
	return out, nil
}

// People returns the people with the given ids that exist, by id.
func (s *Store) People(ctx context.Context, ids []string) (map[string]graph.Person, error) {
	return byID(ctx, s, peopleByID, ids, toPerson)
}

// Teams returns the teams with the given ids that exist, by id.
func (s *Store) Teams(ctx context.Context, ids []string) (map[string]graph.Team, error) {
	return byID(ctx, s, teamsByID, ids, toTeam)
}

// Matters returns the matters with the given ids that exist, by id.
func (s *Store) Matters(ctx context.Context, ids []string) (map[string]graph.Matter, error) {
	return byID(ctx, s, mattersByID, ids, toMatter)
}

// Mandates returns the mandates with the given ids that exist, by id.
func (s *Store) Mandates(ctx context.Context, ids []string) (map[string]graph.Mandate, error) {
	return byID(ctx, s, mandatesByID, ids, toMandate)
}

// Touchpoints returns the touchpoints with the given ids that exist, by id.
func (s *Store) Touchpoints(ctx context.Context, ids []string) (map[string]graph.Touchpoint, error) {
	return byID(ctx, s, touchpointsByID, ids, toTouchpoint)
}

// managersQuery answers, for each person of $ids that has a manager, the
// manager, one row each, by the person's id.
var managersQuery = `
	UNWIND $ids AS id
	MATCH (:Person {id: id})-[:REPORTS_TO]->(p:Person)
	RETURN id, ` + projectPersonFields("p") + ` AS n`

// Managers returns the manager of each of the people with the given ids
// that has one, by the person's id; the managers are projected as the
// links' people are, without their own manager.
func (s *Store) Managers(ctx context.Context, personIDs []string) (map[string]graph.Person, error) {
	return byID(ctx, s, managersQuery, personIDs, toPerson)
}

// holdersQuery answers the people of $personIds and the teams of $teamIds
// that exist, in one row: two lists, for the holders of mandates and the
// staff of touchpoints, which may be either.
var holdersQuery = `
	CALL () { UNWIND $personIds AS id MATCH (p:Person {id: id}) RETURN collect(` + personProjection + `) AS people }
	CALL () { UNWIND $teamIds AS id MATCH (t:Team {id: id}) RETURN collect(` + teamProjection + `) AS teams }
	RETURN people, teams`

// Holders returns the people and teams named by holders, in one round trip.
func (s *Store) Holders(ctx context.Context, holders []graph.Holder) (people map[string]graph.Person, teams map[string]graph.Team, err error) {
	var personIDs, teamIDs []string
	for _, h := range holders {
		if h.Type == graph.HolderTeam {
			teamIDs = append(teamIDs, h.ID)
		} else {
			personIDs = append(personIDs, h.ID)
		}
	}
	type both struct {
		people map[string]graph.Person
		teams  map[string]graph.Team
	}
	out, err := read(ctx, s, func(tx runner) (both, error) {
		recs, err := run(ctx, tx, holdersQuery, map[string]any{"personIds": personIDs, "teamIds": teamIDs})
		if err != nil || len(recs) == 0 {
			return both{}, err
		}
		b := both{people: map[string]graph.Person{}, teams: map[string]graph.Team{}}
		r := row{recs[0]}
		for _, p := range r.list("people") {
			person := toPerson(p.(map[string]any))
			b.people[person.ID] = person
		}
		for _, t := range r.list("teams") {
			team := toTeam(t.(map[string]any))
			b.teams[team.ID] = team
		}
		return b, nil
	})
	return out.people, out.teams, err
}

// staffingQuery answers, for each holder of $holders ({type, id}), the
// touchpoints it staffs directly, one row each, by touchpoint id. The label
// is checked after the id, since a person and a team may share an id.
var staffingQuery = `
	UNWIND $holders AS h
	MATCH (tp:Touchpoint)-[:STAFFED_BY]->(holder {id: h.id})
	WHERE (h.type = 'PERSON' AND holder:Person) OR (h.type = 'TEAM' AND holder:Team)
	RETURN h.type AS type, h.id AS id, ` + touchpointProjection + ` AS n ORDER BY tp.id`

// Staffing lists the touchpoints each holder staffs directly, by holder.
func (s *Store) Staffing(ctx context.Context, holders []graph.Holder) (map[graph.Holder][]graph.Touchpoint, error) {
	rows := make([]map[string]any, len(holders))
	for i, h := range holders {
		rows[i] = map[string]any{"type": string(h.Type), "id": h.ID}
	}
	recs, err := s.query(ctx, staffingQuery, map[string]any{"holders": rows})
	if err != nil {
		return nil, err
	}
	out := map[graph.Holder][]graph.Touchpoint{}
	for _, rec := range recs {
		r := row{rec}
		h := graph.Holder{Type: graph.HolderType(r.str("type")), ID: r.str("id")}
		out[h] = append(out[h], toTouchpoint(r.value("n").(map[string]any)))
	}
	return out, nil
}

// escalatedFromQuery answers, for each touchpoint of $ids, the touchpoints
// that escalate to it, one row each, by id.
var escalatedFromQuery = `
	UNWIND $ids AS id
	MATCH (tp:Touchpoint)-[:ESCALATES_TO]->(:Touchpoint {id: id})
	RETURN id, ` + touchpointProjection + ` AS n ORDER BY tp.id`

// EscalatedFrom lists, for each touchpoint, the touchpoints escalating to it.
func (s *Store) EscalatedFrom(ctx context.Context, touchpointIDs []string) (map[string][]graph.Touchpoint, error) {
	recs, err := s.query(ctx, escalatedFromQuery, map[string]any{"ids": touchpointIDs})
	if err != nil {
		return nil, err
	}
	out := map[string][]graph.Touchpoint{}
	for _, rec := range recs {
		r := row{rec}
		out[r.str("id")] = append(out[r.str("id")], toTouchpoint(r.value("n").(map[string]any)))
	}
	return out, nil
}

// handledAtQuery answers, for each matter of $ids, the touchpoints that
// handle it with the volume and self-service rate, one row each, by
// touchpoint id.
var handledAtQuery = `
	UNWIND $ids AS id
	MATCH (tp:Touchpoint)-[h:HANDLES]->(:Matter {id: id})
	RETURN id, ` + touchpointProjection + ` AS n, h.volume AS volume, h.selfServiceRate AS rate ORDER BY tp.id`

// HandledAt lists, for each matter, the touchpoints handling it with volumes.
func (s *Store) HandledAt(ctx context.Context, matterIDs []string) (map[string][]graph.TouchpointHandling, error) {
	recs, err := s.query(ctx, handledAtQuery, map[string]any{"ids": matterIDs})
	if err != nil {
		return nil, err
	}
	out := map[string][]graph.TouchpointHandling{}
	for _, rec := range recs {
		r := row{rec}
		out[r.str("id")] = append(out[r.str("id")], graph.TouchpointHandling{Touchpoint: toTouchpoint(r.value("n").(map[string]any)),
			Volume: toFloat(r.value("volume")), SelfServiceRate: toFloat(r.value("rate"))})
	}
	return out, nil
}

// listing is a top-level connection: the label, a WHERE clause on c over the
// filter parameters, and the projection of c.
type listing struct{ label, where, item string }

const nameFilter = `($nameContains IS NULL OR toLower(c.name) CONTAINS toLower($nameContains))`

var (
	peopleList      = listing{"Person", nameFilter + ` AND ($active IS NULL OR c.active = $active)`, projectPerson("c")}
	teamsList       = listing{"Team", nameFilter + ` AND ($kind IS NULL OR c.kind = $kind)`, projectTeam("c")}
	mattersList     = listing{"Matter", nameFilter + ` AND ($roots IS NULL OR $roots = (NOT EXISTS { (c)-[:PART_OF]->(:Matter) }))`, projectMatter("c")}
	mandatesList    = listing{"Mandate", nameFilter, projectMandate("c")}
	touchpointsList = listing{"Touchpoint", nameFilter + ` AND ($channel IS NULL OR c.channel = $channel) AND ($selfService IS NULL OR c.selfService = $selfService)`, projectTouchpoint("c")}
)

// query counts the matching entities and projects one page, in id order
// (the id constraint's index serves the order and the `after` seek).
func (l listing) query() string {
	return fmt.Sprintf(`
		CALL () { MATCH (c:%[1]s) WHERE %[2]s RETURN count(c) AS total }
		CALL () { MATCH (c:%[1]s) WHERE c.id > $after AND %[2]s WITH c ORDER BY c.id LIMIT $limit RETURN collect(c) AS page }
		RETURN total, [c IN page | %[3]s] AS page`, l.label, l.where, l.item)
}

// unfilteredQuery is query for a filter that keeps everything: the count
// then comes from the database's count store instead of a scan of every
// entity of the kind (18 000 teams, 100 000 people).
func (l listing) unfilteredQuery() string {
	return fmt.Sprintf(`
		CALL () { MATCH (c:%[1]s) RETURN count(c) AS total }
		CALL () { MATCH (c:%[1]s) WHERE c.id > $after WITH c ORDER BY c.id LIMIT $limit RETURN collect(c) AS page }
		RETURN total, [c IN page | %[2]s] AS page`, l.label, l.item)
}

func listOf[T any](ctx context.Context, s *Store, l listing, f graph.ListFilter, p graph.Page, decode func(map[string]any) T) (graph.Conn[T], error) {
	params := pageParams(p)
	params["nameContains"] = deref(f.NameContains)
	params["active"] = deref(f.Active)
	params["kind"] = deref((*string)(f.Kind))
	params["roots"] = deref(f.Roots)
	params["channel"] = deref((*string)(f.Channel))
	params["selfService"] = deref(f.SelfService)
	cypher := l.query()
	if f == (graph.ListFilter{}) {
		cypher = l.unfilteredQuery()
	}
	recs, err := s.query(ctx, cypher, params)
	if err != nil || len(recs) == 0 {
		return graph.Conn[T]{}, err
	}
	r := row{recs[0]}
	var items []T
	for _, it := range r.list("page") {
		items = append(items, decode(it.(map[string]any)))
	}
	total, _ := r.value("total").(int64)
	return pageOf(items, int(total), p), nil
}

// ListPeople pages the people matching f.
func (s *Store) ListPeople(ctx context.Context, f graph.ListFilter, p graph.Page) (graph.Conn[graph.Person], error) {
	return listOf(ctx, s, peopleList, f, p, toPerson)
}

// ListTeams pages the teams matching f.
func (s *Store) ListTeams(ctx context.Context, f graph.ListFilter, p graph.Page) (graph.Conn[graph.Team], error) {
	return listOf(ctx, s, teamsList, f, p, toTeam)
}

// ListMatters pages the matters matching f.
func (s *Store) ListMatters(ctx context.Context, f graph.ListFilter, p graph.Page) (graph.Conn[graph.Matter], error) {
	return listOf(ctx, s, mattersList, f, p, toMatter)
}

// ListMandates pages the mandates matching f.
func (s *Store) ListMandates(ctx context.Context, f graph.ListFilter, p graph.Page) (graph.Conn[graph.Mandate], error) {
	return listOf(ctx, s, mandatesList, f, p, toMandate)
}

// ListTouchpoints pages the touchpoints matching f.
func (s *Store) ListTouchpoints(ctx context.Context, f graph.ListFilter, p graph.Page) (graph.Conn[graph.Touchpoint], error) {
	return listOf(ctx, s, touchpointsList, f, p, toTouchpoint)
}

// membershipQuery answers the membership of $personId in $teamId whole, in
// one row; no row when there is none.
var membershipQuery = `
	MATCH (p:Person {id: $personId})-[r:MEMBER_OF]->(t:Team {id: $teamId})
	RETURN {person: ` + personProjection + `, team: ` + teamProjection + `, role: r.role} AS n`

// Membership returns the person's membership in the team; nil if none.
func (s *Store) Membership(ctx context.Context, personID, teamID string) (*graph.Member, error) {
	recs, err := s.query(ctx, membershipQuery, map[string]any{"personId": personID, "teamId": teamID})
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	m := toMember(row{recs[0]}.value("n").(map[string]any))
	return &m, nil
}
