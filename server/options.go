package server

import (
	"time"

	"github.com/orgnet/orgnet/auth"
)

// Options are the service's settings of access, limits and timeouts
// (docs/access.md), read once by cmd/orgnet. Zero numbers take the
// defaults of DefaultOptions.
type Options struct {
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

	GraphQLBodyBytes int64 // POST /graphql body
	ImportBodyBytes  int64 // POST /import body
	OtherBodyBytes   int64 // any other route's body

	// SessionsPerRequest bounds the database sessions one request holds at
	// once, so that one request cannot take the driver's whole pool.
	SessionsPerRequest int
	// Rate is each principal's sustained requests per second, Burst what
	// it may send at once; Rate < 0 turns the limit off.
	Rate  float64
	Burst int
	// RequestTimeout bounds a whole GraphQL request; DBTime the database
	// time of one (a question's transactions, summed over the request's
	// wall time).
	RequestTimeout time.Duration
	DBTime         time.Duration
	// GraphQLReadTimeout bounds reading a GraphQL request's body,
	// ImportReadTimeout an import's (the server's read timeout bounds the
	// rest).
	GraphQLReadTimeout time.Duration
	ImportReadTimeout  time.Duration
}

// DefaultOptions are the settings of a service that sets none.
func DefaultOptions() Options {
	return Options{
		Limits:             DefaultLimits,
		GraphQLBodyBytes:   8 << 20,
		ImportBodyBytes:    1 << 30,
		OtherBodyBytes:     64 << 10,
		SessionsPerRequest: 4,
		Rate:               100,
		Burst:              200,
		RequestTimeout:     60 * time.Second,
		DBTime:             30 * time.Second,
		GraphQLReadTimeout: 15 * time.Second,
		ImportReadTimeout:  10 * time.Minute,
	}
}

func (o Options) withDefaults() Options {
	d := DefaultOptions()
	o.Limits = o.Limits.withDefaults()
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
	o.GraphQLBodyBytes = pick64(o.GraphQLBodyBytes, d.GraphQLBodyBytes)
	o.ImportBodyBytes = pick64(o.ImportBodyBytes, d.ImportBodyBytes)
	o.OtherBodyBytes = pick64(o.OtherBodyBytes, d.OtherBodyBytes)
	if o.SessionsPerRequest <= 0 {
		o.SessionsPerRequest = d.SessionsPerRequest
	}
	if o.Rate == 0 {
		o.Rate = d.Rate
	}
	if o.Burst <= 0 {
		o.Burst = max(d.Burst, int(2*o.Rate))
	}
	o.RequestTimeout = pickDur(o.RequestTimeout, d.RequestTimeout)
	o.DBTime = pickDur(o.DBTime, d.DBTime)
	o.GraphQLReadTimeout = pickDur(o.GraphQLReadTimeout, d.GraphQLReadTimeout)
	o.ImportReadTimeout = pickDur(o.ImportReadTimeout, d.ImportReadTimeout)
	return o
}
