package server

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/orgnet/orgnet/auth"
	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
)

// apiCSP is the Content-Security-Policy of every answer but pages that
// say otherwise (GraphiQL's): the service's own origin only, and never in
// a frame.
const apiCSP = "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// guard is what every route passes through: security headers, CORS, the
// body limit and read deadline of its route, and a refusal of
// cross-origin posts from origins not allowed.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", apiCSP)
		if !s.cors(w, r) {
			return
		}
		limit, readFor := s.cfg.MaxOtherBodyBytes, s.cfg.BodyReadTimeout
		switch r.URL.Path {
		case "/graphql":
			limit = s.cfg.MaxBodyBytes
		case "/import":
			limit, readFor = s.cfg.MaxImportBytes, s.cfg.ImportReadTimeout
		default:
			if strings.HasPrefix(r.URL.Path, "/scim/") {
				limit = s.cfg.MaxBodyBytes // SCIM bounds its own bodies further
			}
		}
		if r.ContentLength > limit {
			s.refuse(w, r, http.StatusRequestEntityTooLarge, bodyTooLarge(limit))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		// A slow client may not hold a connection longer than its route
		// needs to send its body (the server's timeouts bound the rest).
		// A WebSocket manages its own connection once upgraded.
		if !streams(r) {
			_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(readFor))
		}
		next.ServeHTTP(w, r)
	})
}

// cors answers preflights and marks answers to allowed origins. It
// refuses (and says false) a preflight from an origin not allowed, and a
// POST from a foreign origin not allowed: browsers send those only from
// another site's page.
func (s *Server) cors(w http.ResponseWriter, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	w.Header().Add("Vary", "Origin")
	allowed := slices.Contains(s.cfg.CORSOrigins, origin)
	preflight := r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != ""
	switch {
	case allowed && preflight:
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", origin)
		h.Set("Access-Control-Allow-Methods", "GET, POST")
		h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, "+RoundTripsHeader)
		h.Set("Access-Control-Max-Age", "600")
		w.WriteHeader(http.StatusNoContent)
		return false
	case allowed:
		w.Header().Set("Access-Control-Allow-Origin", origin)
		w.Header().Set("Access-Control-Expose-Headers", "X-Request-Id, Retry-After")
		return true
	case preflight:
		s.refuse(w, r, http.StatusForbidden, &graph.Error{Code: graph.CodeForbidden, Message: "origin " + origin + " is not allowed (ORGNET_CORS_ORIGINS)"})
		return false
	case r.Method != http.MethodGet && r.Method != http.MethodHead && !sameOrigin(origin, r):
		s.refuse(w, r, http.StatusForbidden, &graph.Error{Code: graph.CodeForbidden, Message: "origin " + origin + " is not allowed (ORGNET_CORS_ORIGINS)"})
		return false
	}
	return true
}

// sameOrigin says whether origin is the service's own (as the request
// reached it).
func sameOrigin(origin string, r *http.Request) bool {
	u, err := url.Parse(origin)
	return err == nil && u.Host == r.Host
}

