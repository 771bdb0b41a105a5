package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/orgnet/orgnet/graph"
)

// The directory reads identity tools make (docs/scim.md): people and teams
// found by a filter, a window at a time, with the version of their last
// change; a team's leads always and its members only when asked; and the
// memberships of a few named people in a team, which is all a one-member
// change of a large team needs to read.

// maxWindow bounds one directory page, whatever a client asks for.
const maxWindow = 1000

// directoryPeople answers the org's version, then the people that match
// the compiled filter (over p), counted, and the window [$skip,
// $skip+$limit) of them in id order. The version is read first: a write
// made for what this read saw and refused unless the org is still at
// that version can never overwrite a change the read missed. The filter
// runs twice, once to count and once for the window, so that neither
// holds every match: the window's ORDER BY p.id reads the id index in
// order and stops after the window.
const directoryPeople = `CALL () { OPTIONAL MATCH (o:OrgState {id: 'org'}) RETURN coalesce(o.version, 0) AS orgVersion }
CALL () { MATCH (p:Person) WHERE %[1]s RETURN count(p) AS total }
CALL () {
  MATCH (p:Person) WHERE %[1]s
  WITH p ORDER BY p.id SKIP $skip LIMIT $limit
  RETURN collect(p {.id, .name, .email, .title, .active, .userName, .externalId,
    version: coalesce(p.version, 0),
    manager: [(p)-[:REPORTS_TO]->(boss:Person) | boss.id][0]}) AS page
}
RETURN orgVersion, total, page`

// directoryTeams is directoryPeople for teams. Its memberships are read
// only when asked for: all of them when $members is true, the leads alone
// (found by walking the memberships for their role) when $leads is, so
// that a team of thousands read with neither costs what a small one does.
const directoryTeams = `CALL () { OPTIONAL MATCH (o:OrgState {id: 'org'}) RETURN coalesce(o.version, 0) AS orgVersion }
CALL () { MATCH (t:Team) WHERE %[1]s RETURN count(t) AS total }
CALL () {
  MATCH (t:Team) WHERE %[1]s
  WITH t ORDER BY t.id SKIP $skip LIMIT $limit
  RETURN collect(t {.id, .name, .kind, .externalId,
    version: reduce(v = 0, stamp IN [t.version, t.membersVersion] | CASE WHEN stamp > v THEN stamp ELSE v END),
    parent: [(t)-[:PART_OF]->(up:Team) | up.id][0],
    leads: CASE WHEN $leads THEN COLLECT { MATCH (lead:Person)-[:MEMBER_OF {role: 'LEAD'}]->(t) RETURN lead.id ORDER BY lead.id } END,
    members: CASE WHEN $members THEN COLLECT {
      MATCH (member:Person)-[m:MEMBER_OF]->(t)
      RETURN {person: member.id, name: member.name, role: m.role} ORDER BY member.id } END}) AS page
}
RETURN orgVersion, total, page`

// teamMembershipsOf answers the memberships the named people have in one
// team, starting from the people: it never walks the team's other members.
// The team is named through the membership's end node, not as a node of
// the pattern: given (t:Team {id: $team}), the planner may start from the
// team's index entry and walk all of a large team's memberships.
const teamMembershipsOf = `UNWIND $people AS personId
MATCH (p:Person {id: personId})-[m:MEMBER_OF]->()
WHERE endNode(m).id = $team
RETURN collect({person: p.id, name: p.name, role: m.role}) AS members`

func windowParams(w graph.Window) map[string]any {
	return map[string]any{"skip": max(w.Offset, 0), "limit": min(max(w.Count, 0), maxWindow)}
}

