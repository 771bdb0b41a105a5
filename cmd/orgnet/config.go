package main

import (
	"log/slog"
	"time"

	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/localneo4j"
	"github.com/orgnet/orgnet/server"
)

//go:generate go test -run ^TestConfigurationDoc$ -update .

// Config is every setting of orgnet, read once when a command starts (load)
// and passed down as plain values: nothing below cmd/ reads the environment.
type Config struct {
	Addr     string     // where serve listens
	Demo     bool       // load the demo organization into an empty database
	LogLevel slog.Level // of serve's JSON log
	Server   server.Config
	Store    store.Config
	// Local is the local Neo4j, run when Store.URI is empty; the commands
	// fill in its Output and Password.
	Local localneo4j.Options
	// GCPercent and MemoryLimit tune serve's garbage collector.
	GCPercent   int
	MemoryLimit int64
}

// settings is the configuration table: every setting orgnet reads, in the
// order help and docs/configuration.md list them. It is the one source of
// the parsing, the error at start, each command's --help and the docs; a
// new setting is a new row (and the Config field it fills).
var settings = []setting{
	// The service.
	{name: "ORGNET_ADDR", def: "127.0.0.1:8080", usedBy: cmdServe,
		about: "the address the service listens on",
		value: address(func(c *Config) *string { return &c.Addr })},
	{name: "ORGNET_DEMO", def: "true", usedBy: cmdServe,
		about: "load the demo organization into the database if it holds no org",
		value: boolean(func(c *Config) *bool { return &c.Demo })},
	{name: "ORGNET_LOG_LEVEL", def: "info", usedBy: cmdServe,
		about: "the least severe lines the service logs (JSON on standard error, one line per request)",
		value: logLevel(func(c *Config) *slog.Level { return &c.LogLevel })},
	{name: "ORGNET_MAX_IMPORT_BYTES", def: formatBytes(server.DefaultMaxImportBytes), usedBy: cmdServe,
		about: "the largest snapshot POST /import accepts",
		value: byteSize(func(c *Config) *int64 { return &c.Server.MaxImportBytes })},
	{name: "ORGNET_SCIM_BASE_URL", usedBy: cmdServe, shown: "unset: `http(s)://` and each request's host, then `/scim/v2`",
		about: "the URL identity tools reach /scim/v2 at (behind a proxy), which SCIM's locations and references start with (docs/scim.md)",
		value: text(func(c *Config) *string { return &c.Server.SCIMBaseURL })},

	// The database.
	{name: "NEO4J_URI", usedBy: usesDatabase, shown: "unset: orgnet runs its own local Neo4j (ORGNET_NEO4J_*)",
		about: "the Neo4j to use; neo4j:// routes questions to a cluster's followers",
		value: neo4jURI(func(c *Config) *string { return &c.Store.URI })},
	{name: "NEO4J_USER", def: "neo4j", usedBy: usesDatabase,
		about: "the database user",
		value: text(func(c *Config) *string { return &c.Store.User })},
	{name: "NEO4J_PASSWORD", usedBy: usesDatabase, shown: "unset: no authentication",
		about: "the database user's password",
		value: text(func(c *Config) *string { return &c.Store.Password })},
	{name: "NEO4J_DATABASE", usedBy: usesDatabase, shown: "unset: the server's home database",
		about: "the database on the Neo4j server",
		value: text(func(c *Config) *string { return &c.Store.Database })},
	{name: "ORGNET_QUERY_TIMEOUT", def: formatDuration(store.DefaultQueryTimeout), usedBy: usesDatabase,
		about: "how long one question may take before it fails",
		value: duration(func(c *Config) *time.Duration { return &c.Store.QueryTimeout })},
	{name: "ORGNET_WRITE_TIMEOUT", def: formatDuration(store.DefaultWriteTimeout), usedBy: usesDatabase,
		about: "how long one write or import may take before it fails (and changes nothing)",
		value: duration(func(c *Config) *time.Duration { return &c.Store.WriteTimeout })},

	// The local Neo4j, run when NEO4J_URI is unset.
	{name: "ORGNET_CACHE", def: localneo4j.DefaultCacheDir(), usedBy: usesLocal,
		shown: "`orgnet` in the user cache folder (`~/.cache/orgnet` on Linux); `make` sets `.cache/`",
		about: "where Neo4j's jars are kept (Maven fetches them on first use, about 150 MB)",
		value: path(func(c *Config) *string { return &c.Local.CacheDir })},
	{name: "ORGNET_NEO4J_PORT", def: "7687", usedBy: usesLocal, flag: "port", flagIn: cmdNeo4j,
		about: "the Bolt port of the local Neo4j, on 127.0.0.1",
		value: port(func(c *Config) *int { return &c.Local.Port })},
	{name: "ORGNET_NEO4J_DATA", def: "$ORGNET_CACHE/neo4j-data", usedBy: usesLocal, flag: "data", flagIn: cmdNeo4j,
		about: "the data folder of the local Neo4j, created if missing",
		value: path(func(c *Config) *string { return &c.Local.DataDir })},
	// 2g: the transaction that imports 100 000 people needs more than 1g.
	{name: "ORGNET_NEO4J_HEAP", def: "2g", usedBy: usesLocal, flag: "heap", flagIn: cmdNeo4j,
		about: "the JVM heap of the local Neo4j",
		value: jvmSize(func(c *Config) *string { return &c.Local.Heap })},
	{name: "ORGNET_NEO4J_PAGECACHE", def: localneo4j.DefaultPageCache, usedBy: usesLocal, flag: "pagecache", flagIn: cmdNeo4j,
		about: "the page cache of the local Neo4j",
		value: jvmSize(func(c *Config) *string { return &c.Local.PageCache })},
	{name: "JAVA_HOME", usedBy: usesLocal, shown: "unset: `java` on the PATH",
		about: "the JDK (17 or later) the local Neo4j runs on",
		value: path(func(c *Config) *string { return &c.Local.JavaHome })},

	// The Go runtime, with defaults of the service's own: a large answer
	// (thousands of actors) allocates in bursts, and collecting every time
	// the heap doubles from a small live set costs a third of a request's
	// CPU; the soft limit keeps the peak down.
	{name: "GOGC", def: "400", usedBy: cmdServe,
		about: "the garbage collector's target heap growth, in percent (Go's own default is 100)",
		value: gcPercent(func(c *Config) *int { return &c.GCPercent })},
	{name: "GOMEMLIMIT", def: "250MiB", usedBy: cmdServe,
		about: "the service's soft memory limit (Go's own default is off)",
		value: memoryLimit(func(c *Config) *int64 { return &c.MemoryLimit })},
}
