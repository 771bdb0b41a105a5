package resolvers

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
)

func TestFieldKey(t *testing.T) {
	ten, alsoTen, eleven := 10.0, 10.0, 11.0
	lead, alsoLead := graph.MembershipRole("LEAD"), graph.MembershipRole("LEAD")
	at := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

	assert.Equal(t, fieldKey("whoCanAct", &ten, at), fieldKey("whoCanAct", &alsoTen, at), "equal values at other addresses")
	assert.Equal(t, fieldKey("members", &lead), fieldKey("members", &alsoLead))
	assert.NotEqual(t, fieldKey("whoCanAct", &ten, at), fieldKey("whoCanAct", &eleven, at))
	assert.NotEqual(t, fieldKey("whoCanAct", &ten, at), fieldKey("whoCanAct", nil, at), "an amount and none")
	assert.NotEqual(t, fieldKey("whoCanAct", &ten, at), fieldKey("whoCanAct", &ten, at.Add(time.Second)))
	assert.NotEqual(t, fieldKey("members", &lead), fieldKey("mandates", &lead))
}

func TestPrime(t *testing.T) {
	person := func(id string) graph.Person { return graph.Person{ID: id, Name: id} }
	members := func(ids ...string) map[string]graph.Conn[graph.Member] {
		var items []graph.Member
		for _, id := range ids {
			items = append(items, graph.Member{Person: person(id), Team: graph.Team{ID: "t"}})
		}
		return map[string]graph.Conn[graph.Member]{"t": {Items: items, Total: len(items)}}
	}
	// manager loads a person's manager, counting the queries it would send.
	manager := func(ctx context.Context, p *graph.Person, queries *int) *graph.Person {
		got, err := loadFor(ctx, p, "manager", func(_ context.Context, people []*graph.Person) (map[string]*graph.Person, error) {
			*queries++
			out := map[string]*graph.Person{}
			for _, q := range people {
				boss := person("boss of " + q.ID)
				out[q.ID] = &boss
			}
			return out, nil
		})
		require.NoError(t, err)
		return got
	}
	boss := person("boss")

	t.Run("a primed cohort answers without a query, nil for an entity the fetch found none for", func(t *testing.T) {
		ctx := WithBatches(context.Background())
		conns := members("a", "b")
		prime(ctx, conns, "Person", "manager", []string{"a", "b"}, map[string]*graph.Person{"a": &boss})
		queries := 0
		a, b := person("a"), person("b")
		assert.Equal(t, &boss, manager(ctx, &a, &queries))
		assert.Nil(t, manager(ctx, &b, &queries))
		assert.Zero(t, queries)
		_, registered := batchesOf(ctx).cohorts[entityKey{kind: "Person", id: "boss"}]
		assert.True(t, registered, "what the prime holds is a cohort, for the level below it")
	})

	t.Run("an entity already in a cohort the fetch did not bring in whole loads with that cohort", func(t *testing.T) {
		ctx := WithBatches(context.Background())
		c, d := person("c"), person("d")
		batchesOf(ctx).register("", []*graph.Person{&c, &d})
		prime(ctx, members("c", "e"), "Person", "manager", []string{"c", "e"}, map[string]*graph.Person{"c": &boss})
		queries := 0
		assert.Equal(t, "boss of c", manager(ctx, &c, &queries).ID, "the cohort of c and d is not primed")
		assert.Equal(t, 1, queries)
		e := person("e")
		assert.Nil(t, manager(ctx, &e, &queries), "the cohort of e alone is")
		assert.Equal(t, 1, queries)
	})

	t.Run("a load already started is left as it is", func(t *testing.T) {
		ctx := WithBatches(context.Background())
		conns := members("f")
		batchesOf(ctx).register("", conns)
		queries := 0
		f := person("f")
		assert.Equal(t, "boss of f", manager(ctx, &f, &queries).ID)
		prime(ctx, conns, "Person", "manager", []string{"f"}, map[string]*graph.Person{"f": &boss})
		assert.Equal(t, "boss of f", manager(ctx, &f, &queries).ID)
		assert.Equal(t, 1, queries)
	})

	t.Run("outside a request nothing is primed", func(t *testing.T) {
		assert.NotPanics(t, func() {
			prime(context.Background(), members("g"), "Person", "manager", []string{"g"}, map[string]*graph.Person{})
		})
	})
}
