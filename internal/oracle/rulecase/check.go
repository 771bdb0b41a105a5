package rulecase

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/internal/oracle"
)

// Answerer answers orgnet's questions about one organization, in the
// reference model's terms: the reference model itself, or the service
// translated.
type Answerer interface {
	WhoCanAct(matter string, amount *float64, at time.Time) ([]oracle.Actor, error)
	CanAct(person, matter string, amount *float64, at time.Time) (Decision, error)
	ActionableMatters(person string, amount *float64, at time.Time) ([]oracle.MatterGrant, error)
	// CustomerDistance is one shortest route, touchpoint first; nil when
	// nobody reachable can act.
	CustomerDistance(touchpoint, matter string, amount *float64, at time.Time) ([]oracle.Node, error)
	OrgHealth(at time.Time) (Health, error)
	// Write merges put into the organization as it was given (docs/writes.md,
	// MERGE) and answers the paths of the problems it is refused with, nil
	// when it is accepted; the organization is as it was given again for
	// the next question.
	Write(put *graph.Snapshot) ([]string, error)
}

// Decision is canAct's answer. Reason is nil from an answerer that does
// not explain.
type Decision struct {
	Allowed bool
	Grants  []oracle.Grant
	Reason  *string
}

// Health is orgHealth's answer with the unit breakdown, the key people and
// a route for each handling with a distance ("touchpoint/matter" →
// route).
type Health struct {
	oracle.Health
	Routes    map[string][]oracle.Node
	Units     []oracle.Unit
	KeyPeople []oracle.KeyPerson
}

// Run checks every rule case of Dir against the answerer answer makes for
// each document's organization, a subtest per document and case.
func Run(t *testing.T, answer func(t *testing.T, org *graph.Snapshot) Answerer) {
	docs, err := Load(Dir())
	require.NoError(t, err)
	for _, d := range docs {
		t.Run(d.Name(), func(t *testing.T) {
			a := answer(t, d.Org)
			// The reference model over the same org judges routes: the
			// file's and the answerer's must each be a shortest one.
			ref := oracle.New(d.Org)
			for _, c := range d.WhoCanAct {
				t.Run("whoCanAct: "+c.Case, func(t *testing.T) {
					got, err := a.WhoCanAct(c.Matter, c.Amount, c.when(d))
					require.NoError(t, err)
					lines := []string{}
					for _, x := range got {
						lines = append(lines, FormatActor(x))
					}
					assert.Equal(t, orEmpty(c.Actors), lines)
				})
			}
			for _, c := range d.CanAct {
				t.Run("canAct: "+c.Case, func(t *testing.T) {
					got, err := a.CanAct(c.Person, c.Matter, c.Amount, c.when(d))
					require.NoError(t, err)
					assert.Equal(t, c.Allowed, got.Allowed, "allowed")
					assert.Equal(t, c.Grants, FormatGrants(got.Grants), "grants")
					if c.Reason != nil && got.Reason != nil {
						assert.Equal(t, *c.Reason, *got.Reason, "reason")
					}
				})
			}
			for _, c := range d.ActionableMatters {
				t.Run("actionableMatters: "+c.Case, func(t *testing.T) {
					got, err := a.ActionableMatters(c.Person, c.Amount, c.when(d))
					require.NoError(t, err)
					lines := []string{}
					for _, m := range got {
						lines = append(lines, FormatMatterGrant(m))
					}
					assert.Equal(t, orEmpty(c.Matters), lines)
				})
			}
			for _, c := range d.CustomerDistance {
				t.Run("customerDistance: "+c.Case, func(t *testing.T) {
					checkDistance(t, a, ref, c, c.when(d))
				})
			}
			for _, c := range d.OrgHealth {
				t.Run("orgHealth: "+c.Case, func(t *testing.T) {
					at := d.At
					if c.At != nil {
						at = *c.At
					}
					got, err := a.OrgHealth(at)
					require.NoError(t, err)
					checkHealth(t, ref, c, at, got)
				})
			}
			for _, c := range d.Writes {
				t.Run("write: "+c.Case, func(t *testing.T) {
					got, err := a.Write(c.Put)
					require.NoError(t, err)
					assert.ElementsMatch(t, c.Problems, got, "problem paths")
				})
			}
		})
	}
}

