package graph

import (
	"cmp"
	"maps"
	"slices"
	"strings"
)

// Key people (docs/health.md) are assembled in two steps around one search the
// database makes: PlanKeyPeople picks a page of them from an org's health
// and says which handlings must be searched again, each avoiding one
// person; KeyPeoplePlan.Assemble turns the search's answer into KeyPerson
// values.

// Reroute asks whether the handling of Matter at Touchpoint would still
// reach a person who can act on the matter were each person of Avoid, in
// turn, inactive: a route of docs/questions.md §2.11 that avoids them.
type Reroute struct {
	Touchpoint, Matter string
	Avoid              []string
}

// Stranded says the handling of Matter at Touchpoint would have no route
// were Person inactive.
type Stranded struct {
	Touchpoint, Matter, Person string
}

// KeyPeoplePlan is one page of the key people of an org's health, before
// the search.
type KeyPeoplePlan struct {
	// Reroutes are the searches the page needs, by (touchpoint id, matter
	// id), each person to avoid once; none when nothing can change.
	Reroutes []Reroute

	health  *OrgHealth
	sole    map[string][]Matter // person id → the matters only they can act on
	people  map[string]Person
	ids     []string // the page's people, by id
	hasNext bool
	total   int
}

// PlanKeyPeople picks the page p, by person id, of the key people of the
// org whose health is h (as the store answered it): the active people who
// are the only one able to act on at least one matter at h.At.
//
// Only a handling whose route passes through a person, or ends at them, can
// lose its route were they inactive, since every other route avoids them;
// a handling of a matter only they can act on loses it for sure. The other
// handlings on the route of a person of the page are to be searched again.
func PlanKeyPeople(h *OrgHealth, p Page) KeyPeoplePlan {
	plan := KeyPeoplePlan{Reroutes: []Reroute{}, health: h, sole: map[string][]Matter{}, people: map[string]Person{}}
	for _, sa := range h.SingleActorMatters {
		plan.sole[sa.Person.ID] = append(plan.sole[sa.Person.ID], sa.Matter)
		plan.people[sa.Person.ID] = sa.Person
	}
	ids := slices.Sorted(maps.Keys(plan.people))
	first := p.Size()
	start, found := slices.BinarySearch(ids, p.After)
	if found {
		start++
	}
	plan.ids = ids[start:min(len(ids), start+first)]
	plan.hasNext, plan.total = start+first < len(ids), len(ids)

	search := map[[2]string][]string{}
	for _, id := range plan.ids {
		for _, hh := range h.Handlings {
			if hh.OnRoute(id) && !plan.isSole(id, hh.Matter.ID) {
				k := [2]string{hh.Touchpoint.ID, hh.Matter.ID}
				search[k] = append(search[k], id)
			}
		}
	}
	for _, k := range slices.SortedFunc(maps.Keys(search), func(a, b [2]string) int {
		return cmp.Or(strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1]))
	}) {
		plan.Reroutes = append(plan.Reroutes, Reroute{Touchpoint: k[0], Matter: k[1], Avoid: search[k]})
	}
	return plan
}

// isSole: person is the only one able to act on matter.
func (plan KeyPeoplePlan) isSole(person, matter string) bool {
	return slices.ContainsFunc(plan.sole[person], func(m Matter) bool { return m.ID == matter })
}

// Assemble is the page of key people, given the handlings the reroutes
// found stranded: for each person, the matters only they can act on, the
// residual volume of those matters' handlings, and the handlings that have
// a route now and would have none were the person inactive — those of
// their sole matters on their route, and those stranded says so of — with
// their residual.
func (plan KeyPeoplePlan) Assemble(stranded map[Stranded]bool) Conn[KeyPerson] {
	items := make([]KeyPerson, 0, len(plan.ids))
	for _, id := range plan.ids {
		kp := KeyPerson{Person: plan.people[id], SoleMatters: plan.sole[id], StrandedHandlings: []HandlingHealth{}}
		for _, hh := range plan.health.Handlings {
			mine := plan.isSole(id, hh.Matter.ID)
			if mine {
				kp.SoleMatterResidual += hh.Residual
			}
			if hh.OnRoute(id) && (mine || stranded[Stranded{hh.Touchpoint.ID, hh.Matter.ID, id}]) {
				kp.StrandedHandlings = append(kp.StrandedHandlings, hh)
				kp.StrandedIfLeft += hh.Residual
			}
		}
		items = append(items, kp)
	}
	return Conn[KeyPerson]{Items: items, HasNext: plan.hasNext, Total: plan.total}
}

// OnRoute says whether the handling's route passes through the person or
// ends at them.
func (hh HandlingHealth) OnRoute(personID string) bool {
	if hh.Route == nil {
		return false
	}
	return slices.ContainsFunc(hh.Route.Path, func(n RouteNode) bool {
		p, ok := n.(*Person)
		return ok && p.ID == personID
	})
}
