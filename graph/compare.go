package graph

import (
	"cmp"
	"slices"
	"time"
)

// Comparison is compareScenario's answer (docs/scenarios.md): the org of a
// scenario (after) against the live org or another scenario (before), at
// one instant and with no amount, as org health asks.
type Comparison struct {
	Scenario string
	// Against is the scenario compared against; nil: the live org.
	Against *string
	At      time.Time
	// Amount is what Actors are asked for; nil: some amount. The healths
	// are asked with none, as always.
	Amount *float64
	Before *OrgHealth
	After  *OrgHealth
	// Figures is the change of every figure of org health.
	Figures HealthChange
	// Actors are the matters whose actors (for Amount) changed, by matter
	// id.
	Actors []ActorChange
	// Handlings are the handlings whose frontLineCanAct or distance
	// changed, or that one side has and the other not, by touchpoint id,
	// then matter id.
	Handlings []HandlingChange
	// BecameOrphan and NoLongerOrphan are matters nobody can act on after
	// (before) and somebody could before (can after), by id.
	BecameOrphan, NoLongerOrphan []Matter
	// BecameSingleActor and NoLongerSingleActor are matters one person
	// alone can act on after (before), with that person, that had not that
	// one person alone before (after): a matter whose single actor is
	// another person is in both, with each.
	BecameSingleActor, NoLongerSingleActor []SingleActor
	// People are those whose teams or manager changed, by person id.
	People []PersonChange
}

// FigureChange is one figure before and after, and After − Before; a
// figure that has no value (an empowerment of nothing) is nil, and so is
// the change then.
type FigureChange struct {
	Before, After, Change *float64
}

// HealthChange is the change of every figure of org health
// (docs/health.md), counts of matters included.
type HealthChange struct {
	Empowerment, StrandedVolume, MeanCustomerDistance, Residual FigureChange
	OrphanMatters, SingleActorMatters, Layers, UnitDepth        FigureChange
	SpanMax, SpanMean, SpanMedian                               FigureChange
}

// ActorChange is a matter whose actors changed: the people who gain the
// ability to act on it (they can after and could not before) and those who
// lose it, each by id.
type ActorChange struct {
	Matter Matter
	Gained []Person
	Lost   []Person
}

// HandlingChange is one handling on both sides; Before or After is nil
// where the touchpoint does not handle the matter.
type HandlingChange struct {
	Touchpoint Touchpoint
	Matter     Matter
	Before     *HandlingHealth
	After      *HandlingHealth
}

// PersonChange is a person whose teams or manager changed: the teams they
// joined and left (by id), their manager before and after. A person only
// one side has is compared with nobody: no teams, no manager.
type PersonChange struct {
	Person        Person
	Joined, Left  []Team
	ManagerBefore *Person
	ManagerAfter  *Person
}

// PersonLinks is a person's manager and teams (by id, sorted): what a
// comparison looks at to tell who moved.
type PersonLinks struct {
	Manager *string
	Teams   []string
}

// Figures is the change of every figure from before to after.
func Figures(before, after *OrgHealth) HealthChange {
	n := func(v int) *float64 { f := float64(v); return &f }
	f := func(v float64) *float64 { return &v }
	return HealthChange{
		Empowerment:          figure(before.Empowerment, after.Empowerment),
		StrandedVolume:       figure(f(before.StrandedVolume), f(after.StrandedVolume)),
		MeanCustomerDistance: figure(before.MeanCustomerDistance, after.MeanCustomerDistance),
		Residual:             figure(f(before.Residual), f(after.Residual)),
		OrphanMatters:        figure(n(len(before.OrphanMatters)), n(len(after.OrphanMatters))),
		SingleActorMatters:   figure(n(len(before.SingleActorMatters)), n(len(after.SingleActorMatters))),
		Layers:               figure(n(before.Layers), n(after.Layers)),
		UnitDepth:            figure(n(before.UnitDepth), n(after.UnitDepth)),
		SpanMax:              figure(n(before.SpanOfControl.Max), n(after.SpanOfControl.Max)),
		SpanMean:             figure(before.SpanOfControl.Mean, after.SpanOfControl.Mean),
		SpanMedian:           figure(before.SpanOfControl.Median, after.SpanOfControl.Median),
	}
}

func figure(before, after *float64) FigureChange {
	c := FigureChange{Before: before, After: after}
	if before != nil && after != nil {
		d := *after - *before
		c.Change = &d
	}
	return c
}

// ActorChanges makes the ActorChange of each matter of diffs (see
// DiffActors). gainer and loser give the people whole: from after for who
// gained and from before for who lost.
func ActorChanges(diffs []ActorDiff, gainer, loser func(id string) Person) []ActorChange {
	var out []ActorChange
	for _, d := range diffs {
		c := ActorChange{Matter: d.Matter, Gained: make([]Person, 0, len(d.Gained)), Lost: make([]Person, 0, len(d.Lost))}
		for _, p := range d.Gained {
			c.Gained = append(c.Gained, gainer(p))
		}
		for _, p := range d.Lost {
			c.Lost = append(c.Lost, loser(p))
		}
		out = append(out, c)
	}
	return out
}

