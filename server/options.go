package server

import (
	"time"

	"github.com/orgnet/orgnet/auth"
)

// Config is what an operator sets about the HTTP service: access, limits
// and timeouts (docs/access.md). The server reads no environment:
// cmd/orgnet fills this from its settings (docs/configuration.md). A zero
// field means its default.
type Config struct {
	// Auth finds each request's principal; nil serves every request as
	// the local admin (as local mode does).
	Auth *auth.Authenticator
	// DisableIntrospection refuses __schema and __type and drops "did you
	// mean" suggestions from validation errors.
	DisableIntrospection bool
	// CORSOrigins are the origins whose pages may call the API.
	CORSOrigins []string
	// TrustedDocuments, when not nil, are the only documents served, by
	// the hex SHA-256 of their text.
	TrustedDocuments map[string]string
	Limits           Limits

	MaxBodyBytes      int64 // POST /graphql body
	MaxImportBytes    int64 // POST /import body
	MaxOtherBodyBytes int64 // any other route's body

	// SessionsPerRequest bounds the database sessions one request holds at
	// once, so that one request cannot take the driver's whole pool.
	SessionsPerRequest int
	// Rate is each principal's sustained requests per second, Burst what
	// it may send at once; Rate < 0 turns the limit off.
	Rate  float64
	Burst int
	// AuthFailureRate is the failed authentications per second a client
	// address may have, AuthFailureBurst how many at once; past them its
	// credentials are refused unchecked. AuthFailureRate < 0 turns the
	// throttle off.
	AuthFailureRate  float64
	AuthFailureBurst int
	// RequestTimeout bounds a whole GraphQL request; DBTime the database
	// time of one.
	RequestTimeout time.Duration
	DBTime         time.Duration
	// BodyReadTimeout bounds reading a GraphQL request's body (and any
	// other route's), ImportReadTimeout an import's.
	BodyReadTimeout   time.Duration
	ImportReadTimeout time.Duration
	// SCIMBaseURL is the external URL of /scim/v2, which SCIM locations
	// and references start with; empty: taken from each request's host.
	SCIMBaseURL string
}

// The defaults of Config's fields.
const (
	DefaultMaxBodyBytes       = 8 << 20
	DefaultMaxImportBytes     = 1 << 30
	DefaultMaxOtherBodyBytes  = 64 << 10
	DefaultSessionsPerRequest = 4
	DefaultRate               = 100
	DefaultAuthFailureRate    = 1
	DefaultAuthFailureBurst   = 20
	DefaultRequestTimeout     = 60 * time.Second
	DefaultDBTime             = 30 * time.Second
	DefaultBodyReadTimeout    = 15 * time.Second
	DefaultImportReadTimeout  = 10 * time.Minute
)

func (c Config) withDefaults() Config {
	c.Limits = c.Limits.withDefaults()
	pick64 := func(v, def int64) int64 {
		if v > 0 {
			return v
		}
		return def
	}
	pickDur := func(v, def time.Duration) time.Duration {
		if v > 0 {
			return v
		}
		return def
	}
	c.MaxBodyBytes = pick64(c.MaxBodyBytes, DefaultMaxBodyBytes)
	c.MaxImportBytes = pick64(c.MaxImportBytes, DefaultMaxImportBytes)
	c.MaxOtherBodyBytes = pick64(c.MaxOtherBodyBytes, DefaultMaxOtherBodyBytes)
	if c.SessionsPerRequest <= 0 {
		c.SessionsPerRequest = DefaultSessionsPerRequest
	}
	if c.Rate == 0 {
		c.Rate = DefaultRate
	}
	if c.Burst <= 0 {
		c.Burst = max(1, int(2*c.Rate))
	}
	if c.AuthFailureRate == 0 {
		c.AuthFailureRate = DefaultAuthFailureRate
	}
	if c.AuthFailureBurst <= 0 {
		c.AuthFailureBurst = DefaultAuthFailureBurst
	}
	c.RequestTimeout = pickDur(c.RequestTimeout, DefaultRequestTimeout)
	c.DBTime = pickDur(c.DBTime, DefaultDBTime)
	c.BodyReadTimeout = pickDur(c.BodyReadTimeout, DefaultBodyReadTimeout)
	c.ImportReadTimeout = pickDur(c.ImportReadTimeout, DefaultImportReadTimeout)
	return c
}
