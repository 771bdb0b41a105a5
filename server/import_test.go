package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/internal/testneo4j"
	"github.com/orgnet/orgnet/seed"
	"github.com/orgnet/orgnet/server"
)

// The org as GraphQL shows it: every field of docs/model.md and every link both
// ways, flattened to ids so that it can be compared with what a snapshot
// says it should be.

type orgView struct {
	People      map[string]personView
	Teams       map[string]teamView
	Matters     map[string]matterView
	Mandates    map[string]mandateView
	Touchpoints map[string]touchpointView
}

type personView struct {
	Name         string
	Email, Title *string
	Active       bool
	Manager      string
	Reports      []string // by id
	Memberships  []string // "person in team as ROLE", by team id
	Mandates     []string // held directly, by id
	Staffs       []string // sorted
}

type teamView struct {
	Name, Kind, Parent string
	Children           []string
	Members            []string // "person in team as ROLE", by person id
	Mandates           []string
	Staffs             []string // sorted
}

type matterView struct {
	Name, Parent string
	Children     []string
	Mandates     []string
	HandledAt    []string // "touchpoint volume rate residual", sorted
}

type mandateView struct {
	Name, Matter, Holder  string // holder: "PERSON p1"
	Limit                 *float64
	DelegatedFrom         string
	Delegations           []string
	ValidFrom, ValidUntil string // RFC 3339 in UTC, "" when absent
}

type touchpointView struct {
	Name, Channel string
	SelfService   bool
	StaffedBy     []string // "TEAM t2", as listed
	EscalatesTo   []string // as listed
	EscalatedFrom []string // sorted
	Handles       []string // "matter volume rate residual", as listed
	FrontLine     []string // by id
}

// The fragments select every field of every entity, and one level of links.
var viewFragments = map[string]string{
	"P": `
fragment P on Person {
  id name email title active manager { id }
  reports { totalCount nodes { id } }
  memberships { totalCount nodes { person { id } team { id } role } }
  mandates { totalCount nodes { id } }
  staffs { id }
}`,
	"T": `
fragment T on Team {
  id name kind parent { id }
  children { totalCount nodes { id } }
  members { totalCount nodes { person { id } team { id } role } }
  mandates { totalCount nodes { id } }
  staffs { id }
}`,
	"M": `
fragment M on Matter {
  id name parent { id }
  children { totalCount nodes { id } }
  mandates { totalCount nodes { id } }
  handledAt { touchpoint { id } volume selfServiceRate residual }
}`,
	"D": `
fragment D on Mandate {
  id name matter { id }
  holder { __typename ... on Person { id } ... on Team { id } }
  limit delegatedFrom { id }
  delegations { totalCount nodes { id } }
  validFrom validUntil
}`,
	"TP": `
fragment TP on Touchpoint {
  id name channel selfService
  staffedBy { __typename ... on Person { id } ... on Team { id } }
  escalatesTo { id } escalatedFrom { id }
  handles { matter { id } volume selfServiceRate residual }
  frontLine { totalCount nodes { id } }
}`,
}

var viewQuery = `query {
  people(first: 1000) { totalCount pageInfo { hasNextPage } nodes { ...P } }
  teams(first: 1000) { totalCount pageInfo { hasNextPage } nodes { ...T } }
  matters(first: 1000) { totalCount pageInfo { hasNextPage } nodes { ...M } }
  mandates(first: 1000) { totalCount pageInfo { hasNextPage } nodes { ...D } }
  touchpoints(first: 1000) { totalCount pageInfo { hasNextPage } nodes { ...TP } }
}` + viewFragments["P"] + viewFragments["T"] + viewFragments["M"] + viewFragments["D"] + viewFragments["TP"]

// The shapes GraphQL answers in.

type ref struct {
	ID string `json:"id"`
}

type typedRef struct {
	Typename string `json:"__typename"`
	ID       string `json:"id"`
}

type refConn struct {
	TotalCount int   `json:"totalCount"`
	Nodes      []ref `json:"nodes"`
}

type memberNode struct {
	Person ref    `json:"person"`
	Team   ref    `json:"team"`
	Role   string `json:"role"`
}

type memberConn struct {
	TotalCount int          `json:"totalCount"`
	Nodes      []memberNode `json:"nodes"`
}

