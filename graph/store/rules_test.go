package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/internal/oracle"
	"github.com/orgnet/orgnet/internal/oracle/rulecase"
	"github.com/orgnet/orgnet/internal/testneo4j"
)

// TestRuleCases runs every hand-written rule case
// (internal/oracle/testdata/rules) against Neo4j: the org of each case is
// imported, then asked. internal/oracle runs the same files against the
// reference model.
func TestRuleCases(t *testing.T) {
	st := testneo4j.Store(t)
	rulecase.Run(t, func(t *testing.T, org *graph.Snapshot) rulecase.Answerer {
		hImport(t, st, org)
		return storeAnswers{st: st, org: org}
	})
}

// ruleOrg is the org of a rule-case file's document (1 for the first), for
// the tests of store mechanics that use it.
func ruleOrg(t *testing.T, file string, document int) *graph.Snapshot {
	t.Helper()
	docs, err := rulecase.LoadFile(filepath.Join(rulecase.Dir(), file))
	require.NoError(t, err)
	require.Less(t, document-1, len(docs))
	return docs[document-1].Org
}

// storeAnswers asks the store, in the reference model's terms.
type storeAnswers struct {
	st  *store.Store
	org *graph.Snapshot
}

func (a storeAnswers) WhoCanAct(matter string, amount *float64, at time.Time) ([]oracle.Actor, error) {
	got, err := a.st.WhoCanAct(context.Background(), []string{matter}, graph.Question{Amount: amount, At: at})
	return actorsOf(got[matter]), err
}

func (a storeAnswers) CanAct(person, matter string, amount *float64, at time.Time) (rulecase.Decision, error) {
	d, err := a.st.CanAct(context.Background(), person, matter, graph.Question{Amount: amount, At: at})
	if err != nil {
		return rulecase.Decision{}, err
	}
	return rulecase.Decision{Allowed: d.Allowed, Grants: grantsOf(d.Grants), Reason: &d.Reason}, nil
}

func (a storeAnswers) ActionableMatters(person string, amount *float64, at time.Time) ([]oracle.MatterGrant, error) {
	got, err := a.st.ActionableMatters(context.Background(), person, graph.Question{Amount: amount, At: at})
	return matterGrantsOf(got), err
}

func (a storeAnswers) CustomerDistance(touchpoint, matter string, amount *float64, at time.Time) ([]oracle.Node, error) {
	route, err := a.st.CustomerDistance(context.Background(), touchpoint, matter, graph.Question{Amount: amount, At: at})
	if err != nil || route == nil {
		return nil, err
	}
	return nodesOf(route.Path), nil
}

func (a storeAnswers) OrgHealth(at time.Time) (rulecase.Health, error) { return storeHealth(a.st, at) }

// Write imports the org again, then merges put into it.
func (a storeAnswers) Write(put *graph.Snapshot) ([]string, error) {
	if _, err := a.st.Import(context.Background(), a.org, graph.ImportReplace, nil); err != nil {
		return nil, err
	}
	_, err := a.st.Import(context.Background(), put, graph.ImportMerge, nil)
	var bad *graph.Error
	switch {
	case err == nil:
		return nil, nil
	case !errors.As(err, &bad) || bad.Code != graph.CodeBadInput:
		return nil, err
	}
	paths := []string{}
	for _, p := range bad.Problems {
		paths = append(paths, p.Path)
	}
	return paths, nil
}
