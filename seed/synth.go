package seed

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// SynthOptions chooses a synthetic organization.
type SynthOptions struct {
	// People is how many people the organization has, at least 1.
	People int
	// Seed picks the organization: the same options give the same bytes.
	Seed int64
}

// Synth writes a synthetic organization of o.People people to w as a
// snapshot document in the format of docs/writes.md, one entity per line. The same
// options give the same bytes, on any platform: every number written is
// computed in integers. Entities are written one by one, so memory stays
// proportional to the organization's structure, not its text.
//
// The organization passes graph.Validate and, for n = o.People of about 50
// and more, has this shape (smaller ones get fewer levels):
//   - a unit hierarchy (UNIT teams, ids u00001…) 5 to 8 levels deep, deeper
//     for larger organizations. Every unit with child units has 3 to 15 of
//     them. Every unit has a lead (role LEAD) who manages the unit's other
//     members and the leads of its child units, so everyone who has reports
//     has 3 to 15 of them; the lead of the top unit has no manager.
//   - people p000001…, each a member of exactly one unit; 2 % of them
//     (rounded) inactive, never the top person.
//   - about n/19 cross-functional TEAM teams (x00001…), each with members
//     from at least two units; about a third of the people are in one or
//     two of them.
//   - about n/50 matters (m00001…, at least 8), a forest up to 4 levels deep.
//   - about n/5 mandates (md000001…, at least 5) held by people, units and
//     TEAM teams, with delegation chains of up to 4 steps and shrinking
//     limits. Some windows ended before 2026, some start in 2030 or later.
//   - 20 to 60 touchpoints (tp01…): self-service WEB and APP ones without
//     staff that escalate to staffed ones (or, now and then, nowhere), and
//     CHAT, PHONE, EMAIL, BRANCH and SOCIAL ones staffed by units, TEAM teams
//     or people, each handling 3 to 12 matters.
func Synth(w io.Writer, o SynthOptions) error {
	if o.People < 1 {
		return fmt.Errorf("synth: people must be at least 1, not %d", o.People)
	}
	g := newSynthOrg(o)
	out := &synthWriter{w: bufio.NewWriterSize(w, 64<<10)}
	g.write(out)
	if out.err == nil {
		out.err = out.w.Flush()
	}
	if out.err != nil {
		return fmt.Errorf("synth: write: %w", out.err)
	}
	return nil
}

// Shape parameters of Synth; see its doc comment.
const (
	minSpan, maxSpan    = 3, 15
	peoplePerUnit       = 8  // so that the mean span of control is about 8
	peoplePerTeam       = 19 // people per TEAM team, so that teams have about 8 members
	peoplePerMatter     = 50
	peoplePerMandate    = 5
	inactivePercent     = 2
	maxMatterDepth      = 4
	maxDelegationSteps  = 4
	minTouchpoints      = 20
	maxTouchpoints      = 60
	peoplePerTouchpoint = 2500 // one touchpoint more than the minimum per this many people
)

type holderKind uint8

const (
	holderPerson holderKind = iota
	holderUnit
	holderTeam
)

type synthHolder struct {
	kind holderKind
	id   int32 // index into people, units or teams
}

// noLimit is the limit of a mandate without one.
const noLimit = math.MaxInt64

type synthMandate struct {
	matter      int32
	holder      synthHolder
	limit       int64 // noLimit when absent
	source      int32 // -1: not delegated
	from, until time.Time
}

type synthHandling struct {
	matter int32
	volume int
	rate   int // selfServiceRate in hundredths
}

type synthTouchpoint struct {
	channel   graph.Channel
	self      bool
	staff     []synthHolder
	escalates []int
	handles   []synthHandling
}