type handlingNode struct {
	Matter          *ref    `json:"matter"`
	Touchpoint      *ref    `json:"touchpoint"`
	Volume          float64 `json:"volume"`
	SelfServiceRate float64 `json:"selfServiceRate"`
	Residual        float64 `json:"residual"`
}

type personNode struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Email       *string    `json:"email"`
	Title       *string    `json:"title"`
	Active      bool       `json:"active"`
	Manager     *ref       `json:"manager"`
	Reports     refConn    `json:"reports"`
	Memberships memberConn `json:"memberships"`
	Mandates    refConn    `json:"mandates"`
	Staffs      []ref      `json:"staffs"`
}

type teamNode struct {
	ID       string     `json:"id"`
	Name     string     `json:"name"`
	Kind     string     `json:"kind"`
	Parent   *ref       `json:"parent"`
	Children refConn    `json:"children"`
	Members  memberConn `json:"members"`
	Mandates refConn    `json:"mandates"`
	Staffs   []ref      `json:"staffs"`
}

type matterNode struct {
	ID        string         `json:"id"`
	Name      string         `json:"name"`
	Parent    *ref           `json:"parent"`
	Children  refConn        `json:"children"`
	Mandates  refConn        `json:"mandates"`
	HandledAt []handlingNode `json:"handledAt"`
}

type mandateNode struct {
	ID            string   `json:"id"`
	Name          string   `json:"name"`
	Matter        ref      `json:"matter"`
	Holder        typedRef `json:"holder"`
	Limit         *float64 `json:"limit"`
	DelegatedFrom *ref     `json:"delegatedFrom"`
	Delegations   refConn  `json:"delegations"`
	ValidFrom     *string  `json:"validFrom"`
	ValidUntil    *string  `json:"validUntil"`
}

type touchpointNode struct {
	ID            string         `json:"id"`
	Name          string         `json:"name"`
	Channel       string         `json:"channel"`
	SelfService   bool           `json:"selfService"`
	StaffedBy     []typedRef     `json:"staffedBy"`
	EscalatesTo   []ref          `json:"escalatesTo"`
	EscalatedFrom []ref          `json:"escalatedFrom"`
	Handles       []handlingNode `json:"handles"`
	FrontLine     refConn        `json:"frontLine"`
}

type listOf[T any] struct {
	TotalCount int `json:"totalCount"`
	PageInfo   struct {
		HasNextPage bool `json:"hasNextPage"`
	} `json:"pageInfo"`
	Nodes []T `json:"nodes"`
}

// Conversions from GraphQL's answer to the view. Lists are nil when empty,
// as in the expected view.

func refIDs(t *testing.T, c refConn) []string {
	t.Helper()
	assert.Equal(t, len(c.Nodes), c.TotalCount, "totalCount of a connection that fits one page")
	return idList(c.Nodes)
}

func idList(refs []ref) []string {
	var out []string
	for _, r := range refs {
		out = append(out, r.ID)
	}
	return out
}

func sortedIDs(refs []ref) []string {
	out := idList(refs)
	slices.Sort(out)
	return out
}

func refID(r *ref) string {
	if r == nil {
		return ""
	}
	return r.ID
}

func members(t *testing.T, c memberConn) []string {
	t.Helper()
	assert.Equal(t, len(c.Nodes), c.TotalCount, "totalCount of a connection that fits one page")
	var out []string
	for _, n := range c.Nodes {
		out = append(out, memberString(n.Person.ID, n.Team.ID, n.Role))
	}
	return out
}

func memberString(person, team, role string) string {
	return person + " in " + team + " as " + role
}

func holderString(typ, id string) string { return typ + " " + id }

func typedHolder(r typedRef) string {
	return holderString(strings.ToUpper(r.Typename), r.ID)
}

func handlingString(id string, volume, rate, residual float64) string {
	return fmt.Sprintf("%s %g %g %g", id, volume, rate, residual)
}

// utcTime normalizes an RFC 3339 time to UTC, to compare instants.
func utcTime(t *testing.T, s *string) string {
	t.Helper()
	if s == nil {
		return ""
	}
	at, err := time.Parse(time.RFC3339Nano, *s)
	require.NoError(t, err, "DateTime %q", *s)
	return at.UTC().Format(time.RFC3339Nano)
}

