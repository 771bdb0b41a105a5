package server

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/resolvers"
)

// RoundTripsHeader, set on a request, makes the response report its database
// round trips in extensions.dbRoundTrips.
const RoundTripsHeader = "Orgnet-Round-Trips"

// maxComplexity bounds what one query may ask for: every field counts one,
// times the page size of the connections above it (see complexity.go).
const maxComplexity = 5_000_000

// graphQL is the GraphQL endpoint: POST (and GET for queries), with
// GraphiQL for a browser that GETs it without a query.
func (s *Server) graphQL() http.Handler {
	cfg := resolvers.Config{Resolvers: &resolvers.Resolver{Store: s.store}}
	pageComplexity(&cfg.Complexity)
	schema := resolvers.NewExecutableSchema(cfg)
	h := handler.New(schema)
	h.AddTransport(transport.GET{})
	h.AddTransport(transport.POST{})
	h.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	h.Use(extension.Introspection{})
	h.Use(extension.FixedComplexityLimit(maxComplexity))
	h.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		if info := requestInfoOf(ctx); info != nil {
			if op := graphql.GetOperationContext(ctx).Operation; op != nil {
				info.operation = op.Name
			}
		}
		return next(resolvers.WithBatches(ctx))
	})
	h.AroundFields(resolvers.CohortMiddleware)
	h.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		resp := next(ctx)
		info := requestInfoOf(ctx)
		if info == nil || resp == nil {
			return resp
		}
		for _, e := range resp.Errors {
			code, _ := e.Extensions["code"].(string)
			info.errorCodes = append(info.errorCodes, code)
		}
		// Asked for, the response says how many database round trips it
		// cost: the measure of "no N+1" that tests and benchmarks read.
		if graphql.GetOperationContext(ctx).Headers.Get(RoundTripsHeader) != "" {
			if resp.Extensions == nil {
				resp.Extensions = map[string]any{}
			}
			resp.Extensions["dbRoundTrips"] = info.roundTrips.Load()
		}
		return resp
	})
	h.SetErrorPresenter(s.presentError)
	h.SetRecoverFunc(func(ctx context.Context, v any) error {
		s.log.Error("panic in a resolver", "panic", v, "request_id", requestIDOf(ctx))
		return errors.New("panic in a resolver")
	})
	graphiql := s.graphiQL()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Query().Get("query") == "" && strings.Contains(r.Header.Get("Accept"), "text/html") {
			graphiql(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// presentError gives every error the code of SPEC §3: the application's
// own codes as they are, gqlgen's own (parse and validation) as gqlgen set
// them, and anything else INTERNAL with its details only in the log.
func (s *Server) presentError(ctx context.Context, err error) *gqlerror.Error {
	out := graphql.DefaultErrorPresenter(ctx, err)
	var app *graph.Error
	if errors.As(err, &app) {
		out.Message = app.Message
		out.Extensions = map[string]any{"code": string(app.Code)}
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
	id := requestIDOf(ctx)
	s.log.Error("internal error", "error", err.Error(), "request_id", id, "path", out.Path.String())
	out.Message = "internal error (request " + id + "); the details are in the server log"
	if errors.Is(err, graph.ErrUnavailable) {
		out.Message = "the database is unavailable or too slow right now (request " + id + ")"
	}
	out.Extensions = map[string]any{"code": string(graph.CodeInternal)}
	return out
}
