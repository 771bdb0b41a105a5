package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/orgnet/orgnet/graph"
)

// GraphQL over HTTP, as the GraphQL-over-HTTP draft asks: GET for queries
// (never a mutation), POST with a JSON body (no form or text/plain body, so
// no cross-site form post can reach a resolver), one operation per request
// (no batches), answers in application/json or, when asked,
// application/graphql-response+json. A request that fails before it runs
// (parse, validation, a limit) has no data entry; it is 200 in
// application/json and 400 in application/graphql-response+json.

const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// httpTransport is the GET and POST transport of /graphql.
type httpTransport struct{ s *Server }

var _ graphql.Transport = httpTransport{}

// Supports takes GET and POST, leaving upgrades and event streams to
// transports made for them.
func (httpTransport) Supports(r *http.Request) bool {
	if r.Header.Get("Upgrade") != "" || strings.Contains(r.Header.Get("Accept"), "text/event-stream") {
		return false
	}
	return r.Method == http.MethodGet || r.Method == http.MethodPost
}

// requestBody is the JSON of a GraphQL request; the raw messages let each
// member's type be checked, so that a wrong type is BAD_INPUT, not a panic
// or a silent default.
type requestBody struct {
	Query         json.RawMessage `json:"query"`
	OperationName json.RawMessage `json:"operationName"`
	Variables     json.RawMessage `json:"variables"`
	Extensions    json.RawMessage `json:"extensions"`
}

func (t httpTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	media := responseMedia(r)
	params := &graphql.RawParams{Headers: r.Header}
	params.ReadTime.Start = graphql.Now()
	var problem *graph.Error
	var status int
	if r.Method == http.MethodGet {
		status, problem = http.StatusBadRequest, paramsFromURL(r.URL, params)
	} else {
		status, problem = paramsFromBody(r, params)
	}
	if problem == nil && params.Query == "" && params.Extensions["persistedQuery"] == nil {
		status, problem = http.StatusBadRequest, badRequest("query", "the request has no query")
	}
	if problem != nil {
		t.s.refuse(w, r, status, problem)
		return
	}
	params.ReadTime.End = graphql.Now()
	w.Header().Set("Content-Type", media+"; charset=utf-8")

	opCtx, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), errs)
		resp.Data = nil
		if media == mediaGraphQLResponse {
			w.WriteHeader(http.StatusBadRequest)
		}
		writeResponse(w, resp)
		return
	}
	if r.Method == http.MethodGet && opCtx.Operation.Operation != ast.Query {
		w.Header().Set("Allow", "POST")
		w.Header().Set("Content-Type", mediaJSON)
		t.s.refuse(w, r, http.StatusMethodNotAllowed, &graph.Error{Code: graph.CodeBadInput,
			Message: fmt.Sprintf("GET runs queries only; send a %s by POST", opCtx.Operation.Operation)})
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, opCtx)
	writeResponse(w, responses(ctx))
}

// responseMedia picks the answer's media type from Accept: the GraphQL
// response type when the client lists it before plain JSON, else JSON
// (also for */*, none, or types orgnet does not make).
func responseMedia(r *http.Request) string {
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mt {
		case mediaGraphQLResponse:
			return mediaGraphQLResponse
		case mediaJSON, "application/*", "*/*":
			return mediaJSON
		}
	}
	return mediaJSON
}

func paramsFromURL(u *url.URL, params *graphql.RawParams) *graph.Error {
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return badRequest("query string", "the query string is malformed")
	}
	params.Query = q.Get("query")
	params.OperationName = q.Get("operationName")
	if v := q.Get("variables"); v != "" {
		if err := decodeObject([]byte(v), &params.Variables); err != nil {
			return badRequest("variables", "variables must be a JSON object")
		}
	}
	if v := q.Get("extensions"); v != "" {
		if err := decodeObject([]byte(v), &params.Extensions); err != nil {
			return badRequest("extensions", "extensions must be a JSON object")
		}
	}
	return nil
}

// paramsFromBody reads a POST: JSON only, within the body limit, one
// request object.
func paramsFromBody(r *http.Request, params *graphql.RawParams) (int, *graph.Error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != mediaJSON {
		return http.StatusUnsupportedMediaType, &graph.Error{Code: graph.CodeBadInput,
			Message: "POST /graphql takes a JSON body (Content-Type: application/json)"}
	}
	raw, err := io.ReadAll(r.Body)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return http.StatusRequestEntityTooLarge, bodyTooLarge(tooBig.Limit)
	}
	if err != nil {
		return http.StatusBadRequest, badRequest("$", "the body could not be read")
	}
	trimmed := bytes.TrimLeft(raw, " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '[' {
		return http.StatusBadRequest, badRequest("$", "batched requests are not supported: send one request object per POST")
	}
	var body requestBody
	if err := decodeObject(raw, &body); err != nil {
		return http.StatusBadRequest, badRequest("$", "the body is not a JSON object: "+describeJSONError(err))
	}
	if err := stringMember(body.Query, &params.Query); err != nil {
		return http.StatusBadRequest, badRequest("query", "query must be a string")
	}
	if err := stringMember(body.OperationName, &params.OperationName); err != nil {
		return http.StatusBadRequest, badRequest("operationName", "operationName must be a string or null")
	}
	if err := objectMember(body.Variables, &params.Variables); err != nil {
		return http.StatusBadRequest, badRequest("variables", "variables must be an object or null")
	}
	if err := objectMember(body.Extensions, &params.Extensions); err != nil {
		return http.StatusBadRequest, badRequest("extensions", "extensions must be an object or null")
	}
	return 0, nil
}