func (n personNode) view(t *testing.T) personView {
	t.Helper()
	return personView{
		Name: n.Name, Email: n.Email, Title: n.Title, Active: n.Active, Manager: refID(n.Manager),
		Reports: refIDs(t, n.Reports), Memberships: members(t, n.Memberships), Mandates: refIDs(t, n.Mandates), Staffs: sortedIDs(n.Staffs),
	}
}

func (n teamNode) view(t *testing.T) teamView {
	t.Helper()
	return teamView{
		Name: n.Name, Kind: n.Kind, Parent: refID(n.Parent),
		Children: refIDs(t, n.Children), Members: members(t, n.Members), Mandates: refIDs(t, n.Mandates), Staffs: sortedIDs(n.Staffs),
	}
}

func (n matterNode) view(t *testing.T) matterView {
	t.Helper()
	v := matterView{Name: n.Name, Parent: refID(n.Parent), Children: refIDs(t, n.Children), Mandates: refIDs(t, n.Mandates)}
	for _, h := range n.HandledAt {
		v.HandledAt = append(v.HandledAt, handlingString(refID(h.Touchpoint), h.Volume, h.SelfServiceRate, h.Residual))
	}
	slices.Sort(v.HandledAt)
	return v
}

func (n mandateNode) view(t *testing.T) mandateView {
	t.Helper()
	return mandateView{
		Name: n.Name, Matter: n.Matter.ID, Holder: typedHolder(n.Holder), Limit: n.Limit, DelegatedFrom: refID(n.DelegatedFrom),
		Delegations: refIDs(t, n.Delegations), ValidFrom: utcTime(t, n.ValidFrom), ValidUntil: utcTime(t, n.ValidUntil),
	}
}

func (n touchpointNode) view(t *testing.T) touchpointView {
	t.Helper()
	v := touchpointView{
		Name: n.Name, Channel: n.Channel, SelfService: n.SelfService, EscalatesTo: idList(n.EscalatesTo),
		EscalatedFrom: sortedIDs(n.EscalatedFrom), FrontLine: refIDs(t, n.FrontLine),
	}
	for _, h := range n.StaffedBy {
		v.StaffedBy = append(v.StaffedBy, typedHolder(h))
	}
	for _, h := range n.Handles {
		v.Handles = append(v.Handles, handlingString(refID(h.Matter), h.Volume, h.SelfServiceRate, h.Residual))
	}
	return v
}

func viewList[N any, V any](t *testing.T, l listOf[N], id func(N) string, view func(N, *testing.T) V) map[string]V {
	t.Helper()
	assert.Equal(t, len(l.Nodes), l.TotalCount, "totalCount")
	assert.False(t, l.PageInfo.HasNextPage)
	out := make(map[string]V, len(l.Nodes))
	for _, n := range l.Nodes {
		out[id(n)] = view(n, t)
	}
	return out
}

// fetchView reads the whole org through GraphQL's lists.
func (s *testServer) fetchView(t *testing.T) orgView {
	t.Helper()
	var data struct {
		People      listOf[personNode]     `json:"people"`
		Teams       listOf[teamNode]       `json:"teams"`
		Matters     listOf[matterNode]     `json:"matters"`
		Mandates    listOf[mandateNode]    `json:"mandates"`
		Touchpoints listOf[touchpointNode] `json:"touchpoints"`
	}
	s.query(t, viewQuery, nil, &data)
	return orgView{
		People:      viewList(t, data.People, func(n personNode) string { return n.ID }, personNode.view),
		Teams:       viewList(t, data.Teams, func(n teamNode) string { return n.ID }, teamNode.view),
		Matters:     viewList(t, data.Matters, func(n matterNode) string { return n.ID }, matterNode.view),
		Mandates:    viewList(t, data.Mandates, func(n mandateNode) string { return n.ID }, mandateNode.view),
		Touchpoints: viewList(t, data.Touchpoints, func(n touchpointNode) string { return n.ID }, touchpointNode.view),
	}
}

