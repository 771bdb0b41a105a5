package rulecase

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/orgnet/orgnet/internal/oracle"
)

func TestNumberReadsFiguresAsCasesWriteThem(t *testing.T) {
	for _, tc := range []struct {
		text string
		want *float64
		err  string
	}{
		{"59", ptr(59.0), ""},
		{"0.25", ptr(0.25), ""},
		{"24/59", ptr(24.0 / 59), ""},
		{"15 + 50", ptr(65.0), ""},
		{"1/2 + 1/4", ptr(0.75), ""},
		{"null", nil, ""},
		{"~", nil, ""},
		{"many", nil, "not a number"},
		{"1/0", nil, "not a fraction"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			var n Number
			err := yaml.Unmarshal([]byte(tc.text), &n)
			if tc.err != "" {
				assert.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, n.Value)
		})
	}
}

func TestRoutesReadBackAsWritten(t *testing.T) {
	route := []oracle.Node{oracle.TouchpointNode("tp"), oracle.TeamNode("t 1"), oracle.PersonNode("p")}
	got, err := ParseRoute(FormatRoute(route))
	require.NoError(t, err)
	assert.Equal(t, route, got)

	none, err := ParseRoute(FormatRoute(nil))
	require.NoError(t, err)
	assert.Nil(t, none)

	_, err = ParseRoute("Touchpoint:tp → Robot:r")
	assert.ErrorContains(t, err, "Robot:r")
}

func TestEveryRuleCaseFileLoads(t *testing.T) {
	docs, err := Load(Dir())
	require.NoError(t, err)
	cases := 0
	for _, d := range docs {
		assert.NotEmpty(t, d.Rule, "%s says what it pins", d.Name())
		cases += len(d.WhoCanAct) + len(d.CanAct) + len(d.ActionableMatters) + len(d.CustomerDistance) + len(d.OrgHealth) + len(d.Writes)
	}
	assert.Greater(t, cases, 50)
}

func ptr[T any](v T) *T { return &v }
