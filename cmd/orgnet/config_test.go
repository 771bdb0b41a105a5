package main

import (
	"bytes"
	"flag"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/auth"
	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/localneo4j"
	"github.com/orgnet/orgnet/server"
)

// environ is an environment for load and run: only what the test sets.
func environ(vars map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) {
		v, ok := vars[name]
		return v, ok
	}
}

func TestLoadDefaults(t *testing.T) {
	cache := localneo4j.DefaultCacheDir()
	want := Config{
		Addr:     "127.0.0.1:8080",
		Demo:     true,
		LogLevel: slog.LevelInfo,
		Server: server.Config{
			MaxImportBytes: server.DefaultMaxImportBytes, MaxBodyBytes: server.DefaultMaxBodyBytes,
			Limits: server.DefaultLimits, SessionsPerRequest: server.DefaultSessionsPerRequest, Rate: server.DefaultRate,
			AuthFailureRate: server.DefaultAuthFailureRate, AuthFailureBurst: server.DefaultAuthFailureBurst,
			RequestTimeout: server.DefaultRequestTimeout, DBTime: server.DefaultDBTime,
			BodyReadTimeout: server.DefaultBodyReadTimeout, ImportReadTimeout: server.DefaultImportReadTimeout,
		},
		Store: store.Config{User: "neo4j", QueryTimeout: store.DefaultQueryTimeout, WriteTimeout: store.DefaultWriteTimeout,
			Limits: graph.Limits{MaxIDLength: graph.DefaultMaxIDLength, MaxNameLength: graph.DefaultMaxNameLength}},
		Access:            auth.Config{OIDC: auth.OIDCConfig{RolesClaim: "roles"}},
		Introspection:     true,
		ReadHeaderTimeout: 5 * time.Second,
		IdleTimeout:       time.Minute,
		MaxHeaderBytes:    64 << 10,
		LogValueBytes:     2 << 10,
		Local: localneo4j.Options{Port: 7687, DataDir: filepath.Join(cache, "neo4j-data"), CacheDir: cache,
			Heap: "2g", PageCache: localneo4j.DefaultPageCache},
		GCPercent:   400,
		MemoryLimit: 250 << 20,
	}
	got, err := load(cmdServe, environ(nil), nil)
	require.NoError(t, err)
	assert.Equal(t, want, got, "serve with nothing set")

	t.Run("an empty variable counts as unset", func(t *testing.T) {
		empty := map[string]string{}
		for _, s := range settings {
			empty[s.name] = ""
		}
		got, err := load(cmdServe, environ(empty), nil)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	})
	t.Run("a command reads only its settings", func(t *testing.T) {
		got, err := load(cmdNeo4j, environ(map[string]string{"ORGNET_ADDR": "nonsense", "ORGNET_DEMO": "maybe"}), nil)
		require.NoError(t, err, "neo4j reads neither ORGNET_ADDR nor ORGNET_DEMO")
		assert.Equal(t, Config{Local: want.Local}, got)
		got, err = load(cmdSynth, environ(map[string]string{"ORGNET_NEO4J_PORT": "x"}), nil)
		require.NoError(t, err, "synth reads no settings")
		assert.Zero(t, got)
	})
	t.Run("a default names an earlier setting's value", func(t *testing.T) {
		got, err := load(cmdServe, environ(map[string]string{"ORGNET_CACHE": "/var/cache/orgnet"}), nil)
		require.NoError(t, err)
		assert.Equal(t, "/var/cache/orgnet", got.Local.CacheDir)
		assert.Equal(t, "/var/cache/orgnet/neo4j-data", got.Local.DataDir)
		got, err = load(cmdServe, environ(map[string]string{"ORGNET_CACHE": "/c", "ORGNET_NEO4J_DATA": "/d"}), nil)
		require.NoError(t, err)
		assert.Equal(t, "/d", got.Local.DataDir, "a set variable is taken as it is")
	})
}

