package store

import (
	"context"
	"errors"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/orgnet/orgnet/graph"
)

// API tokens live beside the org as (:ApiToken {id, name, role, secretHash,
// createdAt, revokedAt}) nodes, unique by id and by name. Every process
// reads them on each request, so issuing and revoking take effect at once
// across replicas.

// createTokenQuery stores a new token's record; the name constraint refuses
// a name already used (revoked tokens keep theirs).
const createTokenQuery = `
CREATE (t:ApiToken {id: $id, name: $name, role: $role, secretHash: $secretHash, createdAt: $createdAt})`

// tokenByIDQuery finds a token's record by the public id its bearer sends.
const tokenByIDQuery = `
MATCH (t:ApiToken {id: $id})
RETURN t.id AS id, t.name AS name, t.role AS role, t.secretHash AS secretHash, t.createdAt AS createdAt, t.revokedAt AS revokedAt`

// tokensQuery lists every token's record, revoked ones included, by name.
const tokensQuery = `
MATCH (t:ApiToken)
RETURN t.id AS id, t.name AS name, t.role AS role, t.secretHash AS secretHash, t.createdAt AS createdAt, t.revokedAt AS revokedAt
ORDER BY t.name`

// revokeTokenQuery marks a token revoked (once: revoking again keeps the
// first instant) and says whether it exists.
const revokeTokenQuery = `
MATCH (t:ApiToken {name: $name})
SET t.revokedAt = coalesce(t.revokedAt, $at)
RETURN count(t) AS n`

// anyTokenQuery says whether a token was ever issued.
const anyTokenQuery = `
MATCH (t:ApiToken) RETURN t.id LIMIT 1`

// CreateToken stores a token's record; BAD_INPUT if its name is taken.
func (s *Store) CreateToken(ctx context.Context, t graph.APIToken) error {
	_, err := write(ctx, s, func(tx runner) (struct{}, error) {
		_, err := run(ctx, tx, createTokenQuery, map[string]any{
			"id": t.ID, "name": t.Name, "role": string(t.Role), "secretHash": t.SecretHash, "createdAt": t.CreatedAt,
		})
		return struct{}{}, err
	})
	var neoErr *neo4j.Neo4jError
	if err != nil && errors.As(err, &neoErr) && neoErr.Code == "Neo.ClientError.Schema.ConstraintValidationFailed" {
		return graph.BadInput([]graph.Problem{{Path: "name", Message: "a token named " + t.Name + " exists (or existed: names of revoked tokens are kept)"}})
	}
	return err
}

// TokenByID is the record of the token with public id id, if any. It is
// asked on every request, so it runs as one auto-commit statement: one
// network round trip where a managed transaction takes two.
func (s *Store) TokenByID(ctx context.Context, id string) (graph.APIToken, bool, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.QueryTimeout)
	defer cancel()
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead, DatabaseName: s.cfg.Database, FetchSize: neo4j.FetchAll})
	defer session.Close(context.WithoutCancel(ctx))
	res, err := session.Run(ctx, tokenByIDQuery, map[string]any{"id": id})
	if err != nil {
		return graph.APIToken{}, false, classify(err)
	}
	recs, err := res.Collect(ctx)
	if err != nil || len(recs) == 0 {
		return graph.APIToken{}, false, classify(err)
	}
	return tokenOf(recs[0]), true, nil
}

// Tokens lists every token's record by name.
func (s *Store) Tokens(ctx context.Context) ([]graph.APIToken, error) {
	recs, err := s.query(ctx, tokensQuery, nil)
	if err != nil {
		return nil, err
	}
	out := make([]graph.APIToken, len(recs))
	for i, r := range recs {
		out[i] = tokenOf(r)
	}
	return out, nil
}

// RevokeToken revokes the token named name; false if there is none.
func (s *Store) RevokeToken(ctx context.Context, name string, at time.Time) (bool, error) {
	return write(ctx, s, func(tx runner) (bool, error) {
		recs, err := run(ctx, tx, revokeTokenQuery, map[string]any{"name": name, "at": at})
		if err != nil || len(recs) == 0 {
			return false, err
		}
		n, _ := recs[0].Get("n")
		return n.(int64) > 0, nil
	})
}

// AnyToken says whether any token was ever issued.
func (s *Store) AnyToken(ctx context.Context) (bool, error) {
	recs, err := s.query(ctx, anyTokenQuery, nil)
	return len(recs) > 0, err
}

func tokenOf(r *neo4j.Record) graph.APIToken {
	m := r.AsMap()
	t := graph.APIToken{}
	t.ID, _ = m["id"].(string)
	t.Name, _ = m["name"].(string)
	role, _ := m["role"].(string)
	t.Role = graph.Role(role)
	t.SecretHash, _ = m["secretHash"].(string)
	t.CreatedAt, _ = m["createdAt"].(time.Time)
	if at, ok := m["revokedAt"].(time.Time); ok {
		t.RevokedAt = &at
	}
	return t
}
