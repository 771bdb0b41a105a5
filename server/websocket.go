package server

import (
	"context"
	"errors"

	"github.com/99designs/gqlgen/graphql/handler/transport"

	"github.com/orgnet/orgnet/graph"
)

// closeForbidden is graphql-transport-ws's close code for a connection
// whose connection_init is refused.
const closeForbidden = 4403

// signInAddressKey carries, for a WebSocket still to sign in, the address
// it came from: a credential refused at connection_init counts against it.
type signInAddressKey struct{}

// websocketInit signs a WebSocket in from its connection_init message, the
// only place a browser can put a credential on one: the payload's
// Authorization is read as the header would be. A connection that protect
// admitted by its header (or in local mode) keeps that principal; one
// without a credential anywhere is closed with 4403.
func (s *Server) websocketInit(ctx context.Context, payload transport.InitPayload) (context.Context, *transport.InitPayload, error) {
	if graph.PrincipalFromContext(ctx).Role != "" {
		return ctx, nil, nil
	}
	refuse := func(msg string) (context.Context, *transport.InitPayload, error) {
		ctx = transport.WithWebsocketCloseCode(ctx, closeForbidden)
		return transport.AppendCloseReason(ctx, "Forbidden"), nil, errors.New(msg)
	}
	value := payload.Authorization()
	if value == "" {
		return refuse("sign in: connection_init's payload must hold Authorization: Bearer <token>")
	}
	p, err := s.cfg.Auth.CheckAuthorization(ctx, value)
	if err != nil {
		if addr, ok := ctx.Value(signInAddressKey{}).(string); ok {
			s.authFailures.failed(addr) // as a bad Authorization header counts
		}
		return refuse(err.Error())
	}
	if info := requestInfoOf(ctx); info != nil {
		info.principal = p
	}
	return graph.NewContextWithPrincipal(ctx, p), nil, nil
}
