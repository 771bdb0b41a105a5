package server

import (
	"net/http"
	"regexp"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/orgnet/orgnet/graph/store"
)

// metrics are the service's Prometheus series, served at /metrics.
type metrics struct {
	registry   *prometheus.Registry
	requests   *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	roundTrips prometheus.Histogram
	dbTime     prometheus.Histogram
	importRows *prometheus.CounterVec

	mu         sync.Mutex
	operations map[string]bool
}

// maxOperationNames bounds the operation label's values: clients name
// their operations, and a client sending a new name each time must not
// grow the series without end.
const maxOperationNames = 200

var operationName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)

func newMetrics() *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "orgnet_requests_total",
			Help: "Requests by operation (the GraphQL operation name, or the route) and outcome (ok, or the first error code).",
		}, []string{"operation", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "orgnet_request_duration_seconds",
			Help:    "Time to answer a request, by operation.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
		}, []string{"operation"}),
		roundTrips: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "orgnet_request_db_round_trips",
			Help:    "Database round trips (Cypher statements) per request.",
			Buckets: []float64{0, 1, 2, 3, 4, 6, 8, 12, 16, 32, 64},
		}),
		dbTime: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "orgnet_request_db_seconds",
			Help:    "Database time per request: its transactions' durations, summed.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 5, 30},
		}),
		importRows: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "orgnet_import_rows_total",
			Help: "Entities and memberships in imported snapshots, by what the import did with them.",
		}, []string{"result"}),
		operations: map[string]bool{},
	}
	m.registry.MustRegister(m.requests, m.latency, m.roundTrips, m.dbTime, m.importRows,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "orgnet_db_sessions_open",
			Help: "Database sessions open in this process.",
		}, func() float64 { return float64(store.OpenSessions()) }),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

// operation is the label for a request: its GraphQL operation name when it
// has a usable one, else the route.
func (m *metrics) operation(info *requestInfo, route string) string {
	name := info.operation
	if name == "" || !operationName.MatchString(name) {
		return route
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.operations[name] {
		if len(m.operations) >= maxOperationNames {
			return route + " (other)"
		}
		m.operations[name] = true
	}
	return name
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}
