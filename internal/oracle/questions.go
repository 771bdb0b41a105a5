package oracle

import (
	"cmp"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// Via says how a person exercises a granting mandate.
const (
	ViaDirect = "DIRECT" // the person holds the mandate
	ViaTeam   = "TEAM"   // a team of desc(holder) has the person as a member
)

// Grant is one mandate that lets a person act (docs/questions.md §2.8).
type Grant struct {
	Mandate string
	Via     string   // ViaDirect or ViaTeam
	Team    string   // the holding team for ViaTeam; empty for ViaDirect
	Limit   *float64 // the mandate's effective limit; nil is unlimited
}

// Actor is one entry of whoCanAct (docs/questions.md §2.8).
type Actor struct {
	Person string
	Limit  *float64 // the best limit over Grants; nil is unlimited
	Grants []Grant
}

// MatterGrant is one entry of actionableMatters (docs/questions.md §2.9).
type MatterGrant struct {
	Matter string
	Limit  *float64 // the best limit over Grants; nil is unlimited
	Grants []Grant
}

// AmountAllowed answers the amount clause of docs/questions.md §2.7: no amount, or an
// amount ≤ the limit (inclusive); an absent limit allows any amount.
func AmountAllowed(amount, limit *float64) bool {
	return amount == nil || limit == nil || *amount <= *limit
}

// Granting yields every mandate that grants on matter for amount at at
// (docs/questions.md §2.3–§2.5, §2.7), with its effective limit: effective at at,
// covering matter, and allowing amount. An unknown matter yields nothing.
func (o *Org) Granting(matter string, amount *float64, at time.Time) iter.Seq2[*graph.Mandate, *float64] {
	return func(yield func(*graph.Mandate, *float64) bool) {
		for _, x := range o.covering(matter) {
			if !o.Effective(x.ID, at) {
				continue
			}
			if lim := o.EffectiveLimit(x.ID); AmountAllowed(amount, lim) && !yield(x, lim) {
				return
			}
		}
	}
}

// Exercisers answers who exercises a mandate held by h (docs/questions.md §2.6): the
// person if active, members(team) for a team; nobody for an unknown
// holder. The set is the Org's own: do not change it.
func (o *Org) Exercisers(h graph.Holder) map[string]bool {
	switch h.Type {
	case graph.HolderPerson:
		if o.Active(h.ID) {
			return map[string]bool{h.ID: true}
		}
	case graph.HolderTeam:
		return o.Members(h.ID)
	}
	return nil
}

// Grants yields every (person, grant) with canAct(person, matter, amount,
// at) (docs/questions.md §2.6–§2.8): for each granting mandate, its exercisers — a
// person holder gives a DIRECT grant, a team holder a TEAM grant naming the
// holding team. Each person comes once per mandate, in no particular order.
func (o *Org) Grants(matter string, amount *float64, at time.Time) iter.Seq2[string, Grant] {
	return func(yield func(string, Grant) bool) {
		for x, lim := range o.Granting(matter, amount, at) {
			g := Grant{Mandate: x.ID, Via: ViaDirect, Limit: lim}
			if x.Holder.Type == graph.HolderTeam {
				g.Via, g.Team = ViaTeam, x.Holder.ID
			}
			for p := range o.Exercisers(x.Holder) {
				if !yield(p, g) {
					return
				}
			}
		}
	}
}

// grantsByPerson collects Grants, each person's sorted.
func (o *Org) grantsByPerson(matter string, amount *float64, at time.Time) map[string][]Grant {
	out := map[string][]Grant{}
	for p, g := range o.Grants(matter, amount, at) {
		out[p] = append(out[p], g)
	}
	for _, gs := range out {
		SortGrants(gs)
	}
	return out
}

// SortGrants orders grants by (mandate, via, team), the order answers list
// them in.
func SortGrants(gs []Grant) {
	slices.SortFunc(gs, func(a, b Grant) int {
		return cmp.Or(strings.Compare(a.Mandate, b.Mandate), strings.Compare(a.Via, b.Via), strings.Compare(a.Team, b.Team))
	})
}

// BestLimit answers docs/questions.md §2.8's best limit: the greatest of the grants'
// limits, unlimited (nil) winning. Only meaningful for a non-empty list.
func BestLimit(gs []Grant) *float64 {
	var best *float64
	for i, g := range gs {
		if g.Limit == nil {
			return nil
		}
		if i == 0 || *g.Limit > *best {
			l := *g.Limit
			best = &l
		}
	}
	return best
}

// CanAct answers canAct (docs/questions.md §2.7): whether some mandate effective at at
// covers matter, is exercised by person and allows amount, with every such
// grant sorted by (mandate, via, team). An inactive or unknown person never
// acts; the grants of a person who cannot act are nil.
func (o *Org) CanAct(person, matter string, amount *float64, at time.Time) (bool, []Grant) {
	gs := o.grantsByPerson(matter, amount, at)[person]
	return len(gs) > 0, gs
}

// WhoCanAct answers whoCanAct (docs/questions.md §2.8): every person who can act,
// sorted by id, with their grants and best limit. Never nil.
func (o *Org) WhoCanAct(matter string, amount *float64, at time.Time) []Actor {
	out := []Actor{}
	for p, gs := range o.grantsByPerson(matter, amount, at) {
		out = append(out, Actor{Person: p, Limit: BestLimit(gs), Grants: gs})
	}
	slices.SortFunc(out, func(a, b Actor) int { return strings.Compare(a.Person, b.Person) })
	return out
}

// ActionableMatters answers actionableMatters (docs/questions.md §2.9): every matter
// (so a mandate's matter and all below it) person can act on, sorted by
// id, with the best limit and the grants for that matter. Never nil.
func (o *Org) ActionableMatters(person string, amount *float64, at time.Time) []MatterGrant {
	out := []MatterGrant{}
	for _, m := range o.s.Matters {
		if ok, gs := o.CanAct(person, m.ID, amount, at); ok {
			out = append(out, MatterGrant{Matter: m.ID, Limit: BestLimit(gs), Grants: gs})
		}
	}
	slices.SortFunc(out, func(a, b MatterGrant) int { return strings.Compare(a.Matter, b.Matter) })
	return out
}

// FrontLine answers docs/questions.md §2.10: the active people staffing touchpoint
// directly plus members(t) for every staffing team t, sorted, each once.
func (o *Org) FrontLine(touchpoint string) []string {
	set := map[string]bool{}
	if tp := o.touchpoints[touchpoint]; tp != nil {
		for _, h := range tp.StaffedBy {
			switch h.Type {
			case graph.HolderPerson:
				if o.Active(h.ID) {
					set[h.ID] = true
				}
			case graph.HolderTeam:
				for p := range o.Members(h.ID) {
					set[p] = true
				}
			}
		}
	}
	return sortedKeys(set)
}
