package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"

	"github.com/orgnet/orgnet/graph"
)

// OIDCConfig says which access tokens orgnet accepts: those an issuer
// signed for an audience, with keys from the issuer's discovery document or
// from a JWKS file (for machines with no way out), and the claim that
// carries the roles.
type OIDCConfig struct {
	Issuer     string
	Audience   string
	JWKSFile   string // when set, keys come from this file, not from discovery
	RolesClaim string // a claim name, or a dotted path such as realm_access.roles
	// ClientID is the public client a browser app signs in with (the
	// authorization code flow with PKCE); orgnet only tells it to the app.
	ClientID string
}

// Configured says whether OIDC is switched on.
func (c OIDCConfig) Configured() bool { return c.Issuer != "" }

// maxSkew is the clock difference between issuer and orgnet tolerated on
// exp and nbf.
const maxSkew = 60 * time.Second

// acceptedAlgorithms are the signatures orgnet checks. An HMAC algorithm
// would let anyone who knows the public key sign (the key confusion
// attack), and "none" signs nothing: the parser refuses both.
var acceptedAlgorithms = []string{"RS256", "ES256"}

// OIDCVerifier checks OIDC/JWT access tokens.
type OIDCVerifier struct {
	cfg    OIDCConfig
	parser *jwt.Parser

	mu       sync.Mutex
	keys     keyfunc.Keyfunc
	lastTry  time.Time
	lastFail error
}

// NewOIDCVerifier makes a verifier for cfg. Keys from a file are read now
// (an unreadable file is an error at start); keys from discovery are
// fetched on first use and again after a failure, at most every 30 s, so
// that the service starts while the issuer is unreachable.
func NewOIDCVerifier(cfg OIDCConfig) (*OIDCVerifier, error) {
	if cfg.Audience == "" {
		return nil, errors.New("ORGNET_OIDC_AUDIENCE must be set with ORGNET_OIDC_ISSUER")
	}
	if cfg.RolesClaim == "" {
		cfg.RolesClaim = "roles"
	}
	v := &OIDCVerifier{cfg: cfg, parser: jwt.NewParser(
		jwt.WithValidMethods(acceptedAlgorithms),
		jwt.WithIssuer(cfg.Issuer),
		jwt.WithAudience(cfg.Audience),
		jwt.WithExpirationRequired(),
		jwt.WithLeeway(maxSkew),
	)}
	if cfg.JWKSFile != "" {
		raw, err := os.ReadFile(cfg.JWKSFile)
		if err != nil {
			return nil, fmt.Errorf("ORGNET_OIDC_JWKS: %w", err)
		}
		if v.keys, err = keyfunc.NewJWKSetJSON(raw); err != nil {
			return nil, fmt.Errorf("ORGNET_OIDC_JWKS %s: %w", cfg.JWKSFile, err)
		}
	}
	return v, nil
}

// Verify checks a token and returns its principal: UNAUTHENTICATED for a
// token that is not valid (signature, algorithm, issuer, audience, time),
// FORBIDDEN for a valid one that carries no orgnet role.
func (v *OIDCVerifier) Verify(ctx context.Context, token string) (graph.Principal, error) {
	keys, err := v.keySet(ctx)
	if err != nil {
		return graph.Principal{}, err
	}
	claims := jwt.MapClaims{}
	if _, err := v.parser.ParseWithClaims(token, claims, keys.Keyfunc); err != nil {
		return graph.Principal{}, unauthenticated("the access token is not valid: " + err.Error())
	}
	name, _ := claims["sub"].(string)
	if name == "" {
		return graph.Principal{}, unauthenticated("the access token has no subject")
	}
	role, ok := strongestRole(claimAt(claims, v.cfg.RolesClaim))
	if !ok {
		return graph.Principal{}, &graph.Error{Code: graph.CodeForbidden,
			Message: fmt.Sprintf("the access token carries no orgnet role (reader, planner, hr, admin) in claim %q", v.cfg.RolesClaim)}
	}
	return graph.Principal{Name: name, Role: role}, nil
}

// claimAt finds a claim by a dotted path.
func claimAt(claims map[string]any, path string) any {
	var cur any = claims
	for _, part := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[part]
	}
	return cur
}

// strongestRole reads a role claim (a string, a space-separated string or
// a list) and keeps the role that may do most: a principal has one role, and
// admin may do all that hr or planner may.
func strongestRole(v any) (graph.Role, bool) {
	var names []string
	switch c := v.(type) {
	case string:
		names = strings.Fields(c)
	case []any:
		for _, e := range c {
			if s, ok := e.(string); ok {
				names = append(names, s)
			}
		}
	}
	best, found := graph.Role(""), false
	rank := map[graph.Role]int{graph.ReaderRole: 1, graph.PlannerRole: 2, graph.HRRole: 3, graph.AdminRole: 4}
	for _, n := range names {
		if r, ok := graph.ParseRole(strings.ToLower(n)); ok && rank[r] > rank[best] {
			best, found = r, true
		}
	}
	return best, found
}

// keySet returns the issuer's keys, fetching them by discovery the first
// time.
func (v *OIDCVerifier) keySet(ctx context.Context) (keyfunc.Keyfunc, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.keys != nil {
		return v.keys, nil
	}
	if v.lastFail != nil && time.Since(v.lastTry) < 30*time.Second {
		return nil, fmt.Errorf("the OIDC issuer's keys are not available: %w", v.lastFail)
	}
	v.lastTry = time.Now()
	uri, err := discoverJWKS(ctx, v.cfg.Issuer)
	if err == nil {
		// The key set lives as long as the service and refreshes itself.
		v.keys, err = keyfunc.NewDefaultCtx(context.WithoutCancel(ctx), []string{uri})
	}
	v.lastFail = err
	if err != nil {
		return nil, fmt.Errorf("the OIDC issuer's keys are not available: %w", err)
	}
	return v.keys, nil
}

// discoverJWKS reads the issuer's discovery document for its jwks_uri.
func discoverJWKS(ctx context.Context, issuer string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	url := strings.TrimSuffix(issuer, "/") + "/.well-known/openid-configuration"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s answered %s", url, resp.Status)
	}
	var doc struct {
		Issuer  string `json:"issuer"`
		JWKSURI string `json:"jwks_uri"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&doc); err != nil {
		return "", fmt.Errorf("%s: %w", url, err)
	}
	if doc.Issuer != issuer || doc.JWKSURI == "" {
		return "", fmt.Errorf("%s names issuer %q and jwks_uri %q", url, doc.Issuer, doc.JWKSURI)
	}
	return doc.JWKSURI, nil
}