func orEmpty(lines []string) []string {
	if lines == nil {
		return []string{}
	}
	return lines
}

// checkDistance: the same hop count as the file's route, to the same
// person, along a route the reference model accepts as shortest.
func checkDistance(t *testing.T, a Answerer, ref *oracle.Org, c CustomerDistanceCase, at time.Time) {
	want, err := ParseRoute(c.Route)
	require.NoError(t, err)
	require.NoError(t, ref.CheckRoute(c.Touchpoint, c.Matter, c.Amount, at, want), "the case's own route %s", c.Route)
	got, err := a.CustomerDistance(c.Touchpoint, c.Matter, c.Amount, at)
	require.NoError(t, err)
	if want == nil {
		assert.Nil(t, got, "no route; got %s", FormatRoute(got))
		return
	}
	require.NotNil(t, got, "want %s", c.Route)
	assert.Equal(t, len(want)-1, len(got)-1, "hops: want %s, got %s", c.Route, FormatRoute(got))
	assert.Equal(t, want[len(want)-1], got[len(got)-1], "the nearest actor with the least id: want %s, got %s", c.Route, FormatRoute(got))
	assert.NoError(t, ref.CheckRoute(c.Touchpoint, c.Matter, c.Amount, at, got), "route %s", FormatRoute(got))
}

func checkHealth(t *testing.T, ref *oracle.Org, c OrgHealthCase, at time.Time, got Health) {
	checkVolume(t, c.Volume, got.Volume, "the org")
	if c.OrphanMatters != nil {
		assert.Equal(t, orEmpty(*c.OrphanMatters), orEmpty(got.OrphanMatters), "orphanMatters")
	}
	if c.SingleActorMatters != nil {
		lines := []string{}
		for _, s := range got.SingleActorMatters {
			lines = append(lines, FormatSingleActor(s))
		}
		assert.Equal(t, orEmpty(*c.SingleActorMatters), lines, "singleActorMatters")
	}
	if c.Layers != nil {
		assert.Equal(t, *c.Layers, got.Layers, "layers")
	}
	if c.UnitDepth != nil {
		assert.Equal(t, *c.UnitDepth, got.UnitDepth, "unitDepth")
	}
	if c.SpanOfControl != nil {
		assert.Equal(t, c.SpanOfControl.Max, got.SpanOfControl.Max, "spanOfControl.max")
		checkNumber(t, c.SpanOfControl.Mean, got.SpanOfControl.Mean, "spanOfControl.mean")
		checkNumber(t, c.SpanOfControl.Median, got.SpanOfControl.Median, "spanOfControl.median")
	}
	if c.Handlings != nil {
		var want, lines []string
		for _, line := range c.Handlings {
			figures, _, _ := strings.Cut(line, " via ")
			want = append(want, figures)
		}
		for _, h := range got.Handlings {
			lines = append(lines, FormatHandling(h))
		}
		assert.Equal(t, want, lines, "handlings")
		for _, line := range c.Handlings {
			checkHandlingRoute(t, ref, line, at, got)
		}
	}
	if c.Touchpoints != nil {
		var want, ids []string
		for _, tp := range c.Touchpoints {
			want = append(want, tp.Touchpoint)
		}
		for _, tp := range got.Touchpoints {
			ids = append(ids, tp.Touchpoint)
		}
		if assert.Equal(t, want, ids, "touchpoints") {
			for i, tp := range c.Touchpoints {
				checkVolume(t, tp.Volume, got.Touchpoints[i].Volume, "touchpoint "+tp.Touchpoint)
			}
		}
	}
	if c.Channels != nil {
		var want, names []string
		for _, ch := range c.Channels {
			want = append(want, fmt.Sprintf("%s×%d", ch.Channel, ch.Touchpoints))
		}
		for _, ch := range got.Channels {
			names = append(names, fmt.Sprintf("%s×%d", ch.Channel, ch.Touchpoints))
		}
		if assert.Equal(t, want, names, "channels and how many touchpoints use each") {
			for i, ch := range c.Channels {
				checkVolume(t, ch.Volume, got.Channels[i].Volume, "channel "+ch.Channel)
			}
		}
	}
	if c.Units != nil {
		lines := []string{}
		for _, u := range got.Units {
			lines = append(lines, FormatUnit(u))
		}
		assert.Equal(t, c.Units, lines, "units")
	}
	if c.KeyPeople != nil {
		require.Len(t, got.KeyPeople, len(c.KeyPeople), "keyPeople")
		for i, want := range c.KeyPeople {
			k := got.KeyPeople[i]
			assert.Equal(t, want.Person, k.Person, "key person %d", i)
			assert.Equal(t, want.SoleMatters, k.SoleMatters, "soleMatters of %s", want.Person)
			checkNumber(t, &want.SoleMatterResidual, &k.SoleMatterResidual, "soleMatterResidual of "+want.Person)
			checkNumber(t, &want.StrandedIfLeft, &k.StrandedIfLeft, "strandedIfLeft of "+want.Person)
			var keys []string
			for _, h := range k.StrandedHandlings {
				keys = append(keys, h.Touchpoint+"/"+h.Matter)
			}
			assert.Equal(t, orEmpty(want.StrandedHandlings), orEmpty(keys), "strandedHandlings of %s", want.Person)
		}
	}
}

