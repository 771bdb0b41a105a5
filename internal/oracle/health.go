package oracle

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// Health is the answer of orgHealth (docs/health.md) at an instant, with no
// amount, and the breakdowns orgnet adds per touchpoint and per channel.
type Health struct {
	// Volume is empowerment, strandedVolume and meanCustomerDistance over
	// every handling of every touchpoint, and their residual.
	Volume
	OrphanMatters      []string // matters nobody can act on, by id
	SingleActorMatters []SingleActor
	Layers             int
	UnitDepth          int
	SpanOfControl      Span
	// Handlings are every touchpoint × handled matter, by touchpoint id, then
	// matter id.
	Handlings []HandlingHealth
	// Touchpoints is the Volume of each touchpoint's handlings, every
	// touchpoint, by id.
	Touchpoints []TouchpointVolume
	// Channels is the Volume of the handlings of each channel's touchpoints,
	// every channel some touchpoint uses, in the order of docs/model.md.
	Channels []ChannelVolume
}

// Volume is docs/health.md's volume figures over a set of handlings.
type Volume struct {
	Residual             float64  // Σ residual
	Empowerment          *float64 // Σ residual where the front line can act ÷ Σ residual; nil when Σ residual is 0
	StrandedVolume       float64  // Σ residual where the distance is nil
	MeanCustomerDistance *float64 // residual-weighted mean distance of the rest; nil when their residual is 0
}

// HandlingHealth is one matter a touchpoint handles, as docs/health.md sees it.
type HandlingHealth struct {
	Touchpoint      string
	Matter          string
	Residual        float64 // volume × (1 − selfServiceRate)
	FrontLineCanAct bool    // some front-line person (§2.10) can act on the matter
	Distance        *int    // customerDistance(touchpoint, matter); nil when stranded
}

// SingleActor is a matter exactly one person can act on, and that person.
type SingleActor struct {
	Matter string
	Person string
}

// Span is the span of control.
type Span struct {
	Max    int
	Mean   *float64
	Median *float64
}

// TouchpointVolume is the Volume of one touchpoint's handlings.
type TouchpointVolume struct {
	Touchpoint string
	Volume
}

// ChannelVolume is the Volume of the handlings of one channel's touchpoints.
type ChannelVolume struct {
	Channel     graph.Channel
	Touchpoints int // how many touchpoints use the channel
	Volume
}

// Health answers orgHealth (docs/health.md) at at. See the package comment for
// the readings of layers, unitDepth and spanOfControl.
func (o *Org) Health(at time.Time) Health {
	h := Health{OrphanMatters: []string{}, SingleActorMatters: []SingleActor{}, Handlings: []HandlingHealth{}}

	// Each handling: residual = volume × (1 − selfServiceRate);
	// frontLineCanAct = some front-line person of TP can act on M;
	// distance = customerDistance(TP, M).
	for _, tp := range o.s.Touchpoints {
		front := o.FrontLine(tp.ID)
		for _, hd := range tp.Handles {
			hh := HandlingHealth{Touchpoint: tp.ID, Matter: hd.Matter, Residual: hd.Volume * (1 - hd.SelfServiceRate)}
			for p := range o.Grants(hd.Matter, nil, at) {
				if slices.Contains(front, p) {
					hh.FrontLineCanAct = true
					break
				}
			}
			if r := o.CustomerDistance(tp.ID, hd.Matter, nil, at); r != nil {
				d := r.Hops
				hh.Distance = &d
			}
			h.Handlings = append(h.Handlings, hh)
		}
	}
	slices.SortStableFunc(h.Handlings, func(a, b HandlingHealth) int {
		return cmp.Or(strings.Compare(a.Touchpoint, b.Touchpoint), strings.Compare(a.Matter, b.Matter))
	})
	h.Volume = volumeOf(h.Handlings)
	h.Touchpoints, h.Channels = o.breakdowns(h.Handlings)

	// orphanMatters and singleActorMatters range over all matters.
	for _, m := range o.s.Matters {
		switch actors := o.WhoCanAct(m.ID, nil, at); len(actors) {
		case 0:
			h.OrphanMatters = append(h.OrphanMatters, m.ID)
		case 1:
			h.SingleActorMatters = append(h.SingleActorMatters, SingleActor{Matter: m.ID, Person: actors[0].Person})
		}
	}
	slices.Sort(h.OrphanMatters)
	slices.SortFunc(h.SingleActorMatters, func(a, b SingleActor) int { return strings.Compare(a.Matter, b.Matter) })

	// layers: for each active person, the length in people of the chain up
	// through active managers; it stops at an inactive (or absent) manager.
	for _, p := range o.s.People {
		if !p.Active {
			continue
		}
		n := 1
		for cur := p; cur.Manager != nil && o.Active(*cur.Manager); n++ {
			o.chainGuard(n)
			cur = *o.people[*cur.Manager]
		}
		h.Layers = max(h.Layers, n)
	}

	// unitDepth: for each team, the length in teams of its chain up to its
	// root.
	for _, t := range o.s.Teams {
		n := 1
		for cur := t; cur.Parent != nil && o.teams[*cur.Parent] != nil; n++ {
			o.chainGuard(n)
			cur = *o.teams[*cur.Parent]
		}
		h.UnitDepth = max(h.UnitDepth, n)
	}

	h.SpanOfControl = o.spanOfControl()
	return h
}