func TestLoadReadsEachKind(t *testing.T) {
	for _, tc := range []struct {
		name, variable, value string
		got                   func(Config) any
		want                  any
	}{
		{"an address may leave the host out", "ORGNET_ADDR", ":9090", func(c Config) any { return c.Addr }, ":9090"},
		{"a log level", "ORGNET_LOG_LEVEL", "debug", func(c Config) any { return c.LogLevel }, slog.LevelDebug},
		{"a log level in capitals", "ORGNET_LOG_LEVEL", "WARN", func(c Config) any { return c.LogLevel }, slog.LevelWarn},
		{"bytes with a unit", "ORGNET_MAX_IMPORT_BYTES", "64MiB", func(c Config) any { return c.Server.MaxImportBytes }, int64(64 << 20)},
		{"bytes without a unit", "ORGNET_MAX_IMPORT_BYTES", "300", func(c Config) any { return c.Server.MaxImportBytes }, int64(300)},
		{"a routing URI", "NEO4J_URI", "neo4j+s://db.example.com", func(c Config) any { return c.Store.URI }, "neo4j+s://db.example.com"},
		{"a Bolt URI with a port", "NEO4J_URI", "bolt://localhost:7687", func(c Config) any { return c.Store.URI }, "bolt://localhost:7687"},
		{"a duration", "ORGNET_QUERY_TIMEOUT", "1m30s", func(c Config) any { return c.Store.QueryTimeout }, 90 * time.Second},
		{"a port", "ORGNET_NEO4J_PORT", "7713", func(c Config) any { return c.Local.Port }, 7713},
		{"a JVM size", "ORGNET_NEO4J_HEAP", "512m", func(c Config) any { return c.Local.Heap }, "512m"},
		{"GOGC off", "GOGC", "off", func(c Config) any { return c.GCPercent }, -1},
		{"GOGC as Go's default", "GOGC", "100", func(c Config) any { return c.GCPercent }, 100},
		{"GOMEMLIMIT off", "GOMEMLIMIT", "off", func(c Config) any { return c.MemoryLimit }, int64(math.MaxInt64)},
		{"GOMEMLIMIT in GiB", "GOMEMLIMIT", "2GiB", func(c Config) any { return c.MemoryLimit }, int64(2 << 30)},
		{"a password is taken as it is", "NEO4J_PASSWORD", " s3cret=", func(c Config) any { return c.Store.Password }, " s3cret="},
		{"auth off", "ORGNET_AUTH", "off", func(c Config) any { return c.Access.Off }, true},
		{"auth auto", "ORGNET_AUTH", "auto", func(c Config) any { return c.Access.Off }, false},
		{"a count", "ORGNET_MAX_DEPTH", "20", func(c Config) any { return c.Server.Limits.Depth }, 20},
		{"a rate", "ORGNET_RATE", "2.5", func(c Config) any { return c.Server.Rate }, 2.5},
		{"the rate off", "ORGNET_RATE", "off", func(c Config) any { return c.Server.Rate }, -1.0},
		{"a failed authentication rate", "ORGNET_AUTH_FAILURE_RATE", "0.2", func(c Config) any { return c.Server.AuthFailureRate }, 0.2},
		{"the failed authentication throttle off", "ORGNET_AUTH_FAILURE_RATE", "off", func(c Config) any { return c.Server.AuthFailureRate }, -1.0},
		{"a failed authentication burst", "ORGNET_AUTH_FAILURE_BURST", "5", func(c Config) any { return c.Server.AuthFailureBurst }, 5},
		{"origins, spaced and with a trailing slash", "ORGNET_CORS_ORIGINS", "https://a.example, http://localhost:5173/",
			func(c Config) any { return c.Server.CORSOrigins }, []string{"https://a.example", "http://localhost:5173"}},
		{"introspection off", "ORGNET_INTROSPECTION", "false", func(c Config) any { return c.Introspection }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := load(cmdServe, environ(map[string]string{tc.variable: tc.value}), nil)
			require.NoError(t, err)
			assert.Equal(t, tc.want, tc.got(cfg))
		})
	}
}

