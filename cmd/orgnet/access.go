package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/orgnet/orgnet/auth"
	"github.com/orgnet/orgnet/server"
)

// accessSettings are serve's settings of access control, limits and
// timeouts (docs/access.md), read from the environment once.
type accessSettings struct {
	Auth    auth.Config
	Options server.Options
	// The HTTP server's own timeouts against slow clients.
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	IdleTimeout       time.Duration
	MaxHeaderBytes    int
	// LogValueBytes caps each value of a log line.
	LogValueBytes int
}

// readAccessSettings reads ORGNET_AUTH, ORGNET_OIDC_*, ORGNET_CORS_ORIGINS,
// ORGNET_INTROSPECTION, ORGNET_TRUSTED_DOCUMENTS, the limits, the rate and
// the timeouts.
func readAccessSettings() (accessSettings, error) {
	var errs []string
	num := func(name string, def int) int {
		v := os.Getenv(name)
		if v == "" {
			return def
		}
		n, err := strconv.Atoi(strings.ReplaceAll(v, "_", ""))
		if err != nil || n < 0 {
			errs = append(errs, fmt.Sprintf("%s=%q is not a count", name, v))
			return def
		}
		return n
	}
	dur := func(name string, def time.Duration) time.Duration {
		v := os.Getenv(name)
		if v == "" {
			return def
		}
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Sprintf("%s=%q is not a duration such as 30s", name, v))
			return def
		}
		return d
	}
	d := server.DefaultOptions()
	s := accessSettings{
		Auth: auth.Config{
			OIDC: auth.OIDCConfig{
				Issuer:     os.Getenv("ORGNET_OIDC_ISSUER"),
				Audience:   os.Getenv("ORGNET_OIDC_AUDIENCE"),
				JWKSFile:   os.Getenv("ORGNET_OIDC_JWKS"),
				RolesClaim: env("ORGNET_OIDC_ROLES_CLAIM", "roles"),
				ClientID:   os.Getenv("ORGNET_OIDC_CLIENT_ID"),
			},
		},
		ReadHeaderTimeout: dur("ORGNET_READ_HEADER_TIMEOUT", 5*time.Second),
		IdleTimeout:       dur("ORGNET_IDLE_TIMEOUT", 60*time.Second),
		MaxHeaderBytes:    num("ORGNET_MAX_HEADER_BYTES", 64<<10),
		LogValueBytes:     num("ORGNET_LOG_VALUE_BYTES", 2048),
	}
	switch a := env("ORGNET_AUTH", "auto"); a {
	case "auto":
	case "off":
		s.Auth.Off = true
	default:
		errs = append(errs, fmt.Sprintf("ORGNET_AUTH=%q: must be auto or off", a))
	}
	o := server.Options{
		DisableIntrospection: env("ORGNET_INTROSPECTION", "true") == "false",
		Limits: server.Limits{
			Depth:          num("ORGNET_MAX_DEPTH", d.Limits.Depth),
			Tokens:         num("ORGNET_MAX_TOKENS", d.Limits.Tokens),
			Fields:         num("ORGNET_MAX_FIELDS", d.Limits.Fields),
			Aliases:        num("ORGNET_MAX_ALIASES", d.Limits.Aliases),
			RepeatedFields: num("ORGNET_MAX_REPEATED_FIELDS", d.Limits.RepeatedFields),
			Complexity:     num("ORGNET_MAX_COMPLEXITY", d.Limits.Complexity),
		},
		GraphQLBodyBytes:   int64(num("ORGNET_MAX_BODY_BYTES", int(d.GraphQLBodyBytes))),
		ImportBodyBytes:    int64(num("ORGNET_MAX_IMPORT_BYTES", int(d.ImportBodyBytes))),
		SessionsPerRequest: num("ORGNET_SESSIONS_PER_REQUEST", d.SessionsPerRequest),
		RequestTimeout:     dur("ORGNET_REQUEST_TIMEOUT", d.RequestTimeout),
		DBTime:             dur("ORGNET_DB_TIMEOUT", d.DBTime),
		GraphQLReadTimeout: dur("ORGNET_BODY_READ_TIMEOUT", d.GraphQLReadTimeout),
		ImportReadTimeout:  dur("ORGNET_IMPORT_READ_TIMEOUT", d.ImportReadTimeout),
		Rate:               d.Rate,
		Burst:              num("ORGNET_RATE_BURST", 0),
	}
	if v := os.Getenv("ORGNET_RATE"); v == "off" {
		o.Rate = -1
	} else if v != "" {
		r, err := strconv.ParseFloat(v, 64)
		if err != nil || r <= 0 {
			errs = append(errs, fmt.Sprintf("ORGNET_RATE=%q: requests per second per principal, or off", v))
		} else {
			o.Rate = r
		}
	}
	for _, origin := range strings.Split(os.Getenv("ORGNET_CORS_ORIGINS"), ",") {
		if origin = strings.TrimSpace(origin); origin != "" {
			o.CORSOrigins = append(o.CORSOrigins, strings.TrimSuffix(origin, "/"))
		}
	}
	if path := os.Getenv("ORGNET_TRUSTED_DOCUMENTS"); path != "" {
		docs, err := readTrustedDocuments(path)
		if err != nil {
			errs = append(errs, err.Error())
		}
		o.TrustedDocuments = docs
	}
	s.Options = o
	// The server's read timeout is the longest a route may take to send
	// its body; each route shortens its own (server.Options).
	s.ReadTimeout = max(o.ImportReadTimeout, o.GraphQLReadTimeout)
	if len(errs) > 0 {
		return s, fmt.Errorf("configuration: %s", strings.Join(errs, "; "))
	}
	return s, nil
}

// readTrustedDocuments reads a trusted documents file: a JSON list of
// documents, or an object from their SHA-256 (hex) to each (the manifest
// persisted-query tools write). Each document is keyed by its own hash.
func readTrustedDocuments(path string) (map[string]string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("ORGNET_TRUSTED_DOCUMENTS: %w", err)
	}
	var list []string
	if json.Unmarshal(raw, &list) != nil {
		var byHash map[string]string
		if err := json.Unmarshal(raw, &byHash); err != nil {
			return nil, fmt.Errorf("ORGNET_TRUSTED_DOCUMENTS %s: a JSON list of documents or an object of hash to document", path)
		}
		for _, doc := range byHash {
			list = append(list, doc)
		}
	}
	docs := map[string]string{}
	for _, doc := range list {
		sum := sha256.Sum256([]byte(doc))
		docs[hex.EncodeToString(sum[:])] = doc
	}
	return docs, nil
}
