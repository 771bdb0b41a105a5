package scim

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/orgnet/orgnet/graph"
)

// ErrorSchema is the schema of an error response (RFC 7644 §3.12).
const ErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error"

// ScimType is the detail error keyword of RFC 7644 §3.12, table 9.
type ScimType string

const (
	TypeInvalidFilter ScimType = "invalidFilter"
	TypeTooMany       ScimType = "tooMany"
	TypeUniqueness    ScimType = "uniqueness"
	TypeMutability    ScimType = "mutability"
	TypeInvalidSyntax ScimType = "invalidSyntax"
	TypeInvalidPath   ScimType = "invalidPath"
	TypeNoTarget      ScimType = "noTarget"
	TypeInvalidValue  ScimType = "invalidValue"
	TypeInvalidVers   ScimType = "invalidVers"
)

// Error is a SCIM error response: an HTTP status, an optional scimType and
// a human-readable detail.
type Error struct {
	Status   int
	ScimType ScimType
	Detail   string
}

func (e *Error) Error() string {
	if e.ScimType != "" {
		return fmt.Sprintf("%d %s: %s", e.Status, e.ScimType, e.Detail)
	}
	return fmt.Sprintf("%d: %s", e.Status, e.Detail)
}

// body is the JSON of the error response. status is a string, as in the
// RFC's examples.
func (e *Error) body() map[string]any {
	b := map[string]any{"schemas": []string{ErrorSchema}, "status": fmt.Sprint(e.Status), "detail": e.Detail}
	if e.ScimType != "" {
		b["scimType"] = string(e.ScimType)
	}
	return b
}

// WriteError answers a request refused before it reached the SCIM service
// (authentication, role, rate, body size) as a SCIM error, so that an
// identity provider reads it as it reads the service's own.
func WriteError(w http.ResponseWriter, status int, detail string) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode((&Error{Status: status, Detail: detail}).body())
}

func newError(status int, t ScimType, format string, args ...any) *Error {
	return &Error{Status: status, ScimType: t, Detail: fmt.Sprintf(format, args...)}
}

func invalidFilter(format string, args ...any) *Error {
	return newError(http.StatusBadRequest, TypeInvalidFilter, format, args...)
}

func invalidPath(format string, args ...any) *Error {
	return newError(http.StatusBadRequest, TypeInvalidPath, format, args...)
}

func invalidValue(format string, args ...any) *Error {
	return newError(http.StatusBadRequest, TypeInvalidValue, format, args...)
}

func invalidSyntax(format string, args ...any) *Error {
	return newError(http.StatusBadRequest, TypeInvalidSyntax, format, args...)
}

func mutability(format string, args ...any) *Error {
	return newError(http.StatusBadRequest, TypeMutability, format, args...)
}

func noTarget(format string, args ...any) *Error {
	return newError(http.StatusBadRequest, TypeNoTarget, format, args...)
}

func notFound(format string, args ...any) *Error {
	return newError(http.StatusNotFound, "", format, args...)
}

// uniquenessPathSuffix marks the problem graph's validation gives for a
// userName another person has: it is a 409 uniqueness error in SCIM, where
// every other problem is a 400 invalidValue.
const uniquenessPathSuffix = ".userName"

// fromGraph maps an error of the store to a SCIM error. Codes map to the
// statuses RFC 7644 §3.12 gives them; an unexpected error is a 500 whose
// detail is only in the server log (the caller logs it).
func fromGraph(err error) (*Error, bool) {
	var s *Error
	if errors.As(err, &s) {
		return s, true
	}
	var g *graph.Error
	if !errors.As(err, &g) {
		return nil, false
	}
	switch g.Code {
	case graph.CodeBadInput:
		var parts []string
		taken := false
		for _, p := range g.Problems {
			parts = append(parts, p.Path+": "+p.Message)
			if strings.HasSuffix(p.Path, uniquenessPathSuffix) && strings.Contains(p.Message, graph.UserNameTakenMessage) {
				taken = true
			}
		}
		if taken {
			return newError(http.StatusConflict, TypeUniqueness, "%s", strings.Join(parts, "; ")), true
		}
		return newError(http.StatusBadRequest, TypeInvalidValue, "%s", strings.Join(parts, "; ")), true
	case graph.CodeNotFound:
		return newError(http.StatusNotFound, "", "%s", g.Message), true
	case graph.CodeConflict:
		return newError(http.StatusPreconditionFailed, "", "%s", g.Message), true
	case graph.CodeHeld:
		// The deletion guard holds the write for an admin: it was accepted,
		// not done (docs/scim.md).
		return newError(http.StatusAccepted, "", "%s", g.Message), true
	case graph.CodeUnauthenticated:
		return newError(http.StatusUnauthorized, "", "%s", g.Message), true
	case graph.CodeForbidden:
		return newError(http.StatusForbidden, "", "%s", g.Message), true
	case graph.CodeTimeout:
		return newError(http.StatusServiceUnavailable, "", "%s", g.Message), true
	}
	return nil, false
}
