package bench

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Machine describes where a run took place, by its properties.
type Machine struct {
	CPU          string // model name
	Cores        int
	MemoryBytes  int64
	Go, Java     string
	Neo4j        string
	Commit       string // with "+ uncommitted changes" when the tree is dirty
	Command      string // how the run was started
	Heap, Cache  string // Neo4j's heap and page cache
	OtherLoadAvg string // the load average when the run began
}

// Targets of issues #5 and #14, at 100 000 people unless they say.
const (
	targetCanActP95      = 8 * time.Millisecond
	targetWhoCanActP95   = 40 * time.Millisecond
	targetDistanceP95    = 40 * time.Millisecond
	targetHealthP50      = 2 * time.Second
	targetScenario       = 5 * time.Second // a scenario's orgHealth, and compareScenario
	targetRatio          = 1.3
	targetPeerRatio      = 2.0 // orgnet's nested reads per second over the peer's
	targetPeerPeople     = 10_000
	targetImport         = 60 * time.Second
	targetReimport       = 30 * time.Second
	targetDelete         = 60 * time.Second
	targetRSS            = 250e6
	targetLoadSlowdown   = 1.5 // reads' p95 during a large import over their p95 alone
	targetPeopleForCheck = 100_000
)

// WriteMarkdown writes the results as the tables of bench/RESULTS.md.
func WriteMarkdown(w io.Writer, res *Results, m Machine) error {
	p := &printer{w: w}
	p.f("# Benchmark results\n\n")
	p.f("Written by `%s` (see [README.md](README.md) for what each figure means). ", m.Command)
	p.f("Every figure below comes from this one run; times are wall-clock, measured side by side on a shared machine, so read the ratios and medians, not single values.\n\n")
	p.f("| | |\n|---|---|\n")
	p.f("| date | %s |\n", res.Started.Format("2006-01-02 15:04 UTC"))
	p.f("| commit | %s |\n", m.Commit)
	p.f("| machine | %d cores (%s), %.0f GiB RAM, shared with other work (load average %s at the start) |\n", m.Cores, m.CPU, float64(m.MemoryBytes)/(1<<30), m.OtherLoadAvg)
	p.f("| software | %s; %s; Neo4j %s Community, embedded (the project's local Neo4j), heap %s, page cache %s, on the same machine |\n", m.Go, m.Java, m.Neo4j, m.Heap, m.Cache)
	p.f("| org | `seed.Synth`, seed %d; arguments drawn at random from the org with a fixed seed |\n", res.Config.Seed)
	p.f("| requests | %d per question and side after %d warm-up ones; throughput runs of %s per point |\n\n", res.Config.Requests, res.Config.Warmup, res.Config.Duration)

	if t := targets(res); t != "" {
		p.f("## Targets at %s people\n\n%s\n", thousands(targetPeopleForCheck), t)
		p.f("What stands in the way of the missed ones, and the changes proposed for them: [README.md, Findings](README.md#findings).\n\n")
	}
	for _, s := range res.Sizes {
		p.size(s)
	}
	return p.err
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) f(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *printer) size(s *SizeResults) {
	p.f("## %s people\n\n", thousands(s.People))
	p.f("The snapshot: %s rows (entities and memberships), %.1f MB of JSON.\n\n", thousands(s.Rows), float64(s.Bytes)/1e6)

	p.f("### Import (POST /import, the whole request: decoding, validation, diff, one write transaction)\n\n")
	p.f("| import | mode | wall | rows/s | Neo4j CPU | service CPU | created | updated | unchanged |\n|---|---|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, im := range s.Imports {
		p.f("| %s | %s | %.1f s | %s | %.1f s | %.1f s | %s | %s | %s |\n", im.Name, im.Mode, im.Wall.Seconds(),
			thousands(int(im.RowsPerSecond(s.Rows))), im.Neo4jCPU.Seconds(), im.ServiceCPU.Seconds(),
			thousands(im.Report.Created), thousands(im.Report.Updated), thousands(im.Report.Unchanged))
	}
	if again, change := s.importMedian("the same"), s.importMedian("1 %"); again > 0 {
		p.f("\nMedian of the repeats: the same snapshot again %.1f s, 1 %% changed %.1f s.\n", again.Seconds(), change.Seconds())
	}
	p.f("\n")

	p.f("### Questions, one client, warm (milliseconds)\n\n")
	p.f("whoCanAct is asked about a matter and an amount (none, 500, 2 000, 10 000, 50 000 or 250 000): %s of the org's %s such questions have at most %d people who can act (median %d, largest %d); the most people who can act on one matter is %s.\n\n",
		thousands(s.SmallQuestions), thousands(s.WhoCanActQuestions), SmallMatter, s.SmallMedianActors, s.SmallMaxActors, thousands(s.MaxActors))
	p.f("| question | requests | GraphQL p50 | p95 | p99 | raw Cypher p50 | p95 | p99 | GraphQL ÷ raw (p50) | round trips | service CPU per request | service peak RSS | errors |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, q := range s.Questions {
		name := q.Name
		if q.Note != "" {
			name += " (" + q.Note + ")"
		}
		ratio := "–"
		if q.Ratio > 0 {
			ratio = fmt.Sprintf("%.2f", q.Ratio)
		}
		p.f("| %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %s | %d | %.2f ms | %.0f MB | %d |\n", name, q.GraphQL.N,
			ms(q.GraphQL.P50), ms(q.GraphQL.P95), ms(q.GraphQL.P99), ms(q.Raw.P50), ms(q.Raw.P95), ms(q.Raw.P99), ratio, q.RoundTrips,
			ms(q.ServiceCPU), mb(q.Peak), q.Errors)
	}
	if !s.hasQuestion("orgHealth") {
		p.f("\norgHealth: not in the service's schema at this commit, so not measured.\n")
	}
	p.f("\n")

	p.f("### Throughput (GraphQL, concurrent clients, each sending its next request as soon as the last is answered)\n\n")
	p.f("| workload | clients | requests/s | p50 ms | p95 ms | p99 ms | round trips per request | CPU per request: service | Neo4j | service peak RSS | errors |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, t := range s.Throughput {
		trips := fmt.Sprint(t.RoundTripsLow)
		if t.RoundTripsHigh != t.RoundTripsLow {
			trips = fmt.Sprintf("%d–%d", t.RoundTripsLow, t.RoundTripsHigh)
		}
		p.f("| %s | %d | %.0f | %.2f | %.2f | %.2f | %s | %.2f ms | %.2f ms | %.0f MB | %d |\n", t.Workload, t.Clients, t.PerSecond(),
			ms(t.Latency.P50), ms(t.Latency.P95), ms(t.Latency.P99), trips, ms(t.ServiceCPU), ms(t.Neo4jCPU), mb(t.Peak), t.Errors)
	}
	var checks []string
	for _, c := range s.RoundTrips {
		checks = append(checks, fmt.Sprintf("%d teams × up to %d members: **%d** (%d memberships returned)", c.Teams, c.Members, c.RoundTrips, c.MembersSeen))
	}
	p.f("\nRound trips of the nested read by list size, from the same first team: %s.\n\n", strings.Join(checks, "; "))

	if len(s.Nested) > 0 {
		p.f("### Nested reads beside @neo4j/graphql (the same Neo4j and data, one right after the other)\n\n")
		p.f("| nested read | clients | orgnet requests/s | @neo4j/graphql requests/s | orgnet ÷ peer | orgnet p50 ms | peer p50 ms | CPU per request: orgnet | peer (Node.js) | Neo4j under orgnet | Neo4j under the peer | errors |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
		for _, n := range s.Nested {
			ratio := "–"
			if r := n.Ratio(); r > 0 {
				ratio = fmt.Sprintf("%.2f", r)
			}
			p.f("| %s | %d | %.0f | %.0f | %s | %.2f | %.2f | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %d + %d |\n", n.Workload, n.Clients,
				n.Orgnet.PerSecond(), n.Peer.PerSecond(), ratio, ms(n.Orgnet.Latency.P50), ms(n.Peer.Latency.P50),
				ms(n.Orgnet.ServiceCPU), ms(n.Peer.ServiceCPU), ms(n.Orgnet.Neo4jCPU), ms(n.Peer.Neo4jCPU), n.Orgnet.Errors, n.Peer.Errors)
		}
		p.f("\n")
	}
	if l := s.DuringImport; l != nil {
		p.f("### Reads during a large import (a MERGE that changes every person's title)\n\n")
		p.f("| | wall | Neo4j CPU | service CPU |\n|---|--:|--:|--:|\n")
		p.f("| the import alone | %.1f s | %.1f s | %.1f s |\n", l.Alone.Wall.Seconds(), l.Alone.Neo4jCPU.Seconds(), l.Alone.ServiceCPU.Seconds())
		p.f("| the import while %d clients read | %.1f s | %.1f s | %.1f s |\n\n", l.Clients, l.UnderReads.Wall.Seconds(), l.UnderReads.Neo4jCPU.Seconds(), l.UnderReads.ServiceCPU.Seconds())
		p.f("| canAct, %d clients | requests | requests/s | p50 ms | p95 ms | p99 ms | errors |\n|---|--:|--:|--:|--:|--:|--:|\n", l.Clients)
		for _, t := range []ThroughputResult{l.ReadsAlone, l.ReadsDuring} {
			p.f("| %s | %d | %.0f | %.2f | %.2f | %.2f | %d |\n", t.Workload, t.Requests, t.PerSecond(), ms(t.Latency.P50), ms(t.Latency.P95), ms(t.Latency.P99), t.Errors)
		}
		p.f("\n")
	}
	if d := s.Delete; d != nil {
		p.f("### Deleting most of the org\n\n")
		p.f("REPLACE with an org of a tenth of the people: %.1f s (Neo4j CPU %.1f s, service CPU %.1f s); created %s, updated %s, deleted %s, unchanged %s",
			d.Wall.Seconds(), d.Neo4jCPU.Seconds(), d.ServiceCPU.Seconds(), thousands(d.Report.Created), thousands(d.Report.Updated), thousands(d.Report.Deleted), thousands(d.Report.Unchanged))
		if d.Err != "" {
			p.f("; **failed**: %s", d.Err)
		}
		p.f(".\n\n")
	}

	p.f("### Memory and store\n\n| | |\n|---|--:|\n")
	p.f("| service peak RSS (VmHWM) serving: the questions, the throughput runs and the later imports, all of them | %.0f MB |\n", mb(s.ServiceMemory.Peak))
	p.f("| the same, leaving out whoCanAct for matters with more than %d actors | %.0f MB |\n", SmallMatter, mb(s.servingPeak(false)))
	p.f("| service peak RSS (VmHWM) during the imports | %.0f MB |\n", mb(s.ServiceImportMemory.Peak))
	p.f("| Neo4j process peak RSS (heap, page cache and the rest of the JVM) | %.0f MB |\n", mb(s.Neo4jMemory.Peak))
	p.f("| Neo4j store (databases/neo4j) | %.0f MB |\n", mb(s.StoreBytes))
	p.f("| Neo4j transaction logs (transactions/neo4j) | %.0f MB |\n\n", mb(s.TxLogBytes))
}

// servingPeak is the service's peak memory over the questions and
// throughput runs, with or without whoCanAct's large matters (answers of
// thousands of actors, no target).
func (s *SizeResults) servingPeak(withLarge bool) int64 {
	var peak int64
	for _, q := range s.Questions {
		if withLarge || !(strings.Contains(q.Note, "no target") || strings.Contains(q.Note, "unpaged")) {
			peak = max(peak, q.Peak)
		}
	}
	for _, t := range s.Throughput {
		peak = max(peak, t.Peak)
	}
	return peak
}

func (s *SizeResults) hasQuestion(name string) bool {
	for _, q := range s.Questions {
		if q.Name == name {
			return true
		}
	}
	return false
}

func (s *SizeResults) question(name, notePrefix string) *QuestionResult {
	for i, q := range s.Questions {
		if q.Name == name && strings.HasPrefix(q.Note, notePrefix) {
			return &s.Questions[i]
		}
	}
	return nil
}

// importMedian is the median wall time of the imports named with prefix.
func (s *SizeResults) importMedian(prefix string) time.Duration {
	var d []time.Duration
	for _, im := range s.Imports {
		if strings.HasPrefix(im.Name, prefix) {
			d = append(d, im.Wall)
		}
	}
	return Median(d)
}

// targets is the table of the targets of issues #5 and #14 against the
// run's figures (at 100 000 people, the peer's at 10 000); "" when 100 000
// people were not measured.
func targets(res *Results) string {
	var s, small *SizeResults
	for _, r := range res.Sizes {
		switch r.People {
		case targetPeopleForCheck:
			s = r
		case targetPeerPeople:
			small = r
		}
	}
	if s == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString("| target | measured | |\n|---|---|---|\n")
	row := func(target, measured string, ok bool) {
		mark := "met"
		if !ok {
			mark = "**missed**"
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", target, measured, mark)
	}
	p95 := func(name, note string, limit time.Duration, target string) {
		if q := s.question(name, note); q != nil {
			row(target, fmt.Sprintf("%.1f ms", ms(q.GraphQL.P95)), q.GraphQL.P95 <= limit && q.Errors == 0)
		}
	}
	if q := s.question("orgHealth", "the whole"); q != nil {
		row("orgHealth p50 ≤ 2 s", fmt.Sprintf("%.2f s", q.GraphQL.P50.Seconds()), q.GraphQL.P50 <= targetHealthP50 && q.Errors == 0)
	}
	if q := s.question("orgHealth", "inside a scenario"); q != nil {
		row("a scenario's orgHealth ≤ 5 s (p50)", fmt.Sprintf("%.2f s", q.GraphQL.P50.Seconds()), q.GraphQL.P50 <= targetScenario && q.Errors == 0)
	}
	if q := s.question("compareScenario", ""); q != nil {
		row("compareScenario ≤ 5 s (p50)", fmt.Sprintf("%.2f s", q.GraphQL.P50.Seconds()), q.GraphQL.P50 <= targetScenario && q.Errors == 0)
	}
	if small != nil {
		for _, n := range small.Nested {
			if n.Clients > 4 {
				continue
			}
			row(fmt.Sprintf("nested reads ≥ 2× @neo4j/graphql at %s people: %s, %d client(s)", thousands(targetPeerPeople), n.Workload, n.Clients),
				fmt.Sprintf("%.0f against %.0f requests/s: %.2f×", n.Orgnet.PerSecond(), n.Peer.PerSecond(), n.Ratio()),
				n.Ratio() >= targetPeerRatio && n.Orgnet.Errors == 0)
		}
	}
	if q := s.question("whoCanActConnection", ""); q != nil {
		row("whoCanAct a page at a time, with the total: the largest matter, first 100", fmt.Sprintf("p50 %.0f ms, %d errors", ms(q.GraphQL.P50), q.Errors), q.Errors == 0)
	}
	peak := int64(0)
	for _, r := range res.Sizes {
		peak = max(peak, r.ServiceMemory.Peak, r.ServiceImportMemory.Peak)
	}
	row("service peak RSS ≤ 250 MB over the whole bench (the largest matter's whoCanAct unpaged included)",
		fmt.Sprintf("%.0f MB (at 100 000 people: %.0f MB serving, %.0f MB without the largest whoCanAct answers, %.0f MB importing)",
			mb(peak), mb(s.ServiceMemory.Peak), mb(s.servingPeak(false)), mb(s.ServiceImportMemory.Peak)), peak <= targetRSS)
	p95("whoCanAct", "matters with ≤", targetWhoCanActP95, fmt.Sprintf("whoCanAct p95 ≤ 40 ms (matters with ≤ %d actors)", SmallMatter))
	p95("customerDistance", "", targetDistanceP95, "customerDistance p95 ≤ 40 ms")
	p95("canAct", "", targetCanActP95, "canAct p95 ≤ 8 ms")
	for _, q := range s.Questions {
		if q.Ratio > 0 && !strings.Contains(q.Note, "no target") {
			name := q.Name
			if q.Note != "" {
				name += " (" + q.Note + ")"
			}
			row("GraphQL ÷ raw Cypher ≤ 1.3 at the median: "+name, fmt.Sprintf("%.2f", q.Ratio), q.Ratio <= targetRatio)
		}
	}
	if d := s.Delete; d != nil {
		measured := fmt.Sprintf("%.1f s", d.Wall.Seconds())
		if d.Err != "" {
			measured += " (failed: " + d.Err + ")"
		}
		row("a REPLACE deleting most of the org ≤ 60 s", measured, d.Err == "" && d.Wall <= targetDelete)
	}
	if q := s.question("orgHealth.units", ""); q != nil {
		row("orgHealth.units answers", fmt.Sprintf("p50 %.2f s, %d errors", q.GraphQL.P50.Seconds(), q.Errors), q.Errors == 0)
	}
	if l := s.DuringImport; l != nil && l.ReadsAlone.Latency.P95 > 0 {
		slow := float64(l.ReadsDuring.Latency.P95) / float64(l.ReadsAlone.Latency.P95)
		row(fmt.Sprintf("reads keep their latency during a large import (canAct p95 during ≤ %.1f× alone)", targetLoadSlowdown),
			fmt.Sprintf("p95 %.1f ms alone, %.1f ms during (%.2f×); the import %.1f s alone, %.1f s under reads",
				ms(l.ReadsAlone.Latency.P95), ms(l.ReadsDuring.Latency.P95), slow, l.Alone.Wall.Seconds(), l.UnderReads.Wall.Seconds()),
			slow <= targetLoadSlowdown && l.ReadsDuring.Errors == 0)
	}
	if len(s.Imports) > 0 {
		first := s.Imports[0].Wall
		row("import of 100 000 people ≤ 60 s", fmt.Sprintf("%.1f s", first.Seconds()), first <= targetImport)
	}
	if again := s.importMedian("the same"); again > 0 {
		row("identical re-import ≤ 30 s", fmt.Sprintf("%.1f s (median)", again.Seconds()), again <= targetReimport)
	}
	fixed := len(s.RoundTrips) > 0
	var trips []string
	for _, c := range s.RoundTrips {
		fixed = fixed && c.RoundTrips == s.RoundTrips[0].RoundTrips
		trips = append(trips, fmt.Sprintf("%d at %d×%d", c.RoundTrips, c.Teams, c.Members))
	}
	for _, t := range s.Throughput {
		if strings.HasPrefix(t.Workload, "nested") {
			fixed = fixed && t.RoundTripsLow == t.RoundTripsHigh
		}
	}
	row("nested read in a fixed number of round trips whatever `first` is", strings.Join(trips, ", "), fixed)
	return b.String()
}

// thousands writes n with a space between groups of three digits.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + " " + s[i:]
	}
	return s
}
