package graph

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// OrgHealth answers orgHealth (SPEC §2b) at an instant, with no amount, and
// breaks its volume figures down by touchpoint and by channel.
type OrgHealth struct {
	// At is the instant T the health is asked at.
	At time.Time
	// VolumeHealth holds empowerment, strandedVolume and
	// meanCustomerDistance of SPEC §2b over every handling, and their
	// residual.
	VolumeHealth
	// OrphanMatters are the matters nobody can act on, by id.
	OrphanMatters []Matter
	// SingleActorMatters are the matters exactly one person can act on, by
	// matter id.
	SingleActorMatters []SingleActor
	// Layers is the longest chain of active people linked by manager, in
	// people; an inactive person breaks a chain.
	Layers int
	// UnitDepth is the longest chain of teams linked by parent, in teams.
	UnitDepth int
	// SpanOfControl is over active people with at least one active direct
	// report.
	SpanOfControl Span
	// Handlings are every touchpoint × handled matter, by (touchpoint id,
	// matter id).
	Handlings []HandlingHealth
	// Touchpoints is Volume per touchpoint, every touchpoint, by id.
	Touchpoints []TouchpointHealth
	// Channels is Volume per channel, every channel some touchpoint uses, in
	// the order of SPEC §1.
	Channels []ChannelHealth

	// net is the org the health was computed over, for the units and key
	// people asked of it in the same request; nil when there is none.
	net *Net
}

// Net is the org h was computed over (nil when h was made otherwise): the
// units and key people of the same request are computed over it too,
// without reading the org again.
func (h *OrgHealth) Net() *Net { return h.net }

// PersonIDs lists the people h names (on routes and as single actors),
// each once, in no particular order.
func (h *OrgHealth) PersonIDs() []string {
	seen := map[string]bool{}
	var ids []string
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, hh := range h.Handlings {
		if hh.Route != nil {
			for _, n := range hh.Route.Path {
				if p, ok := n.(*Person); ok {
					add(p.ID)
				}
			}
		}
	}
	for _, s := range h.SingleActorMatters {
		add(s.Person.ID)
	}
	return ids
}

// FillPeople replaces each person h names with people[its id], where
// there is one: the store computes health over people read lean and reads
// the few it names whole.
func (h *OrgHealth) FillPeople(people map[string]Person) {
	for i := range h.Handlings {
		if r := h.Handlings[i].Route; r != nil {
			for _, n := range r.Path {
				if p, ok := n.(*Person); ok {
					if whole, ok := people[p.ID]; ok {
						*p = whole
					}
				}
			}
			if whole, ok := people[r.Actor.ID]; ok {
				r.Actor = whole
			}
		}
	}
	for i := range h.SingleActorMatters {
		if whole, ok := people[h.SingleActorMatters[i].Person.ID]; ok {
			h.SingleActorMatters[i].Person = whole
		}
	}
}

// SingleActor is a matter exactly one person can act on, and that person.
type SingleActor struct {
	Matter Matter
	Person Person
}

// Span is the span of control: the most, mean and median active direct
// reports of the active people who have any. Mean and Median are nil (and
// Max 0) when nobody has.
type Span struct {
	Max    int
	Mean   *float64
	Median *float64
}

// HandlingHealth is one matter a touchpoint handles, as SPEC §2b sees it.
type HandlingHealth struct {
	Touchpoint Touchpoint
	Matter     Matter
	// Residual is volume × (1 − selfServiceRate): what needs a person.
	Residual float64
	// FrontLineCanAct: some front-line person of the touchpoint (SPEC §2.10)
	// can act on the matter.
	FrontLineCanAct bool
	// Distance is customerDistance(touchpoint, matter) (SPEC §2.11); nil
	// when nobody reachable can act: the handling is stranded.
	Distance *int
	// Route is a shortest route to a person who can act, Distance hops
	// long (customerDistance may reach another, equally near, person); nil
	// with Distance.
	Route *Route
}

// VolumeHealth is SPEC §2b's volume figures over a set of handlings.
type VolumeHealth struct {
	// Residual is Σ residual.
	Residual float64
	// Empowerment is Σ residual where the front line can act ÷ Σ residual;
	// nil when Σ residual is 0.
	Empowerment *float64
	// StrandedVolume is Σ residual where the distance is nil.
	StrandedVolume float64
	// MeanCustomerDistance is the residual-weighted mean distance over the
	// handlings with a distance; nil when their residual is 0.
	MeanCustomerDistance *float64
}

