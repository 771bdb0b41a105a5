package resolvers

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
)

// A request's entities are loaded in cohorts: the entities one field's
// result brought in together (a page of people, the actors of a question,
// the members of fifty teams). When a field of one entity needs the
// database, it is loaded for the entity's whole cohort in one query, and
// the others find their answer waiting. A request therefore costs one query
// per level of its selection, whatever the sizes of its lists, and which
// queries run does not depend on timing (unlike a dataloader's wait window).

type entityKey struct {
	scope string // the scenario it was loaded in; "" live (scope.go)
	kind  string // "Person", "Team", …
	id    string
}

type cohort struct {
	members []any // *graph.Person, *graph.Team, … of one kind
}

type loadKey struct {
	cohort *cohort
	field  string // the field and its arguments
}

type load struct {
	done   chan struct{}
	result map[string]any // by entity id
	err    error
}

type batches struct {
	now     time.Time // when the request began
	mu      sync.Mutex
	cohorts map[entityKey]*cohort
	loads   map[loadKey]*load
}

type batchesKey struct{}

// WithBatches gives a request its own cohorts; every GraphQL operation
// needs one (see FieldMiddleware).
func WithBatches(ctx context.Context) context.Context {
	return context.WithValue(ctx, batchesKey{}, &batches{now: time.Now().UTC(), cohorts: map[entityKey]*cohort{}, loads: map[loadKey]*load{}})
}

func batchesOf(ctx context.Context) *batches {
	b, _ := ctx.Value(batchesKey{}).(*batches)
	return b
}

// entityOf names an entity of the model, or reports that v is none.
func entityOf(v any) (entityKey, bool) {
	switch e := v.(type) {
	case *graph.Person:
		return entityKey{kind: "Person", id: e.ID}, true
	case *graph.Team:
		return entityKey{kind: "Team", id: e.ID}, true
	case *graph.Matter:
		return entityKey{kind: "Matter", id: e.ID}, true
	case *graph.Mandate:
		return entityKey{kind: "Mandate", id: e.ID}, true
	case *graph.Touchpoint:
		return entityKey{kind: "Touchpoint", id: e.ID}, true
	case *graph.Scenario:
		return entityKey{kind: "Scenario", id: e.ID}, true
	case *graph.ChangeRecord:
		return entityKey{kind: "Change", id: e.ID}, true
	}
	return entityKey{}, false
}

// registerCohorts registers the entities in a field's result as cohorts,
// one per kind, before any field below them is resolved (FieldMiddleware
// calls it for every field).
func registerCohorts(ctx context.Context, scope string, res any) {
	if b := batchesOf(ctx); b != nil {
		b.register(scope, res)
	}
}

// mayHoldEntities says whether a field's result can hold an entity to
// register. Most fields are scalars, and an entity held by value is a copy
// of one registered with the result it came from (its own fields hold ids,
// not entities): neither needs the walk, which every field would otherwise
// pay for.
func mayHoldEntities(res any) bool {
	switch res.(type) {
	case nil, string, *string, bool, *bool, int, *int, int64, float64, *float64, time.Time, *time.Time,
		graph.Person, graph.Team, graph.Matter, graph.Mandate, graph.Touchpoint, graph.ChangeRecord:
		return false
	}
	switch v := reflect.ValueOf(res); v.Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int32, reflect.Int64, reflect.Float64:
		return false // enums and other scalars
	case reflect.Pointer, reflect.Interface, reflect.Slice, reflect.Map:
		return !v.IsNil()
	}
	return true
}

