package graph

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Question is when, and for how much, a question of docs/questions.md is asked.
type Question struct {
	Amount *float64  // nil: any amount
	At     time.Time // the instant T
}

// Check reports a question that cannot be asked: a negative or not-a-number amount.
func (q Question) Check() error {
	if q.Amount != nil && !(*q.Amount >= 0) {
		return BadInput([]Problem{{Path: "amount", Message: fmt.Sprintf("must be a number ≥ 0, not %v", *q.Amount)}})
	}
	return nil
}

// Instant is the instant T of a question asked at at: at in UTC, or now
// for the zero time.
func Instant(at time.Time) time.Time {
	if at.IsZero() {
		at = time.Now()
	}
	return at.UTC()
}

// GrantVia says how a person exercises a granting mandate.
type GrantVia string

const (
	ViaDirect GrantVia = "DIRECT" // the person holds it
	ViaTeam   GrantVia = "TEAM"   // a team the person is in (or a team above it) holds it
)

// Grant is one mandate that lets a person act, and how they hold it.
type Grant struct {
	Mandate Mandate
	Via     GrantVia
	Team    *Team    // the holding team, for ViaTeam
	Limit   *float64 // the mandate's effective limit; nil: unlimited
}

// SortGrants sorts grants by (mandate id, via, team id), the order every
// answer lists them in.
func SortGrants(gs []Grant) { slices.SortFunc(gs, CmpGrants) }

// CmpGrants orders grants by (mandate id, via, team id).
func CmpGrants(a, b Grant) int {
	if c := strings.Compare(a.Mandate.ID, b.Mandate.ID); c != 0 {
		return c
	}
	if c := strings.Compare(string(a.Via), string(b.Via)); c != 0 {
		return c
	}
	return strings.Compare(a.teamID(), b.teamID())
}

func (g Grant) teamID() string {
	if g.Team == nil {
		return ""
	}
	return g.Team.ID
}

// BestLimit is the best limit over grants (docs/questions.md §2.8): the largest, nil
// (unlimited) if any grant is unlimited or there are no grants.
func BestLimit(gs []Grant) *float64 {
	var best *float64
	for _, g := range gs {
		if g.Limit == nil {
			return nil
		}
		if best == nil || *g.Limit > *best {
			l := *g.Limit
			best = &l
		}
	}
	return best
}

// Actor is a person who can act, with their best limit (nil: unlimited) and
// every grant.
type Actor struct {
	Person Person
	Limit  *float64
	Grants []Grant
}

// Decision answers canAct: whether, why (in words), and the grants that allow it.
type Decision struct {
	Allowed bool
	Reason  string
	Grants  []Grant
}

// MatterGrant is a matter a person can act on, with their best limit and grants.
type MatterGrant struct {
	Matter Matter
	Limit  *float64
	Grants []Grant
}

// RouteNode is a node of a route: *Touchpoint, *Team or *Person.
type RouteNode interface{ IsRouteNode() }

func (*Touchpoint) IsRouteNode() {}
func (*Team) IsRouteNode()       {}
func (*Person) IsRouteNode()     {}

// HolderNode is the person or team that holds a mandate or staffs a
// touchpoint: *Person or *Team.
type HolderNode interface{ IsHolder() }

func (*Team) IsHolder()   {}
func (*Person) IsHolder() {}

// Route is one shortest path from a touchpoint to a person who can act.
type Route struct {
	Hops  int
	Actor Person
	Path  []RouteNode // touchpoint first, Actor last
}

// MandateStatus is where a mandate stands at an instant.
type MandateStatus struct {
	// EffectiveLimit is lim(X) of docs/questions.md §2.5, the smallest limit along the
	// delegation chain; nil: unlimited. It does not depend on the instant.
	EffectiveLimit *float64
	// Effective says whether the mandate and every mandate it is delegated
	// from, transitively, are valid at the instant (docs/questions.md §2.4).
	Effective bool
}
