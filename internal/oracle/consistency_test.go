package oracle

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAnswersAgreeWithEachOther ties the model's answers to each other on
// random orgs: canAct, whoCanAct and actionableMatters agree; more money
// never adds actors; every grant is of an effective mandate allowing the
// amount, with its effective limit; every route passes CheckRoute and ends
// at the first of its actors, and where there is none nobody who can act
// is reachable.
func TestAnswersAgreeWithEachOther(t *testing.T) {
	if testing.Short() {
		t.Skip("walks random orgs")
	}
	for k := range 24 {
		seed := 7 * k // sizes 5–40 over the 24 orgs
		s := seedOrg(seed)
		o := New(s)
		for ti, at := range QueryTimes(s) {
			if ti%3 != seed%3 { // a third of the instants per org, all of them over the seeds
				continue
			}
			for ai, amount := range QueryAmounts(s) {
				if ai != 0 && ai%4 != (seed+ti)%4 { // no amount, and a quarter of the others
					continue
				}
				who := map[string][]Actor{}
				for _, m := range s.Matters {
					who[m.ID] = o.WhoCanAct(m.ID, amount, at)
					if amount != nil {
						all := personIDs(o.WhoCanAct(m.ID, nil, at))
						for _, a := range who[m.ID] {
							require.Contains(t, all, a.Person, "seed %d: more money never adds an actor", seed)
						}
					}
				}
				for _, p := range s.People {
					am := o.ActionableMatters(p.ID, amount, at)
					for _, m := range s.Matters {
						ok, gs := o.CanAct(p.ID, m.ID, amount, at)
						i := slices.IndexFunc(who[m.ID], func(a Actor) bool { return a.Person == p.ID })
						require.Equal(t, ok, i >= 0, "seed %d", seed)
						j := slices.IndexFunc(am, func(mg MatterGrant) bool { return mg.Matter == m.ID })
						require.Equal(t, ok, j >= 0, "seed %d", seed)
						if !ok {
							continue
						}
						require.True(t, p.Active)
						require.Equal(t, gs, who[m.ID][i].Grants)
						require.Equal(t, gs, am[j].Grants)
						require.Equal(t, who[m.ID][i].Limit, am[j].Limit)
						for _, g := range gs {
							require.True(t, o.Effective(g.Mandate, at))
							require.True(t, AmountAllowed(amount, g.Limit))
							require.Equal(t, o.EffectiveLimit(g.Mandate), g.Limit)
						}
					}
				}
				if amount != nil && *amount != 100 {
					continue
				}
				for _, tp := range s.Touchpoints {
					reach, _ := o.Distances(tp.ID)
					for _, m := range s.Matters {
						r := o.CustomerDistance(tp.ID, m.ID, amount, at)
						if r == nil {
							for _, a := range who[m.ID] {
								require.NotContains(t, reach, PersonNode(a.Person), "seed %d: nobody who can act is within reach", seed)
							}
							continue
						}
						require.NoError(t, o.CheckRoute(tp.ID, m.ID, amount, at, r.Path), "seed %d", seed)
						require.Equal(t, PersonNode(r.Actors[0]), r.Path[len(r.Path)-1])
						for _, a := range r.Actors {
							ok, _ := o.CanAct(a, m.ID, amount, at)
							require.True(t, ok)
						}
					}
				}
			}
		}
	}
}
