package graph

import "time"

// APIToken is the stored record of an API token orgnet issued: its public
// id, the name and role it was issued for, and the SHA-256 of its secret
// (never the secret itself). A revoked token keeps its record, so that its
// name is not reused and `orgnet token list` shows when it was revoked.
type APIToken struct {
	ID         string
	Name       string
	Role       Role
	SecretHash string // hex SHA-256 of the secret
	CreatedAt  time.Time
	RevokedAt  *time.Time
}