// synthOrg is the structure of a synthetic organization: indices only, no
// text. Units and people are in breadth-first order, so managers, parents
// and sources always come before what refers to them.
type synthOrg struct {
	rng    *rand.Rand
	people int

	unitParent []int32 // -1 for the top unit
	unitLevel  []uint8 // 0 for the top unit
	unitKids   []uint8 // number of child units
	unitFirst  []int32 // first person (the lead) of each unit, and people at the end

	personUnit []int32
	inactive   []bool
	teams      [][]int32 // members of each TEAM team, its lead first

	matterParent []int32
	matterKids   [][]int32

	mandates    []synthMandate
	touchpoints []synthTouchpoint
}

func newSynthOrg(o SynthOptions) *synthOrg {
	const stream = 0x6f72676e6574 // "orgnet": the PCG's second seed word, fixed
	g := &synthOrg{rng: rand.New(rand.NewPCG(uint64(o.Seed), stream)), people: o.People}
	g.buildUnits()
	g.buildPeople()
	g.buildTeams()
	g.buildMatters()
	g.buildMandates()
	g.buildTouchpoints()
	return g
}

func (g *synthOrg) intn(n int) int { return g.rng.IntN(n) }

func (g *synthOrg) chance(p float64) bool { return g.rng.Float64() < p }

// unitDepthFor is the depth of the unit hierarchy for n people.
func unitDepthFor(n int) int {
	switch {
	case n <= 2_000:
		return 5
	case n <= 20_000:
		return 6
	case n <= 200_000:
		return 7
	default:
		return 8
	}
}

// buildUnits lays out the unit tree, trying shallower trees while the
// deepest one wanted cannot be staffed (a lead per unit, three members in
// each unit without child units).
func (g *synthOrg) buildUnits() {
	for depth := unitDepthFor(g.people); ; depth-- {
		g.layUnits(levelCounts(depth, max(g.people/peoplePerUnit, 1)))
		need := 0
		for _, kids := range g.unitKids {
			need += 1 + max(0, minSpan-int(kids))
		}
		if need <= g.people || depth == 1 {
			return
		}
	}
}

// levelCounts is how many units each level of a tree of the given depth has
// so that there are about target units in all (at least target, where the
// spans allow): growing geometrically from the single top unit, each level
// at least minSpan units and at most maxSpan times the one above.
func levelCounts(depth, target int) []int {
	// The growth factor is in thousandths, the ideal level sizes in
	// millionths, so that the counts are the same on every platform.
	counts := func(growth int64) []int {
		out, ideal := []int{1}, int64(1_000_000)
		for l := 1; l < depth; l++ {
			ideal = ideal * growth / 1000
			c := int((ideal + 500_000) / 1_000_000)
			out = append(out, min(max(c, minSpan), maxSpan*out[l-1]))
		}
		return out
	}
	total := func(c []int) (sum int) {
		for _, n := range c {
			sum += n
		}
		return sum
	}
	lo, hi := int64(1000), int64(maxSpan*1000) // the least growth reaching target is in (lo, hi]
	if total(counts(lo)) >= target {
		return counts(lo)
	}
	for hi-lo > 1 {
		if mid := (lo + hi) / 2; total(counts(mid)) < target {
			lo = mid
		} else {
			hi = mid
		}
	}
	return counts(hi)
}

// layUnits builds a tree with the given number of units per level: some
// units of each level become parents of the next level's, each with
// minSpan to maxSpan children; the others stay leaves.
func (g *synthOrg) layUnits(counts []int) {
	g.unitParent, g.unitLevel, g.unitKids = []int32{-1}, []uint8{0}, []uint8{0}
	start := 0
	for l := 0; l+1 < len(counts); l++ {
		cur, next := counts[l], counts[l+1]
		lo, hi := (next+maxSpan-1)/maxSpan, min(cur, next/minSpan)
		span := 4 + g.intn(7) // the mean span aimed at
		parents := min(max((next+span/2)/span, lo), hi)
		kids := make([]int, parents)
		for i := range kids {
			kids[i] = minSpan
		}
		for rest := next - minSpan*parents; rest > 0; rest-- {
			j := g.intn(parents)
			for kids[j] == maxSpan {
				j = (j + 1) % parents
			}
			kids[j]++
		}
		// Pick which units of this level are parents, in order, so that
		// children stay in breadth-first order.
		for i, k := 0, 0; i < cur && k < parents; i++ {
			if g.intn(cur-i) >= parents-k {
				continue
			}
			u := start + i
			g.unitKids[u] = uint8(kids[k])
			for range kids[k] {
				g.unitParent = append(g.unitParent, int32(u))
				g.unitLevel = append(g.unitLevel, uint8(l+1))
				g.unitKids = append(g.unitKids, 0)
			}
			k++
		}
		start += cur
	}
}

