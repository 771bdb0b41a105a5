package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/internal/testneo4j"
)

const smallOrg = `{
  "people": [
    {"id": "ceo", "name": "Ingrid Berg", "email": "ingrid@example.org", "title": "CEO"},
    {"id": "ann", "name": "Ann Lind", "manager": "ceo"},
    {"id": "bo", "name": "Bo Ek", "manager": "ann", "active": false}
  ],
  "teams": [
    {"id": "bank", "name": "Bank", "kind": "UNIT"},
    {"id": "cards", "name": "Cards", "kind": "UNIT", "parent": "bank"},
    {"id": "squad", "name": "Card squad", "kind": "TEAM"}
  ],
  "memberships": [
    {"person": "ann", "team": "cards", "role": "LEAD"},
    {"person": "bo", "team": "squad", "role": "MEMBER"}
  ],
  "matters": [
    {"id": "card", "name": "Cards"},
    {"id": "fee", "name": "Card fee refund", "parent": "card"}
  ],
  "mandates": [
    {"id": "md1", "name": "Cards", "matter": "card", "holder": {"type": "TEAM", "id": "cards"}, "limit": 10000,
     "validFrom": "2025-01-01T00:00:00Z", "validUntil": "2030-01-01T00:00:00+01:00"},
    {"id": "md2", "name": "Fee refunds", "matter": "fee", "holder": {"type": "PERSON", "id": "bo"}, "limit": 500, "delegatedFrom": "md1"}
  ],
  "touchpoints": [
    {"id": "web", "name": "Web", "channel": "WEB", "selfService": true, "staffedBy": [], "escalatesTo": ["phone"],
     "handles": [{"matter": "fee", "volume": 1000, "selfServiceRate": 0.8}]},
    {"id": "phone", "name": "Phone", "channel": "PHONE", "selfService": false,
     "staffedBy": [{"type": "TEAM", "id": "squad"}, {"type": "PERSON", "id": "ann"}], "escalatesTo": ["web"],
     "handles": [{"matter": "fee", "volume": 200, "selfServiceRate": 0}, {"matter": "card", "volume": 50.5, "selfServiceRate": 0.25}]}
  ]
}`

func decode(t *testing.T, doc string) *graph.Snapshot {
	t.Helper()
	s, err := graph.DecodeSnapshot(strings.NewReader(doc))
	require.NoError(t, err)
	return s
}

func TestImportRoundTripAndIdempotency(t *testing.T) {
	st := testneo4j.Store(t)
	ctx := context.Background()
	snap := decode(t, smallOrg)

	report, err := st.Import(ctx, snap, graph.ImportReplace, nil)
	require.NoError(t, err)
	assert.Equal(t, graph.ImportReport{Created: 14}, report)

	back, err := st.ReadOrg(ctx)
	require.NoError(t, err)
	assert.True(t, graph.Diff(back, snap).Empty(), "read back differs: %+v", graph.Diff(back, snap).Report)

	again, err := st.Import(ctx, snap, graph.ImportReplace, nil)
	require.NoError(t, err)
	assert.Equal(t, graph.ImportReport{Unchanged: 14}, again)
}
