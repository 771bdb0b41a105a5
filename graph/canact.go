package graph

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Candidate is a mandate a person exercises (docs/questions.md §2.6) that covers the
// matter asked about (docs/questions.md §2.3), whatever its validity or limit: the grant
// it would be, and its delegation chain at the instant asked about.
type Candidate struct {
	// Grant is the mandate, how the person holds it and its effective
	// limit (docs/questions.md §2.5).
	Grant Grant
	// Chain is the mandate, then the mandate it is delegated from, and so
	// on up to the source of all.
	Chain []ChainLink
}

// ChainLink is one mandate of a delegation chain at the instant asked about.
type ChainLink struct {
	ID, Name              string
	ValidFrom, ValidUntil *time.Time
	// InWindow: the mandate is inside its validity window at the instant
	// (docs/questions.md §2.4).
	InWindow bool
}

// effective: the mandate and all its sources are in their windows (docs/questions.md §2.4).
func (c Candidate) effective() bool { return c.lapse() < 0 }

// lapse is the position in the chain of the nearest mandate outside its
// window, -1 if none.
func (c Candidate) lapse() int {
	return slices.IndexFunc(c.Chain, func(l ChainLink) bool { return !l.InWindow })
}

// allows: the amount is within the effective limit (docs/questions.md §2.7).
func (c Candidate) allows(amount *float64) bool {
	return amount == nil || c.Grant.Limit == nil || *amount <= *c.Grant.Limit
}

// Decide answers canAct(P, M, A, T) of docs/questions.md §2.7 for the person p, the
// matter m and every candidate of theirs, asked q (q.At is the instant T,
// not the zero time): whether p can act, the grants that allow it (sorted
// by mandate id, via, team id; empty when not allowed) and a reason a
// person can read.
//
// When allowed, the reason names the best grant (the highest limit) and how
// many others allow it too. When not, it names the most useful cause: the
// person is inactive; no mandate they exercise covers the matter; the
// effective limit of the covering mandate with the highest limit is below
// the amount; or a covering mandate, or a mandate it is delegated from, has
// expired or is not yet valid — with up to three others listed briefly.
// cands is left as it was.
func Decide(p Person, m Matter, cands []Candidate, q Question) Decision {
	subject := fmt.Sprintf("%s can act on %q", p.Name, m.Name)
	if q.Amount != nil {
		subject += " for " + number(*q.Amount)
	}
	deny := func(reason string) Decision {
		return Decision{Reason: strings.Replace(subject, " can act ", " cannot act ", 1) + ": " + reason, Grants: []Grant{}}
	}
	if !p.Active {
		return deny(p.Name + " is inactive, and an inactive person never acts.")
	}
	if len(cands) == 0 {
		return deny(fmt.Sprintf("no mandate %s holds, directly or through a team, covers it.", p.Name))
	}

	// Most useful first, ties in grant order: effective mandates (where only
	// the limit can stand in the way), then those whose limit would allow
	// the amount, then by limit, highest (unlimited) first.
	cands = slices.Clone(cands)
	slices.SortFunc(cands, func(a, b Candidate) int { return CmpGrants(a.Grant, b.Grant) })
	slices.SortStableFunc(cands, func(a, b Candidate) int {
		if c := cmpBool(a.effective(), b.effective()); c != 0 {
			return c
		}
		if c := cmpBool(a.allows(q.Amount), b.allows(q.Amount)); c != 0 {
			return c
		}
		return cmpLimit(b.Grant.Limit, a.Grant.Limit)
	})
	var grants []Grant
	for _, c := range cands {
		if c.effective() && c.allows(q.Amount) {
			grants = append(grants, c.Grant)
		}
	}
	if len(grants) > 0 {
		best := grants[0]
		reason := fmt.Sprintf("%s: %s, %s.", subject, describeGrant(best), describeLimit(best.Limit))
		switch others := len(grants) - 1; others {
		case 0:
		case 1:
			reason += " 1 other grant also allows it."
		default:
			reason += fmt.Sprintf(" %d other grants also allow it.", others)
		}
		SortGrants(grants)
		return Decision{Allowed: true, Reason: reason, Grants: grants}
	}

	reason := describeRefusal(cands[0], q) + "."
	if rest := cands[1:]; len(rest) > 0 {
		const listed = 3
		var also []string
		for _, c := range rest[:min(len(rest), listed)] {
			also = append(also, describeRefusal(c, q))
		}
		reason += " Also: " + strings.Join(also, "; ")
		if len(rest) > listed {
			reason += fmt.Sprintf("; and %d more", len(rest)-listed)
		}
		reason += "."
	}
	return deny(reason)
}

// describeRefusal says why a candidate does not allow the question: the
// nearest lapse along its chain, else its limit.
func describeRefusal(c Candidate, q Question) string {
	what := describeGrant(c.Grant) + " covers it, but "
	switch i := c.lapse(); {
	case i == 0:
		return what + "it " + describeLapse(c.Chain[0], q.At)
	case i == 1:
		l := c.Chain[1]
		return what + fmt.Sprintf("the mandate it is delegated from, %q (%s), %s", l.Name, l.ID, describeLapse(l, q.At))
	case i > 1:
		l := c.Chain[i]
		return what + fmt.Sprintf("%q (%s), further up its delegation chain, %s", l.Name, l.ID, describeLapse(l, q.At))
	}
	return what + "its effective limit is " + number(*c.Grant.Limit)
}

// describeLapse says how a mandate is outside its window at at.
func describeLapse(l ChainLink, at time.Time) string {
	if l.ValidFrom != nil && at.Before(*l.ValidFrom) {
		return "is not valid until " + date(*l.ValidFrom)
	}
	if l.ValidUntil != nil {
		return "expired on " + date(*l.ValidUntil)
	}
	return "is not in force"
}

// describeGrant names a grant's mandate and how it is held.
func describeGrant(g Grant) string {
	held := "held directly"
	if g.Team != nil {
		held = fmt.Sprintf("held through team %q", g.Team.Name)
	}
	return fmt.Sprintf("mandate %q (%s) %s", g.Mandate.Name, g.Mandate.ID, held)
}

func describeLimit(l *float64) string {
	if l == nil {
		return "with no limit"
	}
	return "effective limit " + number(*l)
}

// number writes an amount or limit as people do: 2000, 12.5.
func number(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// date writes an instant as a date when it is midnight UTC, else in full.
func date(t time.Time) string {
	t = t.UTC()
	if t.Equal(t.Truncate(24 * time.Hour)) {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339)
}

// cmpBool orders true first.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}

// cmpLimit orders limits with nil (unlimited) above every number.
func cmpLimit(a, b *float64) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return cmp.Compare(*a, *b)
}
