package server

import (
	"net/http"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// exportSnapshot answers GET /export?at=T: the org as it was at instant T
// (RFC 3339; absent: as it is), rebuilt from the change log and streamed
// as a snapshot (docs/changes.md). An instant before the kept history is
// 400. A failure once the snapshot has begun can only cut the stream short,
// which a client sees as JSON that does not end.
func (s *Server) exportSnapshot(w http.ResponseWriter, r *http.Request) {
	var at *time.Time
	if v := r.URL.Query().Get("at"); v != "" {
		t, err := graph.ParseTime(v)
		if err != nil {
			s.writeError(w, r, graph.BadInput([]graph.Problem{{Path: "at", Message: err.Error()}}))
			return
		}
		at = &t
	}
	out := &startedWriter{w: w}
	started := time.Now()
	if err := s.store.Export(r.Context(), at, out); err != nil {
		if !out.started {
			s.writeError(w, r, err)
			return
		}
		s.log.Error("export cut short", "error", err.Error(), "request_id", requestIDOf(r.Context()))
		panic(http.ErrAbortHandler)
	}
	s.log.Info("export done", "request_id", requestIDOf(r.Context()), "at", r.URL.Query().Get("at"), "took", time.Since(started).String())
}

// startedWriter sets the headers of a successful export on its first
// write, and remembers that it began.
type startedWriter struct {
	w       http.ResponseWriter
	started bool
}

func (s *startedWriter) Write(p []byte) (int, error) {
	if !s.started {
		s.started = true
		s.w.Header().Set("Content-Type", "application/json")
		s.w.WriteHeader(http.StatusOK)
	}
	return s.w.Write(p)
}
