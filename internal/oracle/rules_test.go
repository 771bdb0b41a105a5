package oracle_test

import (
	"testing"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/internal/oracle/rulecase"
)

// TestRuleCases runs every hand-written rule case (testdata/rules) against
// the reference model, with no database; graph/store runs the same files
// against Neo4j.
func TestRuleCases(t *testing.T) {
	rulecase.Run(t, func(t *testing.T, org *graph.Snapshot) rulecase.Answerer { return rulecase.Reference(org) })
}