// FindPeople answers how many people match f (nil: everyone) and the window
// w of them, in id order, each with its version.
func (s *Store) FindPeople(ctx context.Context, f *graph.Filter, w graph.Window) (graph.PeoplePage, error) {
	c, err := compileFilter(f)
	if err != nil {
		return graph.PeoplePage{}, err
	}
	params := windowParams(w)
	for k, v := range c.params {
		params[k] = v
	}
	recs, err := s.query(ctx, fmt.Sprintf(directoryPeople, c.where), params)
	if err != nil {
		return graph.PeoplePage{}, fmt.Errorf("find people: %w", err)
	}
	if len(recs) != 1 {
		return graph.PeoplePage{}, fmt.Errorf("find people: %d records", len(recs))
	}
	r := row{recs[0]}
	page := r.list("page")
	out := make([]graph.PersonRecord, len(page))
	for i, v := range page {
		m := v.(map[string]any)
		out[i] = graph.PersonRecord{Person: toPerson(m), Version: toInt(m["version"])}
	}
	return graph.PeoplePage{Total: int(toInt(r.value("total"))), People: out, OrgVersion: toInt(r.value("orgVersion"))}, nil
}

// FindTeams answers how many teams match f (nil: every team) and the
// window w of them, in id order, each with its version and the parts of
// its memberships asked for.
func (s *Store) FindTeams(ctx context.Context, f *graph.Filter, w graph.Window, parts graph.TeamParts) (graph.TeamsPage, error) {
	c, err := compileFilter(f)
	if err != nil {
		return graph.TeamsPage{}, err
	}
	params := windowParams(w)
	for k, v := range c.params {
		params[k] = v
	}
	params["members"] = parts.Members
	params["leads"] = parts.Leads && !parts.Members // else told by the members' roles
	recs, err := s.query(ctx, fmt.Sprintf(directoryTeams, c.where), params)
	if err != nil {
		return graph.TeamsPage{}, fmt.Errorf("find teams: %w", err)
	}
	if len(recs) != 1 {
		return graph.TeamsPage{}, fmt.Errorf("find teams: %d records", len(recs))
	}
	r := row{recs[0]}
	page := r.list("page")
	out := make([]graph.TeamRecord, len(page))
	for i, v := range page {
		m := v.(map[string]any)
		t := graph.TeamRecord{Team: toTeam(m), Version: toInt(m["version"])}
		switch {
		case parts.Members:
			t.Members = toTeamMembers(list(m["members"]))
			t.Leads = []string{}
			for _, mem := range t.Members {
				if mem.Role == graph.RoleLead {
					t.Leads = append(t.Leads, mem.Person)
				}
			}
		case parts.Leads:
			t.Leads = []string{}
			for _, id := range list(m["leads"]) {
				t.Leads = append(t.Leads, str(id))
			}
		}
		out[i] = t
	}
	return graph.TeamsPage{Total: int(toInt(r.value("total"))), Teams: out, OrgVersion: toInt(r.value("orgVersion"))}, nil
}

// TeamMembershipsOf answers the memberships the named people have in team,
// reading nothing of the team's other members.
func (s *Store) TeamMembershipsOf(ctx context.Context, team string, people []string) ([]graph.TeamMember, error) {
	recs, err := read(ctx, s, func(tx runner) ([]*neo4j.Record, error) {
		return run(ctx, tx, teamMembershipsOf, map[string]any{"team": team, "people": people})
	})
	if err != nil {
		return nil, fmt.Errorf("memberships in team %q: %w", team, err)
	}
	if len(recs) != 1 {
		return nil, fmt.Errorf("memberships in team %q: %d records", team, len(recs))
	}
	return toTeamMembers(row{recs[0]}.list("members")), nil
}

func toTeamMembers(l []any) []graph.TeamMember {
	out := make([]graph.TeamMember, 0, len(l))
	for _, v := range l {
		m := v.(map[string]any)
		out = append(out, graph.TeamMember{Person: str(m["person"]), Name: str(m["name"]), Role: graph.MembershipRole(str(m["role"]))})
	}
	return out
}

func toInt(v any) int64 {
	switch n := v.(type) {
	case int64:
		return n
	case float64:
		return int64(n)
	}
	return 0
}