// volumeOf answers docs/health.md's volume figures over handlings, each read as
// its definition says: a sum of residuals over the handlings a condition
// keeps.
func volumeOf(handlings []HandlingHealth) Volume {
	sum := func(keep func(HandlingHealth) bool, of func(HandlingHealth) float64) float64 {
		total := 0.0
		for _, h := range handlings {
			if keep(h) {
				total += of(h)
			}
		}
		return total
	}
	every := func(HandlingHealth) bool { return true }
	residual := func(h HandlingHealth) float64 { return h.Residual }
	reached := func(h HandlingHealth) bool { return h.Distance != nil }
	v := Volume{
		Residual:       sum(every, residual),
		StrandedVolume: sum(func(h HandlingHealth) bool { return !reached(h) }, residual),
	}
	if v.Residual != 0 { // empowerment: Σ residual where frontLineCanAct ÷ Σ residual
		e := sum(func(h HandlingHealth) bool { return h.FrontLineCanAct }, residual) / v.Residual
		v.Empowerment = &e
	}
	if weight := sum(reached, residual); weight != 0 { // the residual-weighted mean distance
		m := sum(reached, func(h HandlingHealth) float64 { return h.Residual * float64(*h.Distance) }) / weight
		v.MeanCustomerDistance = &m
	}
	return v
}

// breakdowns are the volume figures per touchpoint (every one, by id) and
// per channel in use (in the order of docs/model.md).
func (o *Org) breakdowns(handlings []HandlingHealth) ([]TouchpointVolume, []ChannelVolume) {
	touchpoints := []TouchpointVolume{}
	ids := make([]string, 0, len(o.s.Touchpoints))
	count := map[graph.Channel]int{}
	channelOf := map[string]graph.Channel{}
	for _, tp := range o.s.Touchpoints {
		ids = append(ids, tp.ID)
		count[tp.Channel]++
		channelOf[tp.ID] = tp.Channel
	}
	slices.Sort(ids)
	of := func(keep func(HandlingHealth) bool) Volume {
		var hs []HandlingHealth
		for _, h := range handlings {
			if keep(h) {
				hs = append(hs, h)
			}
		}
		return volumeOf(hs)
	}
	for _, id := range ids {
		touchpoints = append(touchpoints, TouchpointVolume{Touchpoint: id, Volume: of(func(h HandlingHealth) bool { return h.Touchpoint == id })})
	}
	channels := []ChannelVolume{}
	for _, c := range graph.Channels {
		if count[c] > 0 {
			channels = append(channels, ChannelVolume{Channel: c, Touchpoints: count[c],
				Volume: of(func(h HandlingHealth) bool { return channelOf[h.Touchpoint] == c })})
		}
	}
	return touchpoints, channels
}

// spanOfControl: per active person, the number of active direct reports;
// max, mean and median over those with at least one.
func (o *Org) spanOfControl() Span {
	var spans []int
	for _, m := range o.s.People {
		if !m.Active {
			continue
		}
		n := 0
		for _, p := range o.s.People {
			if p.Active && p.Manager != nil && *p.Manager == m.ID {
				n++
			}
		}
		if n > 0 {
			spans = append(spans, n)
		}
	}
	if len(spans) == 0 {
		return Span{}
	}
	slices.Sort(spans)
	sum := 0
	for _, s := range spans {
		sum += s
	}
	mean := float64(sum) / float64(len(spans))
	median := float64(spans[len(spans)/2])
	if len(spans)%2 == 0 {
		median = float64(spans[len(spans)/2-1]+spans[len(spans)/2]) / 2
	}
	return Span{Max: spans[len(spans)-1], Mean: &mean, Median: &median}
}

