package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/orgnet/orgnet/graph"
)

// Projections turn a node into a map shaped like the snapshot format, so
// every query returns entities the same way and they decode with the same
// functions (toPerson, …). Each takes the name of the variable the node is
// bound to; their own variables start with an underscore so that they never
// meet a variable of the query around them.
func projectPerson(v string) string {
	return fmt.Sprintf(`%[1]s {.id, .name, .email, .title, .active, .userName, .externalId,
		manager: [(%[1]s)-[:REPORTS_TO]->(_boss:Person) | _boss.id][0]}`, v)
}

// projectPersonFields projects a person's own fields without the manager:
// the manager is a match of the person's relationships, which costs Neo4j
// more than all the fields together (about 13 db hits a person at 10 000
// people, against 6), and is left to those who ask for it.
func projectPersonFields(v string) string {
	return fmt.Sprintf(`%[1]s {.id, .name, .email, .title, .active, .userName, .externalId}`, v)
}

func projectTeam(v string) string {
	return fmt.Sprintf(`%[1]s {.id, .name, .kind, .externalId, parent: [(%[1]s)-[:PART_OF]->(_up:Team) | _up.id][0]}`, v)
}

func projectMatter(v string) string {
	return fmt.Sprintf(`%[1]s {.id, .name, parent: [(%[1]s)-[:PART_OF]->(_up:Matter) | _up.id][0]}`, v)
}

func projectMandate(v string) string {
	return fmt.Sprintf(`%[1]s {.id, .name, .limit, .validFrom, .validUntil,
		matter: [(%[1]s)-[:OVER]->(_over:Matter) | _over.id][0],
		holder: [(_h)-[:HOLDS]->(%[1]s) | {type: CASE WHEN _h:Team THEN 'TEAM' ELSE 'PERSON' END, id: _h.id}][0],
		delegatedFrom: [(%[1]s)-[:DELEGATED_FROM]->(_src:Mandate) | _src.id][0]}`, v)
}

func projectTouchpoint(v string) string {
	return fmt.Sprintf(`%[1]s {.id, .name, .channel, .selfService,
		staffedBy: COLLECT { MATCH (%[1]s)-[_s:STAFFED_BY]->(_h) RETURN {type: CASE WHEN _h:Team THEN 'TEAM' ELSE 'PERSON' END, id: _h.id} ORDER BY _s.pos },
		escalatesTo: COLLECT { MATCH (%[1]s)-[_e:ESCALATES_TO]->(_to:Touchpoint) RETURN _to.id ORDER BY _e.pos },
		handles: COLLECT { MATCH (%[1]s)-[_r:HANDLES]->(_m:Matter) RETURN {matter: _m.id, volume: _r.volume, selfServiceRate: _r.selfServiceRate} ORDER BY _r.pos }}`, v)
}

// The projections of nodes bound to the conventional variables p, t, m, md
// and tp.
var (
	personProjection     = projectPerson("p")
	teamProjection       = projectTeam("t")
	matterProjection     = projectMatter("m")
	mandateProjection    = projectMandate("md")
	touchpointProjection = projectTouchpoint("tp")
)

// The whole org, one query per entity type. Each answers in one record: a
// list of rows, each row a list of the entity's fields in a fixed order
// (decoded by the *FromRow functions). Hundreds of thousands of records
// cost the driver (and the database) several times what one record holding
// as many lists does.
var (
	readPeople = `MATCH (p:Person)
		RETURN collect([p.id, p.name, p.email, p.title, p.active, [(p)-[:REPORTS_TO]->(boss:Person) | boss.id][0], p.userName, p.externalId]) AS rows`
	readTeams = `MATCH (t:Team)
		RETURN collect([t.id, t.name, t.kind, [(t)-[:PART_OF]->(up:Team) | up.id][0], t.externalId]) AS rows`
	readMemberships = `MATCH (p:Person)-[r:MEMBER_OF]->(t:Team) RETURN collect([p.id, t.id, r.role]) AS rows`
	readMatters     = `MATCH (m:Matter) RETURN collect([m.id, m.name, [(m)-[:PART_OF]->(up:Matter) | up.id][0]]) AS rows`
	readMandates    = `MATCH (md:Mandate)
		RETURN collect([md.id, md.name, md.limit, md.validFrom, md.validUntil,
			[(md)-[:OVER]->(over:Matter) | over.id][0],
			[(h)-[:HOLDS]->(md) | [CASE WHEN h:Team THEN 'TEAM' ELSE 'PERSON' END, h.id]][0],
			[(md)-[:DELEGATED_FROM]->(src:Mandate) | src.id][0]]) AS rows`
	readTouchpoints = `MATCH (tp:Touchpoint) RETURN collect(` + touchpointProjection + `) AS rows`
	// readPeopleLean is readPeople with only what the whole-org figures
	// look at (id, active, manager), the other fields null: a third of
	// the text of 100 000 people.
	readPeopleLean = `MATCH (p:Person)
		RETURN collect([p.id, null, null, null, p.active, [(p)-[:REPORTS_TO]->(boss:Person) | boss.id][0], null, null]) AS rows`
)

