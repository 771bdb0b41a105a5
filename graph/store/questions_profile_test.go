package store

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/seed"
)

// TestProfileQuestions prints the PROFILE of every question's query, with
// db hits per operator, on an org in a database of its own: the demo org
// (ORGNET_PROFILE_ORG=demo) or a synthetic one of N people
// (ORGNET_PROFILE_ORG=N). It runs only when ORGNET_PROFILE_NEO4J_URI names
// that database, which it replaces the org of (ORGNET_PROFILE_SKIP_IMPORT=1
// profiles the org already there):
//
//	go run ./internal/withneo4j --port 7691 --data DIR -- sleep 3600 &
//	ORGNET_PROFILE_NEO4J_URI=bolt://127.0.0.1:7691 ORGNET_PROFILE_ORG=10000 \
//	  go test ./graph/store/ -run TestProfileQuestions -v -count=1
func TestProfileQuestions(t *testing.T) {
	s, ctx := profileStore(t)
	at := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

	// Representative arguments: the matter with the most covering mandates,
	// the person exercising the most mandates, every touchpoint's handlings.
	pick := func(cypher string) []any {
		recs, err := s.query(ctx, cypher, nil)
		if err != nil {
			t.Fatal(err)
		}
		var out []any
		for _, r := range recs {
			out = append(out, r.Values[0])
		}
		return out
	}
	matters := pick(`MATCH (m:Matter) RETURN m.id ORDER BY COUNT { (m)-[:PART_OF]->*(:Matter)<-[:OVER]-(:Mandate) } DESC, m.id LIMIT 20`)
	people := pick(`MATCH (p:Person) WHERE p.active
		RETURN p.id ORDER BY COUNT { (p)-[:MEMBER_OF]->(:Team)-[:PART_OF]->*(:Team)-[:HOLDS]->(:Mandate) } + COUNT { (p)-[:HOLDS]->() } DESC, p.id LIMIT 1`)
	mandates := pick(`MATCH (md:Mandate) RETURN md.id ORDER BY md.id LIMIT 100`)
	handlings := pick(`MATCH (tp:Touchpoint)-[:HANDLES]->(m:Matter) RETURN [tp.id, m.id] ORDER BY tp.id, m.id`)
	if len(matters) == 0 || len(people) == 0 {
		t.Fatal("the org has no matters or no active people to profile with")
	}

	amount := 100.0
	cases := []struct {
		name   string
		cypher string
		params map[string]any
	}{
		{"whoCanAct, 1 matter", whoCanActQuery, map[string]any{"matterIds": matters[:1], "at": at, "amount": nil}},
		{"whoCanAct, 20 matters", whoCanActQuery, map[string]any{"matterIds": matters, "at": at, "amount": amount}},
		{"canAct", canActQuery, map[string]any{"personId": people[0], "matterId": matters[0], "at": at, "amount": amount}},
		{"actionableMatters", actionableMattersQuery, map[string]any{"personId": people[0], "at": at, "amount": nil}},
		{"mandateStatus, 100 mandates", mandateStatusQuery, map[string]any{"mandateIds": mandates, "at": at}},
	}
	for _, c := range cases {
		hits, plan, rows := profile(t, s, c.cypher, c.params)
		t.Logf("%s: %d db hits, %d rows\n%s", c.name, hits, rows, plan)
	}

	// customerDistance over every handling: the total, the worst, and the
	// plan of the worst.
	var total, worst int64
	var worstPlan, worstName string
	for _, h := range handlings {
		pair := h.([]any)
		hits, plan, _ := profile(t, s, customerDistanceQuery, map[string]any{"touchpointId": pair[0], "matterId": pair[1], "at": at, "amount": nil, "tieWindow": tieWindow})
		total += hits
		if hits > worst {
			worst, worstPlan, worstName = hits, plan, fmt.Sprint(pair)
		}
	}
	t.Logf("customerDistance over %d handlings: %d db hits in all, mean %d, worst %d (%s)\n%s",
		len(handlings), total, total/int64(max(len(handlings), 1)), worst, worstName, worstPlan)
}

// profileStore opens the database at ORGNET_PROFILE_NEO4J_URI (skipping the
// test when it is unset), applies the schema and imports the org of
// ORGNET_PROFILE_ORG unless ORGNET_PROFILE_SKIP_IMPORT is set. The store is
// closed when the test ends.
func profileStore(t *testing.T) (*Store, context.Context) {
	t.Helper()
	uri := os.Getenv("ORGNET_PROFILE_NEO4J_URI")
	if uri == "" {
		t.Skip("set ORGNET_PROFILE_NEO4J_URI to a database this test may overwrite")
	}
	ctx := context.Background()
	s, err := Open(Config{URI: uri, QueryTimeout: 5 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close(ctx) })
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if os.Getenv("ORGNET_PROFILE_SKIP_IMPORT") == "" {
		org := profileOrg(t)
		start := time.Now()
		if _, err := s.Import(ctx, org, graph.ImportReplace, nil); err != nil {
			t.Fatal(err)
		}
		t.Logf("imported %d people, %d teams, %d matters, %d mandates, %d touchpoints in %v",
			len(org.People), len(org.Teams), len(org.Matters), len(org.Mandates), len(org.Touchpoints), time.Since(start))
	}
	return s, ctx
}

func profileOrg(t *testing.T) *graph.Snapshot {
	which := os.Getenv("ORGNET_PROFILE_ORG")
	if which == "" || which == "demo" {
		org, err := seed.Demo()
		if err != nil {
			t.Fatal(err)
		}
		return org
	}
	n, err := strconv.Atoi(which)
	if err != nil {
		t.Fatalf("ORGNET_PROFILE_ORG: %v", err)
	}
	var buf bytes.Buffer
	if err := seed.Synth(&buf, seed.SynthOptions{People: n, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	org, err := graph.DecodeSnapshot(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return org
}

// profile runs PROFILE cypher and returns its total db hits, its plan as an
// indented tree, and the number of rows.
func profile(t *testing.T, s *Store, cypher string, params map[string]any) (int64, string, int) {
	t.Helper()
	ctx := context.Background()
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead})
	defer session.Close(ctx)
	res, err := session.Run(ctx, "PROFILE "+cypher, params)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := res.Consume(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(p neo4j.ProfiledPlan, depth int) int64
	walk = func(p neo4j.ProfiledPlan, depth int) int64 {
		details, _ := p.Arguments()["Details"].(string)
		if len(details) > 140 {
			details = details[:140] + "…"
		}
		fmt.Fprintf(&b, "%s%s  hits=%d rows=%d  %s\n", strings.Repeat("  ", depth), p.Operator(), p.DbHits(), p.Records(), strings.Join(strings.Fields(details), " "))
		hits := p.DbHits()
		for _, c := range p.Children() {
			hits += walk(c, depth+1)
		}
		return hits
	}
	hits := walk(sum.Profile(), 0)
	return hits, b.String(), len(recs)
}
