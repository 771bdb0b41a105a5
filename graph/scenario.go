package graph

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// A scenario (docs/scenarios.md) is a named, stored list of changes laid
// over the live org and never seen by live answers: a reorganization tried
// before it is made.

// ScenarioStatus is where a scenario is in its life.
type ScenarioStatus string

const (
	ScenarioOpen      ScenarioStatus = "OPEN"
	ScenarioApplied   ScenarioStatus = "APPLIED"
	ScenarioDiscarded ScenarioStatus = "DISCARDED"
)

// Scenario is a scenario as stored, with its steps in order.
type Scenario struct {
	ID          string
	Name        string
	Description *string
	CreatedBy   string
	CreatedAt   time.Time
	Status      ScenarioStatus
	Steps       []ScenarioStep
}

// ScenarioStep is one change of a scenario: the upsert's entities created
// or overwritten whole and its memberships added (as a MERGE import would),
// then the listed entities and memberships removed.
type ScenarioStep struct {
	// Seq is the step's place in its scenario, from 1.
	Seq    int
	At     time.Time
	By     string
	Upsert Snapshot
	// Delete names entities to remove; a membership by MembershipID.
	Delete            []EntityKey
	RemoveMemberships []MembershipKey
	// Assumed is the live state, when the step was made, of every entity
	// and membership it names: what it was made for.
	Assumed []EntityState
}

// EntityState is an entity's state in the snapshot format (EntityJSON);
// nil where it does not exist.
type EntityState struct {
	Entity EntityKey
	State  json.RawMessage
}

// ScenarioConflict is an entity a step named whose live state has changed
// since the step was made.
type ScenarioConflict struct {
	Step    int
	Entity  EntityKey
	Assumed json.RawMessage
	Live    json.RawMessage
}

// Conflicts lists, step by step, the entities whose live state (live, by
// entity; absent: it does not exist) is not the state the step assumed.
func (s *Scenario) Conflicts(live map[EntityKey]json.RawMessage) []ScenarioConflict {
	var out []ScenarioConflict
	for _, st := range s.Steps {
		for _, a := range st.Assumed {
			now := live[a.Entity]
			if !sameJSON(a.State, now) {
				out = append(out, ScenarioConflict{Step: st.Seq, Entity: a.Entity, Assumed: a.State, Live: now})
			}
		}
	}
	return out
}

// Touched lists every entity any step of s names, once each.
func (s *Scenario) Touched() []EntityKey {
	seen := map[EntityKey]bool{}
	var out []EntityKey
	for _, st := range s.Steps {
		for _, a := range st.Assumed {
			if !seen[a.Entity] {
				seen[a.Entity] = true
				out = append(out, a.Entity)
			}
		}
	}
	return out
}

// sameJSON compares two states written by EntityJSON, which writes a
// given entity the same way every time; null and absent are the same.
func sameJSON(a, b json.RawMessage) bool {
	if string(a) == "null" {
		a = nil
	}
	if string(b) == "null" {
		b = nil
	}
	return string(a) == string(b)
}

