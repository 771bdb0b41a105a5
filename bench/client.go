package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/server"
)

// Client talks to the service over HTTP, as a front end would.
type Client struct {
	base     string
	endpoint string // of GraphQL
	http     *http.Client
}

// NewClient makes a client of the service at addr (host:port), keeping up
// to conns connections open.
func NewClient(addr string, conns int) *Client {
	c := NewGraphQLClient("http://"+addr+"/graphql", conns)
	c.base = "http://" + addr
	return c
}

// NewGraphQLClient makes a client of the GraphQL endpoint at url (the
// peer's), keeping up to conns connections open.
func NewGraphQLClient(url string, conns int) *Client {
	return &Client{endpoint: url, http: &http.Client{Transport: &http.Transport{
		MaxIdleConns: conns, MaxIdleConnsPerHost: conns, IdleConnTimeout: time.Minute,
	}}}
}

// Response is a GraphQL response as the service sends it.
type Response struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
	Extensions struct {
		DBRoundTrips int `json:"dbRoundTrips"`
	} `json:"extensions"`
}

// Err is the response's first error, if any.
func (r Response) Err() error {
	if len(r.Errors) == 0 {
		return nil
	}
	return fmt.Errorf("graphql: %s (%v)", r.Errors[0].Message, r.Errors[0].Extensions["code"])
}

// GraphQL posts a query and reads the whole answer; took is the time from
// sending the request to the last byte of the answer. Every request asks
// for its database round trips.
func (c *Client) GraphQL(ctx context.Context, query string, vars map[string]any) (r Response, took time.Duration, err error) {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return r, 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, bytes.NewReader(body))
	if err != nil {
		return r, 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(server.RoundTripsHeader, "1")
	start := time.Now()
	res, err := c.http.Do(req)
	if err != nil {
		return r, 0, err
	}
	raw, err := io.ReadAll(res.Body)
	res.Body.Close()
	took = time.Since(start)
	if err != nil {
		return r, took, err
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return r, took, fmt.Errorf("graphql: status %d: %.200s", res.StatusCode, raw)
	}
	return r, took, r.Err()
}

// Import posts a snapshot to /import in the given mode and returns the
// report and the time the whole request took.
func (c *Client) Import(ctx context.Context, snapshot []byte, mode graph.ImportMode) (graph.ImportReport, time.Duration, error) {
	var report graph.ImportReport
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/import?mode="+string(mode), bytes.NewReader(snapshot))
	if err != nil {
		return report, 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	start := time.Now()
	res, err := c.http.Do(req)
	if err != nil {
		return report, 0, err
	}
	raw, err := io.ReadAll(res.Body)
	res.Body.Close()
	took := time.Since(start)
	if err != nil {
		return report, took, err
	}
	if res.StatusCode != http.StatusOK {
		return report, took, fmt.Errorf("import: status %d: %.500s", res.StatusCode, raw)
	}
	return report, took, json.Unmarshal(raw, &report)
}

// Raw sends Cypher through the Go driver alone, the way the store does (a
// read transaction per query, every record collected), but with nothing of
// the service around it: the baseline the GraphQL overhead is measured
// against.
type Raw struct {
	driver neo4j.DriverWithContext
}

// NewRaw connects to the database at uri.
func NewRaw(uri string) (*Raw, error) {
	d, err := neo4j.NewDriverWithContext(uri, neo4j.NoAuth())
	if err != nil {
		return nil, err
	}
	return &Raw{driver: d}, nil
}

// Close closes the driver.
func (r *Raw) Close(ctx context.Context) error { return r.driver.Close(ctx) }

// Query runs each of queries in turn in one read transaction and collects
// the records of them all.
func (r *Raw) Query(ctx context.Context, queries []string, params map[string]any) ([]*neo4j.Record, time.Duration, error) {
	start := time.Now()
	session := r.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead})
	defer session.Close(ctx)
	out, err := session.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		var all []*neo4j.Record
		for _, cypher := range queries {
			res, err := tx.Run(ctx, cypher, params)
			if err != nil {
				return nil, err
			}
			recs, err := res.Collect(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, recs...)
		}
		return all, nil
	})
	took := time.Since(start)
	if err != nil {
		return nil, took, err
	}
	return out.([]*neo4j.Record), took, nil
}

// Write runs cypher in a write transaction and discards its records.
func (r *Raw) Write(ctx context.Context, cypher string, params map[string]any) error {
	session := r.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite})
	defer session.Close(ctx)
	_, err := session.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, cypher, params)
		if err != nil {
			return nil, err
		}
		return res.Consume(ctx)
	})
	return err
}