// Booleans read as strconv.ParseBool does: ORGNET_DEMO=0 turns the demo off.
func TestLoadBoolSpellings(t *testing.T) {
	for value, want := range map[string]bool{
		"1": true, "t": true, "T": true, "TRUE": true, "true": true, "True": true,
		"0": false, "f": false, "F": false, "FALSE": false, "false": false, "False": false,
	} {
		t.Run(value, func(t *testing.T) {
			cfg, err := load(cmdServe, environ(map[string]string{"ORGNET_DEMO": value}), nil)
			require.NoError(t, err)
			assert.Equal(t, want, cfg.Demo)
		})
	}
}

// Every kind of bad value stops the command, naming the variable and the
// value and saying what a good one looks like.
func TestLoadRejectsBadValues(t *testing.T) {
	for _, tc := range []struct{ name, variable, value string }{
		{"a bool that ParseBool does not read", "ORGNET_DEMO", "yes"},
		{"a bool with spaces", "ORGNET_DEMO", " true"},
		{"a port that is not a number", "ORGNET_NEO4J_PORT", "seven"},
		{"a port out of range", "ORGNET_NEO4J_PORT", "70000"},
		{"port zero", "ORGNET_NEO4J_PORT", "0"},
		{"a duration without a unit", "ORGNET_QUERY_TIMEOUT", "30"},
		{"a zero duration", "ORGNET_WRITE_TIMEOUT", "0s"},
		{"a negative duration", "ORGNET_QUERY_TIMEOUT", "-5s"},
		{"an address without a port", "ORGNET_ADDR", "localhost"},
		{"an address with a bad port", "ORGNET_ADDR", "127.0.0.1:http"},
		{"an unknown log level", "ORGNET_LOG_LEVEL", "verbose"},
		{"bytes with an unknown unit", "ORGNET_MAX_IMPORT_BYTES", "1GB"},
		{"zero bytes", "ORGNET_MAX_IMPORT_BYTES", "0"},
		{"bytes that overflow", "ORGNET_MAX_IMPORT_BYTES", "9999999TiB"},
		{"negative bytes", "ORGNET_MAX_IMPORT_BYTES", "-1"},
		{"a URI of another scheme", "NEO4J_URI", "http://localhost:7474"},
		{"a URI without a host", "NEO4J_URI", "bolt://"},
		{"a JVM size with a unit Java does not know", "ORGNET_NEO4J_HEAP", "2GiB"},
		{"a JVM size of zero", "ORGNET_NEO4J_PAGECACHE", "0m"},
		{"a negative GOGC", "GOGC", "-1"},
		{"a GOMEMLIMIT Go does not read", "GOMEMLIMIT", "250M"},
		{"an unknown auth mode", "ORGNET_AUTH", "on"},
		{"a count of zero", "ORGNET_MAX_DEPTH", "0"},
		{"a count that is not a number", "ORGNET_MAX_ALIASES", "many"},
		{"a negative rate", "ORGNET_RATE", "-3"},
		{"a failed authentication rate of zero", "ORGNET_AUTH_FAILURE_RATE", "0"},
		{"an origin with a path", "ORGNET_CORS_ORIGINS", "https://a.example/app"},
		{"an origin without a scheme", "ORGNET_CORS_ORIGINS", "a.example"},
		{"a wildcard origin", "ORGNET_CORS_ORIGINS", "*"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := load(cmdServe, environ(map[string]string{tc.variable: tc.value}), nil)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.variable+"="+`"`+tc.value+`"`)
			assert.Contains(t, err.Error(), "want ")
			assert.NotContains(t, err.Error(), "\n", "one problem, one line")
		})
	}
	t.Run("every bad value is listed, not only the first", func(t *testing.T) {
		_, err := load(cmdServe, environ(map[string]string{"ORGNET_DEMO": "maybe", "ORGNET_NEO4J_PORT": "x", "GOGC": "lots"}), nil)
		require.Error(t, err)
		lines := strings.Split(err.Error(), "\n")
		assert.Len(t, lines, 3)
		for _, name := range []string{"ORGNET_DEMO", "ORGNET_NEO4J_PORT", "GOGC"} {
			assert.Contains(t, err.Error(), name+"=")
		}
	})
}

