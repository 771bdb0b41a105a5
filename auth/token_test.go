package auth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
)

// memTokens is a TokenStore in memory, standing in for Neo4j (whose side
// graph/store tests).
type memTokens struct {
	mu     sync.Mutex
	tokens map[string]graph.APIToken
	asked  int
}

func newMemTokens() *memTokens { return &memTokens{tokens: map[string]graph.APIToken{}} }

func (m *memTokens) CreateToken(_ context.Context, t graph.APIToken) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tokens[t.ID] = t
	return nil
}

func (m *memTokens) TokenByID(_ context.Context, id string) (graph.APIToken, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tokens[id]
	return t, ok, nil
}

func (m *memTokens) Tokens(context.Context) ([]graph.APIToken, error) { return nil, nil }

func (m *memTokens) RevokeToken(_ context.Context, name string, at time.Time) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for id, t := range m.tokens {
		if t.Name == name {
			t.RevokedAt = &at
			m.tokens[id] = t
			return true, nil
		}
	}
	return false, nil
}

func (m *memTokens) AnyToken(context.Context) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.asked++
	return len(m.tokens) > 0, nil
}

func request(header string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/graphql", nil)
	if header != "" {
		r.Header.Set("Authorization", header)
	}
	return r
}

func TestAPITokens(t *testing.T) {
	ctx := context.Background()
	st := newMemTokens()
	a, err := NewAuthenticator(Config{}, st, "127.0.0.1:8080")
	require.NoError(t, err)
	hr, err := IssueToken(ctx, st, "hr-sync", graph.HRRole)
	require.NoError(t, err)
	gone, err := IssueToken(ctx, st, "old", graph.AdminRole)
	require.NoError(t, err)
	_, err = st.RevokeToken(ctx, "old", time.Now())
	require.NoError(t, err)
	id, secret, ok := parseToken(hr)
	require.True(t, ok)
	assert.NotContains(t, st.tokens[id].SecretHash, secret, "only a hash is stored")

	cases := []struct {
		name   string
		header string
		want   graph.Principal
		code   graph.Code
	}{
		{"a valid token is its principal", "Bearer " + hr, graph.Principal{Name: "hr-sync", Role: graph.HRRole}, ""},
		{"the scheme is case-insensitive", "bearer " + hr, graph.Principal{Name: "hr-sync", Role: graph.HRRole}, ""},
		{"no header", "", graph.Principal{}, graph.CodeUnauthenticated},
		{"another scheme", "Basic " + hr, graph.Principal{}, graph.CodeUnauthenticated},
		{"no credential", "Bearer ", graph.Principal{}, graph.CodeUnauthenticated},
		{"no space", "Bearer" + hr, graph.Principal{}, graph.CodeUnauthenticated},
		{"malformed token", "Bearer orgnet_xyz", graph.Principal{}, graph.CodeUnauthenticated},
		{"unknown id", "Bearer orgnet_000000000000_" + strings.Repeat("A", 43), graph.Principal{}, graph.CodeUnauthenticated},
		{"known id, wrong secret", "Bearer " + hr[:len(hr)-4] + "AAAA", graph.Principal{}, graph.CodeUnauthenticated},
		{"revoked", "Bearer " + gone, graph.Principal{}, graph.CodeUnauthenticated},
		{"a JWT with no OIDC configured", "Bearer a.b.c", graph.Principal{}, graph.CodeUnauthenticated},
		{"huge header", "Bearer " + strings.Repeat("x", 10_000), graph.Principal{}, graph.CodeUnauthenticated},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := a.Authenticate(request(tc.header))
			if tc.code == "" {
				require.NoError(t, err)
				assert.Equal(t, tc.want, p)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tc.code, graph.ErrorCode(err))
		})
	}
	t.Run("a revoke takes effect on the next request", func(t *testing.T) {
		_, err := a.Authenticate(request("Bearer " + hr))
		require.NoError(t, err)
		_, err = st.RevokeToken(ctx, "hr-sync", time.Now())
		require.NoError(t, err)
		_, err = a.Authenticate(request("Bearer " + hr))
		assert.Equal(t, graph.CodeUnauthenticated, graph.ErrorCode(err))
	})
}

func TestIssueTokenRefusesBadInput(t *testing.T) {
	for _, tc := range []struct {
		name, tokenName string
		role            graph.Role
	}{
		{"empty name", " ", graph.ReaderRole},
		{"unknown role", "x", "root"},
		{"name too long", strings.Repeat("n", 201), graph.ReaderRole},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := IssueToken(context.Background(), newMemTokens(), tc.tokenName, tc.role)
			assert.Error(t, err)
		})
	}
}

