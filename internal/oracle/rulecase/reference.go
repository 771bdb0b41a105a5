package rulecase

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/internal/oracle"
)

// Reference is the reference model as an Answerer: the rule cases run
// against it with no database.
func Reference(org *graph.Snapshot) Answerer { return reference{org: org, o: oracle.New(org)} }

type reference struct {
	org *graph.Snapshot
	o   *oracle.Org
}

func (r reference) WhoCanAct(matter string, amount *float64, at time.Time) ([]oracle.Actor, error) {
	return r.o.WhoCanAct(matter, amount, at), nil
}

func (r reference) CanAct(person, matter string, amount *float64, at time.Time) (Decision, error) {
	ok, gs := r.o.CanAct(person, matter, amount, at)
	return Decision{Allowed: ok, Grants: gs}, nil
}

func (r reference) ActionableMatters(person string, amount *float64, at time.Time) ([]oracle.MatterGrant, error) {
	return r.o.ActionableMatters(person, amount, at), nil
}

func (r reference) CustomerDistance(touchpoint, matter string, amount *float64, at time.Time) ([]oracle.Node, error) {
	if route := r.o.CustomerDistance(touchpoint, matter, amount, at); route != nil {
		return route.Path, nil
	}
	return nil, nil
}

func (r reference) OrgHealth(at time.Time) (Health, error) {
	h := Health{Health: r.o.Health(at), Routes: map[string][]oracle.Node{}, Units: r.o.Units(at), KeyPeople: r.o.KeyPeople(at)}
	for _, hh := range h.Handlings {
		if route := r.o.CustomerDistance(hh.Touchpoint, hh.Matter, nil, at); route != nil {
			h.Routes[hh.Touchpoint+"/"+hh.Matter] = route.Path
		}
	}
	return h, nil
}

// entityPath splits a path into its section, the entity's index and the
// rest ("people[5].name" → people, 5, ".name").
var entityPath = regexp.MustCompile(`^(people|teams|memberships|matters|mandates|touchpoints)\[(\d+)\](.*)$`)

// Write validates the MERGE of put into the org, and names each problem
// as orgnet does: by its path into put, or, for an entity of the org that
// put left alone, as existing.people["p7"] (a membership as
// existing.memberships["p7 in t2"]).
func (r reference) Write(put *graph.Snapshot) ([]string, error) {
	merged := oracle.Merge(r.org, put)
	var paths []string
	for _, v := range oracle.Validate(merged, oracle.DefaultLengths) {
		m := entityPath.FindStringSubmatch(v.Path)
		if m == nil {
			return nil, fmt.Errorf("a violation at %q names no entity", v.Path)
		}
		section, rest := m[1], m[3]
		i, _ := strconv.Atoi(m[2])
		if i < sectionLen(put, section) {
			paths = append(paths, v.Path)
			continue
		}
		paths = append(paths, fmt.Sprintf("existing.%s[%q]%s", section, entityKey(merged, section, i), rest))
	}
	return paths, nil
}

func sectionLen(s *graph.Snapshot, section string) int {
	return map[string]int{
		"people": len(s.People), "teams": len(s.Teams), "memberships": len(s.Memberships),
		"matters": len(s.Matters), "mandates": len(s.Mandates), "touchpoints": len(s.Touchpoints),
	}[section]
}

func entityKey(s *graph.Snapshot, section string, i int) string {
	switch section {
	case "people":
		return s.People[i].ID
	case "teams":
		return s.Teams[i].ID
	case "memberships":
		return s.Memberships[i].Person + " in " + s.Memberships[i].Team
	case "matters":
		return s.Matters[i].ID
	case "mandates":
		return s.Mandates[i].ID
	}
	return s.Touchpoints[i].ID
}