// buildPeople gives each unit its lead and members, so that every lead's
// span (other members plus child units' leads) is minSpan to maxSpan where
// the people suffice, and picks the inactive people.
func (g *synthOrg) buildPeople() {
	units := len(g.unitParent)
	members := make([]int, units) // besides the lead
	free := g.people - units
	for u := range members {
		members[u] = min(max(0, minSpan-int(g.unitKids[u])), free)
		free -= members[u]
	}
	for ; free > 0; free-- {
		u := g.intn(units)
		for probe := 0; probe < units && int(g.unitKids[u])+members[u] >= maxSpan; probe++ {
			u = (u + 1) % units
		}
		members[u]++
	}
	g.unitFirst = make([]int32, units+1)
	g.personUnit = make([]int32, 0, g.people)
	for u := range units {
		g.unitFirst[u] = int32(len(g.personUnit))
		for range 1 + members[u] {
			g.personUnit = append(g.personUnit, int32(u))
		}
	}
	g.unitFirst[units] = int32(g.people)

	g.inactive = make([]bool, g.people)
	need := (g.people*inactivePercent + 50) / 100
	for i := 1; i < g.people && need > 0; i++ { // selection sampling over everyone but the top person
		if g.intn(g.people-i) < need {
			g.inactive[i] = true
			need--
		}
	}
}

// manager is the person's manager, -1 for the top person.
func (g *synthOrg) manager(person int) int {
	u := g.personUnit[person]
	if lead := int(g.unitFirst[u]); lead != person {
		return lead
	}
	if p := g.unitParent[u]; p >= 0 {
		return int(g.unitFirst[p])
	}
	return -1
}

// buildTeams puts about a third of the people in one or two TEAM teams and
// makes sure each team draws on at least two units.
func (g *synthOrg) buildTeams() {
	if len(g.unitParent) < 2 {
		return
	}
	n := max(1, (g.people+peoplePerTeam/2)/peoplePerTeam)
	g.teams = make([][]int32, n)
	count := make([]uint8, g.people)
	join := func(p, t int) {
		g.teams[t] = append(g.teams[t], int32(p))
		count[p]++
	}
	for p := range g.people {
		switch r := g.intn(12); {
		case r < 8: // two in three are in no team
		case r < 11 || n == 1:
			join(p, g.intn(n))
		default:
			t1, t2 := g.intn(n), g.intn(n-1)
			if t2 >= t1 {
				t2++
			}
			join(p, min(t1, t2))
			join(p, max(t1, t2))
		}
	}
	for t, members := range g.teams {
		for !g.spansUnits(members) {
			home := int32(-1)
			if len(members) > 0 {
				home = g.personUnit[members[0]]
			}
			// Someone from another unit, in fewer than two teams if possible.
			p, found := -1, false
			for _, busy := range []bool{false, true} {
				p = g.intn(g.people)
				for probe := 0; probe < g.people && !found; probe++ {
					found = (busy || count[p] < 2) && g.personUnit[p] != home && !containsInt32(members, int32(p))
					if !found {
						p = (p + 1) % g.people
					}
				}
				if found {
					break
				}
			}
			join(p, t)
			members = g.teams[t]
		}
	}
}

func (g *synthOrg) spansUnits(members []int32) bool {
	for _, p := range members {
		if g.personUnit[p] != g.personUnit[members[0]] {
			return true
		}
	}
	return false
}

