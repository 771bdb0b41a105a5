package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// canActQuery answers canAct($personId, $matterId, $amount, $at) (SPEC §2.7)
// with what it takes to explain the answer: the person and the matter (null
// when unknown) and every candidate — each mandate the person exercises
// (SPEC §2.6) that covers the matter (SPEC §2.3), whatever its validity or
// limit — with its effective limit and its delegation chain (the mandate
// first, then its sources), each link saying whether it is inside its
// validity window at $at.
var canActQuery = `
	OPTIONAL MATCH (p:Person {id: $personId})
	OPTIONAL MATCH (m:Matter {id: $matterId})
	OPTIONAL CALL (p, m) {
		` + exercisedMandates + `
		WITH md, holder WHERE EXISTS { (m)-[:PART_OF]->*(:Matter)<-[:OVER]-(md) }
		CALL (md) {
			MATCH chain = (md)-[:DELEGATED_FROM]->*(x:Mandate)
			WITH x, length(chain) AS depth ORDER BY depth
			RETURN min(x.limit) AS lim, collect({id: x.id, name: x.name, validFrom: x.validFrom, validUntil: x.validUntil,
				inWindow: (x.validFrom IS NULL OR x.validFrom <= $at) AND (x.validUntil IS NULL OR $at < x.validUntil)}) AS chain
		}
		RETURN collect({grant: ` + grantProjection + `, chain: chain}) AS candidates
	}
	RETURN ` + personProjection + ` AS person, ` + matterProjection + ` AS matter, candidates`

// CanAct answers canAct(P, M, A, T) of SPEC §2.7 in one round trip: whether
// the person can act on the matter, the grants that allow it (sorted by
// mandate id, via, team id; empty when not allowed) and a reason a person can
// read. When allowed, the reason names the best grant (the highest limit)
// and how many others allow it too. When not, it names the most useful cause:
// the person is inactive; no mandate they exercise covers the matter; the
// effective limit of the covering mandate with the highest limit is below
// the amount; or a covering mandate, or a mandate it is delegated from, has
// expired or is not yet valid — with the others listed briefly. An unknown
// person or matter is NOT_FOUND; a negative amount is BAD_INPUT.
func (s *Store) CanAct(ctx context.Context, personID, matterID string, q graph.Question) (graph.Decision, error) {
	if err := q.Check(); err != nil {
		return graph.Decision{}, err
	}
	recs, err := s.query(ctx, canActQuery, questionParams(q, map[string]any{"personId": personID, "matterId": matterID}))
	if err != nil {
		return graph.Decision{}, fmt.Errorf("can act: %w", err)
	}
	if len(recs) != 1 {
		return graph.Decision{}, fmt.Errorf("can act: %d rows, want 1", len(recs))
	}
	person, _ := recs[0].Get("person")
	matter, _ := recs[0].Get("matter")
	cands, _ := recs[0].Get("candidates")
	p, ok := person.(map[string]any)
	if !ok {
		return graph.Decision{}, graph.NotFound("person", personID)
	}
	m, ok := matter.(map[string]any)
	if !ok {
		return graph.Decision{}, graph.NotFound("matter", matterID)
	}
	var candidates []candidate
	for _, c := range list(cands) {
		candidates = append(candidates, toCandidate(c.(map[string]any)))
	}
	return decide(toPerson(p), toMatter(m), candidates, q), nil
}

// candidate is a mandate a person exercises that covers the matter asked
// about, and its delegation chain.
type candidate struct {
	grant graph.Grant
	chain []chainLink // the mandate, then its source, and so on
}

// chainLink is one mandate of a delegation chain at the instant asked about.
type chainLink struct {
	id, name              string
	validFrom, validUntil *time.Time
	inWindow              bool
}

func toCandidate(m map[string]any) candidate {
	c := candidate{grant: toGrant(m["grant"].(map[string]any))}
	for _, l := range list(m["chain"]) {
		lm := l.(map[string]any)
		c.chain = append(c.chain, chainLink{id: str(lm["id"]), name: str(lm["name"]),
			validFrom: optTime(lm["validFrom"]), validUntil: optTime(lm["validUntil"]), inWindow: boolOr(lm["inWindow"], false)})
	}
	return c
}

// effective: the mandate and all its sources are in their windows (SPEC §2.4).
func (c candidate) effective() bool { return c.lapse() < 0 }

// lapse is the position in the chain of the nearest mandate outside its
// window, -1 if none.
func (c candidate) lapse() int {
	return slices.IndexFunc(c.chain, func(l chainLink) bool { return !l.inWindow })
}

// allows: the amount is within the effective limit (SPEC §2.7).
func (c candidate) allows(amount *float64) bool {
	return amount == nil || c.grant.Limit == nil || *amount <= *c.grant.Limit
}

// decide turns the candidates into the decision of SPEC §2.7 and its reason.
func decide(p graph.Person, m graph.Matter, cands []candidate, q graph.Question) graph.Decision {
	subject := fmt.Sprintf("%s can act on %q", p.Name, m.Name)
	if q.Amount != nil {
		subject += " for " + number(*q.Amount)
	}
	deny := func(reason string) graph.Decision {
		return graph.Decision{Reason: strings.Replace(subject, " can act ", " cannot act ", 1) + ": " + reason, Grants: []graph.Grant{}}
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
	slices.SortFunc(cands, func(a, b candidate) int { return cmpGrants(a.grant, b.grant) })
	slices.SortStableFunc(cands, func(a, b candidate) int {
		if c := cmpBool(a.effective(), b.effective()); c != 0 {
			return c
		}
		if c := cmpBool(a.allows(q.Amount), b.allows(q.Amount)); c != 0 {
			return c
		}
		return cmpLimit(b.grant.Limit, a.grant.Limit)
	})
	var grants []graph.Grant
	for _, c := range cands {
		if c.effective() && c.allows(q.Amount) {
			grants = append(grants, c.grant)
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
		sortGrants(grants)
		return graph.Decision{Allowed: true, Reason: reason, Grants: grants}
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
func describeRefusal(c candidate, q graph.Question) string {
	what := describeGrant(c.grant) + " covers it, but "
	switch i := c.lapse(); {
	case i == 0:
		return what + "it " + describeLapse(c.chain[0], q.At)
	case i == 1:
		l := c.chain[1]
		return what + fmt.Sprintf("the mandate it is delegated from, %q (%s), %s", l.name, l.id, describeLapse(l, q.At))
	case i > 1:
		l := c.chain[i]
		return what + fmt.Sprintf("%q (%s), further up its delegation chain, %s", l.name, l.id, describeLapse(l, q.At))
	}
	return what + "its effective limit is " + number(*c.grant.Limit)
}

// describeLapse says how a mandate is outside its window at at.
func describeLapse(l chainLink, at time.Time) string {
	if l.validFrom != nil && instant(at).Before(*l.validFrom) {
		return "is not valid until " + date(*l.validFrom)
	}
	if l.validUntil != nil {
		return "expired on " + date(*l.validUntil)
	}
	return "is not in force"
}

// describeGrant names a grant's mandate and how it is held.
func describeGrant(g graph.Grant) string {
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