// ActorIDs lists who ActorChanges needs whole, each once: gained from
// after, lost from before.
func ActorIDs(diffs []ActorDiff) (gained, lost []string) {
	seenG, seenL := map[string]bool{}, map[string]bool{}
	for _, d := range diffs {
		for _, p := range d.Gained {
			if !seenG[p] {
				seenG[p] = true
				gained = append(gained, p)
			}
		}
		for _, p := range d.Lost {
			if !seenL[p] {
				seenL[p] = true
				lost = append(lost, p)
			}
		}
	}
	return gained, lost
}

// HandlingChanges lists the handlings whose frontLineCanAct or distance
// differ between the two healths, or that only one has.
func HandlingChanges(before, after *OrgHealth) []HandlingChange {
	type key struct{ tp, m string }
	at := func(hs []HandlingHealth) map[key]*HandlingHealth {
		out := make(map[key]*HandlingHealth, len(hs))
		for i := range hs {
			out[key{hs[i].Touchpoint.ID, hs[i].Matter.ID}] = &hs[i]
		}
		return out
	}
	b, a := at(before.Handlings), at(after.Handlings)
	var keys []key
	for k := range b {
		keys = append(keys, k)
	}
	for k := range a {
		if b[k] == nil {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(x, y key) int { return cmp.Or(cmp.Compare(x.tp, y.tp), cmp.Compare(x.m, y.m)) })
	var out []HandlingChange
	for _, k := range keys {
		hb, ha := b[k], a[k]
		if hb != nil && ha != nil && hb.FrontLineCanAct == ha.FrontLineCanAct && equalDistance(hb.Distance, ha.Distance) {
			continue
		}
		c := HandlingChange{Before: hb, After: ha}
		if ha != nil {
			c.Touchpoint, c.Matter = ha.Touchpoint, ha.Matter
		} else {
			c.Touchpoint, c.Matter = hb.Touchpoint, hb.Matter
		}
		out = append(out, c)
	}
	return out
}

func equalDistance(a, b *int) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

// OrphanChanges lists the matters orphaned after and not before, and those
// orphaned before and not after, each by id.
func OrphanChanges(before, after *OrgHealth) (became, noLonger []Matter) {
	b, a := map[string]bool{}, map[string]bool{}
	for _, m := range before.OrphanMatters {
		b[m.ID] = true
	}
	for _, m := range after.OrphanMatters {
		a[m.ID] = true
		if !b[m.ID] {
			became = append(became, m)
		}
	}
	for _, m := range before.OrphanMatters {
		if !a[m.ID] {
			noLonger = append(noLonger, m)
		}
	}
	return became, noLonger
}

// SingleActorChanges lists the matters with a single actor after that had
// not that single actor before, and the other way round, by matter id.
func SingleActorChanges(before, after *OrgHealth) (became, noLonger []SingleActor) {
	b, a := map[string]string{}, map[string]string{}
	for _, s := range before.SingleActorMatters {
		b[s.Matter.ID] = s.Person.ID
	}
	for _, s := range after.SingleActorMatters {
		a[s.Matter.ID] = s.Person.ID
		if b[s.Matter.ID] != s.Person.ID {
			became = append(became, s)
		}
	}
	for _, s := range before.SingleActorMatters {
		if a[s.Matter.ID] != s.Person.ID {
			noLonger = append(noLonger, s)
		}
	}
	return became, noLonger
}

// MovedPeople lists the ids, sorted, of the people whose manager or teams
// differ between before and after (a person one side lacks has neither
// there).
func MovedPeople(before, after map[string]PersonLinks) []string {
	var out []string
	for _, id := range unionKeys(before, after) {
		b, a := before[id], after[id]
		if equalPtr(b.Manager, a.Manager) && slices.Equal(b.Teams, a.Teams) {
			continue
		}
		out = append(out, id)
	}
	return out
}

// Moves makes the PersonChange of each moved person id.
func Moves(ids []string, before, after map[string]PersonLinks, person func(id string) Person, team func(id string) Team, manager func(id string, after bool) *Person) []PersonChange {
	out := []PersonChange{}
	for _, id := range ids {
		b, a := before[id], after[id]
		joined, left := diffSorted(b.Teams, a.Teams)
		c := PersonChange{Person: person(id), Joined: []Team{}, Left: []Team{}}
		for _, t := range joined {
			c.Joined = append(c.Joined, team(t))
		}
		for _, t := range left {
			c.Left = append(c.Left, team(t))
		}
		if b.Manager != nil {
			c.ManagerBefore = manager(*b.Manager, false)
		}
		if a.Manager != nil {
			c.ManagerAfter = manager(*a.Manager, true)
		}
		out = append(out, c)
	}
	return out
}

// diffSorted is what after has and before not (gained), and what before
// has and after not (lost), of two sorted lists.
func diffSorted(before, after []string) (gained, lost []string) {
	i, j := 0, 0
	for i < len(before) || j < len(after) {
		switch {
		case j == len(after) || (i < len(before) && before[i] < after[j]):
			lost = append(lost, before[i])
			i++
		case i == len(before) || after[j] < before[i]:
			gained = append(gained, after[j])
			j++
		default:
			i++
			j++
		}
	}
	return gained, lost
}

func unionKeys[V any](a, b map[string]V) []string {
	out := make([]string, 0, len(a))
	for k := range a {
		out = append(out, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}
