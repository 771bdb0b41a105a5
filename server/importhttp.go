package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/scim"
)

// importSnapshot answers POST /import?mode=merge|replace with a snapshot as
// the body: large HR exports do not belong in a GraphQL variable. The body
// is decoded as it streams in; the write goes through the store's Write as
// every write does (docs/changes.md): ifVersion=N refuses it with 409 when
// the org is at another version, an Idempotency-Key header answers a retry
// with the first outcome, and a write the deletion guard holds is 202 with
// the held write's id. The answer is the report with the org's version
// after the write, or the errors in GraphQL's shape with the same codes.
// With dryRun=true nothing is written and the answer is the report the
// import would give.
func (s *Server) importSnapshot(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	mode, err := graph.ParseImportMode(q.Get("mode"))
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
	req := graph.WriteRequest{Replace: mode == graph.ImportReplace, Via: graph.ViaImport, Principal: graph.PrincipalFromContext(r.Context()),
		IdempotencyKey: r.Header.Get("Idempotency-Key"), Guard: true}
	if v := q.Get("ifVersion"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			s.writeError(w, r, graph.BadInput([]graph.Problem{{Path: "ifVersion", Message: fmt.Sprintf("%q is not a version (a whole number)", v)}}))
			return
		}
		req.IfVersion = &n
	}
	if dry := q.Get("dryRun"); dry == "true" || dry == "1" {
		req.DryRun = true
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
	req.Change = graph.Change{Put: *snap}
	started := time.Now()
	lastStage := ""
	out, err := s.store.WriteWithProgress(r.Context(), req, func(p store.Progress) {
		if p.Stage != lastStage {
			lastStage = p.Stage
			s.log.Info("import", "request_id", requestIDOf(r.Context()), "stage", p.Stage, "rows", p.Total)
		}
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if !req.DryRun {
		s.metrics.importRows.WithLabelValues("created").Add(float64(out.Created))
		s.metrics.importRows.WithLabelValues("updated").Add(float64(out.Updated))
		s.metrics.importRows.WithLabelValues("deleted").Add(float64(out.Deleted))
		s.metrics.importRows.WithLabelValues("unchanged").Add(float64(out.Unchanged))
	}
	s.log.Info("import done", "request_id", requestIDOf(r.Context()), "mode", string(mode), "dry_run", req.DryRun,
		"created", out.Created, "updated", out.Updated, "deleted", out.Deleted, "unchanged", out.Unchanged,
		"version", out.Version, "change", out.ChangeID, "replayed", out.Replayed, "took", time.Since(started).String())
	writeJSON(w, http.StatusOK, out)
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
		for k, v := range app.Details {
			ext[k] = v
		}
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
