package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/localneo4j"
	"github.com/orgnet/orgnet/seed"
)

// Config says what to measure and where.
type Config struct {
	Sizes    []int // people per org, each in a fresh database
	Seed     int64 // of the synthetic orgs and of the draws
	Requests int   // per question and side (GraphQL, raw), after warm-up
	// HealthRequests is the number of orgHealth requests per side: each
	// reads the whole org.
	HealthRequests int
	Warmup         int   // requests per question and side before measuring
	Repeats        int   // of the identical re-import and of the 1 % change
	Clients        []int // concurrent clients of the throughput runs
	Duration       time.Duration
	Orgnet         string // the orgnet binary
	Port           int    // Bolt port of the local Neo4j
	Addr           string // listen address of the service
	DataDir        string // one folder per size below it, emptied first
	CacheDir       string // Neo4j's jars
	JavaHome       string // the JDK Neo4j runs on; empty: java on the PATH
	Heap           string // Neo4j's JVM heap
	// PageCache is Neo4j's page cache.
	PageCache string
	// PeerDir holds the peer (package.json, package-lock.json, server.js:
	// see peer.go); PeerAddr is its listen address, empty for no peer.
	PeerDir, PeerAddr string
	// LoadClients keep reading (canAct) while the large import of the
	// reads-during-an-import step runs.
	LoadClients int
	// DeleteImport ends each size with a REPLACE that deletes most of the
	// org.
	DeleteImport bool
	Log          io.Writer // progress
}

// Results are everything one run measured.
type Results struct {
	Config  Config
	Started time.Time
	Neo4j   string // the database's version
	Sizes   []*SizeResults
}

// SizeResults are the figures for one org size.
type SizeResults struct {
	People  int
	Rows    int // entities and memberships in the snapshot
	Bytes   int // of the snapshot document
	Imports []ImportResult

	// whoCanAct's questions (a matter and an amount) and how many people
	// can act on them.
	WhoCanActQuestions, SmallQuestions int
	SmallMedianActors, SmallMaxActors  int
	MaxActors                          int
	Questions                          []QuestionResult
	Throughput                         []ThroughputResult
	// Nested are the nested reads beside the peer's.
	Nested []NestedResult
	// DuringImport is the reads-during-an-import step; Delete the REPLACE
	// that deletes most of the org (nil when not run).
	DuringImport                       *LoadResult
	Delete                             *ImportResult
	RoundTrips                         []RoundTripCheck
	ServiceImportMemory, ServiceMemory Memory // peak while importing; while serving questions
	Neo4jMemory                        Memory
	StoreBytes, TxLogBytes             int64
}

// ImportResult is one import through POST /import.
type ImportResult struct {
	Name       string
	Mode       graph.ImportMode
	Report     graph.ImportReport
	Wall       time.Duration
	Neo4jCPU   time.Duration
	ServiceCPU time.Duration
	Err        string // when the import failed (the delete step only)
}

// RowsPerSecond is the rows of the snapshot over the wall time.
func (r ImportResult) RowsPerSecond(rows int) float64 { return float64(rows) / r.Wall.Seconds() }

// QuestionResult compares one question asked through GraphQL and as raw
// Cypher, request by request side by side.
type QuestionResult struct {
	Name         string
	Note         string
	GraphQL, Raw Summary
	// Ratio is the median GraphQL latency over the median raw latency.
	Ratio      float64
	RoundTrips int // median database round trips of a GraphQL request
	Errors     int
	// ServiceCPU is the service's CPU time per GraphQL request.
	ServiceCPU time.Duration
	// Peak is the service's peak resident memory while answering.
	Peak int64
}

// ThroughputResult is one workload at one number of concurrent clients.
type ThroughputResult struct {
	Workload       string
	Clients        int
	Requests       int
	Errors         int
	Elapsed        time.Duration
	Latency        Summary
	RoundTripsLow  int // the fewest round trips of a request
	RoundTripsHigh int // the most
	// ServiceCPU and Neo4jCPU are the CPU time per request of the service
	// and of the database.
	ServiceCPU, Neo4jCPU time.Duration
	Peak                 int64 // the service's peak resident memory
}

// PerSecond is requests per second.
func (t ThroughputResult) PerSecond() float64 { return float64(t.Requests) / t.Elapsed.Seconds() }

// NestedResult is one nested read at one number of concurrent clients,
// asked of orgnet and of the peer, one right after the other.
type NestedResult struct {
	Workload     string
	Clients      int
	Orgnet, Peer ThroughputResult // the peer's ServiceCPU is its process's
}

// Ratio is orgnet's requests per second over the peer's.
func (n NestedResult) Ratio() float64 {
	if n.Peer.PerSecond() == 0 {
		return 0
	}
	return n.Orgnet.PerSecond() / n.Peer.PerSecond()
}

// LoadResult is a large import (every person's title changed: a MERGE
// that updates them all) alone, and again while clients keep reading, with
// the reads alone before it.
type LoadResult struct {
	Clients                 int
	Alone, UnderReads       ImportResult
	ReadsAlone, ReadsDuring ThroughputResult
}

// RoundTripCheck is the nested read at one list size.
type RoundTripCheck struct {
	Teams, Members int
	RoundTrips     int
	Teams0         int // teams returned
	MembersSeen    int // memberships returned
}

