package graph_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/orgnet/orgnet/graph"
)

func TestSortGrants(t *testing.T) {
	a, b := graph.Team{ID: "a"}, graph.Team{ID: "b"}
	md := func(id string) graph.Mandate { return graph.Mandate{ID: id} }
	cases := []struct {
		name   string
		grants []graph.Grant
		want   []string
	}{
		{"by mandate id first",
			[]graph.Grant{{Mandate: md("md-2"), Via: graph.ViaDirect}, {Mandate: md("md-1"), Via: graph.ViaTeam, Team: &b}},
			[]string{"md-1 TEAM b", "md-2 DIRECT "}},
		{"then DIRECT before TEAM",
			[]graph.Grant{{Mandate: md("md-1"), Via: graph.ViaTeam, Team: &a}, {Mandate: md("md-1"), Via: graph.ViaDirect}},
			[]string{"md-1 DIRECT ", "md-1 TEAM a"}},
		{"then by team id",
			[]graph.Grant{{Mandate: md("md-1"), Via: graph.ViaTeam, Team: &b}, {Mandate: md("md-1"), Via: graph.ViaTeam, Team: &a}},
			[]string{"md-1 TEAM a", "md-1 TEAM b"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			graph.SortGrants(c.grants)
			var got []string
			for _, g := range c.grants {
				team := ""
				if g.Team != nil {
					team = g.Team.ID
				}
				got = append(got, g.Mandate.ID+" "+string(g.Via)+" "+team)
			}
			assert.Equal(t, c.want, got)
		})
	}
}

func TestBestLimit(t *testing.T) {
	lim := func(f float64) graph.Grant { return graph.Grant{Limit: &f} }
	unlimited := graph.Grant{}
	cases := []struct {
		name   string
		grants []graph.Grant
		want   *float64
	}{
		{"no grants: unlimited (nil)", nil, nil},
		{"the largest limit", []graph.Grant{lim(10), lim(300), lim(20)}, new(300.0)},
		{"any unlimited grant makes the best unlimited", []graph.Grant{lim(10), unlimited, lim(20)}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, graph.BestLimit(c.grants))
		})
	}
}

func TestInstant(t *testing.T) {
	stockholm := time.FixedZone("CEST", 2*3600)
	at := time.Date(2026, 6, 1, 2, 0, 0, 0, stockholm)
	assert.Equal(t, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), graph.Instant(at), "an instant is the same moment, in UTC")
	assert.Equal(t, time.UTC, graph.Instant(at).Location())
	before := time.Now()
	now := graph.Instant(time.Time{})
	assert.False(t, now.Before(before.Truncate(time.Second)) || now.After(time.Now()), "the zero time asks about now")
}
