package graph

import "context"

type principalKey struct{}

// LocalAdmin is the principal of a request that carries none: the local
// mode of docs/access.md, and work the binary does on its own behalf (the
// demo load, the import command).
var LocalAdmin = Principal{Name: "local", Role: AdminRole}

// NewContextWithPrincipal returns ctx carrying p as the request's principal.
func NewContextWithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFromContext is the principal ctx carries, LocalAdmin when it
// carries none.
func PrincipalFromContext(ctx context.Context) Principal {
	if p, ok := ctx.Value(principalKey{}).(Principal); ok {
		return p
	}
	return LocalAdmin
}