func containsInt32(s []int32, v int32) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// buildMatters grows a forest of broad matters and narrower ones under them.
func (g *synthOrg) buildMatters() {
	n := max(8, (g.people+peoplePerMatter/2)/peoplePerMatter)
	roots := min(max(n/15, 3), 12)
	g.matterParent = make([]int32, n)
	g.matterKids = make([][]int32, n)
	depth := make([]uint8, n)
	var open []int32 // matters that may still have children
	for m := range n {
		g.matterParent[m] = -1
		if m >= roots {
			p := open[g.intn(len(open))]
			g.matterParent[m], depth[m] = p, depth[p]+1
			g.matterKids[p] = append(g.matterKids[p], int32(m))
		}
		if depth[m]+1 < maxMatterDepth {
			open = append(open, int32(m))
		}
	}
}

var rootLimits = []int64{5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 1_000_000, 5_000_000}

// month is the first day of a month in the years fromYear to fromYear+years-1.
func (g *synthOrg) month(fromYear, years int) time.Time {
	return time.Date(fromYear+g.intn(years), time.Month(1+g.intn(12)), 1, 0, 0, 0, 0, time.UTC)
}

// expiredWindow ended in 2024 or 2025.
func (g *synthOrg) expiredWindow() (from, until time.Time) {
	return g.month(2019, 4), g.month(2024, 2)
}

// futureWindow starts in 2030 to 2032, open-ended or for one to three years.
func (g *synthOrg) futureWindow() (from, until time.Time) {
	from = g.month(2030, 3)
	if g.chance(0.5) {
		until = from.AddDate(1+g.intn(3), 0, 0)
	}
	return from, until
}

// buildMandates grants root mandates and delegates from earlier ones, each
// delegation over the source's matter or one below it, with a limit no
// higher than the source's effective limit.
func (g *synthOrg) buildMandates() {
	n := max(5, (g.people+peoplePerMandate/2)/peoplePerMandate)
	g.mandates = make([]synthMandate, 0, n)
	steps := make([]uint8, 0, n)
	effective := make([]int64, 0, n) // lim(X) of docs/questions.md §2.5, noLimit when unlimited
	var sources []int32              // mandates that may still be delegated
	for i := range n {
		m := synthMandate{source: -1, limit: noLimit}
		step := uint8(0)
		if len(sources) > 0 && g.chance(0.65) {
			// Mostly recent sources, so that chains grow long.
			var src int32
			if g.chance(0.5) {
				src = sources[len(sources)-1-g.intn(min(len(sources), 32))]
			} else {
				src = sources[g.intn(len(sources))]
			}
			m.source, step = src, steps[src]+1
			m.matter = g.mandates[src].matter
			for len(g.matterKids[m.matter]) > 0 && g.chance(0.6) {
				kids := g.matterKids[m.matter]
				m.matter = kids[g.intn(len(kids))]
			}
			m.holder = g.holder(0.5, 0.4)
			switch lim := effective[src]; {
			case lim != noLimit:
				m.limit = niceFloor(lim * int64(10+g.intn(81)) / 100) // 10 to 90 % of it
			case g.chance(0.6):
				m.limit = rootLimits[g.intn(len(rootLimits))]
			}
			switch r := g.rng.Float64(); {
			case r < 0.05:
				m.from, m.until = g.expiredWindow()
			case r < 0.10:
				m.from, m.until = g.futureWindow()
			}
			effective = append(effective, min(m.limit, effective[src]))
		} else {
			m.matter = int32(g.intn(len(g.matterParent)))
			if g.chance(0.4) { // a broad matter
				for g.matterParent[m.matter] >= 0 {
					m.matter = g.matterParent[m.matter]
				}
			}
			m.holder = g.holder(0.45, 0.4)
			if g.chance(0.85) {
				m.limit = rootLimits[g.intn(len(rootLimits))]
			}
			switch r := g.rng.Float64(); {
			case r < 0.10:
				m.from, m.until = g.expiredWindow()
			case r < 0.16:
				m.from, m.until = g.futureWindow()
			case r < 0.40:
				m.from = g.month(2018, 8) // started 2018 to 2025
			}
			effective = append(effective, m.limit)
		}
		g.mandates = append(g.mandates, m)
		steps = append(steps, step)
		if step < maxDelegationSteps {
			sources = append(sources, int32(i))
		}
	}
}

