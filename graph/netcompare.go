package graph

import (
	"slices"
	"strings"
	"time"
)

// A comparison of two orgs (docs/scenarios.md) computed over their Nets:
// who gained and who lost the ability to act on each matter, and the links
// of the people a scenario can have moved. Who can act on a matter is a
// cover on each side; the actors of one side are walked once and looked up
// in the other side's walk by person, so no list of every actor of a
// matter is ever made (at 100 000 people the matters have some 7 million
// actors together).

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
func DiffActors(before, after *Net, at time.Time, amount *float64) []ActorDiff {
	sb, sa := before.at(at), after.at(at)
	// The person of before with the id of each person of after; -1: none.
	toBefore := make([]int32, len(after.org.People))
	for i, p := range after.org.People {
		toBefore[i] = -1
		if j, ok := before.personIdx[p.ID]; ok {
			toBefore[i] = j
		}
	}
	seenB, seenA := newStamps(len(before.org.People)), newStamps(len(after.org.People))
	var actorsB []int32 // scratch: before's actors of the matter at hand

	var out []ActorDiff
	diff := func(mb, ma int32) {
		// Before's actors, each marked inB; those after has too are marked
		// again, matched.
		inB := seenB.next()
		actorsB = actorsB[:0]
		if mb >= 0 {
			before.actors(before.coverFor(sb, mb, amount), seenB.mark, inB, func(p int32) bool {
				actorsB = append(actorsB, p)
				return true
			})
		}
		matched := seenB.next()
		d := ActorDiff{}
		if ma >= 0 {
			after.actors(after.coverFor(sa, ma, amount), seenA.mark, seenA.next(), func(p int32) bool {
				if q := toBefore[p]; q >= 0 && seenB.mark[q] == inB {
					seenB.mark[q] = matched
				} else {
					d.Gained = append(d.Gained, after.org.People[p].ID)
				}
				return true
			})
		}
		for _, p := range actorsB {
			if seenB.mark[p] != matched {
				d.Lost = append(d.Lost, before.org.People[p].ID)
			}
		}
		if len(d.Gained)+len(d.Lost) == 0 {
			return
		}
		if ma >= 0 {
			d.Matter = after.org.Matters[ma]
		} else {
			d.Matter = before.org.Matters[mb]
		}
		slices.Sort(d.Gained)
		slices.Sort(d.Lost)
		out = append(out, d)
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
