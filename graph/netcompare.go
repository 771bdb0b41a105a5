package graph

import (
	"slices"
	"strings"
	"time"
)

// A comparison of two orgs (docs/scenarios.md) computed over their Nets:
// who gained and who lost the ability to act on each matter, and the links
// of the people a scenario can have moved. At 100 000 people the matters
// have some 7 million actors together, and a scenario changes few of them:
// most matters are settled by looking only at the people the scenario
// changed, and the others by walking each side's actors once, never
// making a list of every actor of a matter.

// ActorDiff is a matter whose actors differ between two orgs: the ids of
// the people who can act on it in the second and could not in the first
// (Gained), and the other way round (Lost), each sorted.
type ActorDiff struct {
	Matter       Matter
	Gained, Lost []string
}

// DiffActors lists, by matter id, the matters whose actors for amount (nil:
// any amount) at at (docs/questions.md §2.8) differ between the orgs before
// and after. A matter one side lacks has no actors there. The matter is
// as after has it, or as before has it when after has none.
//
// A matter whose mandates in force are held, on both sides, by the same
// teams (by id), none of whose sets of teams below them (desc, §2.2)
// changed, has the same actors on both sides among the people who are
// alike on both (same active flag, same teams by id) and hold none of its
// mandates: only the others can have gained or lost it, and they are
// looked at one by one. Any other matter has both sides' actors walked.
func DiffActors(before, after *Net, at time.Time, amount *float64) []ActorDiff {
	d := newActorDiffer(before, after)
	sb, sa := before.at(at), after.at(at)
	none := &cover{}
	var out []ActorDiff
	diff := func(mb, ma int32) {
		cb, ca := none, none
		if mb >= 0 {
			cb = before.coverFor(sb, mb, amount)
		}
		if ma >= 0 {
			ca = after.coverFor(sa, ma, amount)
		}
		var gained, lost []string
		if d.sameTeams(cb, ca) {
			gained, lost = d.fewChanged(cb, ca)
		} else {
			gained, lost = d.walk(cb, ca)
		}
		if len(gained)+len(lost) == 0 {
			return
		}
		c := ActorDiff{Gained: gained, Lost: lost}
		if ma >= 0 {
			c.Matter = after.org.Matters[ma]
		} else {
			c.Matter = before.org.Matters[mb]
		}
		slices.Sort(c.Gained)
		slices.Sort(c.Lost)
		out = append(out, c)
	}
	for ma, m := range after.org.Matters {
		mb, ok := before.matterIdx[m.ID]
		if !ok {
			mb = -1
		}
		diff(mb, int32(ma))
	}
	for mb, m := range before.org.Matters {
		if _, ok := after.matterIdx[m.ID]; !ok {
			diff(int32(mb), -1)
		}
	}
	slices.SortFunc(out, func(a, b ActorDiff) int { return strings.Compare(a.Matter.ID, b.Matter.ID) })
	return out
}

// actorDiffer is what DiffActors knows of two Nets once, for every matter.
type actorDiffer struct {
	before, after *Net
	// toBefore is the person of before with the id of each person of
	// after (-1: none); teamToBefore the same for team positions.
	toBefore, teamToBefore []int32
	// descKnown is, by team position in after, whether the team's desc
	// differs, by id, from its desc in before (or before lacks it), as
	// far as asked: 0 not yet known, 1 alike, 2 changed.
	descKnown []int8
	// changed are the people not alike on both sides, as (before, after)
	// person pairs, -1 on the side that lacks them.
	changed [][2]int32
	// Scratch: marks by person of each side, and before's actors of the
	// matter at hand.
	seenB, seenA *stamps
	actorsB      []int32
}

func newActorDiffer(before, after *Net) *actorDiffer {
	d := &actorDiffer{before: before, after: after,
		seenB: newStamps(len(before.org.People)), seenA: newStamps(len(after.org.People))}
	d.teamToBefore = make([]int32, len(after.org.Teams))
	for i, t := range after.org.Teams {
		d.teamToBefore[after.pos[i]] = -1
		if j, ok := before.teamIdx[t.ID]; ok {
			d.teamToBefore[after.pos[i]] = before.pos[j]
		}
	}
	d.descKnown = make([]int8, len(after.org.Teams))

	d.toBefore = make([]int32, len(after.org.People))
	inAfter := make([]bool, len(before.org.People))
	for p, person := range after.org.People {
		q, ok := before.personIdx[person.ID]
		if !ok {
			d.toBefore[p] = -1
			d.changed = append(d.changed, [2]int32{-1, int32(p)})
			continue
		}
		d.toBefore[p], inAfter[q] = q, true
		if !d.alike(q, int32(p)) {
			d.changed = append(d.changed, [2]int32{q, int32(p)})
		}
	}
	for q := range before.org.People {
		if !inAfter[q] {
			d.changed = append(d.changed, [2]int32{int32(q), -1})
		}
	}
	return d
}

