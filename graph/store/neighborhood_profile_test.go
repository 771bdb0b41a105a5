package store

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// TestProfileNeighborhood prints the PROFILE of neighborhoodQuery for the
// changes whose neighborhood is the largest of its kind: a person's update,
// the removal of the person with the most reports, of the team with the
// most sub-teams, of the root matter with the largest subtree, a new limit
// on the mandate with the most delegations below it, that matter moved,
// and a userName taken. Every branch must start from an id or a userName
// (an index seek), never from a label scan. Each change is timed twice, the
// second time with the query planned. It runs as TestProfileQuestions does
// (see there):
//
//	ORGNET_PROFILE_NEO4J_URI=bolt://127.0.0.1:7691 ORGNET_PROFILE_ORG=100000 \
//	  go test ./graph/store/ -run TestProfileNeighborhood -v -count=1
func TestProfileNeighborhood(t *testing.T) {
	s, ctx := profileStore(t)
	org, err := s.ReadOrg(ctx)
	if err != nil {
		t.Fatal(err)
	}
	most := func(cypher string) string {
		recs, err := s.query(ctx, cypher, nil)
		if err != nil || len(recs) == 0 {
			t.Fatalf("%s: %v", cypher, err)
		}
		return recs[0].Values[0].(string)
	}
	manager := most(`MATCH (p:Person) RETURN p.id ORDER BY COUNT { (p)<-[:REPORTS_TO]-() } DESC, p.id LIMIT 1`)
	team := most(`MATCH (t:Team) RETURN t.id ORDER BY COUNT { (t)<-[:PART_OF]-() } DESC, t.id LIMIT 1`)
	matter := most(`MATCH (m:Matter) WHERE NOT (m)-[:PART_OF]->() RETURN m.id ORDER BY COUNT { (m)<-[:PART_OF*0..]-(:Matter)<-[:OVER]-(:Mandate) } DESC, m.id LIMIT 1`)
	source := most(`MATCH (md:Mandate) RETURN md.id ORDER BY COUNT { (md)<-[:DELEGATED_FROM*]-() } DESC, md.id LIMIT 1`)

	find := func(id string) graph.Mandate {
		for _, m := range org.Mandates {
			if m.ID == id {
				return m
			}
		}
		t.Fatalf("no mandate %q", id)
		return graph.Mandate{}
	}
	cut := find(source)
	zero := 0.0
	cut.Limit = &zero
	moved := graph.Matter{ID: matter, Name: "Moved", Parent: &org.Matters[len(org.Matters)-1].ID}
	person := org.People[len(org.People)/2]
	person.Name += " again"
	taker := org.People[len(org.People)/3]
	taker.UserName = &person.ID // some userName, to look up by its index

	for _, c := range slices.Repeat([]struct {
		name   string
		change graph.Change
	}{
		{"updatePerson", graph.Change{Put: graph.Snapshot{People: []graph.Person{person}}}},
		{"remove the person with the most reports", graph.Change{Remove: graph.Removal{People: []string{manager}}}},
		{"remove the team with the most sub-teams", graph.Change{Remove: graph.Removal{Teams: []string{team}}}},
		{"remove the matter with the most mandates below", graph.Change{Remove: graph.Removal{Matters: []string{matter}}}},
		{"a new limit on the mandate with the most delegations below", graph.Change{Put: graph.Snapshot{Mandates: []graph.Mandate{cut}}}},
		{"the matter with the most mandates below, moved", graph.Change{Put: graph.Snapshot{Matters: []graph.Matter{moved}}}},
		{"a userName given", graph.Change{Put: graph.Snapshot{People: []graph.Person{taker}}}},
	}, 2) {
		hits, plan, _ := profile(t, s, neighborhoodQuery, neighborhoodParams(c.change))
		if strings.Contains(plan, "LabelScan") || strings.Contains(plan, "AllNodesScan") {
			t.Errorf("%s: the neighborhood query scans a label", c.name)
		}
		start := time.Now()
		n, err := read(ctx, s, func(tx runner) (graph.Neighborhood, error) {
			return readNeighborhood(ctx, tx, c.change)
		})
		if err != nil {
			t.Fatal(err)
		}
		read := time.Since(start)
		_, problems := graph.PlanAround(n, c.change)
		t.Logf("%s: %d db hits; read in %v, planned in %v more, %d entities, %d problems\n%s",
			c.name, hits, read, time.Since(start)-read, len(n.Org.People)+len(n.Org.Teams)+len(n.Org.Matters)+len(n.Org.Mandates)+len(n.Org.Touchpoints), len(problems), plan)
	}
}
