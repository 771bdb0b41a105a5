package auth

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
)

// issuer is a test identity provider: an RSA and an EC key published in a
// JWKS file, and one key it never published.
type issuer struct {
	rsa, unknown *rsa.PrivateKey
	ec           *ecdsa.PrivateKey
	jwksFile     string
}

const (
	testIssuer   = "https://id.example/realms/org"
	testAudience = "orgnet"
)

func newIssuer(t *testing.T) *issuer {
	t.Helper()
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	unknown, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	b64 := func(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
	pad := func(n *big.Int) []byte { return n.FillBytes(make([]byte, 32)) }
	jwks := map[string]any{"keys": []map[string]any{
		{"kty": "RSA", "kid": "rsa-1", "alg": "RS256", "use": "sig", "n": b64(rsaKey.N.Bytes()), "e": b64(big.NewInt(int64(rsaKey.E)).Bytes())},
		{"kty": "EC", "kid": "ec-1", "alg": "ES256", "use": "sig", "crv": "P-256", "x": b64(pad(ecKey.X)), "y": b64(pad(ecKey.Y))},
	}}
	raw, err := json.Marshal(jwks)
	require.NoError(t, err)
	file := filepath.Join(t.TempDir(), "jwks.json")
	require.NoError(t, os.WriteFile(file, raw, 0o600))
	return &issuer{rsa: rsaKey, unknown: unknown, ec: ecKey, jwksFile: file}
}

// claims are those of a valid token for role.
func validClaims(roles any) jwt.MapClaims {
	now := time.Now()
	return jwt.MapClaims{"iss": testIssuer, "aud": testAudience, "sub": "user-42",
		"iat": now.Unix(), "nbf": now.Add(-time.Minute).Unix(), "exp": now.Add(time.Hour).Unix(), "roles": roles}
}

func (i *issuer) sign(t *testing.T, method jwt.SigningMethod, kid string, key any, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, claims)
	tok.Header["kid"] = kid
	s, err := tok.SignedString(key)
	require.NoError(t, err)
	return s
}

func TestOIDCAccessTokens(t *testing.T) {
	iss := newIssuer(t)
	v, err := NewOIDCVerifier(OIDCConfig{Issuer: testIssuer, Audience: testAudience, JWKSFile: iss.jwksFile})
	require.NoError(t, err)
	with := func(change func(jwt.MapClaims)) jwt.MapClaims {
		c := validClaims([]any{"hr"})
		change(c)
		return c
	}
	unsigned := func(claims jwt.MapClaims) string {
		tok := jwt.NewWithClaims(jwt.SigningMethodNone, claims)
		tok.Header["kid"] = "rsa-1"
		s, err := tok.SignedString(jwt.UnsafeAllowNoneSignatureType)
		require.NoError(t, err)
		return s
	}
	// HMAC keyed with the published RSA modulus: the key-confusion attack.
	hmacWithPublicKey := func(claims jwt.MapClaims) string {
		return iss.sign(t, jwt.SigningMethodHS256, "rsa-1", iss.rsa.N.Bytes(), claims)
	}
	tamper := func(tok string) string {
		parts := strings.Split(tok, ".")
		payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
		payload = []byte(strings.Replace(string(payload), `"hr"`, `"admin"`, 1))
		parts[1] = base64.RawURLEncoding.EncodeToString(payload)
		return strings.Join(parts, ".")
	}

	cases := []struct {
		name  string
		token string
		want  graph.Principal
		code  graph.Code
	}{
		{"valid RS256", iss.sign(t, jwt.SigningMethodRS256, "rsa-1", iss.rsa, validClaims([]any{"hr"})), graph.Principal{Name: "user-42", Role: graph.HRRole}, ""},
		{"valid ES256", iss.sign(t, jwt.SigningMethodES256, "ec-1", iss.ec, validClaims("reader")), graph.Principal{Name: "user-42", Role: graph.ReaderRole}, ""},
		{"several roles: the one that may do most", iss.sign(t, jwt.SigningMethodRS256, "rsa-1", iss.rsa, validClaims([]any{"reader", "Admin", "other"})), graph.Principal{Name: "user-42", Role: graph.AdminRole}, ""},
		{"expired", iss.sign(t, jwt.SigningMethodRS256, "rsa-1", iss.rsa, with(func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-2 * time.Minute).Unix() })), graph.Principal{}, graph.CodeUnauthenticated},
		{"expired within the skew", iss.sign(t, jwt.SigningMethodRS256, "rsa-1", iss.rsa, with(func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-30 * time.Second).Unix() })), graph.Principal{Name: "user-42", Role: graph.HRRole}, ""},
		{"no expiry", iss.sign(t, jwt.SigningMethodRS256, "rsa-1", iss.rsa, with(func(c jwt.MapClaims) { delete(c, "exp") })), graph.Principal{}, graph.CodeUnauthenticated},
		{"not yet valid", iss.sign(t, jwt.SigningMethodRS256, "rsa-1", iss.rsa, with(func(c jwt.MapClaims) { c["nbf"] = time.Now().Add(2 * time.Minute).Unix() })), graph.Principal{}, graph.CodeUnauthenticated},
		{"wrong issuer", iss.sign(t, jwt.SigningMethodRS256, "rsa-1", iss.rsa, with(func(c jwt.MapClaims) { c["iss"] = "https://evil.example" })), graph.Principal{}, graph.CodeUnauthenticated},
		{"wrong audience", iss.sign(t, jwt.SigningMethodRS256, "rsa-1", iss.rsa, with(func(c jwt.MapClaims) { c["aud"] = "another-api" })), graph.Principal{}, graph.CodeUnauthenticated},
		{"bad signature", tamper(iss.sign(t, jwt.SigningMethodRS256, "rsa-1", iss.rsa, validClaims([]any{"hr"}))), graph.Principal{}, graph.CodeUnauthenticated},
		{"signed by an unknown key", iss.sign(t, jwt.SigningMethodRS256, "rsa-2", iss.unknown, validClaims([]any{"hr"})), graph.Principal{}, graph.CodeUnauthenticated},
		{"unknown key under a known kid", iss.sign(t, jwt.SigningMethodRS256, "rsa-1", iss.unknown, validClaims([]any{"hr"})), graph.Principal{}, graph.CodeUnauthenticated},
		{"alg none", unsigned(validClaims([]any{"admin"})), graph.Principal{}, graph.CodeUnauthenticated},
		{"HMAC keyed with the public key", hmacWithPublicKey(validClaims([]any{"admin"})), graph.Principal{}, graph.CodeUnauthenticated},
		{"role claim missing", iss.sign(t, jwt.SigningMethodRS256, "rsa-1", iss.rsa, with(func(c jwt.MapClaims) { delete(c, "roles") })), graph.Principal{}, graph.CodeForbidden},
		{"role claim with no orgnet role", iss.sign(t, jwt.SigningMethodRS256, "rsa-1", iss.rsa, validClaims([]any{"superuser"})), graph.Principal{}, graph.CodeForbidden},
		{"no subject", iss.sign(t, jwt.SigningMethodRS256, "rsa-1", iss.rsa, with(func(c jwt.MapClaims) { delete(c, "sub") })), graph.Principal{}, graph.CodeUnauthenticated},
		{"not a JWT", "a.b.c", graph.Principal{}, graph.CodeUnauthenticated},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := v.Verify(context.Background(), tc.token)
			if tc.code == "" {
				require.NoError(t, err)
				assert.Equal(t, tc.want, p)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tc.code, graph.ErrorCode(err), "%v", err)
		})
	}
}

