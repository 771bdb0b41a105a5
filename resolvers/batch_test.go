package resolvers

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

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