// decodeObject decodes one JSON value with nothing after it.
func decodeObject(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("data after the JSON value")
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the JSON value")
	}
	return nil
}

func isNull(raw json.RawMessage) bool {
	return len(raw) == 0 || string(bytes.TrimSpace(raw)) == "null"
}

func stringMember(raw json.RawMessage, out *string) error {
	if isNull(raw) {
		return nil
	}
	return json.Unmarshal(raw, out)
}

func objectMember(raw json.RawMessage, out *map[string]any) error {
	if isNull(raw) {
		return nil
	}
	if t := bytes.TrimSpace(raw); t[0] != '{' {
		return errors.New("not an object")
	}
	return decodeObject(raw, out)
}

// describeJSONError says what is wrong without quoting the body, which may
// be large (its bytes never reach a log or an answer).
func describeJSONError(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Sprintf("invalid JSON at byte %d", syntax.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("a %s where %s was expected", typ.Value, typ.Field)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "the body ends early"
	}
	return "invalid JSON"
}

func badRequest(path, message string) *graph.Error {
	return &graph.Error{Code: graph.CodeBadInput, Message: message, Problems: []graph.Problem{{Path: path, Message: message}}}
}

func bodyTooLarge(limit int64) *graph.Error {
	return &graph.Error{Code: graph.CodeBodyTooLarge, Message: fmt.Sprintf("the body is larger than %d bytes", limit)}
}

// writeResponse writes a GraphQL response; an answer with no data (a
// request error) carries no data entry. The bytes are those of
// json.NewEncoder(w).Encode(resp), but the data, already JSON, is written
// as it is rather than copied into the encoder's buffer and scanned again:
// for a large answer that copy was as big as the answer.
func writeResponse(w io.Writer, resp *graphql.Response) {
	if resp.Data == nil {
		_ = json.NewEncoder(w).Encode(struct {
			Errors     gqlerror.List  `json:"errors,omitempty"`
			Extensions map[string]any `json:"extensions,omitempty"`
		}{resp.Errors, resp.Extensions})
		return
	}
	head := []byte(`{`)
	if len(resp.Errors) > 0 {
		errs, err := json.Marshal(resp.Errors)
		if err != nil {
			return // as Encode would: nothing
		}
		head = append(append(append(head, `"errors":`...), errs...), ',')
	}
	tail, err := json.Marshal(struct {
		Label      string         `json:"label,omitempty"`
		Path       ast.Path       `json:"path,omitempty"`
		HasNext    *bool          `json:"hasNext,omitempty"`
		Extensions map[string]any `json:"extensions,omitempty"`
	}{resp.Label, resp.Path, resp.HasNext, resp.Extensions})
	if err != nil {
		return
	}
	if len(tail) > 2 { // more than {}
		tail[0] = ','
	} else {
		tail = append(tail[:0], '}')
	}
	_, _ = w.Write(append(head, `"data":`...))
	if len(resp.Data) == 0 {
		_, _ = io.WriteString(w, "null")
	} else {
		_ = writeCompactJSON(w, resp.Data)
	}
	_, _ = w.Write(append(tail, '\n'))
}

// writeCompactJSON writes src, a JSON value, as encoding/json writes a
// json.RawMessage: without whitespace between tokens, and with <, >, &,
// U+2028 and U+2029 escaped so that no answer reads as HTML or breaks a
// script that embeds it. It writes the runs between such bytes as they are,
// so an answer with none is one write of itself.
func writeCompactJSON(w io.Writer, src []byte) error {
	inString, escaped := false, false
	start := 0
	flush := func(end int, with string) error {
		if start < end {
			if _, err := w.Write(src[start:end]); err != nil {
				return err
			}
		}
		if with != "" {
			if _, err := io.WriteString(w, with); err != nil {
				return err
			}
		}
		return nil
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case inString && escaped:
			escaped = false
			continue
		case inString && c == '\\':
			escaped = true
			continue
		case c == '"':
			inString = !inString
			continue
		case !inString && (c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			if err := flush(i, ""); err != nil {
				return err
			}
			start = i + 1
			continue
		}
		var with string
		switch {
		case c == '<':
			with = `\u003c`
		case c == '>':
			with = `\u003e`
		case c == '&':
			with = `\u0026`
		case c == 0xE2 && i+2 < len(src) && src[i+1] == 0x80 && src[i+2]&^1 == 0xA8:
			with = `\u202` + string(rune('8'+src[i+2]&1))
			if err := flush(i, with); err != nil {
				return err
			}
			i += 2
			start = i + 1
			continue
		default:
			continue
		}
		if err := flush(i, with); err != nil {
			return err
		}
		start = i + 1
	}
	return flush(len(src), "")
}
