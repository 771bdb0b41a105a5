package server

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/scim"
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
	if !mediaTypeIsJSON(r.Header.Get("Content-Type")) {
		// A form or text/plain post could come from any page a user has
		// open; a JSON one needs CORS's consent.
		s.refuse(w, r, http.StatusUnsupportedMediaType, &graph.Error{Code: graph.CodeBadInput,
			Message: "POST /import takes a JSON snapshot (Content-Type: application/json)"})
		return
	}
	body := &readErrors{r: r.Body} // limited by guard
	snap, err := graph.DecodeSnapshot(body)
	var tooBig *http.MaxBytesError
	if errors.As(body.err, &tooBig) {
		s.refuse(w, r, http.StatusRequestEntityTooLarge, bodyTooLarge(tooBig.Limit))
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
	s.metrics.importRows.WithLabelValues("created").Add(float64(report.Created))
	s.metrics.importRows.WithLabelValues("updated").Add(float64(report.Updated))
	s.metrics.importRows.WithLabelValues("deleted").Add(float64(report.Deleted))
	s.metrics.importRows.WithLabelValues("unchanged").Add(float64(report.Unchanged))
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

// writeError answers err in GraphQL's error shape with the status of its
// code (statusOf).
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	s.refuse(w, r, statusOf(err), err)
}

// writeErrorStatus answers err with status: the message and problems of
// an application error, anything unexpected INTERNAL with its details only
// in the log. Every error names the request.
func (s *Server) writeErrorStatus(w http.ResponseWriter, r *http.Request, status int, err error) {
	id := requestIDOf(r.Context())
	if strings.HasPrefix(r.URL.Path, scim.Prefix+"/") {
		detail := "internal error (request " + id + "); the details are in the server log"
		var app *graph.Error
		if errors.As(err, &app) {
			detail = app.Message + " (request " + id + ")"
		} else {
			s.log.ErrorContext(r.Context(), "internal error", "error", err.Error(), "path", r.URL.Path)
		}
		scim.WriteError(w, status, detail)
		return
	}
	code := graph.ErrorCode(err)
	ext := map[string]any{"code": code, "requestId": id}
	entry := map[string]any{"message": err.Error(), "extensions": ext}
	var app *graph.Error
	if errors.As(err, &app) {
		entry["message"] = app.Message
		if len(app.Problems) > 0 {
			ext["problems"] = app.Problems
		}
	} else {
		s.log.ErrorContext(r.Context(), "internal error", "error", err.Error(), "path", r.URL.Path)
		entry["message"] = "internal error (request " + id + "); the details are in the server log"
	}
	writeJSON(w, status, map[string]any{"errors": []any{entry}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
