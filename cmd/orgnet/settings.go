package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// A setting is one row of the configuration table (settings, config.go).
type setting struct {
	name string // the environment variable
	// def is the value when the variable is unset or empty, written as the
	// variable would be; $NAME in it stands for the value of an earlier
	// setting. Empty: the field keeps its zero value.
	def string
	// shown replaces def in help and docs where def depends on the machine
	// or is empty (then it says what unset means).
	shown  string
	about  string     // what it sets, for help and docs
	usedBy commandSet // the commands that read it
	// flag, in the commands of flagIn, overrides the variable.
	flag   string
	flagIn commandSet
	value  value
}

// A kind is a type of value a setting takes. Its want says what a valid
// value looks like: help, docs and the error at start all show it.
type kind struct{ name, want string }

// A value reads a setting's text into its field of Config.
type value struct {
	kind kind
	set  func(c *Config, raw string) bool
}

// bind makes the value that parses into the field of Config that field
// points to.
func bind[T any](k kind, parse func(string) (T, bool), field func(*Config) *T) value {
	return value{kind: k, set: func(c *Config, raw string) bool {
		v, ok := parse(raw)
		if ok {
			*field(c) = v
		}
		return ok
	}}
}

var (
	kindText     = kind{"text", "any text"}
	kindPath     = kind{"path", "a file system path"}
	kindBool     = kind{"bool", "true or false, or another spelling Go's strconv.ParseBool reads: 1, t, T, TRUE, True; 0, f, F, FALSE, False"}
	kindDuration = kind{"duration", "a positive duration such as 30s, 5m or 1h30m"}
	kindPort     = kind{"port", "a port number from 1 to 65535"}
	kindAddress  = kind{"address", "host:port, such as 127.0.0.1:8080 or :8080 (every interface)"}
	kindLogLevel = kind{"log level", "debug, info, warn or error"}
	kindBytes    = kind{"bytes", "a positive number of bytes, with an optional unit B, KiB, MiB, GiB or TiB: 1048576, 512MiB, 1GiB"}
	kindJVMSize  = kind{"JVM size", "a positive size as Java writes it: a number with an optional unit k, m or g, such as 512m or 2g"}
	kindURI      = kind{"Neo4j URI", "bolt:// or neo4j:// (or their +s and +ssc variants) followed by host[:port]"}
	kindGOGC     = kind{"percent or off", "a percentage of at least 0, such as 100 or 400, or off"}
	kindMemLimit = kind{"bytes or off", "a number of bytes as for bytes (such as 250MiB or 2GiB), or off"}
	kindCount    = kind{"count", "a whole number of at least 1, such as 12 or 10000"}
	kindRate     = kind{"rate or off", "requests per second, such as 100 or 2.5, or off"}
	kindAuth     = kind{"auto or off", "auto (API tokens and OIDC; local mode on a loopback address without either) or off (every request is admin)"}
	kindOrigins  = kind{"origins", "comma-separated origins, each scheme://host[:port] such as https://planner.example.com"}
)

func text(field func(*Config) *string) value { return bind(kindText, asIs, field) }

func path(field func(*Config) *string) value { return bind(kindPath, asIs, field) }

func asIs(s string) (string, bool) { return s, true }

func boolean(field func(*Config) *bool) value {
	return bind(kindBool, func(s string) (bool, bool) {
		v, err := strconv.ParseBool(s)
		return v, err == nil
	}, field)
}

func duration(field func(*Config) *time.Duration) value {
	return bind(kindDuration, func(s string) (time.Duration, bool) {
		d, err := time.ParseDuration(s)
		return d, err == nil && d > 0
	}, field)
}

func port(field func(*Config) *int) value {
	return bind(kindPort, parsePort, field)
}

func parsePort(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 1 && n <= 65535
}

func address(field func(*Config) *string) value {
	return bind(kindAddress, func(s string) (string, bool) {
		_, p, err := net.SplitHostPort(s)
		if err != nil {
			return "", false
		}
		_, ok := parsePort(p)
		return s, ok
	}, field)
}

func logLevel(field func(*Config) *slog.Level) value {
	return bind(kindLogLevel, func(s string) (slog.Level, bool) {
		var l slog.Level
		return l, l.UnmarshalText([]byte(s)) == nil
	}, field)
}

func byteSize(field func(*Config) *int64) value {
	return bind(kindBytes, parseBytes, field)
}

// byteUnits are the units of a number of bytes, as GOMEMLIMIT takes them.
var byteUnits = []struct {
	name string
	size int64
}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}}

func parseBytes(s string) (int64, bool) {
	unit := int64(1)
	for _, u := range byteUnits {
		if number, ok := strings.CutSuffix(s, u.name); ok {
			s, unit = number, u.size
			break
		}
	}
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > math.MaxInt64/unit {
		return 0, false
	}
	return n * unit, true
}

// formatBytes writes n in the largest unit that divides it.
func formatBytes(n int64) string {
	for _, u := range byteUnits {
		if n%u.size == 0 && n >= u.size {
			return strconv.FormatInt(n/u.size, 10) + u.name
		}
	}
	return strconv.FormatInt(n, 10)
}

// formatDuration writes d without the zero units time.Duration.String
// ends with: 10m, not 10m0s.
func formatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