// holder picks a unit with probability pUnit, a person with probability
// pPerson, else a TEAM team (a unit when there are none).
func (g *synthOrg) holder(pUnit, pPerson float64) synthHolder {
	switch r := g.rng.Float64(); {
	case r < pPerson:
		return synthHolder{holderPerson, int32(g.intn(g.people))}
	case r < pPerson+pUnit || len(g.teams) == 0:
		return synthHolder{holderUnit, int32(g.intn(len(g.unitParent)))}
	default:
		return synthHolder{holderTeam, int32(g.intn(len(g.teams)))}
	}
}

// niceFloor rounds x ≥ 0 down to two significant digits, so that limits
// read like limits.
func niceFloor(x int64) int64 {
	unit := int64(1)
	for x/unit >= 100 {
		unit *= 10
	}
	return x / unit * unit
}

// touchpointChannels is the mix of channels, repeated.
var touchpointChannels = []graph.Channel{
	graph.ChannelWeb, graph.ChannelApp, graph.ChannelChat, graph.ChannelPhone, graph.ChannelEmail,
	graph.ChannelBranch, graph.ChannelWeb, graph.ChannelPhone, graph.ChannelBranch, graph.ChannelChat,
	graph.ChannelApp, graph.ChannelBranch, graph.ChannelPhone, graph.ChannelSocial, graph.ChannelBranch,
	graph.ChannelWeb, graph.ChannelChat, graph.ChannelBranch, graph.ChannelPhone, graph.ChannelEmail,
}

func (g *synthOrg) buildTouchpoints() {
	n := min(max(minTouchpoints+g.people/peoplePerTouchpoint, minTouchpoints), maxTouchpoints)
	g.touchpoints = make([]synthTouchpoint, n)
	var staffed []int
	for i := range g.touchpoints {
		c := touchpointChannels[i%len(touchpointChannels)]
		g.touchpoints[i] = synthTouchpoint{channel: c, self: c == graph.ChannelWeb || c == graph.ChannelApp}
		if !g.touchpoints[i].self {
			staffed = append(staffed, i)
		}
	}
	for i := range g.touchpoints {
		t := &g.touchpoints[i]
		escalations := 0
		if t.self {
			if !g.chance(0.2) { // now and then a dead end
				escalations = 1 + g.intn(2)
			}
		} else {
			for range 1 + g.intn(3) {
				h := g.holder(0.6, 0.15)
				if !containsHolder(t.staff, h) {
					t.staff = append(t.staff, h)
				}
			}
			if g.chance(0.4) {
				escalations = 1
			}
		}
		for range escalations {
			to := staffed[g.intn(len(staffed))]
			if to != i && !containsInt(t.escalates, to) {
				t.escalates = append(t.escalates, to)
			}
		}
		for range min(3+g.intn(10), len(g.matterParent)) {
			m := int32(g.intn(len(g.matterParent)))
			for containsHandling(t.handles, m) {
				m = (m + 1) % int32(len(g.matterParent))
			}
			rate := g.intn(31) // staffed: 0–30 % resolved without a person
			if t.self {
				rate = 50 + g.intn(46) // 50–95 %
			}
			volume := (10 + g.intn(90)) * []int{5, 50, 500}[g.intn(3)] // 50 to 49 500 a month, about log-uniform
			t.handles = append(t.handles, synthHandling{matter: m, volume: volume, rate: rate})
		}
	}
}

func containsHolder(s []synthHolder, h synthHolder) bool {
	for _, x := range s {
		if x == h {
			return true
		}
	}
	return false
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func containsHandling(s []synthHandling, m int32) bool {
	for _, h := range s {
		if h.matter == m {
			return true
		}
	}
	return false
}