// Roles may sit in a nested claim (Keycloak's realm_access.roles).
func TestOIDCNestedRolesClaim(t *testing.T) {
	iss := newIssuer(t)
	v, err := NewOIDCVerifier(OIDCConfig{Issuer: testIssuer, Audience: testAudience, JWKSFile: iss.jwksFile, RolesClaim: "realm_access.roles"})
	require.NoError(t, err)
	c := validClaims(nil)
	delete(c, "roles")
	c["realm_access"] = map[string]any{"roles": []any{"planner"}}
	p, err := v.Verify(context.Background(), iss.sign(t, jwt.SigningMethodRS256, "rsa-1", iss.rsa, c))
	require.NoError(t, err)
	assert.Equal(t, graph.PlannerRole, p.Role)
}

func TestOIDCConfigRefused(t *testing.T) {
	_, err := NewOIDCVerifier(OIDCConfig{Issuer: testIssuer})
	assert.Error(t, err, "an issuer without an audience accepts tokens meant for any API")
	_, err = NewOIDCVerifier(OIDCConfig{Issuer: testIssuer, Audience: testAudience, JWKSFile: "/nonexistent/jwks.json"})
	assert.Error(t, err, "an unreadable JWKS file stops the start")
}

// Keys from the issuer's discovery document: the issuer names its
// jwks_uri, and a token signed with a key published there is accepted.
func TestOIDCKeysFromDiscovery(t *testing.T) {
	iss := newIssuer(t)
	jwks, err := os.ReadFile(iss.jwksFile)
	require.NoError(t, err)
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/.well-known/openid-configuration":
			_ = json.NewEncoder(w).Encode(map[string]string{"issuer": srv.URL, "jwks_uri": srv.URL + "/keys"})
		case "/keys":
			_, _ = w.Write(jwks)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	v, err := NewOIDCVerifier(OIDCConfig{Issuer: srv.URL, Audience: testAudience})
	require.NoError(t, err)
	claims := validClaims([]any{"admin"})
	claims["iss"] = srv.URL
	p, err := v.Verify(context.Background(), iss.sign(t, jwt.SigningMethodRS256, "rsa-1", iss.rsa, claims))
	require.NoError(t, err)
	assert.Equal(t, graph.Principal{Name: "user-42", Role: graph.AdminRole}, p)

	t.Run("a discovery document naming another issuer is refused", func(t *testing.T) {
		v, err := NewOIDCVerifier(OIDCConfig{Issuer: srv.URL + "/other", Audience: testAudience})
		require.NoError(t, err)
		claims["iss"] = srv.URL + "/other"
		_, err = v.Verify(context.Background(), iss.sign(t, jwt.SigningMethodRS256, "rsa-1", iss.rsa, claims))
		require.Error(t, err)
		assert.Equal(t, graph.CodeInternal, graph.ErrorCode(err), "the service cannot check tokens: its fault, not the client's")
	})
}
