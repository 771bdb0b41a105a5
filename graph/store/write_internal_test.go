package store

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/stretchr/testify/assert"
)

func TestAnsweredByServerTellsARefusedCommitFromALostOne(t *testing.T) {
	outOfMemory := &neo4j.Neo4jError{Code: "Neo.TransientError.General.MemoryPoolOutOfMemoryError", Msg: "dbms.memory.transaction.total.max threshold reached"}
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"the database's error", outOfMemory, true},
		{"the database's error, wrapped", fmt.Errorf("commit: %w", outOfMemory), true},
		{"retries given up after the database's error", &neo4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{outOfMemory}}, true},
		{"retries given up after a lost connection", &neo4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{outOfMemory, errors.New("connection reset")}}, false},
		{"a lost connection", &neo4j.ConnectivityError{Inner: errors.New("connection reset")}, false},
		{"a deadline passed", context.DeadlineExceeded, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { assert.Equal(t, c.want, answeredByServer(c.err)) })
	}
}