func (c *Config) logf(format string, args ...any) {
	fmt.Fprintf(c.Log, "%s  "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

// Run measures every size of c in turn, each in a fresh local Neo4j.
func Run(ctx context.Context, c Config) (*Results, error) {
	res := &Results{Config: c, Started: time.Now().UTC()}
	if c.PeerAddr != "" {
		c.logf("installing the peer (npm ci in %s)", c.PeerDir)
		if err := os.MkdirAll(c.DataDir, 0o755); err != nil {
			return res, err
		}
		log, err := os.Create(filepath.Join(c.DataDir, "peer-install.log"))
		if err != nil {
			return res, err
		}
		err = InstallPeer(ctx, c.PeerDir, log)
		log.Close()
		if err != nil {
			return res, err
		}
	}
	for _, n := range c.Sizes {
		r, err := c.runSize(ctx, n, res)
		if err != nil {
			return res, fmt.Errorf("%d people: %w", n, err)
		}
		res.Sizes = append(res.Sizes, r)
	}
	return res, nil
}

func (c *Config) runSize(ctx context.Context, people int, all *Results) (*SizeResults, error) {
	r := &SizeResults{People: people}
	dir := filepath.Join(c.DataDir, strconv.Itoa(people))
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}

	c.logf("%d people: generating the org", people)
	var doc bytes.Buffer
	if err := seed.Synth(&doc, seed.SynthOptions{People: people, Seed: c.Seed}); err != nil {
		return nil, err
	}
	snapshot := doc.Bytes()
	snap, err := graph.DecodeSnapshot(bytes.NewReader(snapshot))
	if err != nil {
		return nil, err
	}
	r.Bytes = len(snapshot)
	r.Rows = len(snap.People) + len(snap.Teams) + len(snap.Memberships) + len(snap.Matters) + len(snap.Mandates) + len(snap.Touchpoints)

	c.logf("%d people: starting a fresh local Neo4j on port %d (heap %s, page cache %s)", people, c.Port, c.Heap, c.PageCache)
	neoLog, err := os.Create(filepath.Join(dir, "neo4j.log"))
	if err != nil {
		return nil, err
	}
	defer neoLog.Close()
	dataDir := filepath.Join(dir, "neo4j")
	db, err := localneo4j.Start(ctx, localneo4j.Options{Port: c.Port, DataDir: dataDir, CacheDir: c.CacheDir, JavaHome: c.JavaHome,
		Heap: c.Heap, PageCache: c.PageCache, Output: neoLog})
	if err != nil {
		return nil, err
	}
	var stopOnce sync.Once
	stopDB := func() {
		stopOnce.Do(func() {
			if err := db.Stop(2 * time.Minute); err != nil {
				c.logf("stopping Neo4j: %v", err)
			}
		})
	}
	defer stopDB()

	// Imports, with a service of their own: its peak memory is the import's.
	svc, err := StartService(ctx, c.Orgnet, db.URI, c.Addr, filepath.Join(dir, "orgnet-import.log"))
	if err != nil {
		return nil, err
	}
	client := NewClient(c.Addr, 64)
	if err := c.imports(ctx, r, client, svc, db.Pid(), snap, snapshot); err != nil {
		svc.Stop()
		return nil, err
	}
	if r.ServiceImportMemory, err = ReadMemory(svc.Pid()); err != nil {
		return nil, err
	}
	if err := svc.Stop(); err != nil {
		return nil, err
	}

	// Questions, with a fresh service.
	if svc, err = StartService(ctx, c.Orgnet, db.URI, c.Addr, filepath.Join(dir, "orgnet-serve.log")); err != nil {
		return nil, err
	}
	defer svc.Stop()
	raw, err := NewRaw(db.URI)
	if err != nil {
		return nil, err
	}
	defer raw.Close(ctx)
	if recs, _, err := raw.Query(ctx, []string{"CALL dbms.components() YIELD versions RETURN versions[0] AS v"}, nil); err == nil && len(recs) == 1 {
		v, _ := recs[0].Get("v")
		all.Neo4j = fmt.Sprint(v)
	}

	org := NewOrg(snap, uint64(c.Seed), time.Now())
	r.WhoCanActQuestions, r.SmallQuestions = len(org.Small)+len(org.Large), len(org.Small)
	r.SmallMedianActors, r.SmallMaxActors, r.MaxActors = org.SmallMedian, org.SmallMax, org.MaxActors
	procs := procs{service: svc.Pid(), neo4j: db.Pid()}
	var peer *Client
	if c.PeerAddr != "" {
		p, err := StartPeer(ctx, c.PeerDir, db.URI, c.PeerAddr, filepath.Join(dir, "peer.log"))
		if err != nil {
			return nil, err
		}
		defer p.Stop()
		peer, procs.peer = NewGraphQLClient(p.URL, 64), p.Pid()
	}
	if err := c.questions(ctx, r, client, raw, org, procs); err != nil {
		return nil, err
	}
	if err := c.throughput(ctx, r, client, peer, org, procs); err != nil {
		return nil, err
	}
	if err := c.readsDuringImport(ctx, r, client, org, procs, snap); err != nil {
		return nil, err
	}
	if c.DeleteImport {
		if err := c.deleteMost(ctx, r, client, procs, snap); err != nil {
			return nil, err
		}
	}
	// Each step reset the peak before it began: the serving peak is the
	// largest of the steps'.
	if r.ServiceMemory, err = ReadMemory(svc.Pid()); err != nil {
		return nil, err
	}
	r.ServiceMemory.Peak = max(r.ServiceMemory.Peak, r.servingPeak(true))
	if r.Neo4jMemory, err = ReadMemory(db.Pid()); err != nil {
		return nil, err
	}
	// The store, once Neo4j has stopped and checkpointed it: the database's
	// files, and apart from them its transaction logs.
	svc.Stop()
	stopDB()
	if r.StoreBytes, err = DirSize(filepath.Join(dataDir, "data", "databases", "neo4j")); err != nil {
		return nil, err
	}
	if r.TxLogBytes, err = DirSize(filepath.Join(dataDir, "data", "transactions", "neo4j")); err != nil {
		return nil, err
	}
	c.logf("%d people: done; service peak RSS %.0f MB importing, %.0f MB serving; store %.0f MB",
		people, mb(r.ServiceImportMemory.Peak), mb(r.ServiceMemory.Peak), mb(r.StoreBytes))
	return r, nil
}

// imports measures the import into the empty database (REPLACE), the same
// snapshot again, and a snapshot with 1 % of the people changed (MERGE).
func (c *Config) imports(ctx context.Context, r *SizeResults, client *Client, svc *Service, neo4jPid int, snap *graph.Snapshot, snapshot []byte) error {
	run := func(name string, mode graph.ImportMode, doc []byte, check func(graph.ImportReport) error) error {
		neoBefore, _ := CPUTime(neo4jPid)
		svcBefore, _ := CPUTime(svc.Pid())
		report, took, err := client.Import(ctx, doc, mode)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		neoAfter, _ := CPUTime(neo4jPid)
		svcAfter, _ := CPUTime(svc.Pid())
		if err := check(report); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		res := ImportResult{Name: name, Mode: mode, Report: report, Wall: took, Neo4jCPU: neoAfter - neoBefore, ServiceCPU: svcAfter - svcBefore}
		r.Imports = append(r.Imports, res)
		c.logf("%d people: %s: %v (%.0f rows/s; Neo4j CPU %v, service CPU %v) %+v", r.People, name,
			took.Round(time.Millisecond), res.RowsPerSecond(r.Rows), res.Neo4jCPU, res.ServiceCPU, report)
		return nil
	}
	want := func(created, updated, unchanged int) func(graph.ImportReport) error {
		return func(got graph.ImportReport) error {
			if w := (graph.ImportReport{Created: created, Updated: updated, Unchanged: unchanged}); got != w {
				return fmt.Errorf("report %+v, want %+v", got, w)
			}
			return nil
		}
	}
	if err := run("into the empty database", graph.ImportReplace, snapshot, want(r.Rows, 0, 0)); err != nil {
		return err
	}
	for i := range c.Repeats {
		if err := run(fmt.Sprintf("the same snapshot again (%d)", i+1), graph.ImportReplace, snapshot, want(0, 0, r.Rows)); err != nil {
			return err
		}
	}
	for i := range c.Repeats {
		doc, changed, err := ChangePeople(snap, i+1)
		if err != nil {
			return err
		}
		if err := run(fmt.Sprintf("1 %% of people changed (%d)", i+1), graph.ImportMerge, doc, want(0, changed, r.Rows-changed)); err != nil {
			return err
		}
	}
	return nil
}

// ChangePeople is the snapshot with every hundredth person changed, a new
// title in revision rev, and every third of them moved to report to their
// manager's manager: a reorganization's worth of HR changes. It returns the
// document and how many people changed.
func ChangePeople(snap *graph.Snapshot, rev int) ([]byte, int, error) {
	changed := *snap
	changed.People = append([]graph.Person(nil), snap.People...)
	manager := make(map[string]*string, len(snap.People))
	for _, p := range snap.People {
		manager[p.ID] = p.Manager
	}
	n := 0
	for i := 0; i < len(changed.People); i += 100 {
		p := &changed.People[i]
		title := fmt.Sprintf("Specialist, revision %d", rev)
		p.Title = &title
		if n%3 == 0 && p.Manager != nil {
			if skip := manager[*p.Manager]; skip != nil {
				p.Manager = skip // the same in every revision: changed from the original once
			}
		}
		n++
	}
	doc, err := json.Marshal(&changed)
	return doc, n, err
}

// The GraphQL text of each question: the answer and what explains it, as
// a front end would ask.
const (
	canActGQL = `query($p: ID!, $m: ID!, $a: Float) { canAct(person: $p, matter: $m, amount: $a) {
		allowed reason grants { via limit mandate { id name } team { id name } } } }`
	whoCanActGQL = `query($m: ID!, $a: Float) { whoCanAct(matter: $m, amount: $a) {
		person { id name } limit grants { via limit mandate { id name } team { id name } } } }`
	actionableMattersGQL = `query($p: ID!, $a: Float) { actionableMatters(person: $p, amount: $a) {
		matter { id name } limit grants { via limit mandate { id name } team { id name } } } }`
	customerDistanceGQL = `query($t: ID!, $m: ID!, $a: Float) { customerDistance(touchpoint: $t, matter: $m, amount: $a) {
		hops actor { id name } path { __typename ... on Touchpoint { id name } ... on Team { id name } ... on Person { id name } } } }`
	whoCanActPageGQL = `query($m: ID!) { whoCanActConnection(matter: $m, first: 100) { totalCount pageInfo { hasNextPage endCursor }
		nodes { person { id name } limit grants { via limit mandate { id name } team { id name } } } } }`
	unitsGQL = `{ orgHealth { units(first: 50) { totalCount nodes { team { id name } people layers mandates
		exclusiveMatters(first: 10) { totalCount nodes { id } } } } } }`
	orgHealthGQL = `{ orgHealth { empowerment strandedVolume meanCustomerDistance layers unitDepth
		spanOfControl { max mean median } orphanMatters { id } singleActorMatters { matter { id } person { id } }
		handlings { touchpoint { id } matter { id } residual frontLineCanAct distance } } }`
	// scenarioHealthGQL is orgHealthGQL asked inside a scenario.
	scenarioHealthGQL = `query($s: ID!) { orgHealth(scenario: $s) { empowerment strandedVolume meanCustomerDistance layers unitDepth
		spanOfControl { max mean median } orphanMatters { id } singleActorMatters { matter { id } person { id } }
		handlings { touchpoint { id } matter { id } residual frontLineCanAct distance } } }`
	// compareScenarioGQL is the comparison a planner's screen shows.
	compareScenarioGQL = `query($s: ID!) { compareScenario(id: $s) {
		figures { empowerment { before after change } strandedVolume { before after change } orphanMatters { before after change } }
		actors { matter { id name } gained { id name } lost { id name } }
		handlings { touchpoint { id } matter { id } }
		becameOrphan { id } noLongerOrphan { id }
		people { person { id name } managerBefore { id } managerAfter { id } } } }`
	// nestedGQL is the nested read: a page of teams, their members, each
	// member's directly held mandates and each mandate's matter.
	nestedGQL = `query($teams: Int!, $members: Int!, $after: String) { teams(first: $teams, after: $after) { edges { node {
		id name members(first: $members) { edges { node { role person { id name
			mandates { edges { node { id name limit matter { id name } } } } } } } } } } } }`
	// nestedManagerGQL is the other nested read: each member's manager.
	nestedManagerGQL = `query($teams: Int!, $members: Int!, $after: String) { teams(first: $teams, after: $after) { edges { node {
		id name members(first: $members) { edges { node { role person { id name manager { id name } } } } } } } } }`
)

// ask is one question with its arguments, both ways.
type ask struct {
	vars   map[string]any // GraphQL variables
	params map[string]any // raw Cypher parameters, $at added when sent
}

// question is a question of the benchmark and how to draw its arguments.
type question struct {
	name, gql, note string
	cypher          []string
	draw            func(o *Org) ask
	// requests and warmup, when set, replace the Config's.
	requests, warmup int
}

func (c *Config) questionList(org *Org, hasHealth bool, scenario string) []question {
	qs := []question{
		{name: "canAct", gql: canActGQL, cypher: store.Queries["canAct"], draw: func(o *Org) ask {
			p, m := o.CanActPair()
			a := o.Amount()
			return ask{map[string]any{"p": p, "m": m, "a": a}, map[string]any{"personId": p, "matterId": m, "amount": deref(a)}}
		}},
	}
	whoCanAct := func(q WhoCanActQuestion) ask {
		return ask{map[string]any{"m": q.Matter, "a": q.Amount}, map[string]any{"matterIds": []string{q.Matter}, "amount": deref(q.Amount)}}
	}
	if len(org.Small) > 0 {
		qs = append(qs, question{name: "whoCanAct", gql: whoCanActGQL, cypher: store.Queries["whoCanAct"],
			note: fmt.Sprintf("matters with ≤ %d actors", SmallMatter),
			draw: func(o *Org) ask { return whoCanAct(o.SmallQuestion()) }})
	}
	if len(org.Large) > 0 {
		qs = append(qs, question{name: "whoCanAct", gql: whoCanActGQL, cypher: store.Queries["whoCanAct"],
			note:     fmt.Sprintf("matters with > %d actors, no target", SmallMatter),
			requests: max(c.Requests/20, 20), warmup: min(c.Warmup, 10),
			draw: func(o *Org) ask { return whoCanAct(o.LargeQuestion()) }})
	}
	qs = append(qs,
		question{name: "actionableMatters", gql: actionableMattersGQL, cypher: store.Queries["actionableMatters"], draw: func(o *Org) ask {
			p, a := o.Person(), o.Amount()
			return ask{map[string]any{"p": p, "a": a}, map[string]any{"personId": p, "amount": deref(a)}}
		}},
		question{name: "customerDistance", gql: customerDistanceGQL, cypher: store.Queries["customerDistance"], draw: func(o *Org) ask {
			tp, m := o.DistancePair()
			a := o.Amount()
			return ask{map[string]any{"t": tp, "m": m, "a": a},
				map[string]any{"touchpointId": tp, "matterId": m, "amount": deref(a), "tieWindow": store.CustomerDistanceTieWindow}}
		}},
	)
	if org.Largest != "" {
		largest := WhoCanActQuestion{Matter: org.Largest}
		qs = append(qs,
			question{name: "whoCanAct", gql: whoCanActGQL, cypher: store.Queries["whoCanAct"],
				note:     fmt.Sprintf("the largest matter, %s actors, unpaged; fewer requests", thousands(org.MaxActors)),
				requests: max(c.Requests/100, 5), warmup: 1,
				draw: func(o *Org) ask { return whoCanAct(largest) }},
			question{name: "whoCanActConnection", gql: whoCanActPageGQL, cypher: store.Queries["whoCanActConnection"],
				note:     "the largest matter, first 100; fewer requests",
				requests: max(c.Requests/20, 20), warmup: min(c.Warmup, 5),
				draw: func(o *Org) ask {
					return ask{map[string]any{"m": org.Largest}, map[string]any{"matterIds": []string{org.Largest}, "amount": nil, "after": "", "limit": 101, "first": 100}}
				}})
	}
	if hasHealth {
		qs = append(qs, question{name: "orgHealth", gql: orgHealthGQL, cypher: store.Queries["orgHealth"],
			note: "the whole org; fewer requests", requests: c.HealthRequests, warmup: min(c.Warmup, 2),
			draw: func(o *Org) ask { return ask{map[string]any{}, map[string]any{"amount": nil}} }},
			question{name: "orgHealth.units", gql: unitsGQL, cypher: store.Queries["orgHealth"],
				note: "the first 50 teams, each with its exclusive matters; fewer requests", requests: c.HealthRequests, warmup: min(c.Warmup, 2),
				draw: func(o *Org) ask { return ask{map[string]any{}, map[string]any{"amount": nil}} }})
	}
	if scenario != "" {
		vars := func(o *Org) ask { return ask{vars: map[string]any{"s": scenario}} }
		note := fmt.Sprintf("inside a scenario of %d steps; fewer requests", scenarioSteps)
		qs = append(qs,
			question{name: "orgHealth", gql: scenarioHealthGQL, note: note, requests: c.HealthRequests, warmup: 1, draw: vars},
			question{name: "compareScenario", gql: compareScenarioGQL, note: "the scenario against the live org; fewer requests",
				requests: c.HealthRequests, warmup: 1, draw: vars})
	}
	return qs
}

// scenarioSteps is the number of steps of the bench's scenario.
const scenarioSteps = 10

// makeScenario opens a scenario of scenarioSteps steps, as a planner
// would make it: the first moves a team with no teams below it under its
// parent's parent, and each moves every thousandth person (from its own
// offset) to their manager's manager. It answers the scenario's id. (A
// team with a large subtree moved instead changes who can act for millions
// of matter and person pairs, which compareScenario lists whole: see
// README.md, Findings.)
func makeScenario(ctx context.Context, client *Client, snap *graph.Snapshot) (string, error) {
	res, _, err := client.GraphQL(ctx, `mutation { createScenario(name: "bench") { id } }`, nil)
	if err != nil {
		return "", fmt.Errorf("create a scenario: %w", err)
	}
	var created struct{ CreateScenario struct{ ID string } }
	if err := json.Unmarshal(res.Data, &created); err != nil {
		return "", err
	}
	id := created.CreateScenario.ID
	manager := make(map[string]*string, len(snap.People))
	for _, p := range snap.People {
		manager[p.ID] = p.Manager
	}
	parent := make(map[string]*string, len(snap.Teams))
	hasChildren := make(map[string]bool, len(snap.Teams))
	for _, t := range snap.Teams {
		parent[t.ID] = t.Parent
		if t.Parent != nil {
			hasChildren[*t.Parent] = true
		}
	}
	for step := range scenarioSteps {
		var up graph.Snapshot
		if step == 0 {
			for _, t := range snap.Teams {
				if t.Parent != nil && parent[*t.Parent] != nil && !hasChildren[t.ID] {
					t.Parent = parent[*t.Parent]
					up.Teams = append(up.Teams, t)
					break
				}
			}
		}
		for i := step; i < len(snap.People); i += 1000 {
			p := snap.People[i]
			if p.Manager != nil && manager[*p.Manager] != nil {
				p.Manager = manager[*p.Manager]
				up.People = append(up.People, p)
			}
		}
		doc, err := json.Marshal(&up)
		if err != nil {
			return "", err
		}
		var input map[string]any
		if err := json.Unmarshal(doc, &input); err != nil {
			return "", err
		}
		if _, _, err := client.GraphQL(ctx, `mutation($s: ID!, $up: OrgSnapshotInput) { changeScenario(id: $s, upsert: $up) { id } }`,
			map[string]any{"s": id, "up": input}); err != nil {
			return "", fmt.Errorf("scenario step %d: %w", step+1, err)
		}
	}
	return id, nil
}

// procs are the processes whose CPU time and memory a step reads.
type procs struct{ service, neo4j, peer int }

// cpu is the CPU time of the service and of Neo4j so far.
func (p procs) cpu() (service, neo4j time.Duration) {
	service, _ = CPUTime(p.service)
	neo4j, _ = CPUTime(p.neo4j)
	return service, neo4j
}

// resetPeak starts the service's peak memory anew; peak reads it.
func (p procs) resetPeak() { _ = ResetPeak(p.service) }

func (p procs) peak() int64 {
	m, _ := ReadMemory(p.service)
	return m.Peak
}

// serves says whether the service's schema has the type name (a binary
// built before it answers without it).
func serves(ctx context.Context, client *Client, name string) bool {
	res, _, err := client.GraphQL(ctx, `query($n: String!) { __type(name: $n) { name } }`, map[string]any{"n": name})
	return err == nil && !bytes.Contains(res.Data, []byte("null"))
}

// questions measures each question's latency through GraphQL and as raw
// Cypher, alternating which goes first, after a warm-up of both.
func (c *Config) questions(ctx context.Context, r *SizeResults, client *Client, raw *Raw, org *Org, p procs) error {
	hasHealth := serves(ctx, client, "OrgHealth")
	scenario := ""
	if hasHealth {
		if serves(ctx, client, "ScenarioComparison") {
			start := time.Now()
			id, err := makeScenario(ctx, client, org.Snap)
			if err != nil {
				return err
			}
			scenario = id
			c.logf("%d people: made a scenario of %d steps in %s", r.People, scenarioSteps, time.Since(start).Round(time.Millisecond))
		}
	}
	for _, q := range c.questionList(org, hasHealth, scenario) {
		n := c.Requests
		if q.requests > 0 {
			n = q.requests
		}
		w := c.Warmup
		if q.warmup > 0 {
			w = q.warmup
		}
		warm, asks := make([]ask, w), make([]ask, n)
		for i := range warm {
			warm[i] = q.draw(org)
		}
		for i := range asks {
			asks[i] = q.draw(org)
		}
		label := q.name
		if q.note != "" {
			label += " (" + q.note + ")"
		}
		c.logf("%d people: %s: %d warm-up and %d measured requests each way", r.People, label, len(warm), n)
		res := QuestionResult{Name: q.name, Note: q.note}
		var gqlTimes, rawTimes []time.Duration
		var trips []int
		one := func(i int, a ask, record bool) error {
			sendGQL := func() error {
				resp, took, err := client.GraphQL(ctx, q.gql, a.vars)
				switch {
				case err != nil && !record:
					c.logf("%d people: %s: warm-up error: %v", r.People, q.name, err)
				case err != nil:
					if res.Errors == 0 {
						c.logf("%d people: %s: first error: %v", r.People, q.name, err)
					}
					res.Errors++
				case record:
					gqlTimes = append(gqlTimes, took)
					trips = append(trips, resp.Extensions.DBRoundTrips)
				}
				return nil
			}
			sendRaw := func() error {
				if len(q.cypher) == 0 {
					return nil
				}
				params := map[string]any{"at": time.Now().UTC()}
				for k, v := range a.params {
					params[k] = v
				}
				_, took, err := raw.Query(ctx, q.cypher, params)
				if err != nil {
					return fmt.Errorf("%s raw: %w", q.name, err)
				}
				if record {
					rawTimes = append(rawTimes, took)
				}
				return nil
			}
			// Which goes first alternates, so that neither always finds
			// the caches the other just warmed.
			first, second := sendGQL, sendRaw
			if i%2 == 1 {
				first, second = sendRaw, sendGQL
			}
			if err := first(); err != nil {
				return err
			}
			return second()
		}
		for i, a := range warm {
			if err := one(i, a, false); err != nil {
				return err
			}
		}
		p.resetPeak()
		svcBefore, _ := p.cpu()
		for i, a := range asks {
			if err := one(i, a, true); err != nil {
				return err
			}
		}
		svcAfter, _ := p.cpu()
		res.Peak = p.peak()
		if n := len(gqlTimes) + res.Errors; n > 0 {
			res.ServiceCPU = (svcAfter - svcBefore) / time.Duration(n)
		}
		res.GraphQL, res.Raw, res.RoundTrips = Summarize(gqlTimes), Summarize(rawTimes), Median(trips)
		if res.Raw.P50 > 0 {
			res.Ratio = float64(res.GraphQL.P50) / float64(res.Raw.P50)
		}
		if len(q.cypher) == 0 {
			res.Note = join(res.Note, "no raw query to compare")
		}
		r.Questions = append(r.Questions, res)
		c.logf("%d people: %s: GraphQL p50 %.2f p95 %.2f p99 %.2f ms; raw p50 %.2f p95 %.2f ms; ratio %.2f; %d round trips; service CPU %.2f ms/request; peak RSS %.0f MB; %d errors",
			r.People, label, ms(res.GraphQL.P50), ms(res.GraphQL.P95), ms(res.GraphQL.P99), ms(res.Raw.P50), ms(res.Raw.P95), res.Ratio, res.RoundTrips,
			ms(res.ServiceCPU), mb(res.Peak), res.Errors)
	}
	return nil
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// teamCursors pages through every team and returns the cursor of each, so
// that nested reads can start anywhere.
func teamCursors(ctx context.Context, client *Client) ([]string, error) {
	var cursors []string
	var after any
	for {
		resp, _, err := client.GraphQL(ctx, `query($after: String) { teams(first: 1000, after: $after) {
			edges { cursor } pageInfo { hasNextPage endCursor } } }`, map[string]any{"after": after})
		if err != nil {
			return nil, err
		}
		var page struct {
			Teams struct {
				Edges    []struct{ Cursor string }
				PageInfo struct {
					HasNextPage bool
					EndCursor   string
				}
			}
		}
		if err := json.Unmarshal(resp.Data, &page); err != nil {
			return nil, err
		}
		for _, e := range page.Teams.Edges {
			cursors = append(cursors, e.Cursor)
		}
		if !page.Teams.PageInfo.HasNextPage {
			return cursors, nil
		}
		after = page.Teams.PageInfo.EndCursor
	}
}

// nestedVars draws the variables of a nested read of teams teams with up to
// members members each, starting after a random team: orgnet's (a cursor)
// and the peer's (an offset), for the same teams.
func nestedVars(o *Org, cursors []string, teams, members int) (orgnet, peer map[string]any) {
	start := o.Intn(max(len(cursors)-teams, 1))
	var after any
	if start > 0 {
		after = cursors[start-1]
	}
	return map[string]any{"teams": teams, "members": members, "after": after},
		map[string]any{"teams": teams, "members": members, "offset": start}
}

// throughput runs canAct with each number of concurrent clients for
// c.Duration, checks the nested read's round trips at two list sizes, and
// runs the two nested reads with each number of clients, asked of orgnet
// and then (when there is one) of the peer.
func (c *Config) throughput(ctx context.Context, r *SizeResults, client, peer *Client, org *Org, p procs) error {
	cursors, err := teamCursors(ctx, client)
	if err != nil {
		return err
	}
	// The nested read at two list sizes from the same first team, where the
	// smaller already reaches every level (some member holds a mandate),
	// so that the two differ only in the sizes of their lists.
	var start map[string]any
	for try := 0; try < 50 && start == nil; try++ {
		v, _ := nestedVars(org, cursors, 5, 5)
		resp, _, err := client.GraphQL(ctx, nestedGQL, v)
		if err != nil {
			return fmt.Errorf("nested read: %w", err)
		}
		if bytes.Contains(resp.Data, []byte(`"matter"`)) {
			start = v
		}
	}
	for _, size := range [][2]int{{5, 5}, {50, 50}} {
		v := map[string]any{"teams": size[0], "members": size[1], "after": nil}
		if start != nil {
			v["after"] = start["after"]
		}
		resp, _, err := client.GraphQL(ctx, nestedGQL, v)
		if err != nil {
			return fmt.Errorf("nested read: %w", err)
		}
		var out struct {
			Teams struct {
				Edges []struct {
					Node struct {
						Members struct{ Edges []json.RawMessage }
					}
				}
			}
		}
		if err := json.Unmarshal(resp.Data, &out); err != nil {
			return err
		}
		check := RoundTripCheck{Teams: size[0], Members: size[1], RoundTrips: resp.Extensions.DBRoundTrips, Teams0: len(out.Teams.Edges)}
		for _, e := range out.Teams.Edges {
			check.MembersSeen += len(e.Node.Members.Edges)
		}
		r.RoundTrips = append(r.RoundTrips, check)
		c.logf("%d people: nested read of %d teams × %d members: %d round trips (%d teams, %d memberships returned)",
			r.People, check.Teams, check.Members, check.RoundTrips, check.Teams0, check.MembersSeen)
	}

	// Arguments drawn beforehand: the draws are not safe for concurrent use.
	canActVars := make([]map[string]any, 20_000)
	for i := range canActVars {
		pe, m := org.CanActPair()
		canActVars[i] = map[string]any{"p": pe, "m": m, "a": org.Amount()}
	}
	if err := c.warm(ctx, client, canActGQL, canActVars); err != nil {
		return fmt.Errorf("canAct: %w", err)
	}
	for _, clients := range c.Clients {
		t := c.measure(ctx, client, canActGQL, canActVars, clients, p, p.service, nil)
		t.Workload = "canAct"
		r.Throughput = append(r.Throughput, t)
		c.logThroughput(r.People, "orgnet", t)
	}

	nestedVarsOf := func() (orgnet, peer []map[string]any) {
		orgnet, peer = make([]map[string]any, 5_000), make([]map[string]any, 5_000)
		for i := range orgnet {
			orgnet[i], peer[i] = nestedVars(org, cursors, 50, 50)
		}
		return orgnet, peer
	}
	for _, w := range []struct{ name, orgnet, peer string }{
		{"teams × members × mandates × matter (50 × 50)", nestedGQL, peerNestedGQL},
		{"teams × members × manager (50 × 50)", nestedManagerGQL, peerNestedManagerGQL},
	} {
		ours, theirs := nestedVarsOf()
		if err := c.warm(ctx, client, w.orgnet, ours); err != nil {
			return fmt.Errorf("%s: %w", w.name, err)
		}
		if peer != nil {
			if err := c.warm(ctx, peer, w.peer, theirs); err != nil {
				return fmt.Errorf("%s, the peer: %w", w.name, err)
			}
		}
		for _, clients := range c.Clients {
			n := NestedResult{Workload: w.name, Clients: clients}
			n.Orgnet = c.measure(ctx, client, w.orgnet, ours, clients, p, p.service, nil)
			n.Orgnet.Workload = "nested read: " + w.name
			c.logThroughput(r.People, "orgnet", n.Orgnet)
			if peer != nil {
				n.Peer = c.measure(ctx, peer, w.peer, theirs, clients, p, p.peer, nil)
				n.Peer.Workload = n.Orgnet.Workload
				c.logThroughput(r.People, "@neo4j/graphql", n.Peer)
			}
			r.Throughput = append(r.Throughput, n.Orgnet)
			r.Nested = append(r.Nested, n)
		}
	}
	return nil
}

// warm sends a few requests before a workload is measured.
func (c *Config) warm(ctx context.Context, client *Client, query string, vars []map[string]any) error {
	for i := range min(c.Warmup, 50, len(vars)) {
		if _, _, err := client.GraphQL(ctx, query, vars[i]); err != nil {
			return err
		}
	}
	return nil
}

// measure runs query with clients concurrent clients for c.Duration (or,
// when until is given, until it returns true), reading the CPU time of the
// server process pid (the service's or the peer's) and of Neo4j, and the
// service's peak memory.
func (c *Config) measure(ctx context.Context, client *Client, query string, vars []map[string]any, clients int, p procs, pid int, until func() bool) ThroughputResult {
	p.resetPeak()
	svc0, _ := CPUTime(pid)
	_, neo0 := p.cpu()
	if until == nil {
		deadline := time.Now().Add(c.Duration)
		until = func() bool { return !time.Now().Before(deadline) }
	}
	t := runClients(ctx, client, query, vars, clients, until)
	svc1, _ := CPUTime(pid)
	_, neo1 := p.cpu()
	t.Peak = p.peak()
	if n := time.Duration(t.Requests + t.Errors); n > 0 {
		t.ServiceCPU, t.Neo4jCPU = (svc1-svc0)/n, (neo1-neo0)/n
	}
	return t
}

func (c *Config) logThroughput(people int, who string, t ThroughputResult) {
	c.logf("%d people: %s, %s, %d clients: %.0f requests/s, p50 %.2f ms, p95 %.2f ms, %d–%d round trips, CPU per request: server %.2f ms, Neo4j %.2f ms; peak RSS %.0f MB; %d errors",
		people, who, t.Workload, t.Clients, t.PerSecond(), ms(t.Latency.P50), ms(t.Latency.P95), t.RoundTripsLow, t.RoundTripsHigh,
		ms(t.ServiceCPU), ms(t.Neo4jCPU), mb(t.Peak), t.Errors)
}

// runClients sends query with clients concurrent clients until until
// returns true, each taking the next variables from vars in turn.
func runClients(ctx context.Context, client *Client, query string, vars []map[string]any, clients int, until func() bool) ThroughputResult {
	var next atomic.Int64
	var mu sync.Mutex
	t := ThroughputResult{Clients: clients, RoundTripsLow: -1}
	var times []time.Duration
	start := time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			low, high, errs := -1, 0, 0
			for !until() && ctx.Err() == nil {
				v := vars[int(next.Add(1)-1)%len(vars)]
				resp, took, err := client.GraphQL(ctx, query, v)
				if err != nil {
					errs++
					continue
				}
				mine = append(mine, took)
				rt := resp.Extensions.DBRoundTrips
				if low < 0 || rt < low {
					low = rt
				}
				high = max(high, rt)
			}
			mu.Lock()
			defer mu.Unlock()
			times = append(times, mine...)
			t.Errors += errs
			if low >= 0 && (t.RoundTripsLow < 0 || low < t.RoundTripsLow) {
				t.RoundTripsLow = low
			}
			t.RoundTripsHigh = max(t.RoundTripsHigh, high)
		}()
	}
	wg.Wait()
	t.Elapsed = time.Since(start)
	t.Requests = len(times)
	t.Latency = Summarize(times)
	return t
}