// Unit describes a team together with the teams below it (orgnet's unit
// breakdown of org health).
type Unit struct {
	Team             string
	People           int      // |members(t)|
	Layers           int      // the longest chain of members(t) linked by manager, in people
	Mandates         int      // mandates effective at the instant held by a team of desc(t) or a person of members(t)
	ExclusiveMatters []string // matters with actors, all of them in members(t), by id
}

// Units answers the unit breakdown at at, every team, by id: members(t);
// the longest chain of them linked by manager (each link's manager in
// members(t)); the mandates effective at at held by a team of desc(t) or a
// person of members(t); the matters someone can act on and only people of
// members(t) can.
func (o *Org) Units(at time.Time) []Unit {
	var out []Unit
	for _, t := range o.s.Teams {
		members, desc := o.Members(t.ID), o.TeamClosure(t.ID)
		u := Unit{Team: t.ID, People: len(members), ExclusiveMatters: []string{}}
		for p := range members {
			n := 1
			for cur := o.people[p]; cur.Manager != nil && members[*cur.Manager]; n++ {
				o.chainGuard(n)
				cur = o.people[*cur.Manager]
			}
			u.Layers = max(u.Layers, n)
		}
		for _, x := range o.s.Mandates {
			inside := (x.Holder.Type == graph.HolderTeam && desc[x.Holder.ID]) || (x.Holder.Type == graph.HolderPerson && members[x.Holder.ID])
			if inside && o.Effective(x.ID, at) {
				u.Mandates++
			}
		}
		for _, m := range o.s.Matters {
			actors := o.WhoCanAct(m.ID, nil, at)
			if len(actors) > 0 && !slices.ContainsFunc(actors, func(a Actor) bool { return !members[a.Person] }) {
				u.ExclusiveMatters = append(u.ExclusiveMatters, m.ID)
			}
		}
		slices.Sort(u.ExclusiveMatters)
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b Unit) int { return strings.Compare(a.Team, b.Team) })
	return out
}

// KeyPerson is a person who is the only one able to act on some matter,
// and what their leaving would cost.
type KeyPerson struct {
	Person             string
	SoleMatters        []string // the matters only they can act on, by id
	SoleMatterResidual float64  // the residual of the handlings of SoleMatters
	StrandedIfLeft     float64  // the residual of StrandedHandlings
	// StrandedHandlings have a distance now and none with the person
	// inactive, as they stand now, by touchpoint, then matter.
	StrandedHandlings []HandlingHealth
}

// KeyPeople answers the key people at at: each person of the health's
// single-actor matters, by id, with those matters, the residual of their
// handlings, and the handlings that are stranded in the org's health with
// that person made inactive but not now — found by literally making them
// inactive and asking again.
func (o *Org) KeyPeople(at time.Time) []KeyPerson {
	health := o.Health(at)
	sole := map[string][]string{}
	for _, s := range health.SingleActorMatters {
		sole[s.Person] = append(sole[s.Person], s.Matter)
	}
	var out []KeyPerson
	for p, matters := range sole {
		k := KeyPerson{Person: p, SoleMatters: matters, StrandedHandlings: []HandlingHealth{}}
		for _, h := range health.Handlings {
			if slices.Contains(matters, h.Matter) {
				k.SoleMatterResidual += h.Residual
			}
		}
		without := *o.s
		without.People = slices.Clone(o.s.People)
		for i := range without.People {
			if without.People[i].ID == p {
				without.People[i].Active = false
			}
		}
		after := New(&without).Health(at).Handlings
		for i, h := range health.Handlings {
			if h.Distance != nil && after[i].Distance == nil {
				k.StrandedIfLeft += h.Residual
				k.StrandedHandlings = append(k.StrandedHandlings, h)
			}
		}
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b KeyPerson) int { return strings.Compare(a.Person, b.Person) })
	return out
}
