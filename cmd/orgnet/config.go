package main

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/orgnet/orgnet/auth"
	"github.com/orgnet/orgnet/graph"
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
	// Access is how serve authenticates (docs/access.md); the server's
	// authenticator is made from it once the database is open.
	Access auth.Config
	// Introspection is ORGNET_INTROSPECTION (Server.DisableIntrospection
	// is its negation); TrustedDocuments the file of the only documents
	// served, read at start.
	Introspection    bool
	TrustedDocuments string
	// The HTTP server's own bounds against slow or greedy clients.
	ReadHeaderTimeout time.Duration
	IdleTimeout       time.Duration
	MaxHeaderBytes    int64
	// LogValueBytes caps each value of a log line.
	LogValueBytes int64
	// Local is the local Neo4j, run when Store.URI is empty; the commands
	// fill in its Output and Password.
	Local localneo4j.Options
	// GCPercent and MemoryLimit tune serve's garbage collector.
	GCPercent   int
	MemoryLimit int64
	// HistoryDays is how many days of changes serve keeps; 0 keeps them
	// all (docs/changes.md).
	HistoryDays int
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
		about: "the largest snapshot POST /import accepts (larger: 413)",
		value: byteSize(func(c *Config) *int64 { return &c.Server.MaxImportBytes })},
	{name: "ORGNET_MAX_DELETES", usedBy: cmdServe, shown: "unset: 5 % of the active people, at least 10",
		about: "how many people one write by anyone but an admin may delete or deactivate before it is held for an admin's approval (docs/changes.md)",
		value: count(func(c *Config) *int { return &c.Store.MaxDeletes })},
	{name: "ORGNET_MAX_ID_LENGTH", def: fmt.Sprint(graph.DefaultMaxIDLength), usedBy: usesDatabase,
		about: "the most characters an id may have in a write; a longer one is refused BAD_INPUT",
		value: count(func(c *Config) *int { return &c.Store.Limits.MaxIDLength })},
	{name: "ORGNET_MAX_NAME_LENGTH", def: fmt.Sprint(graph.DefaultMaxNameLength), usedBy: usesDatabase,
		about: "the most characters a name may have in a write; a longer one is refused BAD_INPUT",
		value: count(func(c *Config) *int { return &c.Store.Limits.MaxNameLength })},
	{name: "ORGNET_HISTORY_DAYS", usedBy: cmdServe, shown: "unset: keep every change",
		about: "how many days of changes the service keeps; older ones are deleted every hour, and the org before them can no longer be exported",
		value: count(func(c *Config) *int { return &c.HistoryDays })},
	{name: "ORGNET_SCIM_BASE_URL", usedBy: cmdServe, shown: "unset: `http(s)://` and each request's host, then `/scim/v2`",
		about: "the URL identity tools reach /scim/v2 at (behind a proxy), which SCIM's locations and references start with (docs/scim.md)",
		value: text(func(c *Config) *string { return &c.Server.SCIMBaseURL })},

	// Access: docs/access.md.
	{name: "ORGNET_AUTH", def: "auto", usedBy: cmdServe,
		about: "auto: requests need an API token or OIDC access token, except in local mode (no token issued, no OIDC, a loopback address); off: every request is admin, on any address",
		value: authMode(func(c *Config) *bool { return &c.Access.Off })},
	{name: "ORGNET_OIDC_ISSUER", usedBy: cmdServe, shown: "unset: no OIDC",
		about: "the issuer whose access tokens are accepted (its discovery document gives the keys)",
		value: text(func(c *Config) *string { return &c.Access.OIDC.Issuer })},
	{name: "ORGNET_OIDC_AUDIENCE", usedBy: cmdServe, shown: "unset (required with an issuer)",
		about: "the audience an access token must name",
		value: text(func(c *Config) *string { return &c.Access.OIDC.Audience })},
	{name: "ORGNET_OIDC_JWKS", usedBy: cmdServe, shown: "unset: keys from the issuer's discovery document",
		about: "a JWKS file with the issuer's keys, for machines with no way out",
		value: path(func(c *Config) *string { return &c.Access.OIDC.JWKSFile })},
	{name: "ORGNET_OIDC_ROLES_CLAIM", def: "roles", usedBy: cmdServe,
		about: "the claim (or dotted path to it) that holds a token's roles",
		value: text(func(c *Config) *string { return &c.Access.OIDC.RolesClaim })},
	{name: "ORGNET_OIDC_CLIENT_ID", usedBy: cmdServe, shown: "unset",
		about: "the public client a browser app signs in with; GET /auth/config tells it",
		value: text(func(c *Config) *string { return &c.Access.OIDC.ClientID })},
	{name: "ORGNET_CORS_ORIGINS", usedBy: cmdServe, shown: "unset: no other origin",
		about: "the origins whose pages may call the API",
		value: origins(func(c *Config) *[]string { return &c.Server.CORSOrigins })},
	{name: "ORGNET_INTROSPECTION", def: "true", usedBy: cmdServe,
		about: "answer introspection; false also drops \"did you mean\" from validation errors",
		value: boolean(func(c *Config) *bool { return &c.Introspection })},
	{name: "ORGNET_TRUSTED_DOCUMENTS", usedBy: cmdServe, shown: "unset: any document",
		about: "a file of the only GraphQL documents served (a JSON list, or hash to document)",
		value: path(func(c *Config) *string { return &c.TrustedDocuments })},

	// Limits: each refuses a request with its own code before it runs.
	{name: "ORGNET_MAX_DEPTH", def: fmt.Sprint(server.DefaultLimits.Depth), usedBy: cmdServe,
		about: "how deep a document may nest fields",
		value: count(func(c *Config) *int { return &c.Server.Limits.Depth })},
	{name: "ORGNET_MAX_TOKENS", def: fmt.Sprint(server.DefaultLimits.Tokens), usedBy: cmdServe,
		about: "how many lexical tokens a document may have",
		value: count(func(c *Config) *int { return &c.Server.Limits.Tokens })},
	{name: "ORGNET_MAX_FIELDS", def: fmt.Sprint(server.DefaultLimits.Fields), usedBy: cmdServe,
		about: "how many fields a document may ask once its fragments are expanded",
		value: count(func(c *Config) *int { return &c.Server.Limits.Fields })},
	{name: "ORGNET_MAX_ALIASES", def: fmt.Sprint(server.DefaultLimits.Aliases), usedBy: cmdServe,
		about: "how many aliased fields a document may have",
		value: count(func(c *Config) *int { return &c.Server.Limits.Aliases })},
	{name: "ORGNET_MAX_REPEATED_FIELDS", def: fmt.Sprint(server.DefaultLimits.RepeatedFields), usedBy: cmdServe,
		about: "how often one field may be asked in one selection",
		value: count(func(c *Config) *int { return &c.Server.Limits.RepeatedFields })},
	{name: "ORGNET_MAX_COMPLEXITY", def: fmt.Sprint(server.DefaultLimits.Complexity), usedBy: cmdServe,
		about: "a document's complexity: each field times the page sizes above it, every alias counted",
		value: count(func(c *Config) *int { return &c.Server.Limits.Complexity })},
	{name: "ORGNET_MAX_BODY_BYTES", def: formatBytes(server.DefaultMaxBodyBytes), usedBy: cmdServe,
		about: "the largest POST /graphql body (larger: 413)",
		value: byteSize(func(c *Config) *int64 { return &c.Server.MaxBodyBytes })},
	{name: "ORGNET_RATE", def: fmt.Sprint(server.DefaultRate), usedBy: cmdServe,
		about: "requests per second each principal may send, all replicas together (over it: 429 with Retry-After)",
		value: rate(func(c *Config) *float64 { return &c.Server.Rate })},
	{name: "ORGNET_RATE_BURST", shown: "twice ORGNET_RATE", usedBy: cmdServe,
		about: "how many requests a principal may send at once",
		value: count(func(c *Config) *int { return &c.Server.Burst })},
	{name: "ORGNET_AUTH_FAILURE_RATE", def: fmt.Sprint(server.DefaultAuthFailureRate), usedBy: cmdServe,
		about: "failed authentications per second a client address may have, per replica (over it: 429 with Retry-After, credentials not checked)",
		value: rate(func(c *Config) *float64 { return &c.Server.AuthFailureRate })},
	{name: "ORGNET_AUTH_FAILURE_BURST", def: fmt.Sprint(server.DefaultAuthFailureBurst), usedBy: cmdServe,
		about: "how many failed authentications a client address may have at once",
		value: count(func(c *Config) *int { return &c.Server.AuthFailureBurst })},
	{name: "ORGNET_SESSIONS_PER_REQUEST", def: fmt.Sprint(server.DefaultSessionsPerRequest), usedBy: cmdServe,
		about: "how many database sessions one request may hold at once",
		value: count(func(c *Config) *int { return &c.Server.SessionsPerRequest })},
	{name: "ORGNET_REQUEST_TIMEOUT", def: formatDuration(server.DefaultRequestTimeout), usedBy: cmdServe,
		about: "how long a whole GraphQL request may take (TIMEOUT)",
		value: duration(func(c *Config) *time.Duration { return &c.Server.RequestTimeout })},
	{name: "ORGNET_DB_TIMEOUT", def: formatDuration(server.DefaultDBTime), usedBy: cmdServe,
		about: "the database time of one GraphQL request (TIMEOUT; Neo4j ends the transaction too)",
		value: duration(func(c *Config) *time.Duration { return &c.Server.DBTime })},
	{name: "ORGNET_READ_HEADER_TIMEOUT", def: "5s", usedBy: cmdServe,
		about: "how long a client may take to send a request's headers",
		value: duration(func(c *Config) *time.Duration { return &c.ReadHeaderTimeout })},
	{name: "ORGNET_BODY_READ_TIMEOUT", def: formatDuration(server.DefaultBodyReadTimeout), usedBy: cmdServe,
		about: "how long a client may take to send a GraphQL request's body",
		value: duration(func(c *Config) *time.Duration { return &c.Server.BodyReadTimeout })},
	{name: "ORGNET_IMPORT_READ_TIMEOUT", def: formatDuration(server.DefaultImportReadTimeout), usedBy: cmdServe,
		about: "how long a client may take to send a POST /import body",
		value: duration(func(c *Config) *time.Duration { return &c.Server.ImportReadTimeout })},
	{name: "ORGNET_IDLE_TIMEOUT", def: "1m", usedBy: cmdServe,
		about: "how long an idle keep-alive connection is kept",
		value: duration(func(c *Config) *time.Duration { return &c.IdleTimeout })},
	{name: "ORGNET_MAX_HEADER_BYTES", def: "64KiB", usedBy: cmdServe,
		about: "the largest request headers (a GET query counts)",
		value: byteSize(func(c *Config) *int64 { return &c.MaxHeaderBytes })},
	{name: "ORGNET_LOG_VALUE_BYTES", def: "2KiB", usedBy: cmdServe,
		about: "the longest value a log line keeps whole",
		value: byteSize(func(c *Config) *int64 { return &c.LogValueBytes })},

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