// readsDuringImport measures a large import (every person's title
// changed: a MERGE that updates everyone) alone, then canAct with
// c.LoadClients clients alone for c.Duration, then the same reads while the
// import runs again (with other titles).
func (c *Config) readsDuringImport(ctx context.Context, r *SizeResults, client *Client, org *Org, p procs, snap *graph.Snapshot) error {
	if c.LoadClients <= 0 {
		return nil
	}
	res := &LoadResult{Clients: c.LoadClients}
	vars := make([]map[string]any, 20_000)
	for i := range vars {
		pe, m := org.CanActPair()
		vars[i] = map[string]any{"p": pe, "m": m, "a": org.Amount()}
	}
	importAll := func(rev int) (ImportResult, error) {
		doc, err := retitleEveryone(snap, rev)
		if err != nil {
			return ImportResult{}, err
		}
		svc0, neo0 := p.cpu()
		report, took, err := client.Import(ctx, doc, graph.ImportMerge)
		svc1, neo1 := p.cpu()
		if err != nil {
			return ImportResult{}, fmt.Errorf("an import that changes every person: %w", err)
		}
		if report.Updated != len(snap.People) {
			return ImportResult{}, fmt.Errorf("an import that changes every person: report %+v, want %d updated", report, len(snap.People))
		}
		return ImportResult{Name: "every person's title changed", Mode: graph.ImportMerge, Report: report, Wall: took, Neo4jCPU: neo1 - neo0, ServiceCPU: svc1 - svc0}, nil
	}
	c.logf("%d people: an import that changes every person, alone", r.People)
	var err error
	if res.Alone, err = importAll(101); err != nil {
		return err
	}
	c.logf("%d people: the import alone: %v", r.People, res.Alone.Wall.Round(time.Millisecond))
	res.ReadsAlone = c.measure(ctx, client, canActGQL, vars, c.LoadClients, p, p.service, nil)
	res.ReadsAlone.Workload = "canAct, alone"
	c.logThroughput(r.People, "orgnet", res.ReadsAlone)
	var done atomic.Bool
	var importErr error
	go func() {
		defer done.Store(true)
		res.UnderReads, importErr = importAll(102)
	}()
	res.ReadsDuring = c.measure(ctx, client, canActGQL, vars, c.LoadClients, p, p.service, done.Load)
	if importErr != nil {
		return importErr
	}
	res.ReadsDuring.Workload = "canAct, during the import"
	c.logf("%d people: the import under %d clients of reads: %v", r.People, c.LoadClients, res.UnderReads.Wall.Round(time.Millisecond))
	c.logThroughput(r.People, "orgnet", res.ReadsDuring)
	r.DuringImport = res
	return nil
}

