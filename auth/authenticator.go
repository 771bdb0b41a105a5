package auth

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// Config is how orgnet authenticates, read once by cmd/orgnet.
type Config struct {
	// Off makes every request admin on any address (ORGNET_AUTH=off): an
	// explicit choice for a service behind another gate.
	Off  bool
	OIDC OIDCConfig
}

// Authenticator finds the principal of each request (docs/access.md).
type Authenticator struct {
	cfg    Config
	tokens TokenStore
	oidc   *OIDCVerifier
	off    bool
	// loopback: the service listens on a loopback address only, where
	// local mode may hold.
	loopback bool
	// tokensSeen is set once a token was ever issued: local mode has ended
	// and, since tokens are never deleted, will not come back.
	tokensSeen atomic.Bool
	// noTokensUntil: no token existed when last asked; local requests trust
	// that for a second instead of asking the database every time.
	noTokensUntil atomic.Int64
}

// NewAuthenticator makes the authenticator for a service listening on
// addr.
func NewAuthenticator(cfg Config, tokens TokenStore, addr string) (*Authenticator, error) {
	a := &Authenticator{cfg: cfg, tokens: tokens, off: cfg.Off, loopback: IsLoopback(addr)}
	if cfg.OIDC.Configured() {
		v, err := NewOIDCVerifier(cfg.OIDC)
		if err != nil {
			return nil, err
		}
		a.oidc = v
	}
	return a, nil
}

// IsLoopback says whether a listen address reaches only this machine.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Mode names how requests are authenticated: "off", "local" or "tokens".
// It may ask the token store.
func (a *Authenticator) Mode(ctx context.Context) (string, error) {
	if a.off {
		return "off", nil
	}
	local, err := a.local(ctx)
	if err != nil {
		return "", err
	}
	if local {
		return "local", nil
	}
	return "tokens", nil
}

// CheckStart refuses to serve a non-loopback address with no way to
// authenticate: no OIDC, no token ever issued, and ORGNET_AUTH not off.
func (a *Authenticator) CheckStart(ctx context.Context) error {
	if a.off || a.loopback || a.oidc != nil {
		return nil
	}
	any, err := a.anyToken(ctx)
	if err != nil {
		return err
	}
	if !any {
		return errors.New("no authentication is configured and the listen address is not loopback: " +
			"issue a token (orgnet token create --name NAME --role admin), set ORGNET_OIDC_ISSUER and ORGNET_OIDC_AUDIENCE, " +
			"or set ORGNET_AUTH=off to serve everyone as admin")
	}
	return nil
}

// local says whether local mode holds: no OIDC, no token ever issued, a
// loopback address.
func (a *Authenticator) local(ctx context.Context) (bool, error) {
	if a.oidc != nil || !a.loopback {
		return false, nil
	}
	any, err := a.anyToken(ctx)
	return !any, err
}

func (a *Authenticator) anyToken(ctx context.Context) (bool, error) {
	if a.tokensSeen.Load() {
		return true, nil
	}
	if time.Now().UnixNano() < a.noTokensUntil.Load() {
		return false, nil
	}
	any, err := a.tokens.AnyToken(ctx)
	if err != nil {
		return false, fmt.Errorf("read the token store: %w", err)
	}
	if any {
		a.tokensSeen.Store(true)
	} else {
		a.noTokensUntil.Store(time.Now().Add(time.Second).UnixNano())
	}
	return any, nil
}

// Authenticate finds the principal of r: admin in local mode and with
// auth off; otherwise the API token or access token of its Authorization
// header. A missing, malformed, unknown, revoked or invalid credential is
// UNAUTHENTICATED; a valid one with no role FORBIDDEN.
func (a *Authenticator) Authenticate(r *http.Request) (graph.Principal, error) {
	if a.off {
		return graph.LocalAdmin, nil
	}
	local, err := a.local(r.Context())
	if err != nil {
		return graph.Principal{}, err
	}
	if local {
		return graph.LocalAdmin, nil
	}
	header := r.Header.Get("Authorization")
	if header == "" {
		return graph.Principal{}, unauthenticated("this request needs a bearer token (Authorization: Bearer ...)")
	}
	return a.CheckAuthorization(r.Context(), header)
}

// CheckAuthorization finds the principal of an Authorization value
// ("Bearer <token>"), wherever it came from: the header, or a WebSocket's
// connection_init payload.
func (a *Authenticator) CheckAuthorization(ctx context.Context, value string) (graph.Principal, error) {
	scheme, credential, ok := strings.Cut(value, " ")
	credential = strings.TrimSpace(credential)
	if !ok || !strings.EqualFold(scheme, "Bearer") || credential == "" || len(credential) > 8192 {
		return graph.Principal{}, unauthenticated("the Authorization header must be: Bearer <token>")
	}
	return a.Check(ctx, credential)
}

// Check finds the principal of a bearer credential.
func (a *Authenticator) Check(ctx context.Context, credential string) (graph.Principal, error) {
	if isAPIToken(credential) {
		return checkToken(ctx, a.tokens, credential)
	}
	if a.oidc != nil && strings.Count(credential, ".") == 2 {
		return a.oidc.Verify(ctx, credential)
	}
	return graph.Principal{}, unauthenticated("the bearer token is neither an orgnet API token nor an accepted access token")
}

// PublicConfig is what a browser app needs to sign in, and nothing
// secret: the mode ("local", "off" or "tokens"), and for OIDC the issuer,
// audience, client id and roles claim.
type PublicConfig struct {
	Mode string      `json:"mode"`
	OIDC *PublicOIDC `json:"oidc,omitempty"`
}

// PublicOIDC is the OIDC part of PublicConfig.
type PublicOIDC struct {
	Issuer     string `json:"issuer"`
	Audience   string `json:"audience"`
	ClientID   string `json:"clientId,omitempty"`
	RolesClaim string `json:"rolesClaim"`
}

// Public says how this service authenticates, for GET /auth/config.
func (a *Authenticator) Public(ctx context.Context) (PublicConfig, error) {
	mode, err := a.Mode(ctx)
	if err != nil {
		return PublicConfig{}, err
	}
	out := PublicConfig{Mode: mode}
	if a.oidc != nil {
		c := a.oidc.cfg
		out.OIDC = &PublicOIDC{Issuer: c.Issuer, Audience: c.Audience, ClientID: c.ClientID, RolesClaim: c.RolesClaim}
	}
	return out, nil
}
