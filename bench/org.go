package bench

import (
	"math/rand/v2"
	"slices"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// Org draws the arguments of the questions at random from a snapshot: the
// benchmark asks about the people, matters and touchpoints of the org it
// imported. It also counts, for every matter and each of the amounts it
// asks with, how many people can act (SPEC §2.8), since whoCanAct's cost
// grows with that count.
type Org struct {
	Snap *graph.Snapshot
	rng  *rand.Rand

	// MaxActors is the largest number of people who can act on one matter
	// (any amount); SmallMedian and SmallMax the median and largest number
	// over the small questions.
	MaxActors, SmallMedian, SmallMax int
	// Small are the whoCanAct questions (a matter and an amount) with at
	// most SmallMatter people who can act, with those people; Large the
	// others.
	Small, Large []WhoCanActQuestion
	handled      map[string][]string // touchpoint → matters it handles
}

// WhoCanActQuestion is a matter and an amount (nil: any), with the people
// who can act when there are at most SmallMatter of them.
type WhoCanActQuestion struct {
	Matter string
	Amount *float64
	actors []string
}

// SmallMatter is the most people who can act for a whoCanAct question to
// count toward its target (p95 ≤ 50 ms for matters with up to 500 actors).
const SmallMatter = 500

// amounts are the amounts the questions are asked with; nil is any amount.
var amounts = []*float64{nil, ptr(500.0), ptr(2_000.0), ptr(10_000.0), ptr(50_000.0), ptr(250_000.0)}

func ptr[T any](v T) *T { return &v }

// NewOrg prepares the draws for snap, with a fixed seed so that two runs
// ask the same questions.
func NewOrg(snap *graph.Snapshot, seed uint64, at time.Time) *Org {
	o := &Org{Snap: snap, rng: rand.New(rand.NewPCG(seed, 0x62656e6368)), handled: map[string][]string{}}
	for _, tp := range snap.Touchpoints {
		for _, h := range tp.Handles {
			o.handled[tp.ID] = append(o.handled[tp.ID], h.Matter)
		}
	}
	o.countActors(at)
	return o
}

// countActors answers whoCanAct(M, A, at) for every matter M and amount A
// of amounts, as SPEC §2 defines it, in plain Go: exactly up to
// SmallMatter people, and beyond that only for the largest count.
func (o *Org) countActors(at time.Time) {
	s := o.Snap
	person := make(map[string]int32, len(s.People))
	active := make([]bool, len(s.People))
	for i, p := range s.People {
		person[p.ID] = int32(i)
		active[i] = p.Active
	}
	// members(t): the active people in t or a team below it.
	children := map[string][]string{}
	for _, t := range s.Teams {
		if t.Parent != nil {
			children[*t.Parent] = append(children[*t.Parent], t.ID)
		}
	}
	direct := map[string][]int32{}
	for _, m := range s.Memberships {
		if i, ok := person[m.Person]; ok && active[i] {
			direct[m.Team] = append(direct[m.Team], i)
		}
	}
	// Two stamp arrays mark who is already counted: one for a team's
	// members, one for a question's actors.
	stamp, seen := make([]int32, len(s.People)), make([]int32, len(s.People))
	round, questionRound := int32(0), int32(0)
	members := map[string][]int32{}
	var collect func(t string, out *[]int32)
	collect = func(t string, out *[]int32) {
		for _, i := range direct[t] {
			if stamp[i] != round {
				stamp[i] = round
				*out = append(*out, i)
			}
		}
		for _, c := range children[t] {
			collect(c, out)
		}
	}
	membersOf := func(t string) []int32 {
		if m, ok := members[t]; ok {
			return m
		}
		round++
		var out []int32
		collect(t, &out)
		members[t] = out
		return out
	}

	// Mandates effective at the instant (SPEC §2.4) with their effective
	// limits (§2.5), by the matter they are over.
	mandate := make(map[string]*graph.Mandate, len(s.Mandates))
	for i := range s.Mandates {
		mandate[s.Mandates[i].ID] = &s.Mandates[i]
	}
	type standing struct {
		effective bool
		limit     *float64
	}
	standings := map[string]standing{}
	var standingOf func(md *graph.Mandate) standing
	standingOf = func(md *graph.Mandate) standing {
		if st, ok := standings[md.ID]; ok {
			return st
		}
		st := standing{
			effective: (md.ValidFrom == nil || !md.ValidFrom.After(at)) && (md.ValidUntil == nil || at.Before(*md.ValidUntil)),
			limit:     md.Limit,
		}
		if md.DelegatedFrom != nil {
			if src, ok := mandate[*md.DelegatedFrom]; ok {
				up := standingOf(src)
				st.effective = st.effective && up.effective
				if up.limit != nil && (st.limit == nil || *up.limit < *st.limit) {
					st.limit = up.limit
				}
			}
		}
		standings[md.ID] = st
		return st
	}
	type grant struct {
		holder graph.Holder
		limit  *float64
	}
	over := map[string][]grant{}
	for i := range s.Mandates {
		md := &s.Mandates[i]
		if st := standingOf(md); st.effective {
			over[md.Matter] = append(over[md.Matter], grant{md.Holder, st.limit})
		}
	}
	parent := map[string]string{}
	for _, m := range s.Matters {
		if m.Parent != nil {
			parent[m.ID] = *m.Parent
		}
	}

	var smallCounts []int
	for _, m := range s.Matters {
		for _, amount := range amounts {
			questionRound++
			var actors []int32
			add := func(i int32) {
				if seen[i] != questionRound {
					seen[i] = questionRound
					actors = append(actors, i)
				}
			}
			// Covering mandates: over the matter or a matter above it (§2.3);
			// past SmallMatter people only the count for any amount matters.
			for x, ok := m.ID, true; ok && (amount == nil || len(actors) <= SmallMatter); x, ok = parent[x] {
				for _, g := range over[x] {
					if amount != nil && g.limit != nil && *amount > *g.limit {
						continue
					}
					if g.holder.Type == graph.HolderPerson {
						if i, ok := person[g.holder.ID]; ok && active[i] {
							add(i)
						}
						continue
					}
					for _, i := range membersOf(g.holder.ID) {
						add(i)
					}
				}
			}
			if amount == nil {
				o.MaxActors = max(o.MaxActors, len(actors))
			}
			q := WhoCanActQuestion{Matter: m.ID, Amount: amount}
			if len(actors) > SmallMatter {
				o.Large = append(o.Large, q)
				continue
			}
			q.actors = make([]string, len(actors))
			for k, i := range actors {
				q.actors[k] = s.People[i].ID
			}
			o.Small = append(o.Small, q)
			smallCounts = append(smallCounts, len(actors))
		}
	}
	o.SmallMedian = Median(smallCounts)
	if len(smallCounts) > 0 {
		o.SmallMax = slices.Max(smallCounts)
	}
}

// Amount draws a question's amount: none (any amount) two times in five,
// else one of a few typical ones.
func (o *Org) Amount() *float64 {
	if o.rng.IntN(5) < 2 {
		return nil
	}
	a := []float64{500, 2_000, 10_000, 50_000, 250_000}[o.rng.IntN(5)]
	return &a
}

// Person draws anyone in the org, active or not.
func (o *Org) Person() string { return o.Snap.People[o.rng.IntN(len(o.Snap.People))].ID }

// Matter draws any matter.
func (o *Org) Matter() string { return o.Snap.Matters[o.rng.IntN(len(o.Snap.Matters))].ID }

// SmallQuestion draws a whoCanAct question with at most SmallMatter
// people who can act.
func (o *Org) SmallQuestion() WhoCanActQuestion { return o.Small[o.rng.IntN(len(o.Small))] }

// LargeQuestion draws a whoCanAct question with more than SmallMatter
// people who can act.
func (o *Org) LargeQuestion() WhoCanActQuestion { return o.Large[o.rng.IntN(len(o.Large))] }

// CanActPair draws a person and a matter: half the time someone who can act
// on it at some amount (so that the answer is often yes, and its grants are
// listed), else anyone and any matter (mostly no).
func (o *Org) CanActPair() (person, matter string) {
	if o.rng.IntN(2) == 0 && len(o.Small) > 0 {
		for range 100 {
			if q := o.SmallQuestion(); len(q.actors) > 0 {
				return q.actors[o.rng.IntN(len(q.actors))], q.Matter
			}
		}
	}
	return o.Person(), o.Matter()
}

// DistancePair draws a touchpoint and a matter: half the time one the
// touchpoint handles, else any.
func (o *Org) DistancePair() (touchpoint, matter string) {
	tp := o.Snap.Touchpoints[o.rng.IntN(len(o.Snap.Touchpoints))].ID
	if handled := o.handled[tp]; len(handled) > 0 && o.rng.IntN(2) == 0 {
		return tp, handled[o.rng.IntN(len(handled))]
	}
	return tp, o.Matter()
}

// Intn draws an int in [0, n).
func (o *Org) Intn(n int) int { return o.rng.IntN(n) }