// alike says whether person q of before and p of after, of the same id,
// are active alike and members of the same teams, by id.
func (d *actorDiffer) alike(q, p int32) bool {
	if d.before.active(q) != d.after.active(p) {
		return false
	}
	tb, ta := d.before.teamsOf.of(q), d.after.teamsOf.of(p)
	if len(tb) != len(ta) {
		return false
	}
	for _, t := range ta {
		if !slices.Contains(tb, d.teamToBefore[t]) {
			return false
		}
	}
	for _, t := range tb {
		if !slices.ContainsFunc(ta, func(u int32) bool { return d.teamToBefore[u] == t }) {
			return false
		}
	}
	return true
}

// descChanged says whether desc of the team at position t of after
// differs, by id, from its desc in before, or before lacks the team.
func (d *actorDiffer) descChanged(t int32) bool {
	if d.descKnown[t] == 0 {
		before, after := d.before, d.after
		b := d.teamToBefore[t]
		changed := b < 0 || after.end[t]-t != before.end[b]-b
		for u := t; u < after.end[t] && !changed; u++ {
			x := d.teamToBefore[u]
			changed = x < b || x >= before.end[b]
		}
		d.descKnown[t] = 1
		if changed {
			d.descKnown[t] = 2
		}
	}
	return d.descKnown[t] == 2
}

// sameTeams says whether cb and ca are granted by the same holding teams,
// by id, none of whose desc changed.
func (d *actorDiffer) sameTeams(cb, ca *cover) bool {
	if len(cb.teams) != len(ca.teams) {
		return false
	}
	for _, t := range ca.teams {
		if d.descChanged(t) {
			return false
		}
		if _, ok := slices.BinarySearch(cb.teams, d.teamToBefore[t]); !ok {
			return false
		}
	}
	return true
}

// fewChanged is who gained and who lost the matter cb and ca cover when
// they are granted by the same teams (sameTeams): only the people not
// alike on both sides and those holding a mandate of it on either side
// can differ.
func (d *actorDiffer) fewChanged(cb, ca *cover) (gained, lost []string) {
	nowB, nowA := d.seenB.next(), d.seenA.next()
	check := func(q, p int32) {
		if (q >= 0 && d.seenB.mark[q] == nowB) || (p >= 0 && d.seenA.mark[p] == nowA) {
			return
		}
		if q >= 0 {
			d.seenB.mark[q] = nowB
		}
		if p >= 0 {
			d.seenA.mark[p] = nowA
		}
		actsB := q >= 0 && d.before.acts(cb, q)
		actsA := p >= 0 && d.after.acts(ca, p)
		switch {
		case actsA && !actsB:
			gained = append(gained, d.after.org.People[p].ID)
		case actsB && !actsA:
			lost = append(lost, d.before.org.People[q].ID)
		}
	}
	for _, c := range d.changed {
		check(c[0], c[1])
	}
	for _, p := range ca.people {
		check(d.toBefore[p], p)
	}
	for _, q := range cb.people {
		p := int32(-1)
		if i, ok := d.after.personIdx[d.before.org.People[q].ID]; ok {
			p = i
		}
		check(q, p)
	}
	return gained, lost
}

// walk is who gained and who lost the matter cb and ca cover, from all
// its actors on both sides: before's are each marked inB, and those after
// has too are marked again, matched.
func (d *actorDiffer) walk(cb, ca *cover) (gained, lost []string) {
	inB := d.seenB.next()
	d.actorsB = d.actorsB[:0]
	d.before.actors(cb, d.seenB.mark, inB, func(p int32) bool {
		d.actorsB = append(d.actorsB, p)
		return true
	})
	matched := d.seenB.next()
	d.after.actors(ca, d.seenA.mark, d.seenA.next(), func(p int32) bool {
		if q := d.toBefore[p]; q >= 0 && d.seenB.mark[q] == inB {
			d.seenB.mark[q] = matched
		} else {
			gained = append(gained, d.after.org.People[p].ID)
		}
		return true
	})
	for _, p := range d.actorsB {
		if d.seenB.mark[p] != matched {
			lost = append(lost, d.before.org.People[p].ID)
		}
	}
	return gained, lost
}

// Links answers the manager and teams (ids, sorted) of the people of
// people and of the members of the teams of teams, by person id: whom a
// scenario can have moved. Unknown ids are left out.
func (n *Net) Links(people, teams []string) map[string]PersonLinks {
	out := map[string]PersonLinks{}
	add := func(p int32) {
		id := n.org.People[p].ID
		if _, ok := out[id]; ok {
			return
		}
		l := PersonLinks{Manager: n.org.People[p].Manager}
		for _, t := range n.teamsOf.of(p) {
			l.Teams = append(l.Teams, n.org.Teams[n.team[t]].ID)
		}
		slices.Sort(l.Teams)
		out[id] = l
	}
	for _, id := range people {
		if p, ok := n.personIdx[id]; ok {
			add(p)
		}
	}
	for _, id := range teams {
		if t, ok := n.teamIdx[id]; ok {
			for _, p := range n.members.of(n.pos[t]) {
				add(p)
			}
		}
	}
	return out
}