// TouchpointHealth is the volume figures of one touchpoint's handlings.
type TouchpointHealth struct {
	Touchpoint Touchpoint
	VolumeHealth
}

// ChannelHealth is the volume figures of the handlings of every touchpoint
// of one channel.
type ChannelHealth struct {
	Channel Channel
	// Touchpoints counts the channel's touchpoints.
	Touchpoints int
	VolumeHealth
}

// UnitHealth describes a team together with the teams below it, desc(t) of
// SPEC §2.2, at an instant.
type UnitHealth struct {
	// At is the instant the unit is described at.
	At   time.Time
	Team Team
	// People counts members(t): the active people in a team of desc(t).
	People int
	// Layers is the longest chain of people of members(t) linked by manager,
	// in people (0 without people).
	Layers int
	// Mandates counts the mandates effective at the instant held by a team
	// of desc(t) or by a person of members(t).
	Mandates int

	net *Net // the org the unit was described over
}

// Net is the org u was described over (nil when u was made otherwise).
func (u *UnitHealth) Net() *Net { return u.net }

// KeyPerson is an active person who is the only one able to act on at least
// one matter, and what their leaving would cost.
type KeyPerson struct {
	Person Person
	// SoleMatters are the matters only this person can act on, by id.
	SoleMatters []Matter
	// SoleMatterResidual is the residual volume of the handlings of
	// SoleMatters: volume that would lose its only actor.
	SoleMatterResidual float64
	// StrandedIfLeft is the residual volume of StrandedHandlings.
	StrandedIfLeft float64
	// StrandedHandlings are the handlings that have a route now and would
	// have none were the person inactive, by (touchpoint id, matter id), as
	// they stand now.
	StrandedHandlings []HandlingHealth
}

// TallyVolume sums SPEC §2b's volume figures over handlings, in their order.
func TallyVolume(handlings []HandlingHealth) VolumeHealth {
	var v VolumeHealth
	var empowered, weight, weighted float64
	for _, h := range handlings {
		v.Residual += h.Residual
		if h.FrontLineCanAct {
			empowered += h.Residual
		}
		if h.Distance == nil {
			v.StrandedVolume += h.Residual
		} else {
			weight += h.Residual
			weighted += h.Residual * float64(*h.Distance)
		}
	}
	if v.Residual != 0 {
		e := empowered / v.Residual
		v.Empowerment = &e
	}
	if weight != 0 {
		m := weighted / weight
		v.MeanCustomerDistance = &m
	}
	return v
}

// Breakdown fills in h's VolumeHealth, Touchpoints and Channels from its
// Handlings and the org's touchpoints (every one gets an entry, handlings or
// not). It sorts the handlings by (touchpoint id, matter id) and the
// touchpoints by id.
func (h *OrgHealth) Breakdown(touchpoints []Touchpoint) {
	slices.SortFunc(h.Handlings, CmpHandlings)
	slices.SortFunc(touchpoints, func(a, b Touchpoint) int { return strings.Compare(a.ID, b.ID) })
	h.VolumeHealth = TallyVolume(h.Handlings)
	byTouchpoint := map[string][]HandlingHealth{}
	for _, hh := range h.Handlings {
		byTouchpoint[hh.Touchpoint.ID] = append(byTouchpoint[hh.Touchpoint.ID], hh)
	}
	byChannel := map[Channel][]HandlingHealth{}
	counts := map[Channel]int{}
	h.Touchpoints = make([]TouchpointHealth, 0, len(touchpoints))
	for _, tp := range touchpoints {
		hs := byTouchpoint[tp.ID]
		h.Touchpoints = append(h.Touchpoints, TouchpointHealth{Touchpoint: tp, VolumeHealth: TallyVolume(hs)})
		byChannel[tp.Channel] = append(byChannel[tp.Channel], hs...)
		counts[tp.Channel]++
	}
	h.Channels = []ChannelHealth{}
	for _, c := range Channels {
		if counts[c] > 0 {
			h.Channels = append(h.Channels, ChannelHealth{Channel: c, Touchpoints: counts[c], VolumeHealth: TallyVolume(byChannel[c])})
		}
	}
}

// CmpHandlings orders handlings by (touchpoint id, matter id).
func CmpHandlings(a, b HandlingHealth) int {
	return cmp.Or(strings.Compare(a.Touchpoint.ID, b.Touchpoint.ID), strings.Compare(a.Matter.ID, b.Matter.ID))
}
