package scim

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
)

func TestReplaceLeadsDemotes(t *testing.T) {
	fs := &fakeStore{members: map[string]map[string]graph.MembershipRole{"g": {"u1": graph.RoleLead}}}
	fs.teams = map[string]graph.TeamRecord{"g": {Team: graph.Team{ID: "g"}}}
	m := newMemberChanges(context.Background(), fs, "g", false)
	require.NoError(t, m.replace([]string{"u2"}, true))
	put, remove := m.change()
	assert.Empty(t, remove)
	assert.Equal(t, []graph.Membership{{Person: "u1", Team: "g", Role: graph.RoleMember}, {Person: "u2", Team: "g", Role: graph.RoleLead}}, put)
	assert.Equal(t, []string{"teams+leads", "memberships"}, fs.reads, "the leads are read, then the new lead's membership")
}