// assertLookupsMatch looks every entity of v up by id and checks it shows
// what the lists showed.
func (s *testServer) assertLookupsMatch(t *testing.T, v orgView) {
	t.Helper()
	lookup := func(field, fragment, id string, out any) {
		t.Helper()
		q := fmt.Sprintf(`query($id: ID!) { %s(id: $id) { ...%s } }`, field, fragment) + viewFragments[fragment]
		var data map[string]json.RawMessage
		s.query(t, q, map[string]any{"id": id}, &data)
		require.NotEqual(t, "null", string(data[field]), "%s(id: %q)", field, id)
		require.NoError(t, json.Unmarshal(data[field], out))
	}
	for id, want := range v.People {
		var n personNode
		lookup("person", "P", id, &n)
		assert.Equal(t, want, n.view(t), "person(id: %q)", id)
	}
	for id, want := range v.Teams {
		var n teamNode
		lookup("team", "T", id, &n)
		assert.Equal(t, want, n.view(t), "team(id: %q)", id)
	}
	for id, want := range v.Matters {
		var n matterNode
		lookup("matter", "M", id, &n)
		assert.Equal(t, want, n.view(t), "matter(id: %q)", id)
	}
	for id, want := range v.Mandates {
		var n mandateNode
		lookup("mandate", "D", id, &n)
		assert.Equal(t, want, n.view(t), "mandate(id: %q)", id)
	}
	for id, want := range v.Touchpoints {
		var n touchpointNode
		lookup("touchpoint", "TP", id, &n)
		assert.Equal(t, want, n.view(t), "touchpoint(id: %q)", id)
	}
}

