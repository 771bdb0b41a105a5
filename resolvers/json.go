package resolvers

import (
	"encoding/json"
	"io"

	"github.com/99designs/gqlgen/graphql"
)

// JSON is the GraphQL scalar of a JSON value written as it is: an entity's
// state in the change log.

// MarshalJSON writes raw as it is.
func MarshalJSON(raw json.RawMessage) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		if raw == nil {
			_, _ = io.WriteString(w, "null")
			return
		}
		_, _ = w.Write(raw)
	})
}

// UnmarshalJSON takes any input value as JSON.
func UnmarshalJSON(v any) (json.RawMessage, error) {
	return json.Marshal(v)
}
