package resolvers

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/orgnet/orgnet/graph"
)

// DateTime is the GraphQL scalar of an instant in RFC 3339, as Go's
// time.Time. A value that is no such time is BAD_INPUT, like any other bad
// input, rather than an error without a code.

// MarshalDateTime writes t in RFC 3339, in UTC.
func MarshalDateTime(t time.Time) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(t.UTC().Format(time.RFC3339Nano)))
	})
}

// UnmarshalDateTime reads an RFC 3339 string. The problem's path is left
// empty for the error presenter to fill with the argument's path.
func UnmarshalDateTime(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, graph.BadInput([]graph.Problem{{Message: fmt.Sprintf("must be an RFC 3339 time string, not %v", v)}})
	}
	t, err := graph.ParseTime(s)
	if err != nil {
		return time.Time{}, graph.BadInput([]graph.Problem{{Message: err.Error()}})
	}
	return t, nil
}
