package server_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// /metrics counts requests by operation and outcome, with their latency,
// database round trips and time, and the sessions open.
func TestMetricsShowRequests(t *testing.T) {
	s := newTestOrgServer(t)
	for range 3 {
		s.post(t, `query Decide { canAct(person: "p1", matter: "m2") { allowed } }`, nil, nil)
	}
	s.post(t, `query Lookup { whoCanAct(matter: "nope") { person { id } } }`, nil, nil)
	s.importOK(t, "merge", []byte(`{"people": [{"id": "p9", "name": "New"}]}`))

	res, err := http.Get(s.URL + "/metrics")
	require.NoError(t, err)
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	text := string(raw)
	for _, want := range []string{
		`orgnet_requests_total{operation="Decide",outcome="ok"} 3`,
		`orgnet_requests_total{operation="Lookup",outcome="NOT_FOUND"} 1`,
		`orgnet_requests_total{operation="POST /import",outcome="ok"} 1`,
		`orgnet_request_duration_seconds_count{operation="Decide"} 3`,
		`orgnet_request_db_round_trips_count`,
		`orgnet_request_db_seconds_sum`,
		`orgnet_import_rows_total{result="created"} 1`,
		`orgnet_db_sessions_open 0`,
	} {
		assert.Contains(t, text, want)
	}
}

// A trace shows the GraphQL operation and, under it, the Cypher it sent;
// the request id reaches Neo4j as transaction metadata.
func TestTraceHasOperationAndCypherSpans(t *testing.T) {
	exporter := tracetest.NewInMemoryExporter()
	provider := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exporter))
	previous := otel.GetTracerProvider()
	otel.SetTracerProvider(provider)
	t.Cleanup(func() { otel.SetTracerProvider(previous) })

	s := newTestOrgServer(t)
	res := s.post(t, `query Decide { canAct(person: "p4", matter: "m2", amount: 10) { allowed grants { mandate { name } } } }`, nil, nil)
	require.Empty(t, res.Errors)
	require.NoError(t, provider.ForceFlush(context.Background()))

	spans := exporter.GetSpans()
	var op *tracetest.SpanStub
	for i := range spans {
		if spans[i].Name == "graphql query Decide" {
			op = &spans[i]
		}
	}
	require.NotNil(t, op, "an operation span among %v", spanNames(spans))
	var cypher []string
	for _, sp := range spans {
		if strings.HasPrefix(sp.Name, "cypher ") {
			assert.Equal(t, op.SpanContext.SpanID(), sp.Parent.SpanID(), "%s is under the operation", sp.Name)
			assert.Equal(t, op.SpanContext.TraceID(), sp.SpanContext.TraceID())
			cypher = append(cypher, sp.Name)
		}
	}
	assert.Contains(t, cypher, "cypher canAct")
	assert.NotEmpty(t, cypher)
}

func spanNames(spans tracetest.SpanStubs) []string {
	var out []string
	for _, s := range spans {
		out = append(out, s.Name)
	}
	return out
}