// A flag wins over its variable, which wins over the default.
func TestLoadFlagBeatsEnvironment(t *testing.T) {
	for _, tc := range []struct {
		name  string
		env   map[string]string
		flags []string
		want  int
		bad   string // the source an error must name; empty: no error
	}{
		{"the default", nil, nil, 7687, ""},
		{"the variable over the default", map[string]string{"ORGNET_NEO4J_PORT": "7000"}, nil, 7000, ""},
		{"the flag over the variable", map[string]string{"ORGNET_NEO4J_PORT": "7000"}, []string{"--port", "7100"}, 7100, ""},
		{"a good flag over a bad variable", map[string]string{"ORGNET_NEO4J_PORT": "x"}, []string{"--port=7100"}, 7100, ""},
		{"a bad flag is named as the flag", map[string]string{"ORGNET_NEO4J_PORT": "7000"}, []string{"--port", "x"}, 0, `--port="x"`},
		{"an empty flag counts as unset", map[string]string{"ORGNET_NEO4J_PORT": "7000"}, []string{"--port="}, 7000, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := flag.NewFlagSet("neo4j", flag.ContinueOnError)
			overrides := map[string]string{}
			addSettingFlags(fs, cmdNeo4j, overrides)
			require.NoError(t, fs.Parse(tc.flags))
			cfg, err := load(cmdNeo4j, environ(tc.env), overrides)
			if tc.bad != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.bad)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, cfg.Local.Port)
		})
	}
	t.Run("every flag of neo4j overrides its setting", func(t *testing.T) {
		fs := flag.NewFlagSet("neo4j", flag.ContinueOnError)
		overrides := map[string]string{}
		addSettingFlags(fs, cmdNeo4j, overrides)
		require.NoError(t, fs.Parse([]string{"--data", "/d", "--heap", "1g", "--pagecache", "64m"}))
		cfg, err := load(cmdNeo4j, environ(map[string]string{"ORGNET_NEO4J_DATA": "/e", "ORGNET_NEO4J_HEAP": "3g"}), overrides)
		require.NoError(t, err)
		assert.Equal(t, "/d", cfg.Local.DataDir)
		assert.Equal(t, "1g", cfg.Local.Heap)
		assert.Equal(t, "64m", cfg.Local.PageCache)
	})
}

// The table's own rules: what help, docs and load rely on.
func TestSettingsTable(t *testing.T) {
	seen := map[string]setting{}
	for _, s := range settings {
		t.Run(s.name, func(t *testing.T) {
			assert.Regexp(t, `^[A-Z][A-Z0-9_]*$`, s.name)
			assert.NotContains(t, seen, s.name, "named once")
			assert.NotEmpty(t, s.about)
			assert.NotZero(t, s.usedBy, "read by some command")
			assert.Equal(t, s.flagIn&^s.usedBy, commandSet(0), "a flag only where the setting is read")
			assert.Equal(t, s.flag != "", s.flagIn != 0, "a flag name and where it applies go together")
			assert.True(t, s.def != "" || s.shown != "", "help can say what unset means")
			for _, ref := range regexp.MustCompile(`\$([A-Z0-9_]+)`).FindAllStringSubmatch(s.def, -1) {
				earlier, ok := seen[ref[1]]
				if assert.True(t, ok, "$%s names an earlier setting", ref[1]) {
					assert.Equal(t, commandSet(0), s.usedBy&^earlier.usedBy, "$%s is read wherever %s is", ref[1], s.name)
				}
			}
		})
		seen[s.name] = s
	}
	for _, c := range commands {
		t.Run("the flags of "+c.name+" do not collide", func(t *testing.T) {
			assert.NotPanics(t, func() {
				fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
				c.flags(fs)
				addSettingFlags(fs, c.bit, map[string]string{})
			})
		})
	}
}