// Touches lists every entity and membership the step names: upserted,
// deleted or removed, each once, in that order.
func (s ScenarioStep) Touches() []EntityKey {
	seen := map[EntityKey]bool{}
	var out []EntityKey
	add := func(t EntityType, id string) {
		k := EntityKey{t, id}
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	for _, p := range s.Upsert.People {
		add(EntityPerson, p.ID)
	}
	for _, t := range s.Upsert.Teams {
		add(EntityTeam, t.ID)
	}
	for _, m := range s.Upsert.Memberships {
		add(EntityMembership, MembershipID(m.Person, m.Team))
	}
	for _, m := range s.Upsert.Matters {
		add(EntityMatter, m.ID)
	}
	for _, x := range s.Upsert.Mandates {
		add(EntityMandate, x.ID)
	}
	for _, tp := range s.Upsert.Touchpoints {
		add(EntityTouchpoint, tp.ID)
	}
	for _, d := range s.Delete {
		add(d.Type, d.ID)
	}
	for _, m := range s.RemoveMemberships {
		add(EntityMembership, MembershipID(m.Person, m.Team))
	}
	return out
}

// Change is the step as a change to the org, with problems of its own
// shape: a membership id that is not one, an unknown entity type, an
// entity or membership both upserted and removed (which order would
// decide). Paths are those of changeScenario's arguments (upsert, delete,
// removeMemberships); StepPath maps the paths of Apply's problems there.
func (s ScenarioStep) Change() (Change, []Problem) {
	c := Change{Put: s.Upsert}
	var problems []Problem
	upserted := map[EntityKey]bool{}
	for _, k := range (ScenarioStep{Upsert: s.Upsert}).Touches() {
		upserted[k] = true
	}
	both := func(path string, k EntityKey) {
		if upserted[k] {
			problems = append(problems, Problem{Path: path, Message: fmt.Sprintf("%s %q is also upserted in this step: upsert and remove it in two steps", typeWord(k.Type), k.ID)})
		}
	}
	for i, d := range s.Delete {
		path := fmt.Sprintf("delete[%d]", i)
		switch d.Type {
		case EntityPerson:
			c.Remove.People = append(c.Remove.People, d.ID)
		case EntityTeam:
			c.Remove.Teams = append(c.Remove.Teams, d.ID)
		case EntityMatter:
			c.Remove.Matters = append(c.Remove.Matters, d.ID)
		case EntityMandate:
			c.Remove.Mandates = append(c.Remove.Mandates, d.ID)
		case EntityTouchpoint:
			c.Remove.Touchpoints = append(c.Remove.Touchpoints, d.ID)
		case EntityMembership:
			person, team, ok := SplitMembershipID(d.ID)
			if !ok {
				problems = append(problems, Problem{Path: path + ".id", Message: fmt.Sprintf("%q is not a membership id: the person's and the team's ids joined by \"/\", with \"/\" and \"\\\" in them escaped by \"\\\"", d.ID)})
				continue
			}
			c.Remove.Memberships = append(c.Remove.Memberships, Membership{Person: person, Team: team})
		default:
			problems = append(problems, Problem{Path: path + ".type", Message: fmt.Sprintf("unknown entity type %q", d.Type)})
			continue
		}
		both(path, d)
	}
	for i, m := range s.RemoveMemberships {
		c.Remove.Memberships = append(c.Remove.Memberships, Membership{Person: m.Person, Team: m.Team})
		both(fmt.Sprintf("removeMemberships[%d]", i), EntityKey{EntityMembership, MembershipID(m.Person, m.Team)})
	}
	return c, problems
}

func typeWord(t EntityType) string {
	switch t {
	case EntityPerson:
		return "person"
	case EntityTeam:
		return "team"
	case EntityMembership:
		return "membership"
	case EntityMatter:
		return "matter"
	case EntityMandate:
		return "mandate"
	case EntityTouchpoint:
		return "touchpoint"
	}
	return string(t)
}

var removalPath = regexp.MustCompile(`^remove\.(people|teams|matters|mandates|touchpoints|memberships)\[(\d+)\](.*)$`)

// StepPath maps the path of a problem Apply found with the step's change
// (Change) to the step's own arguments: an upserted entity's path gains
// "upsert.", a removal's becomes the index of delete or removeMemberships
// it came from. Paths of entities the step did not name ("existing.…")
// stay as they are.
func (s ScenarioStep) StepPath(path string) string {
	if m := removalPath.FindStringSubmatch(path); m != nil {
		i, _ := strconv.Atoi(m[2])
		want := map[string]EntityType{"people": EntityPerson, "teams": EntityTeam, "matters": EntityMatter,
			"mandates": EntityMandate, "touchpoints": EntityTouchpoint, "memberships": EntityMembership}[m[1]]
		n := 0
		for j, d := range s.Delete {
			if d.Type != want {
				continue
			}
			if want == EntityMembership {
				if _, _, ok := SplitMembershipID(d.ID); !ok {
					continue
				}
			}
			if n == i {
				return fmt.Sprintf("delete[%d]%s", j, m[3])
			}
			n++
		}
		if want == EntityMembership && i-n >= 0 && i-n < len(s.RemoveMemberships) {
			return fmt.Sprintf("removeMemberships[%d]%s", i-n, m[3])
		}
		return path
	}
	for _, section := range []string{"people[", "teams[", "memberships[", "matters[", "mandates[", "touchpoints["} {
		if len(path) > len(section) && path[:len(section)] == section {
			return "upsert." + path
		}
	}
	return path
}

// maxDescription is the most characters a scenario's description may have.
const maxDescription = 10000

// ScenarioProblems lists what is wrong with a new scenario's name and
// description: a name follows the rules of every name (docs/writes.md); a
// description is free text of up to 10 000 characters, lines allowed, but
// no other control characters.
func (l Limits) ScenarioProblems(name string, description *string) []Problem {
	var problems []Problem
	if blank(name) {
		problems = append(problems, Problem{Path: "name", Message: "must not be empty"})
	} else if p := l.nameProblem(name); p != "" {
		problems = append(problems, Problem{Path: "name", Message: p})
	}
	if description != nil {
		text := strings.NewReplacer("\n", " ", "\r", " ", "\t", " ").Replace(*description)
		if p := textProblem(text, maxDescription, "a description"); p != "" {
			problems = append(problems, Problem{Path: "description", Message: p})
		}
	}
	return problems
}