// ReadOrg reads the whole organization as a snapshot, in one transaction.
func (s *Store) ReadOrg(ctx context.Context) (*graph.Snapshot, error) {
	return read(ctx, s, func(tx runner) (*graph.Snapshot, error) { return readOrg(ctx, tx) })
}

func readOrg(ctx context.Context, tx runner) (*graph.Snapshot, error) {
	org := &graph.Snapshot{}
	for _, sec := range orgSections(readPeople) {
		recs, err := run(ctx, tx, sec.cypher, nil)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", sec.what, err)
		}
		if len(recs) != 1 {
			return nil, fmt.Errorf("read %s: %d records, want 1", sec.what, len(recs))
		}
		sec.add(org, row{recs[0]}.list("rows"))
	}
	return org, nil
}

// readOrgLeanQuery reads the whole org in one round trip, each entity type
// as a column of the one record, named as its section, and people with
// readPeopleLean (without name, email and title).
var readOrgLeanQuery = func() string {
	var b strings.Builder
	var columns []string
	for _, sec := range orgSections(readPeopleLean) {
		fmt.Fprintf(&b, "CALL () { %s AS %s }\n", strings.TrimSuffix(sec.cypher, " AS rows"), sec.what)
		columns = append(columns, sec.what)
	}
	return b.String() + "RETURN " + strings.Join(columns, ", ")
}()

// readOrgLean reads the whole org, people lean (readPeopleLean), in one
// round trip.
func readOrgLean(ctx context.Context, tx runner) (*graph.Snapshot, error) {
	recs, err := run(ctx, tx, readOrgLeanQuery, nil)
	if err != nil {
		return nil, fmt.Errorf("read the org: %w", err)
	}
	if len(recs) != 1 {
		return nil, fmt.Errorf("read the org: %d records, want 1", len(recs))
	}
	org := &graph.Snapshot{}
	for _, sec := range orgSections(readPeopleLean) {
		sec.add(org, row{recs[0]}.list(sec.what))
	}
	return org, nil
}

// orgSection reads one entity type of the whole org: cypher answers one
// record whose column rows lists them, and add decodes the list into org.
type orgSection struct {
	what, cypher string
	add          func(org *graph.Snapshot, rows []any)
}

// orgSections are the reads of the whole org, people with peopleQuery
// (readPeople or readPeopleLean).
func orgSections(peopleQuery string) []orgSection {
	return []orgSection{
		{"people", peopleQuery, func(org *graph.Snapshot, rows []any) {
			org.People = make([]graph.Person, len(rows))
			for i, r := range rows {
				org.People[i] = personFromRow(list(r))
			}
		}},
		{"teams", readTeams, func(org *graph.Snapshot, rows []any) {
			org.Teams = make([]graph.Team, len(rows))
			for i, r := range rows {
				org.Teams[i] = teamFromRow(list(r))
			}
		}},
		{"memberships", readMemberships, func(org *graph.Snapshot, rows []any) {
			org.Memberships = make([]graph.Membership, len(rows))
			for i, r := range rows {
				m := list(r)
				org.Memberships[i] = graph.Membership{Person: str(m[0]), Team: str(m[1]), Role: graph.MembershipRole(str(m[2]))}
			}
		}},
		{"matters", readMatters, func(org *graph.Snapshot, rows []any) {
			org.Matters = make([]graph.Matter, len(rows))
			for i, r := range rows {
				m := list(r)
				org.Matters[i] = graph.Matter{ID: str(m[0]), Name: str(m[1]), Parent: optStr(m[2])}
			}
		}},
		{"mandates", readMandates, func(org *graph.Snapshot, rows []any) {
			org.Mandates = make([]graph.Mandate, len(rows))
			for i, r := range rows {
				org.Mandates[i] = mandateFromRow(list(r))
			}
		}},
		{"touchpoints", readTouchpoints, func(org *graph.Snapshot, rows []any) {
			org.Touchpoints = make([]graph.Touchpoint, len(rows))
			for i, r := range rows {
				org.Touchpoints[i] = toTouchpoint(r.(map[string]any))
			}
		}},
	}
}

// personFromRow decodes a row of readPeople.
func personFromRow(r []any) graph.Person {
	return graph.Person{ID: str(r[0]), Name: str(r[1]), Email: optStr(r[2]), Title: optStr(r[3]), Active: boolOr(r[4], true), Manager: optStr(r[5]),
		UserName: optStr(r[6]), ExternalID: optStr(r[7])}
}