// protect admits a request with a principal: authenticated, within its
// rate, allowed the capability (if any) the route needs. The principal
// and the store's account of the request (its id, session share and
// database time) ride in the context.
func (s *Server) protect(capability auth.Capability, dbTime time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		principal := graph.LocalAdmin
		if s.cfg.Auth != nil {
			// A credential costs a lookup to check; an address whose
			// credentials keep failing is refused before that.
			credential, addr := r.Header.Get("Authorization") != "", clientAddress(r)
			if credential || webSocket(r) {
				if ok, wait := s.authFailures.admit(addr); !ok {
					w.Header().Set("Retry-After", retryAfter(wait))
					s.refuse(w, r, http.StatusTooManyRequests, &graph.Error{Code: graph.CodeRateLimited,
						Message: "too many failed authentications from this address; retry after the time Retry-After says"})
					return
				}
			}
			p, err := s.cfg.Auth.Authenticate(r)
			if err != nil && !credential && webSocket(r) && graph.ErrorCode(err) == graph.CodeUnauthenticated {
				// A browser cannot set headers on a WebSocket: it signs in
				// with its connection_init message (websocketInit). Until
				// then the connection has a principal with no role, which
				// is allowed nothing.
				p, err = graph.Principal{Name: "unauthenticated " + addr}, nil
				r = r.WithContext(context.WithValue(r.Context(), signInAddressKey{}, addr))
			}
			if err != nil {
				if graph.ErrorCode(err) == graph.CodeUnauthenticated {
					challenge := `Bearer realm="orgnet"`
					if credential {
						challenge += `, error="invalid_token"`
						s.authFailures.failed(addr)
					}
					w.Header().Set("WWW-Authenticate", challenge)
				}
				s.refuse(w, r, statusOf(err), err)
				return
			}
			principal = p
		}
		if info := requestInfoOf(r.Context()); info != nil {
			info.principal = principal
		}
		if ok, wait := s.rates.allow(r.Context(), principal.Name); !ok {
			w.Header().Set("Retry-After", retryAfter(wait))
			s.refuse(w, r, http.StatusTooManyRequests, &graph.Error{Code: graph.CodeRateLimited,
				Message: "too many requests from " + principal.Name + "; retry after the time Retry-After says"})
			return
		}
		if capability != "" && !auth.Allows(principal.Role, capability) {
			s.refuse(w, r, http.StatusForbidden, auth.Forbidden(principal, capability, r.Method+" "+r.URL.Path))
			return
		}
		ctx := graph.NewContextWithPrincipal(r.Context(), principal)
		if streams(r) {
			dbTime = 0 // a stream's questions are bounded one by one, by the store's timeouts
		}
		req := store.NewRequest(requestIDOf(ctx), s.cfg.SessionsPerRequest, dbTime)
		if info := requestInfoOf(ctx); info != nil {
			info.store = req
		}
		next.ServeHTTP(w, r.WithContext(store.WithRequest(ctx, req)))
	})
}

// retryAfter is a Retry-After header's value for a wait: whole seconds,
// rounded up, at least 1.
func retryAfter(wait time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(wait.Seconds()))))
}

// statusOf is the HTTP status of an error answered outside GraphQL.
func statusOf(err error) int {
	switch graph.ErrorCode(err) {
	case graph.CodeBadInput:
		return http.StatusBadRequest
	case graph.CodeNotFound:
		return http.StatusNotFound
	case graph.CodeUnauthenticated:
		return http.StatusUnauthorized
	case graph.CodeForbidden:
		return http.StatusForbidden
	case graph.CodeConflict:
		return http.StatusConflict
	case graph.CodeHeld:
		return http.StatusAccepted
	case graph.CodeTimeout:
		return http.StatusGatewayTimeout
	case graph.CodeOutcomeUnknown:
		return http.StatusServiceUnavailable
	case graph.CodeBodyTooLarge:
		return http.StatusRequestEntityTooLarge
	case graph.CodeRateLimited:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// refuse answers err in GraphQL's error shape with status, outside
// GraphQL's execution (before it, or on another route).
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, status int, err error) {
	if info := requestInfoOf(r.Context()); info != nil {
		info.errorCodes = append(info.errorCodes, string(graph.ErrorCode(err)))
	}
	s.writeErrorStatus(w, r, status, err)
}

// mediaTypeIsJSON says whether a request's Content-Type is JSON.
func mediaTypeIsJSON(contentType string) bool {
	mt, _, _ := strings.Cut(contentType, ";")
	mt = strings.TrimSpace(strings.ToLower(mt))
	return mt == "application/json" || (strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))
}

// streams says whether a request opens a stream (a WebSocket, or
// server-sent events) rather than asking one question: streams live as
// long as their subscription, beyond a request's deadlines.
func streams(r *http.Request) bool { return streamHeaders(r.Header) }

// webSocket says whether r asks to become a WebSocket.
func webSocket(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

// streamHeaders says whether request headers open a stream.
func streamHeaders(h http.Header) bool {
	return h.Get("Upgrade") != "" || strings.Contains(h.Get("Accept"), "text/event-stream")
}