func TestLocalMode(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name     string
		cfg      Config
		addr     string
		tokens   bool
		wantMode string
		startErr bool
	}{
		{"loopback, no tokens, no OIDC: local", Config{}, "127.0.0.1:8080", false, "local", false},
		{"localhost counts as loopback", Config{}, "localhost:8080", false, "local", false},
		{"IPv6 loopback", Config{}, "[::1]:8080", false, "local", false},
		{"a token issued ends local mode", Config{}, "127.0.0.1:8080", true, "tokens", false},
		{"all interfaces with no auth refuses to start", Config{}, "0.0.0.0:8080", false, "tokens", true},
		{"all interfaces with tokens starts", Config{}, ":8080", true, "tokens", false},
		{"ORGNET_AUTH=off starts anywhere, as admin", Config{Off: true}, "0.0.0.0:8080", false, "off", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st := newMemTokens()
			if tc.tokens {
				_, err := IssueToken(ctx, st, "t", graph.ReaderRole)
				require.NoError(t, err)
			}
			a, err := NewAuthenticator(tc.cfg, st, tc.addr)
			require.NoError(t, err)
			mode, err := a.Mode(ctx)
			require.NoError(t, err)
			assert.Equal(t, tc.wantMode, mode)
			if tc.startErr {
				assert.Error(t, a.CheckStart(ctx))
			} else {
				assert.NoError(t, a.CheckStart(ctx))
			}
			p, err := a.Authenticate(request(""))
			if mode == "local" || mode == "off" {
				require.NoError(t, err)
				assert.Equal(t, graph.LocalAdmin, p, "every request is admin")
			} else {
				assert.Equal(t, graph.CodeUnauthenticated, graph.ErrorCode(err))
			}
		})
	}
	t.Run("local mode asks the store at most once a second", func(t *testing.T) {
		st := newMemTokens()
		a, err := NewAuthenticator(Config{}, st, "127.0.0.1:8080")
		require.NoError(t, err)
		for range 100 {
			_, err := a.Authenticate(request(""))
			require.NoError(t, err)
		}
		assert.Equal(t, 1, st.asked)
	})
}

func TestRoleTable(t *testing.T) {
	// docs/access.md's table, written out again: the code must agree.
	table := map[Capability][4]bool{ // reader, planner, hr, admin
		Read:        {true, true, true, true},
		SeePersonal: {false, false, true, true},
		Plan:        {false, true, false, true},
		Write:       {false, false, true, true},
		Administer:  {false, false, false, true},
	}
	require.Len(t, Capabilities, len(table))
	roles := []graph.Role{graph.ReaderRole, graph.PlannerRole, graph.HRRole, graph.AdminRole}
	for _, c := range Capabilities {
		for i, r := range roles {
			assert.Equal(t, table[c][i], Allows(r, c), "%s may %s", r, c)
		}
	}
	assert.False(t, Allows(graph.AdminRole, "UNKNOWN"), "an unknown capability is nobody's")
	assert.False(t, Allows("", Read), "no role may nothing")
}

func FuzzParseToken(f *testing.F) {
	f.Add("orgnet_0123456789ab_" + strings.Repeat("A", 43))
	f.Add("orgnet__")
	f.Add("orgnet_zz")
	f.Fuzz(func(t *testing.T, s string) {
		id, secret, ok := parseToken(s)
		if ok {
			assert.Len(t, id, 12)
			assert.Len(t, secret, 43)
			assert.Equal(t, s, tokenPrefix+id+"_"+secret)
		}
	})
}

func TestPublicConfig(t *testing.T) {
	iss := newIssuer(t)
	a, err := NewAuthenticator(Config{OIDC: OIDCConfig{Issuer: testIssuer, Audience: testAudience, JWKSFile: iss.jwksFile, ClientID: "planner-app"}}, newMemTokens(), "127.0.0.1:8080")
	require.NoError(t, err)
	cfg, err := a.Public(context.Background())
	require.NoError(t, err)
	assert.Equal(t, PublicConfig{Mode: "tokens", OIDC: &PublicOIDC{Issuer: testIssuer, Audience: testAudience, ClientID: "planner-app", RolesClaim: "roles"}}, cfg)
	local, err := NewAuthenticator(Config{}, newMemTokens(), "127.0.0.1:8080")
	require.NoError(t, err)
	cfg, err = local.Public(context.Background())
	require.NoError(t, err)
	assert.Equal(t, PublicConfig{Mode: "local"}, cfg)
}
