package server

import (
	"net/http"

	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/scim"
)

// scimHandler serves /scim/v2 (docs/scim.md) over the store.
func (s *Server) scimHandler() http.Handler {
	opts := scim.DefaultOptions()
	opts.Log = s.log
	opts.BaseURL = s.cfg.SCIMBaseURL
	return scim.New(scimStore{s.store}, opts)
}

// scimStore is the store as the SCIM service uses it: its writes go
// through the store's one write path, Write.
type scimStore struct{ *store.Store }
