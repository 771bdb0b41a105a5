package resolvers

import (
	"context"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// atOrNow is the instant a question is asked at: unless given, the instant
// the request began, so that every answer of one request agrees.
func atOrNow(ctx context.Context, at *time.Time) time.Time {
	if at != nil {
		return at.UTC()
	}
	if b := batchesOf(ctx); b != nil {
		return b.now
	}
	return time.Now().UTC()
}

func question(ctx context.Context, amount *float64, at *time.Time) graph.Question {
	return graph.Question{Amount: amount, At: atOrNow(ctx, at)}
}

// mandateStatus loads effective limits and validity at an instant for the
// mandate's whole cohort in one query.
func (r *mandateResolver) mandateStatus(ctx context.Context, obj *graph.Mandate, at time.Time) (graph.MandateStatus, error) {
	return loadFor(ctx, obj, fieldKey("status", at), func(ctx context.Context, mandates []*graph.Mandate) (map[string]graph.MandateStatus, error) {
		return r.Store.MandateStatus(ctx, ids(mandates), at)
	})
}
