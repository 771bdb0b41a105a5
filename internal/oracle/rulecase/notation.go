package rulecase

// The notation of the rule cases: answers written one a line, so that a
// case reads like the answer it expects.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/orgnet/orgnet/internal/oracle"
)

// FormatNumber writes a figure as the cases do: the shortest decimal that
// reads back as it.
func FormatNumber(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// FormatLimit writes a limit: "∞" for unlimited.
func FormatLimit(l *float64) string {
	if l == nil {
		return "∞"
	}
	return FormatNumber(*l)
}

// FormatGrants writes grants, in their order, as
// "md-cards TEAM cards ≤10000, md-fee-ann DIRECT ≤2000": the mandate, how it
// is held (and through which team), its effective limit.
func FormatGrants(gs []oracle.Grant) string {
	out := make([]string, len(gs))
	for i, g := range gs {
		s := g.Mandate + " " + g.Via
		if g.Team != "" {
			s += " " + g.Team
		}
		out[i] = s + " ≤" + FormatLimit(g.Limit)
	}
	return strings.Join(out, ", ")
}

// FormatActor writes an actor as "ann ≤10000: <grants>": the person, their
// best limit, their grants.
func FormatActor(a oracle.Actor) string {
	return a.Person + " ≤" + FormatLimit(a.Limit) + ": " + FormatGrants(a.Grants)
}

// FormatMatterGrant writes a matter a person can act on as
// "fee ≤10000: <grants>".
func FormatMatterGrant(m oracle.MatterGrant) string {
	return m.Matter + " ≤" + FormatLimit(m.Limit) + ": " + FormatGrants(m.Grants)
}

// FormatRoute writes a route as "Touchpoint:tp-phone → Person:pia"; "none"
// for no route.
func FormatRoute(path []oracle.Node) string {
	if len(path) == 0 {
		return "none"
	}
	out := make([]string, len(path))
	for i, n := range path {
		out[i] = n.String()
	}
	return strings.Join(out, " → ")
}

// ParseRoute reads FormatRoute's notation.
func ParseRoute(s string) ([]oracle.Node, error) {
	if strings.TrimSpace(s) == "none" {
		return nil, nil
	}
	var path []oracle.Node
	for _, part := range strings.Split(s, "→") {
		kind, id, ok := strings.Cut(strings.TrimSpace(part), ":")
		if !ok || (kind != oracle.KindTouchpoint && kind != oracle.KindTeam && kind != oracle.KindPerson) {
			return nil, fmt.Errorf("route %q: %q is not Touchpoint:id, Team:id or Person:id", s, part)
		}
		path = append(path, oracle.Node{Kind: kind, ID: id})
	}
	return path, nil
}

// FormatHandling writes a handling as "desk/fee 20 front d=1": touchpoint
// and matter, the residual, "front" when the front line can act, and the
// distance ("d=-" when stranded).
func FormatHandling(h oracle.HandlingHealth) string {
	s := fmt.Sprintf("%s/%s %s", h.Touchpoint, h.Matter, FormatNumber(h.Residual))
	if h.FrontLineCanAct {
		s += " front"
	}
	if h.Distance == nil {
		return s + " d=-"
	}
	return s + fmt.Sprintf(" d=%d", *h.Distance)
}

// FormatUnit writes a unit as "bank: 6 people, 4 layers, 4 mandates,
// exclusive card-fee loan": the team, members(t), the longest manager
// chain among them, the mandates held inside, and the matters only they
// can act on.
func FormatUnit(u oracle.Unit) string {
	s := fmt.Sprintf("%s: %d people, %d layers, %d mandates", u.Team, u.People, u.Layers, u.Mandates)
	if len(u.ExclusiveMatters) > 0 {
		s += ", exclusive " + strings.Join(u.ExclusiveMatters, " ")
	}
	return s
}

// FormatSingleActor writes a single-actor matter as "fee → ann".
func FormatSingleActor(s oracle.SingleActor) string { return s.Matter + " → " + s.Person }
