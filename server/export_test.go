package server

import "net/http"

// GraphQLEndpoint is the GraphQL endpoint alone, without the chain every
// route passes through (observe, guard): the baseline of
// BenchmarkCanActAccessCost.
func (s *Server) GraphQLEndpoint() http.Handler { return s.graphQL() }
