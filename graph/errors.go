package graph

import (
	"errors"
	"fmt"
	"strings"
)

// Code is an application error code of docs/writes.md, carried to clients as
// extensions.code.
type Code string

const (
	CodeBadInput        Code = "BAD_INPUT"
	CodeNotFound        Code = "NOT_FOUND"
	CodeUnauthenticated Code = "UNAUTHENTICATED"
	CodeForbidden       Code = "FORBIDDEN"
	// CodeInternal hides its details from clients; they go to the server log.
	CodeInternal Code = "INTERNAL"
	// CodeConflict: the org is not at the version the write was made for,
	// or an entity changed since.
	CodeConflict Code = "CONFLICT"
	// CodeHeld: the write waits for an admin's approval (the deletion guard).
	CodeHeld Code = "HELD"
	// CodeTimeout: the request ran out of its database time.
	CodeTimeout Code = "TIMEOUT"
	// CodeOutcomeUnknown: the answer to a commit was lost; the write may or
	// may not have happened. Sending it again with the same idempotency key
	// tells which.
	CodeOutcomeUnknown Code = "OUTCOME_UNKNOWN"

	// The limits of docs/access.md: a request over one is refused before
	// anything of it runs, each with its own code.
	CodeDepthLimit         Code = "DEPTH_LIMIT_EXCEEDED"
	CodeTokenLimit         Code = "TOKEN_LIMIT_EXCEEDED"
	CodeFieldLimit         Code = "FIELD_LIMIT_EXCEEDED"
	CodeAliasLimit         Code = "ALIAS_LIMIT_EXCEEDED"
	CodeRepeatedFieldLimit Code = "REPEATED_FIELD_LIMIT_EXCEEDED"
	CodeComplexityLimit    Code = "COMPLEXITY_LIMIT_EXCEEDED"
	CodeBodyTooLarge       Code = "BODY_TOO_LARGE"
	CodeRateLimited        Code = "RATE_LIMITED"
	// CodeIntrospectionDisabled: introspection is switched off.
	CodeIntrospectionDisabled Code = "INTROSPECTION_DISABLED"
	// CodeUntrustedDocument: the deployment accepts only trusted
	// (persisted) documents, and this is none of them.
	CodeUntrustedDocument Code = "PERSISTED_QUERY_NOT_FOUND"
	// CodeSlowSubscriber: a live-feed subscriber fell too far behind and
	// was disconnected.
	CodeSlowSubscriber Code = "SLOW_SUBSCRIBER"
)

// ErrUnavailable marks an error that comes from the database being
// unreachable or too slow rather than from the question: a connection
// failed, the driver's retries gave up, or a deadline passed. The store
// wraps such errors with it; clients still get INTERNAL, with a message
// that says the database is the trouble.
var ErrUnavailable = errors.New("the database is unavailable or too slow")

// Problem is one thing wrong with an input: where (a path into the input such
// as "people[3].manager") and what.
type Problem struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// Error is an application error with a code clients may act on.
type Error struct {
	Code     Code
	Message  string
	Problems []Problem // set for CodeBadInput
	// Details are further facts a client may act on, sent beside the code
	// (extensions in GraphQL): the version a write conflicted with, a held
	// write's id, the idempotency key to ask with.
	Details map[string]any
}

func (e *Error) Error() string {
	if len(e.Problems) == 0 {
		return e.Message
	}
	var b strings.Builder
	b.WriteString(e.Message)
	for i, p := range e.Problems {
		if i == 5 {
			fmt.Fprintf(&b, "; and %d more", len(e.Problems)-5)
			break
		}
		fmt.Fprintf(&b, "; %s: %s", p.Path, p.Message)
	}
	return b.String()
}

// BadInput is the error for a rejected input, listing every problem.
func BadInput(problems []Problem) *Error {
	msg := "the input has 1 problem"
	if len(problems) != 1 {
		msg = fmt.Sprintf("the input has %d problems", len(problems))
	}
	return &Error{Code: CodeBadInput, Message: msg, Problems: problems}
}

// NotFound is the error for a question about an id that does not exist.
func NotFound(kind, id string) *Error {
	return &Error{Code: CodeNotFound, Message: fmt.Sprintf("%s %q does not exist", kind, id)}
}

// ErrorCode is the application code of err: the code of the *Error it wraps,
// else CodeInternal.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// Conflict is the error for a write made for another state of the org.
func Conflict(message string, details map[string]any) *Error {
	return &Error{Code: CodeConflict, Message: message, Details: details}
}