// expectView is what GraphQL should show of an org holding exactly s,
// worked out from the snapshot alone (docs/model.md, docs/questions.md §2.10 for the front line).
func expectView(s *graph.Snapshot) orgView {
	v := orgView{
		People: map[string]personView{}, Teams: map[string]teamView{}, Matters: map[string]matterView{},
		Mandates: map[string]mandateView{}, Touchpoints: map[string]touchpointView{},
	}
	// Entities in id order, so that every list built below is in id order.
	people := slices.SortedFunc(slices.Values(s.People), func(a, b graph.Person) int { return strings.Compare(a.ID, b.ID) })
	teams := slices.SortedFunc(slices.Values(s.Teams), func(a, b graph.Team) int { return strings.Compare(a.ID, b.ID) })
	matters := slices.SortedFunc(slices.Values(s.Matters), func(a, b graph.Matter) int { return strings.Compare(a.ID, b.ID) })
	mandates := slices.SortedFunc(slices.Values(s.Mandates), func(a, b graph.Mandate) int { return strings.Compare(a.ID, b.ID) })
	tps := slices.SortedFunc(slices.Values(s.Touchpoints), func(a, b graph.Touchpoint) int { return strings.Compare(a.ID, b.ID) })
	byTeam := slices.SortedFunc(slices.Values(s.Memberships), func(a, b graph.Membership) int { return strings.Compare(a.Team, b.Team) })
	byPerson := slices.SortedFunc(slices.Values(s.Memberships), func(a, b graph.Membership) int { return strings.Compare(a.Person, b.Person) })

	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	utc := func(at *time.Time) string {
		if at == nil {
			return ""
		}
		return at.UTC().Format(time.RFC3339Nano)
	}

	active := map[string]bool{}
	for _, p := range people {
		pv := personView{Name: p.Name, Email: p.Email, Title: p.Title, Active: p.Active, Manager: str(p.Manager)}
		active[p.ID] = p.Active
		for _, r := range people {
			if r.Manager != nil && *r.Manager == p.ID {
				pv.Reports = append(pv.Reports, r.ID)
			}
		}
		for _, m := range byTeam {
			if m.Person == p.ID {
				pv.Memberships = append(pv.Memberships, memberString(m.Person, m.Team, string(m.Role)))
			}
		}
		v.People[p.ID] = pv
	}
	parentOf := map[string]string{}
	for _, t := range teams {
		tv := teamView{Name: t.Name, Kind: string(t.Kind), Parent: str(t.Parent)}
		parentOf[t.ID] = str(t.Parent)
		for _, c := range teams {
			if c.Parent != nil && *c.Parent == t.ID {
				tv.Children = append(tv.Children, c.ID)
			}
		}
		for _, m := range byPerson {
			if m.Team == t.ID {
				tv.Members = append(tv.Members, memberString(m.Person, m.Team, string(m.Role)))
			}
		}
		v.Teams[t.ID] = tv
	}
	for _, m := range matters {
		mv := matterView{Name: m.Name, Parent: str(m.Parent)}
		for _, c := range matters {
			if c.Parent != nil && *c.Parent == m.ID {
				mv.Children = append(mv.Children, c.ID)
			}
		}
		for _, tp := range tps {
			for _, h := range tp.Handles {
				if h.Matter == m.ID {
					mv.HandledAt = append(mv.HandledAt, handlingString(tp.ID, h.Volume, h.SelfServiceRate, h.Residual()))
				}
			}
		}
		slices.Sort(mv.HandledAt)
		v.Matters[m.ID] = mv
	}
	for _, d := range mandates {
		dv := mandateView{
			Name: d.Name, Matter: d.Matter, Holder: holderString(string(d.Holder.Type), d.Holder.ID), Limit: d.Limit,
			DelegatedFrom: str(d.DelegatedFrom), ValidFrom: utc(d.ValidFrom), ValidUntil: utc(d.ValidUntil),
		}
		for _, c := range mandates {
			if c.DelegatedFrom != nil && *c.DelegatedFrom == d.ID {
				dv.Delegations = append(dv.Delegations, c.ID)
			}
		}
		v.Mandates[d.ID] = dv
		mv := v.Matters[d.Matter]
		mv.Mandates = append(mv.Mandates, d.ID)
		v.Matters[d.Matter] = mv
		switch d.Holder.Type {
		case graph.HolderPerson:
			pv := v.People[d.Holder.ID]
			pv.Mandates = append(pv.Mandates, d.ID)
			v.People[d.Holder.ID] = pv
		case graph.HolderTeam:
			tv := v.Teams[d.Holder.ID]
			tv.Mandates = append(tv.Mandates, d.ID)
			v.Teams[d.Holder.ID] = tv
		}
	}
	// members(t) of docs/questions.md §2.2: active people in t or a team below it.
	closure := map[string]map[string]bool{}
	for _, m := range s.Memberships {
		if !active[m.Person] {
			continue
		}
		for team, steps := m.Team, 0; team != "" && steps <= len(teams); team, steps = parentOf[team], steps+1 {
			if closure[team] == nil {
				closure[team] = map[string]bool{}
			}
			closure[team][m.Person] = true
		}
	}
	for _, tp := range tps {
		tv := touchpointView{Name: tp.Name, Channel: string(tp.Channel), SelfService: tp.SelfService}
		front := map[string]bool{}
		for _, h := range tp.StaffedBy {
			tv.StaffedBy = append(tv.StaffedBy, holderString(string(h.Type), h.ID))
			switch h.Type {
			case graph.HolderPerson:
				if active[h.ID] {
					front[h.ID] = true
				}
				pv := v.People[h.ID]
				pv.Staffs = append(pv.Staffs, tp.ID)
				v.People[h.ID] = pv
			case graph.HolderTeam:
				for p := range closure[h.ID] {
					front[p] = true
				}
				teamV := v.Teams[h.ID]
				teamV.Staffs = append(teamV.Staffs, tp.ID)
				v.Teams[h.ID] = teamV
			}
		}
		for p := range front {
			tv.FrontLine = append(tv.FrontLine, p)
		}
		slices.Sort(tv.FrontLine)
		tv.EscalatesTo = append(tv.EscalatesTo, tp.EscalatesTo...)
		for _, from := range tps {
			if slices.Contains(from.EscalatesTo, tp.ID) {
				tv.EscalatedFrom = append(tv.EscalatedFrom, from.ID)
			}
		}
		for _, h := range tp.Handles {
			tv.Handles = append(tv.Handles, handlingString(h.Matter, h.Volume, h.SelfServiceRate, h.Residual()))
		}
		v.Touchpoints[tp.ID] = tv
	}
	return v
}

// importer sends a snapshot document in a mode ("MERGE" or "REPLACE") and
// returns the report.
type importer struct {
	name string
	send func(t *testing.T, s *testServer, mode string, doc []byte) graph.ImportReport
}

var importers = []importer{
	{"POST /import", func(t *testing.T, s *testServer, mode string, doc []byte) graph.ImportReport {
		return s.importOK(t, strings.ToLower(mode), doc)
	}},
	{"importOrg mutation", func(t *testing.T, s *testServer, mode string, doc []byte) graph.ImportReport {
		return s.importOrgOK(t, mode, doc)
	}},
}

func marshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

func TestImportRoundTrip(t *testing.T) {
	for _, imp := range importers {
		t.Run(imp.name, func(t *testing.T) {
			s := newTestServer(t)
			org := testOrg(t)
			n := countEntities(org)
			require.Equal(t, 22, n)

			// REPLACE into an empty database creates everything, and
			// GraphQL shows every field and link as the snapshot says.
			report := imp.send(t, s, "REPLACE", []byte(testOrgJSON))
			assert.Equal(t, graph.ImportReport{Created: n}, report)
			view := s.fetchView(t)
			assert.Equal(t, expectView(org), view)
			s.assertLookupsMatch(t, view)
			assert.True(t, graph.Diff(org, readOrg(t, s.Store)).Empty(), "the database holds the snapshot")

			// The same snapshot again changes nothing.
			report = imp.send(t, s, "REPLACE", []byte(testOrgJSON))
			assert.Equal(t, graph.ImportReport{Unchanged: n}, report, "REPLACE twice")
			report = imp.send(t, s, "MERGE", []byte(testOrgJSON))
			assert.Equal(t, graph.ImportReport{Unchanged: n}, report, "MERGE of the org as it is")
			assert.Equal(t, view, s.fetchView(t))

			// REPLACE without a touchpoint and a membership deletes them.
			smaller := testOrg(t)
			smaller.Touchpoints = slices.DeleteFunc(smaller.Touchpoints, func(tp graph.Touchpoint) bool { return tp.ID == "tp1" })
			smaller.Memberships = slices.DeleteFunc(smaller.Memberships, func(m graph.Membership) bool { return m.Person == "p4" && m.Team == "t3" })
			report = imp.send(t, s, "REPLACE", marshal(t, smaller))
			assert.Equal(t, graph.ImportReport{Deleted: 2, Unchanged: n - 2}, report)
			var gone struct{ Touchpoint *touchpointNode }
			s.query(t, `{ touchpoint(id: "tp1") { id } }`, nil, &gone)
			assert.Nil(t, gone.Touchpoint, "a deleted touchpoint is not found by id")
			assert.Equal(t, expectView(smaller), s.fetchView(t))

			// MERGE overwrites the listed entities whole (omitted optional
			// fields and lists disappear), adds memberships and deletes
			// nothing.
			merge := `{
			  "people": [
			    {"id": "p2", "name": "Bo Berg-Lund", "manager": "p1"},
			    {"id": "p5", "name": "Eve Fors", "email": "eve@fjordbank.example", "manager": "p2"}
			  ],
			  "memberships": [
			    {"person": "p4", "team": "t3", "role": "MEMBER"},
			    {"person": "p5", "team": "t3", "role": "MEMBER"}
			  ],
			  "touchpoints": [
			    {"id": "tp2", "name": "Phone", "channel": "PHONE", "staffedBy": [{"type": "PERSON", "id": "p1"}, {"type": "TEAM", "id": "t2"}]}
			  ]
			}`
			// What the org must be afterwards, written out rather than
			// computed by graph.Apply, which the import itself uses.
			put := decodeSnapshot(t, []byte(merge))
			p2, p5, tp2 := put.People[0], put.People[1], put.Touchpoints[0]
			want := *smaller
			want.People = append(slices.Clone(smaller.People), p5)
			want.People[slices.IndexFunc(want.People, func(p graph.Person) bool { return p.ID == "p2" })] = p2
			want.Memberships = append(slices.Clone(smaller.Memberships), put.Memberships...)
			want.Touchpoints = slices.Clone(smaller.Touchpoints)
			want.Touchpoints[slices.IndexFunc(want.Touchpoints, func(tp graph.Touchpoint) bool { return tp.ID == "tp2" })] = tp2
			report = imp.send(t, s, "MERGE", []byte(merge))
			assert.Equal(t, graph.ImportReport{Created: 3, Updated: 2, Unchanged: n - 2 - 2}, report)
			got := s.fetchView(t)
			assert.Equal(t, expectView(&want), got)
			assert.Nil(t, got.People["p2"].Title, "a title left out of a MERGE disappears")
			assert.Nil(t, got.Touchpoints["tp2"].Handles, "handles left out of a MERGE disappear")
			assert.Equal(t, []string{"PERSON p1", "TEAM t2"}, got.Touchpoints["tp2"].StaffedBy, "staff in the order given")
			assert.Contains(t, got.Teams["t3"].Members, memberString("p3", "t3", "LEAD"), "MERGE deletes no membership")
			assert.Len(t, got.People, 5, "MERGE deletes no person")
			s.assertLookupsMatch(t, got)

			report = imp.send(t, s, "MERGE", []byte(merge))
			assert.Equal(t, graph.ImportReport{Unchanged: n + 1}, report, "the same MERGE twice")
		})
	}
}