var jvmSizePattern = regexp.MustCompile(`^[1-9][0-9]*[kKmMgG]?$`)

func jvmSize(field func(*Config) *string) value {
	return bind(kindJVMSize, func(s string) (string, bool) { return s, jvmSizePattern.MatchString(s) }, field)
}

func neo4jURI(field func(*Config) *string) value {
	return bind(kindURI, func(s string) (string, bool) {
		u, err := url.Parse(s)
		if err != nil || u.Host == "" || u.Hostname() == "" {
			return "", false
		}
		switch u.Scheme {
		case "bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc":
			return s, true
		}
		return "", false
	}, field)
}

func gcPercent(field func(*Config) *int) value {
	return bind(kindGOGC, func(s string) (int, bool) {
		if s == "off" {
			return -1, true
		}
		n, err := strconv.Atoi(s)
		return n, err == nil && n >= 0
	}, field)
}

func memoryLimit(field func(*Config) *int64) value {
	return bind(kindMemLimit, func(s string) (int64, bool) {
		if s == "off" {
			return math.MaxInt64, true
		}
		return parseBytes(s)
	}, field)
}

func count(field func(*Config) *int) value {
	return bind(kindCount, func(s string) (int, bool) {
		n, err := strconv.Atoi(s)
		return n, err == nil && n >= 1
	}, field)
}

func rate(field func(*Config) *float64) value {
	return bind(kindRate, func(s string) (float64, bool) {
		if s == "off" {
			return -1, true
		}
		r, err := strconv.ParseFloat(s, 64)
		return r, err == nil && r > 0 && !math.IsInf(r, 0)
	}, field)
}

func authMode(field func(*Config) *bool) value {
	return bind(kindAuth, func(s string) (bool, bool) {
		return s == "off", s == "auto" || s == "off"
	}, field)
}

func origins(field func(*Config) *[]string) value {
	return bind(kindOrigins, func(s string) ([]string, bool) {
		var out []string
		for _, o := range strings.Split(s, ",") {
			o = strings.TrimSuffix(strings.TrimSpace(o), "/")
			if o == "" {
				continue
			}
			u, err := url.Parse(o)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" {
				return nil, false
			}
			out = append(out, o)
		}
		return out, true
	}, field)
}

// A commandSet is a set of orgnet's commands: those that read a setting.
type commandSet uint

const (
	cmdServe commandSet = 1 << iota
	cmdNeo4j
	cmdImport
	cmdExport
	cmdSynth
	cmdToken

	// usesDatabase are the commands that open the database; usesLocal those
	// that may run the local Neo4j.
	usesDatabase = cmdServe | cmdImport | cmdExport | cmdToken
	usesLocal    = usesDatabase | cmdNeo4j
)

// load reads the settings the commands of cmd read: each from its flag if
// flags has it (keyed by variable), else from its environment variable,
// else from its default; an empty flag or variable counts as unset. A bad value is an error naming
// where it came from and the value; the error lists them all.
func load(cmd commandSet, env func(string) (string, bool), flags map[string]string) (Config, error) {
	var cfg Config
	values := map[string]string{} // each setting's text, for $NAME in a default
	var errs []error
	for _, s := range settings {
		if s.usedBy&cmd == 0 {
			continue
		}
		raw := os.Expand(s.def, func(name string) string { return values[name] })
		source := s.name + " (default)"
		if v, ok := env(s.name); ok && v != "" {
			raw, source = v, s.name
		}
		if v, ok := flags[s.name]; ok && v != "" {
			raw, source = v, "--"+s.flag
		}
		values[s.name] = raw
		if raw == "" {
			continue
		}
		if !s.value.set(&cfg, raw) {
			errs = append(errs, fmt.Errorf("%s=%q: want %s", source, raw, s.value.kind.want))
		}
	}
	return cfg, errors.Join(errs...)
}

// settingFlag is a flag that overrides a setting: it keeps the text given,
// for load to parse as it parses the variable.
type settingFlag struct {
	setting
	into map[string]string
}

func (f *settingFlag) String() string {
	if f == nil || f.into == nil {
		return ""
	}
	return f.into[f.name]
}

func (f *settingFlag) Set(s string) error { f.into[f.name] = s; return nil }

func (f *settingFlag) IsBoolFlag() bool { return f.value.kind == kindBool }

// addSettingFlags declares on fs the flags that override settings in cmd,
// recording what they are given in into.
func addSettingFlags(fs *flag.FlagSet, cmd commandSet, into map[string]string) {
	for _, s := range settings {
		if s.flagIn&cmd != 0 {
			fs.Var(&settingFlag{setting: s, into: into}, s.flag, s.about)
		}
	}
}

// defaultText is what help (plain) and docs (markdown) say of a setting's
// default: "default X" in help, X alone in the docs' default column, or
// what unset means.
func (s setting) defaultText(markdown bool) string {
	switch {
	case s.shown != "" && markdown:
		return s.shown
	case s.shown != "" && strings.HasPrefix(s.shown, "unset"):
		return strings.ReplaceAll(s.shown, "`", "")
	case s.shown != "":
		return "default " + strings.ReplaceAll(s.shown, "`", "")
	case markdown:
		return "`" + s.def + "`"
	default:
		return "default " + s.def
	}
}