// retitleEveryone is the snapshot with every person's title changed, in
// revision rev.
func retitleEveryone(snap *graph.Snapshot, rev int) ([]byte, error) {
	changed := *snap
	changed.People = append([]graph.Person(nil), snap.People...)
	title := fmt.Sprintf("Specialist, revision %d", rev)
	for i := range changed.People {
		changed.People[i].Title = &title
	}
	return json.Marshal(&changed)
}

// deleteMost imports, with REPLACE, an org of a tenth of the people
// (seed.Synth with the same seed): most people, teams, mandates and
// memberships of the org are deleted. A failure (the write timeout) is
// recorded, not fatal: this is the last step of a size.
func (c *Config) deleteMost(ctx context.Context, r *SizeResults, client *Client, p procs, snap *graph.Snapshot) error {
	var doc bytes.Buffer
	if err := seed.Synth(&doc, seed.SynthOptions{People: max(len(snap.People)/10, 10), Seed: c.Seed}); err != nil {
		return err
	}
	c.logf("%d people: REPLACE with an org of a tenth of the people", r.People)
	svc0, neo0 := p.cpu()
	report, took, err := client.Import(ctx, doc.Bytes(), graph.ImportReplace)
	svc1, neo1 := p.cpu()
	res := &ImportResult{Name: "an org of a tenth of the people", Mode: graph.ImportReplace, Report: report, Wall: took, Neo4jCPU: neo1 - neo0, ServiceCPU: svc1 - svc0}
	if err != nil {
		res.Err = strings.Join(strings.Fields(err.Error()), " ") // one line, for a table cell
	}
	c.logf("%d people: REPLACE deleting most of the org: %v, %+v %s", r.People, took.Round(time.Millisecond), report, res.Err)
	r.Delete = res
	return nil
}

// deref is an amount as a Cypher parameter: null for none.
func deref(a *float64) any {
	if a == nil {
		return nil
	}
	return *a
}
