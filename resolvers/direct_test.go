package resolvers

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/internal/testneo4j"
	"github.com/orgnet/orgnet/seed"
)

// gqlgenOnly is FieldMiddleware without direct answers: every field goes
// through gqlgen's own execution, as before they existed.
func gqlgenOnly(ctx context.Context, next graphql.Resolver) (any, error) {
	return fieldMiddleware(ctx, next, false)
}

// testHandler serves the schema over st as the server does, with mw as the
// field middleware; every request is an admin's.
func testHandler(st *store.Store, mw graphql.FieldMiddleware) http.Handler {
	cfg := Config{Resolvers: &Resolver{Store: st}}
	cfg.Directives.Allowed = func(ctx context.Context, _ any, next graphql.Resolver, _ Capability) (any, error) {
		return next(ctx)
	}
	h := handler.New(NewExecutableSchema(cfg))
	h.AddTransport(transport.POST{})
	h.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		ctx = WithRequestState(WithBatches(ctx), st)
		ctx, closeSandboxes := st.WithSandboxes(ctx)
		respond := next(ctx)
		return func(ctx context.Context) *graphql.Response {
			defer closeSandboxes()
			return respond(ctx)
		}
	})
	h.AroundFields(mw)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := graph.NewContextWithPrincipal(r.Context(), graph.Principal{Name: "test", Role: graph.AdminRole})
		h.ServeHTTP(w, r.WithContext(ctx))
	})
}

func ask(t *testing.T, h http.Handler, query string, vars map[string]any) string {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	require.NoError(t, err)
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	return rec.Body.String()
}

// TestDirectAnswersAreGqlgens asks the same questions of the schema with
// and without direct answers and wants the same bytes back: every field of
// the model the questions reach, aliases, fragments, __typename, @include
// and @skip, nulls, unions (which gqlgen answers) and errors.
func TestDirectAnswersAreGqlgens(t *testing.T) {
	st := testneo4j.Store(t)
	var doc bytes.Buffer
	require.NoError(t, seed.Synth(&doc, seed.SynthOptions{People: 400, Seed: 3}))
	snap, err := graph.DecodeSnapshot(&doc)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	_, err = st.Import(ctx, snap, graph.ImportReplace, nil)
	require.NoError(t, err)

	var direct atomic.Int64
	withDirect := testHandler(st, func(ctx context.Context, next graphql.Resolver) (any, error) {
		res, err := FieldMiddleware(ctx, next)
		if _, ok := res.(graphql.WriterFunc); ok {
			direct.Add(1)
		}
		return res, err
	})
	without := testHandler(st, gqlgenOnly)

	person, team, touchpoint := snap.People[7].ID, snap.Teams[3].ID, snap.Touchpoints[0].ID
	vars := map[string]any{"p": person, "t": team, "tp": touchpoint, "yes": true, "no": false}
	for _, m := range snap.Matters {
		vars["m"] = m.ID
		for _, amount := range []any{nil, 500.0, 50_000.0} {
			vars["a"] = amount
			for name, q := range map[string]string{
				"whoCanAct, every field, twice over": `query($m: ID!, $a: Float) {
					whoCanAct(matter: $m, amount: $a) { __typename person { id name title active userName externalId __typename }
						limit grants { via limit mandate { id name limit validFrom validUntil } team { id name kind externalId } } }
					again: whoCanAct(matter: $m, amount: $a) { limit person { id } person { name } who: person { id } } }`,
				"fragments, @include and @skip": `query($m: ID!, $a: Float, $yes: Boolean!, $no: Boolean!) {
					whoCanAct(matter: $m, amount: $a) { ...actor grants @include(if: $yes) { via } limit @skip(if: $yes) person @skip(if: $no) { id } } }
					fragment actor on Actor { person { ... on Person { name } ...named } grants { ... on Grant { team { ...team } } } }
					fragment named on Person { id name }
					fragment team on Team { id name }`,
				"a resolver below: gqlgen answers": `query($m: ID!, $a: Float) {
					whoCanAct(matter: $m, amount: $a) { person { id manager { id name } } grants { mandate { id matter { id } holder { __typename } } } } }`,
				"a personal field under @allowed": `query($m: ID!) { whoCanAct(matter: $m) { person { id email } } }`,
				"a page of actors": `query($m: ID!, $a: Float) { whoCanActConnection(matter: $m, amount: $a, first: 5) {
					totalCount pageInfo { hasNextPage endCursor } edges { cursor node { person { id name } limit } } nodes { limit grants { via } } } }`,
				"canAct and actionableMatters": `query($m: ID!, $p: ID!, $a: Float) {
					canAct(person: $p, matter: $m, amount: $a) { allowed reason grants { via limit mandate { id name } team { id } } }
					actionableMatters(person: $p, amount: $a) { matter { id name } limit grants { via mandate { id } } } }`,
				"customer distance, a union on the route": `query($m: ID!, $tp: ID!, $a: Float) {
					customerDistance(touchpoint: $tp, matter: $m, amount: $a) { hops actor { id name } path { __typename ... on Person { id } ... on Team { id } ... on Touchpoint { id } } } }`,
				"the model's lists": `query($t: ID!) {
					teams(first: 20) { totalCount pageInfo { hasNextPage endCursor } nodes { id name kind externalId members(first: 3) { nodes { role person { id name } team { id } } } } }
					people(first: 20) { nodes { id name title active userName externalId } edges { cursor node { id } } }
					mandates(first: 20) { nodes { id name limit validFrom validUntil delegatedFrom { id } } }
					touchpoints(first: 10) { nodes { id name channel selfService handles { volume selfServiceRate residual matter { id name } } escalatesTo { id } } }
					matters(first: 10) { nodes { id name handledAt { volume selfServiceRate residual touchpoint { id name channel } } } }
					team(id: $t) { id staffs { id name channel } } }`,
			} {
				t.Run(name, func(t *testing.T) {
					assert.Equal(t, ask(t, without, q, vars), ask(t, withDirect, q, vars))
				})
			}
		}
	}
	health := `query($at: DateTime) { orgHealth(at: $at) { at empowerment strandedVolume meanCustomerDistance residual layers unitDepth
		orphanMatters { id name } singleActorMatters { matter { id } person { id name } } spanOfControl { max mean median }
		handlings { touchpoint { id } matter { id } residual frontLineCanAct distance route { hops actor { id } } }
		touchpoints { touchpoint { id name } residual empowerment strandedVolume meanCustomerDistance }
		channels { channel touchpoints residual empowerment strandedVolume meanCustomerDistance }
		units(first: 5) { totalCount nodes { team { id name } people layers mandates exclusiveMatters(first: 3) { nodes { id } } } }
		keyPeople(first: 5) { nodes { person { id } soleMatters { id } soleMatterResidual strandedIfLeft strandedHandlings { residual } } } } }`
	at := map[string]any{"at": time.Now().UTC().Format(time.RFC3339Nano)}
	assert.Equal(t, ask(t, without, health, at), ask(t, withDirect, health, at))
	assert.Positive(t, direct.Load(), "some answers were written directly")
}
