package oracle

// Builders for the tiny hand-built orgs of the self-tests, where the
// expected answer is plain to a reader.

import (
	"math/rand/v2"
	"time"

	"github.com/orgnet/orgnet/graph"
)

var (
	y2024 = Instants[0]
	y2025 = Instants[1]
	y2026 = Instants[2]
	mid24 = time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
)

// newPerson is an active person with manager ("" = none).
func newPerson(id, manager string) graph.Person {
	p := graph.Person{ID: id, Name: "P " + id, Active: true}
	if manager != "" {
		p.Manager = ptr(manager)
	}
	return p
}

// inactive is the person made inactive.
func inactive(p graph.Person) graph.Person { p.Active = false; return p }

// newTeam is a UNIT with parent ("" = none).
func newTeam(id, parent string) graph.Team {
	t := graph.Team{ID: id, Name: "T " + id, Kind: graph.TeamKindUnit}
	if parent != "" {
		t.Parent = ptr(parent)
	}
	return t
}

func newMember(person, team string) graph.Membership {
	return graph.Membership{Person: person, Team: team, Role: graph.RoleMember}
}

// newMatter is a matter with parent ("" = none).
func newMatter(id, parent string) graph.Matter {
	m := graph.Matter{ID: id, Name: "M " + id}
	if parent != "" {
		m.Parent = ptr(parent)
	}
	return m
}

// personMandate and teamMandate are an unlimited, always valid mandate
// over matter held by a person or a team.
func personMandate(id, matter, person string) graph.Mandate {
	return graph.Mandate{ID: id, Name: "X " + id, Matter: matter, Holder: byPerson(person)}
}

func teamMandate(id, matter, team string) graph.Mandate {
	return graph.Mandate{ID: id, Name: "X " + id, Matter: matter, Holder: byTeam(team)}
}

func withLimit(x graph.Mandate, l float64) graph.Mandate { x.Limit = ptr(l); return x }

func delegatedFrom(x graph.Mandate, source string) graph.Mandate {
	x.DelegatedFrom = ptr(source)
	return x
}

func validIn(x graph.Mandate, from, until *time.Time) graph.Mandate {
	x.ValidFrom, x.ValidUntil = from, until
	return x
}

func byPerson(id string) graph.Holder { return graph.Holder{Type: graph.HolderPerson, ID: id} }
func byTeam(id string) graph.Holder   { return graph.Holder{Type: graph.HolderTeam, ID: id} }

// staffedTouchpoint is a phone touchpoint, not self-service, handling
// matter with volume 100 and rate 0.5, escalating to esc.
func staffedTouchpoint(id, matter string, staff []graph.Holder, esc ...string) graph.Touchpoint {
	return graph.Touchpoint{
		ID: id, Name: "TP " + id, Channel: graph.ChannelPhone, StaffedBy: staff, EscalatesTo: esc,
		Handles: []graph.Handling{{Matter: matter, Volume: 100, SelfServiceRate: 0.5}},
	}
}

func hopsOf(r *Route) any {
	if r == nil {
		return nil
	}
	return r.Hops
}

func personIDs(as []Actor) []string {
	out := []string{}
	for _, a := range as {
		out = append(out, a.Person)
	}
	return out
}

// seeds is how many random orgs the self-tests walk.
const seeds = 200

// seedOrg is the random org of a seed, 5 to 40 people.
func seedOrg(seed int) *graph.Snapshot {
	return RandomOrg(rand.New(rand.NewPCG(uint64(seed), 0x0c0ffee)), 5+seed%36)
}