func TestImportDemoOrg(t *testing.T) {
	s := newTestServer(t)
	demo, err := seed.Demo()
	require.NoError(t, err)
	n := countEntities(demo)

	report := s.importOK(t, "replace", seed.DemoJSON())
	assert.Equal(t, graph.ImportReport{Created: n}, report)

	var counts struct {
		People, Teams, Matters, Mandates, Touchpoints struct{ TotalCount int }
	}
	s.query(t, `{
	  people { totalCount } teams { totalCount } matters { totalCount } mandates { totalCount } touchpoints { totalCount }
	}`, nil, &counts)
	assert.Equal(t, len(demo.People), counts.People.TotalCount)
	assert.Equal(t, len(demo.Teams), counts.Teams.TotalCount)
	assert.Equal(t, len(demo.Matters), counts.Matters.TotalCount)
	assert.Equal(t, len(demo.Mandates), counts.Mandates.TotalCount)
	assert.Equal(t, len(demo.Touchpoints), counts.Touchpoints.TotalCount)
	assert.Equal(t, expectView(demo), s.fetchView(t))

	report = s.importOK(t, "replace", seed.DemoJSON())
	assert.Equal(t, graph.ImportReport{Unchanged: n}, report, "the demo twice")
	report = s.importOrgOK(t, "MERGE", seed.DemoJSON())
	assert.Equal(t, graph.ImportReport{Unchanged: n}, report, "the demo as the importOrg variable, unchanged")
}

func TestImportModes(t *testing.T) {
	s := newTestServer(t)
	t.Run("mode defaults to merge", func(t *testing.T) {
		status, out := s.importBody(t, "", strings.NewReader(testOrgJSON))
		require.Equal(t, http.StatusOK, status, "%v", out)
		replaceOrg(t, s.Store, &graph.Snapshot{})
	})
	t.Run("an unknown mode is BAD_INPUT", func(t *testing.T) {
		status, e := s.importRejected(t, "upsert", strings.NewReader(testOrgJSON))
		assert.Equal(t, http.StatusBadRequest, status)
		assert.Equal(t, "BAD_INPUT", e.Code())
		assert.Equal(t, []string{"mode"}, e.ProblemPaths(t))
		assert.Empty(t, readOrg(t, s.Store).People, "nothing written")
	})
}

// A body past the size limit is 413 BODY_TOO_LARGE, however many problems
// the part read so far already had.
func TestImportBodyTooLarge(t *testing.T) {
	st := testneo4j.Store(t)
	logger, _ := newLogger()
	srv := server.New(st, logger, server.Config{MaxImportBytes: 300})
	require.NoError(t, srv.Prepare(context.Background(), nil))
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	s := &testServer{URL: ts.URL, Store: st}

	var doc strings.Builder
	doc.WriteString(`{"people": [`)
	for i := range 100 { // ids of the wrong type: a problem each
		if i > 0 {
			doc.WriteString(",")
		}
		fmt.Fprintf(&doc, `{"id": %d, "name": "N"}`, i)
	}
	doc.WriteString(`]}`)
	for _, tc := range []struct{ name, body string }{
		{"a valid document", testOrgJSON},
		{"a document with many problems before the limit", doc.String()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Greater(t, len(tc.body), 300)
			status, e := s.importRejected(t, "replace", strings.NewReader(tc.body))
			assert.Equal(t, http.StatusRequestEntityTooLarge, status)
			assert.Equal(t, "BODY_TOO_LARGE", e.Code())
			assert.Contains(t, e.Message, "larger than 300 bytes")
		})
	}
	assert.Empty(t, readOrg(t, st).People, "nothing was written")
}