func TestBytesRoundTrip(t *testing.T) {
	for _, n := range []int64{1, 300, 1 << 10, 250 << 20, 1 << 30, 3 << 40, 1<<30 + 1} {
		text := formatBytes(n)
		got, ok := parseBytes(text)
		require.True(t, ok, text)
		assert.Equal(t, n, got, text)
	}
	assert.Equal(t, "1GiB", formatBytes(1<<30))
	assert.Equal(t, "10m", formatDuration(10*time.Minute))
	assert.Equal(t, "2h", formatDuration(2*time.Hour))
	assert.Equal(t, "1m30s", formatDuration(90*time.Second))
}

// run is main without the process: a bad setting is an error at start,
// before anything listens or starts.
func TestRunStopsAtABadSetting(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"serve"}, environ(map[string]string{"ORGNET_DEMO": "maybe", "ORGNET_ADDR": "127.0.0.1:1"}), &stdout, &stderr)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr.String(), `orgnet: ORGNET_DEMO="maybe": want true or false`)
	assert.Empty(t, stdout.String())

	stderr.Reset()
	code = run([]string{"neo4j", "--port", "99999"}, environ(nil), &stdout, &stderr)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr.String(), `--port="99999"`)

	stderr.Reset()
	code = run([]string{"import", "--mode", "upsert", "org.json"}, environ(nil), &stdout, &stderr)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr.String(), `unknown mode "upsert"`)
}

// `orgnet serve --help` lists every setting; each command's help lists the
// settings it reads, its flags, and no setting it does not read.
func TestHelpListsTheSettings(t *testing.T) {
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"serve", "--help"}, environ(nil), &stdout, &stderr))
	assert.Empty(t, stderr.String())
	for _, s := range settings {
		assert.Contains(t, stdout.String(), "\n  "+s.name+"  "+s.value.kind.name+"; ", "serve --help lists %s", s.name)
		assert.Contains(t, stdout.String(), s.about)
	}

	for _, c := range commands {
		t.Run(c.name, func(t *testing.T) {
			var stdout bytes.Buffer
			require.Equal(t, 0, run([]string{c.name, "-h"}, environ(nil), &stdout, &bytes.Buffer{}))
			help := stdout.String()
			assert.True(t, strings.HasPrefix(help, "usage: orgnet "+c.name), help)
			for _, s := range settings {
				listed := strings.Contains(help, "\n  "+s.name+"  ")
				assert.Equal(t, s.usedBy&c.bit != 0, listed, "%s in the help of %s", s.name, c.name)
				if s.flagIn&c.bit != 0 {
					assert.Contains(t, help, "--"+s.flag+" "+s.value.kind.name)
					assert.Contains(t, help, "(overrides "+s.name+")")
				}
			}
		})
	}
	t.Run("orgnet help names every command", func(t *testing.T) {
		var stdout bytes.Buffer
		require.Equal(t, 0, run([]string{"help"}, environ(nil), &stdout, &bytes.Buffer{}))
		for _, c := range commands {
			assert.Contains(t, stdout.String(), "\n  "+c.name+" ")
		}
	})
}

var update = flag.Bool("update", false, "rewrite docs/configuration.md from the settings table")

// docs/configuration.md is the settings table as Markdown; `go generate
// ./cmd/orgnet` (this test with -update) rewrites it.
func TestConfigurationDoc(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "configuration.md")
	want := configurationMarkdown()
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(want), 0o644))
	}
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, want, string(got), "docs/configuration.md is stale: run go generate ./cmd/orgnet")
	for _, s := range settings {
		assert.Contains(t, want, "| `"+s.name+"` |")
	}
	assert.NotContains(t, want, localneo4j.DefaultCacheDir(), "no path of this machine in the docs")
}

// FuzzLoad: whatever a variable holds, load either reads it or names it in
// its error; it never panics.
func FuzzLoad(f *testing.F) {
	for i, s := range settings {
		f.Add(i, s.def)
		f.Add(i, "x")
	}
	f.Fuzz(func(t *testing.T, i int, value string) {
		if i < 0 {
			i = -i
		}
		s := settings[i%len(settings)]
		_, err := load(cmdServe, environ(map[string]string{s.name: value}), nil)
		if err != nil {
			assert.Contains(t, err.Error(), s.name+"=")
		}
	})
}
