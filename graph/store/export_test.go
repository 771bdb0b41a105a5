package store

// RecordChanges turns the recording of changes off and on: only to measure
// what recording costs (history_bench_test.go).
func (s *Store) RecordChanges(on bool) { s.withoutHistory = !on }
