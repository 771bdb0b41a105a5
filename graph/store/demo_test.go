package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/internal/testneo4j"
	"github.com/orgnet/orgnet/seed"
)

// TestDemoFacts asks the database what a reader of seed/README.md would
// check by hand in the demo organization, at an instant the facts hold.
func TestDemoFacts(t *testing.T) {
	st := testneo4j.Store(t)
	ctx := context.Background()
	demo, err := seed.Demo()
	require.NoError(t, err)
	hImport(t, st, demo)
	at := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	amount := func(a float64) *float64 { return &a }

	distances := []struct {
		name       string
		touchpoint string
		matter     string
		amount     *float64
		at         time.Time
		hops       int // 0: nobody reachable can act
		actors     []string
	}{
		{"phone, card fee refund within the front line's 500", "tp-phone", "m-card-fee-refund", amount(300), at, 2, nil},
		{"phone, card fee refund above the front line's limit is 3+ hops away", "tp-phone", "m-card-fee-refund", amount(2000), at, 4,
			[]string{"p-albin-dahlberg", "p-klara-martinsson", "p-moa-eliasson"}},
		{"phone, card fee refund only the head of cards may grant", "tp-phone", "m-card-fee-refund", amount(20000), at, 6, []string{"p-eva-lundgren"}},
		{"phone, a chargeback only an inactive specialist could grant", "tp-phone", "m-chargeback", amount(150000), at, 0, nil},
		{"phone, a chargeback of 100 000", "tp-phone", "m-chargeback", amount(100000), at, 6, []string{"p-eva-lundgren"}},
		{"phone, a small loan before the phone pilot starts", "tp-phone", "m-loan-application-small", amount(50000), at, 5, nil},
		{"phone, a small loan once the pilot has started", "tp-phone", "m-loan-application-small", amount(50000),
			time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC), 2, nil},
		{"the web assistant has nobody behind it", "tp-web-assistant", "m-card-fee-refund", nil, at, 0, nil},
	}
	for _, c := range distances {
		t.Run(c.name, func(t *testing.T) {
			route, err := st.CustomerDistance(ctx, c.touchpoint, c.matter, graph.Question{Amount: c.amount, At: c.at})
			require.NoError(t, err)
			if c.hops == 0 {
				assert.Nil(t, route)
				return
			}
			require.NotNil(t, route)
			assert.Equal(t, c.hops, route.Hops)
			assert.Len(t, route.Path, c.hops+1)
			if c.actors != nil {
				assert.Contains(t, c.actors, route.Actor.ID)
			}
		})
	}

	t.Run("the phone front line cannot refund 2 000, and says which mandate stops it", func(t *testing.T) {
		d, err := st.CanAct(ctx, "p-sara-nyberg", "m-card-fee-refund", graph.Question{Amount: amount(2000), At: at})
		require.NoError(t, err)
		assert.False(t, d.Allowed)
		assert.Contains(t, d.Reason, "500")
		assert.Contains(t, d.Reason, "md-card-fee-refund-customer-service")
	})

	t.Run("only Jenny Carlsson can act on accounts", func(t *testing.T) {
		actors, err := st.WhoCanAct(ctx, []string{"m-accounts"}, graph.Question{At: at})
		require.NoError(t, err)
		require.Len(t, actors["m-accounts"], 1)
		assert.Equal(t, "p-jenny-carlsson", actors["m-accounts"][0].Person.ID)
	})
}
