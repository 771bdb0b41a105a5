package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// sideFacts is what a comparison reads of one side besides its health:
// the org it was computed over and the links of whom a scenario can have
// moved.
type sideFacts struct {
	net   *graph.Net
	links map[string]graph.PersonLinks
}

// CompareScenario answers compareScenario (docs/scenarios.md): the org of
// the scenario id against the live org (against nil) or the scenario
// *against, at at (the zero time: now): both org healths (asked with no
// amount) and the change of every figure, the matters whose actors for
// amount (nil: some amount) changed with who gained and who lost, the
// handlings whose frontLineCanAct or distance
// changed, matters that became or stopped being orphans or single-actor,
// and the people whose teams or manager changed. Each side is read as
// orgHealth reads it live, inside its scenario, and who can act on each
// matter and who moved are computed over the org each side's health was
// computed over (graph.DiffActors, Net.Links); entities come from the side
// they are shown for (who gained from after, who lost from before).
// NOT_FOUND for an unknown scenario, BAD_INPUT for one that is not open.
func (s *Store) CompareScenario(ctx context.Context, id string, against *string, at time.Time, amount *float64) (*graph.Comparison, error) {
	ctx = live(ctx)
	if sandboxesOf(ctx, s) == nil {
		// Outside a request, the comparison is one: the scenario is laid
		// once for its health and its people, not once for each.
		var done func()
		ctx, done = s.WithSandboxes(ctx)
		defer done()
	}
	at = graph.Instant(at)
	ids := []string{id}
	if against != nil {
		ids = append(ids, *against)
	}
	found, err := s.Scenarios(ctx, ids)
	if err != nil {
		return nil, err
	}
	var people, teams []string
	for _, want := range ids {
		sc, ok := found[want]
		if !ok {
			return nil, graph.NotFound("scenario", want)
		}
		if sc.Status != graph.ScenarioOpen {
			return nil, notOpen(&sc)
		}
		p, t := movable(sc)
		people, teams = append(people, p...), append(teams, t...)
	}
	afterCtx := InScenario(ctx, id)
	beforeCtx := InScenario(ctx, "")
	if against != nil {
		beforeCtx = InScenario(ctx, *against)
	}

	c := &graph.Comparison{Scenario: id, Against: against, At: at, Amount: amount}
	// The sides are read at the same time: each is a reading of the whole
	// org, mostly the database's work (docs/scenarios.md, Cost).
	var before, after sideFacts
	var errBefore, errAfter error
	var wg sync.WaitGroup
	wg.Go(func() { c.Before, before, errBefore = s.compareSide(beforeCtx, at, people, teams) })
	c.After, after, errAfter = s.compareSide(afterCtx, at, people, teams)
	wg.Wait()
	if err := cmp.Or(errBefore, errAfter); err != nil {
		return nil, err
	}

	c.Figures = graph.Figures(c.Before, c.After)
	c.Handlings = graph.HandlingChanges(c.Before, c.After)
	c.BecameOrphan, c.NoLongerOrphan = graph.OrphanChanges(c.Before, c.After)
	c.BecameSingleActor, c.NoLongerSingleActor = graph.SingleActorChanges(c.Before, c.After)

	// Who can act on each matter, over the org each health was computed
	// over (docs/scenarios.md, Cost).
	diffs := graph.DiffActors(before.net, after.net, at, amount)

	// Whole entities, each from the side it is shown for.
	gained, lost := graph.ActorIDs(diffs)
	moved := graph.MovedPeople(before.links, after.links)
	needAfter, needBefore := slices.Clone(gained), slices.Clone(lost)
	var teamsAfter, teamsBefore []string
	for _, p := range moved {
		needAfter, needBefore = append(needAfter, p), append(needBefore, p)
		if m := after.links[p].Manager; m != nil {
			needAfter = append(needAfter, *m)
		}
		if m := before.links[p].Manager; m != nil {
			needBefore = append(needBefore, *m)
		}
		teamsAfter = append(teamsAfter, after.links[p].Teams...)
		teamsBefore = append(teamsBefore, before.links[p].Teams...)
	}
	peopleAfter, teamAfter, err := s.entities(afterCtx, needAfter, teamsAfter)
	if err != nil {
		return nil, err
	}
	peopleBefore, teamBefore, err := s.entities(beforeCtx, needBefore, teamsBefore)
	if err != nil {
		return nil, err
	}
	pick := func(first, second map[string]graph.Person) func(string) graph.Person {
		return func(id string) graph.Person {
			if p, ok := first[id]; ok {
				return p
			}
			return second[id]
		}
	}
	c.Actors = graph.ActorChanges(diffs, pick(peopleAfter, nil), pick(peopleBefore, nil))
	c.People = graph.Moves(moved, before.links, after.links, pick(peopleAfter, peopleBefore),
		func(id string) graph.Team {
			if t, ok := teamAfter[id]; ok {
				return t
			}
			return teamBefore[id]
		},
		func(id string, inAfter bool) *graph.Person {
			side := peopleBefore
			if inAfter {
				side = peopleAfter
			}
			if p, ok := side[id]; ok {
				return &p
			}
			return nil
		})
	return c, nil
}

// compareSide reads one side of a comparison, in the scenario ctx asks in:
// its health (OrgHealth, as asked live), and over the org the health was
// computed over, the links of the people of people and of the members of
// teams.
func (s *Store) compareSide(ctx context.Context, at time.Time, people, teams []string) (*graph.OrgHealth, sideFacts, error) {
	h, err := s.OrgHealth(ctx, at)
	if err != nil {
		return nil, sideFacts{}, err
	}
	net, err := s.netOf(ctx, h)
	if err != nil {
		return nil, sideFacts{}, fmt.Errorf("compare: %w", err)
	}
	return h, sideFacts{net: net, links: net.Links(people, teams)}, nil
}

// entities reads the people and teams of ids, in one transaction.
func (s *Store) entities(ctx context.Context, people, teams []string) (map[string]graph.Person, map[string]graph.Team, error) {
	type both struct {
		people map[string]graph.Person
		teams  map[string]graph.Team
	}
	b, err := read(ctx, s, func(tx runner) (both, error) {
		b := both{map[string]graph.Person{}, map[string]graph.Team{}}
		recs, err := run(ctx, tx, peopleByID, map[string]any{"ids": distinct(people)})
		if err != nil {
			return b, err
		}
		for _, rec := range recs {
			p := toPerson(row{rec}.value("n").(map[string]any))
			b.people[p.ID] = p
		}
		recs, err = run(ctx, tx, teamsByID, map[string]any{"ids": distinct(teams)})
		if err != nil {
			return b, err
		}
		for _, rec := range recs {
			t := toTeam(row{rec}.value("n").(map[string]any))
			b.teams[t.ID] = t
		}
		return b, nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("compare: entities: %w", err)
	}
	return b.people, b.teams, nil
}

// movable names whom the steps of sc can have moved: the people they name
// (upserted, deleted, in a membership they add or remove) and the members
// of the teams they delete.
func movable(sc graph.Scenario) (people, teams []string) {
	for _, st := range sc.Steps {
		for _, k := range st.Touches() {
			switch k.Type {
			case graph.EntityPerson:
				people = append(people, k.ID)
			case graph.EntityMembership:
				if p, _, ok := graph.SplitMembershipID(k.ID); ok {
					people = append(people, p)
				}
			}
		}
		for _, d := range st.Delete {
			if d.Type == graph.EntityTeam {
				teams = append(teams, d.ID)
			}
		}
	}
	return people, teams
}
