package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// An API token reads orgnet_<id>_<secret>: the id (12 hex digits) finds
// the stored record, and the secret (32 random bytes, base64url) is checked
// against the SHA-256 kept there, in constant time. A hash suffices where a
// password would need a slow one: the secret has 256 bits of entropy, so
// the stored hash cannot be searched back to it.
const tokenPrefix = "orgnet_"

// TokenStore keeps API token records (the graph/store package, in Neo4j):
// every process reads them on each request, so that a revoked token stops
// working on the next request wherever it is sent.
type TokenStore interface {
	CreateToken(ctx context.Context, t graph.APIToken) error
	TokenByID(ctx context.Context, id string) (graph.APIToken, bool, error)
	Tokens(ctx context.Context) ([]graph.APIToken, error)
	RevokeToken(ctx context.Context, name string, at time.Time) (bool, error)
	// AnyToken says whether any token was ever issued: local mode ends
	// with the first.
	AnyToken(ctx context.Context) (bool, error)
}

// IssueToken makes a new token for name and role and stores its record;
// the token itself is returned once and kept nowhere.
func IssueToken(ctx context.Context, st TokenStore, name string, role graph.Role) (string, error) {
	if strings.TrimSpace(name) == "" || len(name) > 200 {
		return "", errors.New("a token needs a name of 1 to 200 characters")
	}
	if _, ok := graph.ParseRole(string(role)); !ok {
		return "", errors.New("the role must be reader, planner, hr or admin")
	}
	id := make([]byte, 6)
	secret := make([]byte, 32)
	if _, err := rand.Read(id); err != nil {
		return "", err
	}
	if _, err := rand.Read(secret); err != nil {
		return "", err
	}
	idText := hex.EncodeToString(id)
	secretText := base64.RawURLEncoding.EncodeToString(secret)
	err := st.CreateToken(ctx, graph.APIToken{
		ID: idText, Name: name, Role: role, SecretHash: hashSecret(secretText), CreatedAt: time.Now().UTC(),
	})
	if err != nil {
		return "", err
	}
	return tokenPrefix + idText + "_" + secretText, nil
}

// isAPIToken says whether a bearer credential has the shape of an orgnet
// API token (rather than a JWT).
func isAPIToken(s string) bool { return strings.HasPrefix(s, tokenPrefix) }

// parseToken splits a token into its id and secret.
func parseToken(s string) (id, secret string, ok bool) {
	rest, ok := strings.CutPrefix(s, tokenPrefix)
	if !ok {
		return "", "", false
	}
	parts := strings.SplitN(rest, "_", 2)
	if len(parts) != 2 || len(parts[0]) != 12 || len(parts[1]) != 43 {
		return "", "", false
	}
	if _, err := hex.DecodeString(parts[0]); err != nil {
		return "", "", false
	}
	return parts[0], parts[1], true
}

func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// checkToken finds the principal of an API token: UNAUTHENTICATED when it
// is malformed, unknown or revoked (one message for all three, so that
// the answer tells an attacker nothing).
func checkToken(ctx context.Context, st TokenStore, token string) (graph.Principal, error) {
	id, secret, ok := parseToken(token)
	if !ok {
		return graph.Principal{}, unauthenticated("the API token is malformed")
	}
	rec, found, err := st.TokenByID(ctx, id)
	if err != nil {
		return graph.Principal{}, err
	}
	// Compare even when the record is missing, so that an unknown id
	// costs what a known one does.
	want := rec.SecretHash
	if !found {
		want = strings.Repeat("0", 64)
	}
	match := subtle.ConstantTimeCompare([]byte(hashSecret(secret)), []byte(want)) == 1
	if !found || !match || rec.RevokedAt != nil {
		return graph.Principal{}, unauthenticated("the API token is unknown or revoked")
	}
	return graph.Principal{Name: rec.Name, Role: rec.Role}, nil
}

func unauthenticated(msg string) *graph.Error {
	return &graph.Error{Code: graph.CodeUnauthenticated, Message: msg}
}