// register finds the entities in v (walking slices, pointers, structs and
// interfaces), loaded in scope, and makes each kind a cohort of the
// entities not yet in one.
func (b *batches) register(scope string, v any) {
	if k, ok := entityOf(v); ok { // a single entity: no walk, no map
		k.scope = scope
		b.mu.Lock()
		defer b.mu.Unlock()
		if _, known := b.cohorts[k]; !known {
			b.cohorts[k] = &cohort{members: []any{v}}
		}
		return
	}
	found := map[string][]any{}
	collectEntities(reflect.ValueOf(v), found, 0)
	if len(found) == 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, members := range found {
		c := &cohort{}
		for _, m := range members {
			k, _ := entityOf(m)
			k.scope = scope
			if _, known := b.cohorts[k]; !known {
				b.cohorts[k] = c
				c.members = append(c.members, m)
			}
		}
	}
}

// maxWalkDepth bounds the walk; results nest entities a few levels deep.
const maxWalkDepth = 6

func collectEntities(v reflect.Value, found map[string][]any, depth int) {
	if depth > maxWalkDepth || !v.IsValid() {
		return
	}
	switch v.Kind() {
	case reflect.Interface:
		if !v.IsNil() {
			collectEntities(v.Elem(), found, depth)
		}
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		if k, ok := entityOf(v.Interface()); ok {
			found[k.kind] = append(found[k.kind], v.Interface())
			return // an entity's own fields hold ids, not entities
		}
		collectEntities(v.Elem(), found, depth+1)
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			collectEntities(v.Index(i), found, depth+1)
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			collectEntities(it.Value(), found, depth+1)
		}
	case reflect.Struct:
		if v.CanAddr() {
			if k, ok := entityOf(v.Addr().Interface()); ok {
				found[k.kind] = append(found[k.kind], v.Addr().Interface())
				return
			}
		}
		for _, i := range walkedFields(v.Type()) {
			collectEntities(v.Field(i), found, depth+1)
		}
	}
}

// walkedFieldsOf caches walkedFields by type.
var walkedFieldsOf sync.Map // reflect.Type → []int

// walkedFields are the fields of a struct type that may hold entities: the
// exported ones that are not plain scalars, and of a connection only its
// nodes (its edges hold the same nodes again).
func walkedFields(t reflect.Type) []int {
	if f, ok := walkedFieldsOf.Load(t); ok {
		return f.([]int)
	}
	var fields []int
	if nodes, ok := t.FieldByName("Nodes"); ok && strings.HasSuffix(t.Name(), "Connection") {
		fields = []int{nodes.Index[0]}
	} else {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			switch f.Type.Kind() {
			case reflect.String, reflect.Bool, reflect.Int, reflect.Int32, reflect.Int64, reflect.Float64:
				continue
			}
			if f.IsExported() {
				fields = append(fields, i)
			}
		}
	}
	walkedFieldsOf.Store(t, fields)
	return fields
}

// loadFor resolves field for entity e: on the first call for e's cohort it
// runs fetch for every member of the cohort in one go; later calls wait for
// and read that result. fetch returns results by entity id. The cohort is
// of e's scope, and fetch asks the store in that scope.
func loadFor[E any, R any](ctx context.Context, e *E, field string, fetch func(ctx context.Context, members []*E) (map[string]R, error)) (R, error) {
	var zero R
	key, ok := entityOf(any(e))
	if !ok {
		return zero, fmt.Errorf("loadFor: %T is not an entity", e)
	}
	key.scope = scopeOf(ctx)
	ctx = store.InScenario(ctx, key.scope)
	b := batchesOf(ctx)
	if b == nil { // outside a request: load alone
		res, err := fetch(ctx, []*E{e})
		return res[key.id], err
	}
	b.mu.Lock()
	c, known := b.cohorts[key]
	if !known {
		c = &cohort{members: []any{e}}
		b.cohorts[key] = c
	}
	lk := loadKey{c, field}
	l, started := b.loads[lk]
	if !started {
		l = &load{done: make(chan struct{})}
		b.loads[lk] = l
	}
	b.mu.Unlock()

	if !started {
		members := make([]*E, 0, len(c.members))
		for _, m := range c.members {
			if typed, ok := m.(*E); ok {
				members = append(members, typed)
			}
		}
		func() {
			// However fetch ends, the members waiting for it must wake.
			defer close(l.done)
			defer func() {
				if p := recover(); p != nil {
					l.err = fmt.Errorf("loading %s: panic: %v", field, p)
				}
			}()
			res, err := fetch(ctx, members)
			// What one fetch brought in for the whole cohort is one cohort
			// in turn, though each member's part is handed out separately.
			b.register(key.scope, res)
			l.result, l.err = make(map[string]any, len(res)), err
			for id, r := range res {
				l.result[id] = r
			}
		}()
	}
	select {
	case <-l.done:
	case <-ctx.Done():
		return zero, ctx.Err()
	}
	if l.err != nil {
		return zero, l.err
	}
	r, _ := l.result[key.id].(R)
	return r, nil
}

