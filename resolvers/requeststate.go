package resolvers

import (
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/orgnet/orgnet/feed"
	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
)

// requestState is what one GraphQL operation's resolvers share beside
// their batches: the org version it read first or wrote last, and its
// live-feed subscription.
type requestState struct {
	mu      sync.Mutex
	read    *int64 // orgVersion, read before the other fields
	written *int64 // the version after the operation's last write
	sub     *feed.Subscription
}

type requestStateKey struct{}

// WithRequestState gives an operation its state. When a query asks for
// orgVersion, the version is read here, before any field resolves: a
// client that sends it back as ifVersion is then refused if anything it
// read changed since (docs/changes.md).
func WithRequestState(ctx context.Context, st *store.Store) context.Context {
	state := &requestState{}
	ctx = context.WithValue(ctx, requestStateKey{}, state)
	if graphql.HasOperationContext(ctx) {
		if op := graphql.GetOperationContext(ctx).Operation; op != nil && op.Operation == ast.Query && selects(op.SelectionSet, "orgVersion") {
			// On failure the field reads it itself and reports the error.
			if v, err := st.OrgVersion(ctx); err == nil {
				state.read = &v
			}
		}
	}
	return ctx
}

// selects says whether set selects the field path names, one name a level
// down (through fragments; @skip and @include are not read, so it may say
// yes to a field the request skips, never no to one it asks for).
func selects(set ast.SelectionSet, path ...string) bool {
	if len(path) == 0 {
		return true
	}
	for _, s := range set {
		switch s := s.(type) {
		case *ast.Field:
			if s.Name == path[0] && selects(s.SelectionSet, path[1:]...) {
				return true
			}
		case *ast.InlineFragment:
			if selects(s.SelectionSet, path...) {
				return true
			}
		case *ast.FragmentSpread:
			if s.Definition != nil && selects(s.Definition.SelectionSet, path...) {
				return true
			}
		}
	}
	return false
}

// fieldSelects says whether the field being resolved selects one of the
// paths below it: what lets a loader fetch a level further down in its
// own query, only when the request asks for that level.
func fieldSelects(ctx context.Context, paths ...[]string) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil {
		return false
	}
	for _, path := range paths {
		if selects(fc.Field.Selections, path...) {
			return true
		}
	}
	return false
}

func stateOf(ctx context.Context) *requestState {
	s, _ := ctx.Value(requestStateKey{}).(*requestState)
	return s
}

// WrittenVersion is the org's version after the operation's last write;
// false when it wrote nothing.
func WrittenVersion(ctx context.Context) (int64, bool) {
	s := stateOf(ctx)
	if s == nil {
		return 0, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.written == nil {
		return 0, false
	}
	return *s.written, true
}

func noteWritten(ctx context.Context, version int64) {
	if s := stateOf(ctx); s != nil {
		s.mu.Lock()
		s.written = &version
		s.mu.Unlock()
	}
}

// DroppedSubscription says why the live feed dropped the operation's
// subscription; "" while it has not.
func DroppedSubscription(ctx context.Context) string {
	s := stateOf(ctx)
	if s == nil {
		return ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sub == nil {
		return ""
	}
	return s.sub.Reason()
}

// IdempotencyKeyHeader names a write the client may send again: the same
// header on a retry answers the first outcome instead of writing twice.
const IdempotencyKeyHeader = "Idempotency-Key"

// writeRequest is a write by the request's principal through via, with the
// ifVersion and idempotency key the client sent. The key is the field's
// idempotencyKey argument, else the request's Idempotency-Key header with
// the field's name in the response (its alias) after a colon, so that each
// mutation of one request has a key of its own.
func writeRequest(ctx context.Context, change graph.Change, via graph.Via, ifVersion *int, key *string) graph.WriteRequest {
	w := graph.WriteRequest{Change: change, Via: via, Principal: graph.PrincipalFromContext(ctx), Guard: true}
	if ifVersion != nil {
		v := int64(*ifVersion)
		w.IfVersion = &v
	}
	w.IdempotencyKey = keyOf(ctx, key)
	return w
}

func keyOf(ctx context.Context, arg *string) string {
	if arg != nil && *arg != "" {
		return *arg
	}
	if !graphql.HasOperationContext(ctx) {
		return ""
	}
	header := graphql.GetOperationContext(ctx).Headers.Get(IdempotencyKeyHeader)
	if header == "" {
		return ""
	}
	if fc := graphql.GetFieldContext(ctx); fc != nil && fc.Field.Field != nil {
		return header + ":" + fc.Field.Alias
	}
	return header
}

// write sends w and notes the version it leaves.
func write(ctx context.Context, st *store.Store, w graph.WriteRequest) (graph.WriteOutcome, error) {
	out, err := st.Write(ctx, w)
	if err == nil {
		noteWritten(ctx, out.Version)
	}
	return out, err
}
