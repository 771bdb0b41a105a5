package store_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/internal/testneo4j"
)

// TestExportCarriesEveryField pins that the export, of the org as it is
// (read a page of rows at a time) and as it was at an instant (rebuilt
// from the change log), carries every field of people and teams: the
// identity tool's userName and externalId too, which the random histories
// never set. A page's row once ended before them, with the version stamp.
func TestExportCarriesEveryField(t *testing.T) {
	st := testneo4j.Store(t)
	ctx := context.Background()
	org := ruleOrg(t, "health-key-people.yaml", 1)
	for i := range org.People {
		p := &org.People[i]
		p.Email, p.Title = qPtr(p.ID+"@example.org"), qPtr("Title of "+p.ID)
		p.UserName, p.ExternalID = qPtr("user-"+p.ID), qPtr("ext-"+p.ID)
	}
	for i := range org.Teams {
		org.Teams[i].ExternalID = qPtr("group-" + org.Teams[i].ID)
	}
	require.NotEmpty(t, org.Teams, "the org has teams")
	_, err := st.Write(ctx, graph.WriteRequest{Change: graph.Change{Put: *org}, Replace: true, Via: graph.ViaImport, Principal: admin})
	require.NoError(t, err)
	written := time.Now()
	// A later change, so that the org at the instant is rebuilt from the
	// log rather than read as it is.
	p := org.People[0]
	p.Title = qPtr("Changed")
	_, err = st.Write(ctx, graph.WriteRequest{Change: graph.Change{Put: graph.Snapshot{People: []graph.Person{p}}, Presence: graph.MustExist},
		Via: graph.ViaMutation, Principal: admin})
	require.NoError(t, err)
	now := *org
	now.People = append([]graph.Person{p}, org.People[1:]...)

	for _, c := range []struct {
		name string
		at   *time.Time
		want *graph.Snapshot
	}{
		{"the org as it is", nil, &now},
		{"the org at an instant, from the change log", &written, org},
	} {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, st.Export(ctx, c.at, &buf))
			got, err := graph.DecodeSnapshot(&buf)
			require.NoError(t, err)
			requireSameOrg(t, c.want, got, c.name)
		})
	}
}