// prime answers field for entities, the ids of entities of kind that a
// fetch brought in (fetched: its result), without a query of its own: the
// fetch loaded the level below as well (the members of teams with each
// one's manager) and hands it over in found, by entity id; an entity
// missing from found answers the zero value. fetched is registered first,
// and then only cohorts made wholly of entities are primed, only where the
// field has no load yet: an entity already in another cohort keeps loading
// field with that cohort. What found holds is registered as one cohort, as
// a fetch's result is.
func prime[R any](ctx context.Context, fetched any, kind, field string, entities []string, found map[string]R) {
	b := batchesOf(ctx)
	if b == nil {
		return
	}
	scope := scopeOf(ctx)
	b.register(scope, fetched)
	b.register(scope, found)
	covered := make(map[string]bool, len(entities))
	for _, id := range entities {
		covered[id] = true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	seen := map[*cohort]bool{}
	for _, id := range entities {
		c := b.cohorts[entityKey{scope: scope, kind: kind, id: id}]
		if c == nil || seen[c] {
			continue
		}
		seen[c] = true
		lk := loadKey{c, field}
		if _, started := b.loads[lk]; started || !coveredBy(c, covered) {
			continue
		}
		l := &load{done: make(chan struct{}), result: make(map[string]any, len(c.members))}
		for _, m := range c.members {
			k, _ := entityOf(m)
			if r, ok := found[k.id]; ok {
				l.result[k.id] = r
			}
		}
		close(l.done)
		b.loads[lk] = l
	}
}

// coveredBy says whether every member of c has its id in covered.
func coveredBy(c *cohort, covered map[string]bool) bool {
	for _, m := range c.members {
		if k, _ := entityOf(m); !covered[k.id] {
			return false
		}
	}
	return true
}

// ids lists the ids of members, in order.
func ids[E any](members []*E) []string {
	out := make([]string, len(members))
	for i, m := range members {
		k, _ := entityOf(any(m))
		out[i] = k.id
	}
	return out
}

// fieldKey names a field with its arguments, so that the same field asked
// with other arguments is another load. A pointer argument counts by what it
// points to: gqlgen parses a field's arguments afresh for every object, so
// the addresses differ from object to object while the values do not.
func fieldKey(name string, args ...any) string {
	var b strings.Builder
	b.WriteString(name)
	for _, a := range args {
		if v := reflect.ValueOf(a); v.Kind() == reflect.Pointer && !v.IsNil() {
			a = v.Elem().Interface()
		}
		fmt.Fprintf(&b, " %v", a)
	}
	return b.String()
}

// connection arguments in; first and after as GraphQL gives them.
func pageArgs(first *int, after *string) (graph.Page, error) {
	p := graph.Page{First: 50}
	if first != nil {
		if *first < 0 {
			return p, graph.BadInput([]graph.Problem{{Path: "first", Message: "must be ≥ 0"}})
		}
		p.First = *first
	}
	if after != nil && *after != "" {
		id, err := decodeCursor(*after)
		if err != nil {
			return p, graph.BadInput([]graph.Problem{{Path: "after", Message: "not a cursor of this connection"}})
		}
		p.After = id
	}
	return p, nil
}
