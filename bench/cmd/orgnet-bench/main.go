// Command orgnet-bench runs orgnet's benchmark suite (see bench/README.md):
// for each org size it starts a fresh local Neo4j and `orgnet serve` as its
// own process, imports a synthetic org three ways, asks every question
// through GraphQL and as raw Cypher side by side, measures throughput with
// concurrent clients, round trips, memory and store size, and writes the
// figures as Markdown.
//
//	go run ./bench/cmd/orgnet-bench [-people 10000,100000] [-out bench/RESULTS.md]
//
// Like the service, it finds Neo4j's jars in ORGNET_CACHE (else the user
// cache) and the JDK in JAVA_HOME (else java on the PATH).
package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/orgnet/orgnet/bench"
	"github.com/orgnet/orgnet/localneo4j"
)

func main() {
	people := flag.String("people", "10000,100000", "org sizes to measure, comma-separated; each gets a fresh database")
	seed := flag.Int64("seed", 1, "seed of the synthetic orgs and of the questions' arguments")
	requests := flag.Int("requests", 1000, "measured requests per question and side (GraphQL, raw)")
	healthRequests := flag.Int("health-requests", 5, "measured orgHealth requests per side (each reads the whole org)")
	warmup := flag.Int("warmup", 200, "warm-up requests per question and side")
	repeats := flag.Int("repeats", 3, "repeats of the identical re-import and of the 1 % change")
	clients := flag.String("clients", "1,4,16", "concurrent clients of the throughput runs")
	duration := flag.Duration("duration", 10*time.Second, "length of each throughput run")
	orgnet := flag.String("orgnet", "", "the orgnet binary (default: built from ./cmd/orgnet)")
	port := flag.Int("port", 7689, "Bolt port of the benchmark's local Neo4j")
	addr := flag.String("addr", "127.0.0.1:8089", "listen address of the service under test")
	cacheDir := cmp.Or(os.Getenv("ORGNET_CACHE"), localneo4j.DefaultCacheDir())
	data := flag.String("data", filepath.Join(cacheDir, "bench-neo4j"), "folder for the databases and logs; emptied per size")
	heap := flag.String("heap", "2g", "Neo4j's JVM heap (100 000 people need 2g: the import is one transaction)")
	pagecache := flag.String("pagecache", "512m", "Neo4j's page cache")
	peerAddr := flag.String("peer-addr", "127.0.0.1:8090", "listen address of the peer, @neo4j/graphql (empty: no peer)")
	peerDir := flag.String("peer-dir", filepath.Join("bench", "peer"), "the peer's folder (package.json, package-lock.json, server.js)")
	loadClients := flag.Int("load-clients", 4, "clients that keep reading during the large import (0: no such step)")
	deleteImport := flag.Bool("delete-import", true, "end each size with a REPLACE that deletes most of the org")
	invokedAs := flag.String("invoked-as", "", "how the run was started, for the results (default: this command line)")
	out := flag.String("out", "", "write the Markdown results here (default: bench/RESULTS.md when 100000 people are measured, else only standard output)")
	flag.Parse()

	cfg := bench.Config{Seed: *seed, Requests: *requests, HealthRequests: *healthRequests, Warmup: *warmup, Repeats: *repeats, Duration: *duration,
		Orgnet: *orgnet, Port: *port, Addr: *addr, DataDir: *data, CacheDir: cacheDir, JavaHome: os.Getenv("JAVA_HOME"),
		Heap: *heap, PageCache: *pagecache, PeerAddr: *peerAddr, PeerDir: *peerDir, LoadClients: *loadClients, DeleteImport: *deleteImport,
		Log: os.Stderr}
	var err error
	if cfg.Sizes, err = ints(*people); err != nil {
		fail(fmt.Errorf("-people: %w", err))
	}
	if cfg.Clients, err = ints(*clients); err != nil {
		fail(fmt.Errorf("-clients: %w", err))
	}
	if *out == "" {
		for _, n := range cfg.Sizes {
			if n == 100_000 {
				*out = filepath.Join("bench", "RESULTS.md")
			}
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if cfg.Orgnet == "" {
		cfg.Orgnet = filepath.Join(cfg.DataDir, "orgnet")
		build := exec.CommandContext(ctx, "go", "build", "-o", cfg.Orgnet, "./cmd/orgnet")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			fail(fmt.Errorf("build orgnet: %w", err))
		}
	}
	machine := describeMachine()
	machine.Command = *invokedAs
	if machine.Command == "" {
		machine.Command = strings.TrimSpace("go run ./bench/cmd/orgnet-bench " + strings.Join(os.Args[1:], " "))
	}
	machine.Heap, machine.Cache = cfg.Heap, cfg.PageCache

	res, err := bench.Run(ctx, cfg)
	if res != nil && len(res.Sizes) > 0 {
		machine.Neo4j = res.Neo4j
		if werr := bench.WriteMarkdown(os.Stdout, res, machine); werr != nil {
			fail(werr)
		}
		if *out != "" && err == nil {
			f, ferr := os.Create(*out)
			if ferr != nil {
				fail(ferr)
			}
			if werr := bench.WriteMarkdown(f, res, machine); werr != nil {
				fail(werr)
			}
			if cerr := f.Close(); cerr != nil {
				fail(cerr)
			}
			fmt.Fprintln(os.Stderr, "orgnet-bench: wrote", *out)
		}
	}
	if err != nil {
		fail(err)
	}
}

func ints(list string) ([]int, error) {
	var out []int
	for _, s := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%q is not a positive number", s)
		}
		out = append(out, n)
	}
	return out, nil
}

// describeMachine names the machine by its properties: CPU model and
// cores, memory, Go and Java versions, the commit.
func describeMachine() bench.Machine {
	m := bench.Machine{Cores: runtime.NumCPU(), Go: runtime.Version(), CPU: "unknown CPU"}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if name, value, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "model name" {
				m.CPU = strings.TrimSpace(value)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
				kb, _ := strconv.ParseInt(f[1], 10, 64)
				m.MemoryBytes = kb << 10
			}
		}
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) >= 3 {
			m.OtherLoadAvg = strings.Join(f[:3], " ")
		}
	}
	if outp, err := exec.Command("java", "-version").CombinedOutput(); err == nil {
		m.Java = strings.SplitN(strings.TrimSpace(string(outp)), "\n", 2)[0]
	}
	m.Commit = "unknown"
	if outp, err := exec.Command("git", "rev-parse", "--short=12", "HEAD").Output(); err == nil {
		m.Commit = strings.TrimSpace(string(outp))
		if st, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(strings.TrimSpace(string(st))) > 0 {
			m.Commit += " + uncommitted changes"
		}
	}
	return m
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "orgnet-bench:", err)
	os.Exit(1)
}
