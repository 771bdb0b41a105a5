package server

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/orgnet/orgnet/auth"
	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/resolvers"
)

// RoundTripsHeader, set on a request, makes the response report its database
// round trips in extensions.dbRoundTrips.
const RoundTripsHeader = "Orgnet-Round-Trips"

var tracer = otel.Tracer("github.com/orgnet/orgnet/server")

// graphQL is the GraphQL endpoint: POST (and GET for queries), with
// GraphiQL for a browser that GETs it without a query. Every request but
// the GraphiQL page needs a principal; what each field needs is the
// schema's @allowed, checked by allowed.
func (s *Server) graphQL() http.Handler {
	cfg := resolvers.Config{Resolvers: &resolvers.Resolver{Store: s.store, Feed: s.feed}}
	cfg.Directives.Allowed = allowed
	pageComplexity(&cfg.Complexity)
	schema := resolvers.NewExecutableSchema(cfg)
	h := handler.New(schema)
	// Subscriptions: WebSocket (graphql-transport-ws) and server-sent
	// events (a POST that accepts text/event-stream), before the plain
	// transport that would otherwise take the latter. Both are
	// authenticated as queries are: protect admits the request that opens
	// the stream; a WebSocket opened without credentials signs in with its
	// connection_init message instead (websocketInit).
	h.AddTransport(transport.Websocket{KeepAlivePingInterval: 15 * time.Second, InitFunc: s.websocketInit})
	h.AddTransport(transport.SSE{KeepAlivePingInterval: 15 * time.Second})
	h.AddTransport(httpTransport{s})
	h.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	h.SetParserTokenLimit(s.cfg.Limits.Tokens)
	h.SetDisableSuggestion(s.cfg.DisableIntrospection)
	h.Use(&documentGate{limits: s.cfg.Limits, introspection: !s.cfg.DisableIntrospection,
		trusted: s.cfg.TrustedDocuments, verdicts: lru.New[*gqlerror.Error](1000)})
	if !s.cfg.DisableIntrospection {
		h.Use(extension.Introspection{})
	}
	h.Use(extension.FixedComplexityLimit(s.cfg.Limits.Complexity))
	h.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		op := graphql.GetOperationContext(ctx).Operation
		name := ""
		if op != nil {
			name = op.Name
		}
		if info := requestInfoOf(ctx); info != nil {
			info.operation = name
		}
		if op != nil && op.Operation == ast.Subscription && !streamHeaders(graphql.GetOperationContext(ctx).Headers) {
			// A plain POST would hang until the next change, then end.
			msg := "a subscription needs a stream: a WebSocket (graphql-transport-ws) or server-sent events (Accept: text/event-stream)"
			return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{{Message: msg, Extensions: map[string]any{
				"code": string(graph.CodeBadInput), "problems": []graph.Problem{{Path: "$", Message: msg}}}}}})
		}
		ctx = resolvers.WithRequestState(resolvers.WithBatches(ctx), s.store)
		if op == nil || op.Operation == ast.Subscription {
			return next(ctx)
		}
		// One span per operation; the store's Cypher spans nest under it.
		ctx, span := tracer.Start(ctx, "graphql "+string(op.Operation)+" "+name, trace.WithAttributes(
			attribute.String("graphql.operation.type", string(op.Operation)),
			attribute.String("graphql.operation.name", name),
			attribute.String("orgnet.request_id", requestIDOf(ctx))))
		// The operation's reads inside a scenario share its sandbox, rolled
		// back once the response is made (graph/store/sandbox.go).
		ctx, closeSandboxes := s.store.WithSandboxes(ctx)
		respond := next(ctx)
		return func(ctx context.Context) *graphql.Response {
			resp := respond(ctx)
			closeSandboxes()
			if resp != nil && len(resp.Errors) > 0 {
				span.SetStatus(codes.Error, resp.Errors[0].Message)
			}
			span.End()
			return resp
		}
	})
	h.AroundFields(resolvers.FieldMiddleware)
	h.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		resp := next(ctx)
		if resp == nil {
			return resp
		}
		if reason := resolvers.DroppedSubscription(ctx); reason != "" && string(resp.Data) == "null" {
			// The feed dropped a slow subscriber: say why, not that a
			// change was null.
			resp.Errors = gqlerror.List{{Message: reason, Extensions: map[string]any{"code": string(graph.CodeSlowSubscriber)}}}
		}
		if v, ok := resolvers.WrittenVersion(ctx); ok {
			// The version a mutation left, for the client's next ifVersion.
			if resp.Extensions == nil {
				resp.Extensions = map[string]any{}
			}
			resp.Extensions["orgVersion"] = v
		}
		info := requestInfoOf(ctx)
		if info == nil {
			return resp
		}
		for _, e := range resp.Errors {
			code, _ := e.Extensions["code"].(string)
			info.errorCodes = append(info.errorCodes, code)
		}
		// Asked for, the response says how many database round trips it
		// cost: the measure of "no N+1" that tests and benchmarks read.
		if opCtx := graphql.GetOperationContext(ctx); opCtx != nil && opCtx.Headers.Get(RoundTripsHeader) != "" && info.store != nil {
			if resp.Extensions == nil {
				resp.Extensions = map[string]any{}
			}
			resp.Extensions["dbRoundTrips"] = info.store.RoundTrips.Load()
		}
		return resp
	})
	h.SetErrorPresenter(s.presentError)
	h.SetRecoverFunc(func(ctx context.Context, v any) error {
		s.log.ErrorContext(ctx, "panic in a resolver", "panic", v)
		return errors.New("panic in a resolver")
	})
	page := s.graphiQL()
	api := s.protect("", s.cfg.DBTime, h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Query().Get("query") == "" && strings.Contains(r.Header.Get("Accept"), "text/html") {
			page(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodPost {
			w.Header().Set("Allow", "GET, POST")
			s.refuse(w, r, http.StatusMethodNotAllowed, &graph.Error{Code: graph.CodeBadInput, Message: "/graphql takes GET and POST"})
			return
		}
		if streams(r) {
			api.ServeHTTP(w, r) // a subscription lasts as long as its client
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
		defer cancel()
		api.ServeHTTP(w, r.WithContext(ctx))
	})
}

// allowed is the @allowed directive (schema/access.graphqls): the one
// place where a field's capability meets the principal's role. Without the
// capability a personal field answers null and any other field FORBIDDEN;
// the field's resolver does not run.
func allowed(ctx context.Context, _ any, next graphql.Resolver, to resolvers.Capability) (any, error) {
	c := auth.Capability(to)
	p := graph.PrincipalFromContext(ctx)
	if auth.Allows(p.Role, c) {
		return next(ctx)
	}
	if auth.Hides(c) {
		return nil, nil
	}
	field := "a field"
	if fc := graphql.GetFieldContext(ctx); fc != nil {
		field = fc.Object + "." + fc.Field.Name
	}
	return nil, auth.Forbidden(p, c, field)
}

// presentError gives every error the code of docs/writes.md: the application's
// own codes as they are, gqlgen's own (parse and validation) as gqlgen set
// them, and anything else INTERNAL with its details only in the log.
// Every error names the request (extensions.requestId).
func (s *Server) presentError(ctx context.Context, err error) *gqlerror.Error {
	out := graphql.DefaultErrorPresenter(ctx, err)
	id := requestIDOf(ctx)
	defer func() {
		if out.Extensions == nil {
			out.Extensions = map[string]any{}
		}
		out.Extensions["requestId"] = id
	}()
	var app *graph.Error
	if errors.As(err, &app) {
		out.Message = app.Message
		out.Extensions = map[string]any{"code": string(app.Code)}
		for k, v := range app.Details {
			out.Extensions[k] = v
		}
		if app.Code == graph.CodeBadInput {
			// A problem found where its path is unknown (a scalar's
			// parser) is at the path of the error itself.
			problems := make([]graph.Problem, len(app.Problems))
			for i, p := range app.Problems {
				if p.Path == "" {
					p.Path = out.Path.String()
				}
				problems[i] = p
			}
			out.Extensions["problems"] = problems
		}
		return out
	}
	var gql *gqlerror.Error
	if errors.As(err, &gql) && gql.Extensions["code"] != nil {
		return out
	}
	s.log.ErrorContext(ctx, "internal error", "error", err.Error(), "path", out.Path.String())
	out.Message = "internal error (request " + id + "); the details are in the server log"
	if errors.Is(err, graph.ErrUnavailable) {
		out.Message = "the database is unavailable or too slow right now (request " + id + ")"
	}
	out.Extensions = map[string]any{"code": string(graph.CodeInternal)}
	return out
}