// checkHandlingRoute checks the route of the handling a line of the case
// names ("desk/fee 20 front d=1 via Person:ann", the route after the
// touchpoint): the case's route and the answer's are both shortest.
func checkHandlingRoute(t *testing.T, ref *oracle.Org, line string, at time.Time, got Health) {
	figures, rest, hasRoute := strings.Cut(line, " via ")
	key, _, _ := strings.Cut(figures, " ")
	tp, matter, _ := strings.Cut(key, "/")
	var want []oracle.Node
	if hasRoute {
		after, err := ParseRoute(rest)
		require.NoError(t, err)
		want = append([]oracle.Node{oracle.TouchpointNode(tp)}, after...)
	}
	assert.NoError(t, ref.CheckRoute(tp, matter, nil, at, want), "the case's own route of %s", key)
	assert.NoError(t, ref.CheckRoute(tp, matter, nil, at, got.Routes[key]), "the route of %s: %s", key, FormatRoute(got.Routes[key]))
}

func checkVolume(t *testing.T, want Volume, got oracle.Volume, what string) {
	if want.Residual != nil {
		checkNumber(t, want.Residual, &got.Residual, "residual of "+what)
	}
	if want.Empowerment != nil {
		checkNumber(t, want.Empowerment, got.Empowerment, "empowerment of "+what)
	}
	if want.StrandedVolume != nil {
		checkNumber(t, want.StrandedVolume, &got.StrandedVolume, "strandedVolume of "+what)
	}
	if want.MeanCustomerDistance != nil {
		checkNumber(t, want.MeanCustomerDistance, got.MeanCustomerDistance, "meanCustomerDistance of "+what)
	}
}

// checkNumber: want (a number, or a Number holding nil for null) equals
// got within a relative 1e-9; a nil want checks nothing.
func checkNumber(t *testing.T, want *Number, got *float64, what string) {
	t.Helper()
	switch {
	case want == nil:
	case want.Value == nil || got == nil:
		assert.Equal(t, want.Value, got, what)
	default:
		w, g := *want.Value, *got
		assert.LessOrEqual(t, math.Abs(w-g), 1e-9*math.Max(math.Abs(w), math.Abs(g)), fmt.Sprintf("%s: want %v, got %v", what, w, g))
	}
}