// teamFromRow decodes a row of readTeams.
func teamFromRow(r []any) graph.Team {
	return graph.Team{ID: str(r[0]), Name: str(r[1]), Kind: graph.TeamKind(str(r[2])), Parent: optStr(r[3]), ExternalID: optStr(r[4])}
}

// mandateFromRow decodes a row of readMandates.
func mandateFromRow(r []any) graph.Mandate {
	md := graph.Mandate{ID: str(r[0]), Name: str(r[1]), Limit: optFloat(r[2]), ValidFrom: optTime(r[3]), ValidUntil: optTime(r[4]),
		Matter: str(r[5]), DelegatedFrom: optStr(r[7])}
	if h := list(r[6]); len(h) == 2 {
		md.Holder = graph.Holder{Type: graph.HolderType(str(h[0])), ID: str(h[1])}
	}
	return md
}

// The to* functions decode a projection's map into the model's types.

func toPerson(m map[string]any) graph.Person {
	return graph.Person{ID: str(m["id"]), Name: str(m["name"]), Email: optStr(m["email"]), Title: optStr(m["title"]),
		Manager: optStr(m["manager"]), Active: boolOr(m["active"], true), UserName: optStr(m["userName"]), ExternalID: optStr(m["externalId"])}
}

func toTeam(m map[string]any) graph.Team {
	return graph.Team{ID: str(m["id"]), Name: str(m["name"]), Kind: graph.TeamKind(str(m["kind"])), Parent: optStr(m["parent"]), ExternalID: optStr(m["externalId"])}
}

func toMatter(m map[string]any) graph.Matter {
	return graph.Matter{ID: str(m["id"]), Name: str(m["name"]), Parent: optStr(m["parent"])}
}

func toMandate(m map[string]any) graph.Mandate {
	md := graph.Mandate{ID: str(m["id"]), Name: str(m["name"]), Matter: str(m["matter"]), Limit: optFloat(m["limit"]),
		DelegatedFrom: optStr(m["delegatedFrom"]), ValidFrom: optTime(m["validFrom"]), ValidUntil: optTime(m["validUntil"])}
	if h, ok := m["holder"].(map[string]any); ok {
		md.Holder = toHolder(h)
	}
	return md
}

func toHolder(m map[string]any) graph.Holder {
	return graph.Holder{Type: graph.HolderType(str(m["type"])), ID: str(m["id"])}
}

func toTouchpoint(m map[string]any) graph.Touchpoint {
	tp := graph.Touchpoint{ID: str(m["id"]), Name: str(m["name"]), Channel: graph.Channel(str(m["channel"])), SelfService: boolOr(m["selfService"], false)}
	for _, h := range list(m["staffedBy"]) {
		tp.StaffedBy = append(tp.StaffedBy, toHolder(h.(map[string]any)))
	}
	for _, to := range list(m["escalatesTo"]) {
		tp.EscalatesTo = append(tp.EscalatesTo, str(to))
	}
	for _, h := range list(m["handles"]) {
		hm := h.(map[string]any)
		tp.Handles = append(tp.Handles, graph.Handling{Matter: str(hm["matter"]), Volume: toFloat(hm["volume"]), SelfServiceRate: toFloat(hm["selfServiceRate"])})
	}
	return tp
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func optStr(v any) *string {
	if s, ok := v.(string); ok {
		return &s
	}
	return nil
}

func boolOr(v any, absent bool) bool {
	if b, ok := v.(bool); ok {
		return b
	}
	return absent
}

func optFloat(v any) *float64 {
	if v == nil {
		return nil
	}
	f := toFloat(v)
	return &f
}

func optTime(v any) *time.Time {
	if t, ok := v.(time.Time); ok {
		t = t.UTC()
		return &t
	}
	return nil
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func toFloat(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case int64:
		return float64(n)
	}
	return 0
}

// row reads values from a record by column name.
type row struct{ rec *neo4j.Record }

func (r row) value(key string) any {
	v, _ := r.rec.Get(key)
	return v
}

func (r row) str(key string) string { return str(r.value(key)) }

func (r row) list(key string) []any { return list(r.value(key)) }

// isEmptyQuery answers whether the database holds no org entity at all.
const isEmptyQuery = `
	RETURN NOT (EXISTS { (:Person) } OR EXISTS { (:Team) } OR EXISTS { (:Matter) }
	         OR EXISTS { (:Mandate) } OR EXISTS { (:Touchpoint) }) AS empty`

// IsEmpty reports whether the database holds no org entity at all.
func (s *Store) IsEmpty(ctx context.Context) (bool, error) {
	recs, err := s.query(ctx, isEmptyQuery, nil)
	if err != nil || len(recs) == 0 {
		return false, err
	}
	empty, _ := row{recs[0]}.value("empty").(bool)
	return empty, nil
}
