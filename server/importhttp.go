package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
)

// importSnapshot answers POST /import?mode=merge|replace with a snapshot as
// the body: large HR exports do not belong in a GraphQL variable. The body
// is decoded as it streams in; the answer is the import report, or the
// errors in GraphQL's shape with the same codes. With dryRun=true nothing is
// written and the answer is the report the import would give.
func (s *Server) importSnapshot(w http.ResponseWriter, r *http.Request) {
	mode, err := graph.ParseImportMode(r.URL.Query().Get("mode"))
	if err != nil {
		s.writeError(w, r, graph.BadInput([]graph.Problem{{Path: "mode", Message: err.Error()}}))
		return
	}
	body := &readErrors{r: http.MaxBytesReader(w, r.Body, s.cfg.MaxImportBytes)}
	snap, err := graph.DecodeSnapshot(body)
	var tooBig *http.MaxBytesError
	if errors.As(body.err, &tooBig) {
		s.writeError(w, r, graph.BadInput([]graph.Problem{{Path: "$", Message: fmt.Sprintf("the snapshot is larger than %d bytes", s.cfg.MaxImportBytes)}}))
		return
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if dry := r.URL.Query().Get("dryRun"); dry == "true" || dry == "1" {
		report, problems, err := s.store.Preview(r.Context(), snap, mode)
		switch {
		case err != nil:
			s.writeError(w, r, err)
		case len(problems) > 0:
			s.writeError(w, r, graph.BadInput(problems))
		default:
			writeJSON(w, http.StatusOK, report)
		}
		return
	}
	started := time.Now()
	lastStage := ""
	report, err := s.store.Import(r.Context(), snap, mode, func(p store.Progress) {
		if p.Stage != lastStage {
			lastStage = p.Stage
			s.log.Info("import", "request_id", requestIDOf(r.Context()), "stage", p.Stage, "rows", p.Total)
		}
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.log.Info("import done", "request_id", requestIDOf(r.Context()), "mode", string(mode),
		"created", report.Created, "updated", report.Updated, "deleted", report.Deleted, "unchanged", report.Unchanged,
		"took", time.Since(started).String())
	writeJSON(w, http.StatusOK, report)
}

// readErrors remembers the first error its reader gave: the decoder turns
// a body cut off at the size limit into a problem of the document, and the
// limit is told apart by the reader's own error, not by that problem's text.
type readErrors struct {
	r   io.Reader
	err error
}

func (e *readErrors) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && err != io.EOF && e.err == nil {
		e.err = err
	}
	return n, err
}

// writeError answers with GraphQL's error shape: BAD_INPUT is 400,
// anything unexpected 500 with its details only in the log.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := graph.ErrorCode(err)
	entry := map[string]any{"message": err.Error(), "extensions": map[string]any{"code": code}}
	status := http.StatusInternalServerError
	var app *graph.Error
	switch {
	case errors.As(err, &app) && code == graph.CodeBadInput:
		status = http.StatusBadRequest
		entry["message"] = app.Message
		entry["extensions"] = map[string]any{"code": code, "problems": app.Problems}
	case code == graph.CodeNotFound:
		status = http.StatusNotFound
	default:
		id := requestIDOf(r.Context())
		s.log.Error("internal error", "error", err.Error(), "request_id", id, "path", r.URL.Path)
		entry["message"] = "internal error (request " + id + "); the details are in the server log"
	}
	writeJSON(w, status, map[string]any{"errors": []any{entry}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
