package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/internal/testneo4j"
)

// API token records in Neo4j: issued, found by id, listed, revoked once,
// names never reused.
func TestTokenRecords(t *testing.T) {
	st := testneo4j.Store(t)
	// A token left behind would end local mode for whatever serves this
	// database next.
	t.Cleanup(func() { testneo4j.Wipe(t, testneo4j.URI(t)) })
	ctx := context.Background()
	any, err := st.AnyToken(ctx)
	require.NoError(t, err)
	assert.False(t, any, "an empty store has no token")

	issued := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	rec := graph.APIToken{ID: "0123456789ab", Name: "hr-sync", Role: graph.HRRole, SecretHash: "ab12", CreatedAt: issued}
	require.NoError(t, st.CreateToken(ctx, rec))
	any, err = st.AnyToken(ctx)
	require.NoError(t, err)
	assert.True(t, any)

	got, found, err := st.TokenByID(ctx, "0123456789ab")
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, rec.Name, got.Name)
	assert.Equal(t, rec.Role, got.Role)
	assert.Equal(t, rec.SecretHash, got.SecretHash)
	assert.True(t, issued.Equal(got.CreatedAt))
	assert.Nil(t, got.RevokedAt)

	_, found, err = st.TokenByID(ctx, "ffffffffffff")
	require.NoError(t, err)
	assert.False(t, found, "an unknown id")

	err = st.CreateToken(ctx, graph.APIToken{ID: "ba9876543210", Name: "hr-sync", Role: graph.ReaderRole, SecretHash: "cd", CreatedAt: issued})
	assert.Equal(t, graph.CodeBadInput, graph.ErrorCode(err), "a name is unique: %v", err)

	revokedAt := issued.Add(time.Hour)
	ok, err := st.RevokeToken(ctx, "hr-sync", revokedAt)
	require.NoError(t, err)
	assert.True(t, ok)
	ok, err = st.RevokeToken(ctx, "hr-sync", revokedAt.Add(time.Hour))
	require.NoError(t, err)
	assert.True(t, ok, "revoking again is harmless")
	ok, err = st.RevokeToken(ctx, "nobody", revokedAt)
	require.NoError(t, err)
	assert.False(t, ok)

	list, err := st.Tokens(ctx)
	require.NoError(t, err)
	require.Len(t, list, 1)
	require.NotNil(t, list[0].RevokedAt)
	assert.True(t, revokedAt.Equal(*list[0].RevokedAt), "the first revoke's instant is kept")
}
