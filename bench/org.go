package bench

import (
	"math/rand/v2"
	"slices"
	"time"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/internal/oracle"
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
	// Largest is the matter with MaxActors people who can act.
	Largest string
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
// of amounts by asking the reference model (internal/oracle): exactly up
// to SmallMatter people, and beyond that only for the largest count.
func (o *Org) countActors(at time.Time) {
	model := oracle.New(o.Snap)
	index := make(map[string]int32, len(o.Snap.People))
	for i, p := range o.Snap.People {
		index[p.ID] = int32(i)
	}
	// Each holder's exercisers as people's indexes, once: the questions
	// share holders, and a set of names per question costs seconds at
	// 100 000 people. A stamp marks who a question has counted.
	exercisers := map[graph.Holder][]int32{}
	exercisersOf := func(h graph.Holder) []int32 {
		if ids, ok := exercisers[h]; ok {
			return ids
		}
		var ids []int32
		for p := range model.Exercisers(h) {
			ids = append(ids, index[p])
		}
		exercisers[h] = ids
		return ids
	}
	seen, round := make([]int32, len(o.Snap.People)), int32(0)
	var smallCounts []int
	for _, m := range o.Snap.Matters {
		for _, amount := range amounts {
			round++
			var actors []int32
			for x := range model.Granting(m.ID, amount, at) {
				for _, i := range exercisersOf(x.Holder) {
					if seen[i] != round {
						seen[i] = round
						actors = append(actors, i)
					}
				}
				if amount != nil && len(actors) > SmallMatter { // past SmallMatter only the count for any amount matters
					break
				}
			}
			if amount == nil && len(actors) > o.MaxActors {
				o.MaxActors, o.Largest = len(actors), m.ID
			}
			q := WhoCanActQuestion{Matter: m.ID, Amount: amount}
			if len(actors) > SmallMatter {
				o.Large = append(o.Large, q)
				continue
			}
			slices.Sort(actors) // so that the same seed draws the same people
			q.actors = make([]string, len(actors))
			for k, i := range actors {
				q.actors[k] = o.Snap.People[i].ID
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
