package server

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/stretchr/testify/assert"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// encoded is what writeResponse replaced: encoding/json's own encoding of
// the response, the bytes clients have always been sent.
func encoded(resp *graphql.Response) []byte {
	var b bytes.Buffer
	if resp.Data == nil {
		_ = json.NewEncoder(&b).Encode(struct {
			Errors     gqlerror.List  `json:"errors,omitempty"`
			Extensions map[string]any `json:"extensions,omitempty"`
		}{resp.Errors, resp.Extensions})
		return b.Bytes()
	}
	_ = json.NewEncoder(&b).Encode(resp)
	return b.Bytes()
}

func TestWriteResponseIsEncodingJSONsBytes(t *testing.T) {
	yes := true
	cases := []struct {
		name string
		resp graphql.Response
	}{
		{"data alone", graphql.Response{Data: json.RawMessage(`{"a":1,"b":[true,null,"x"]}`)}},
		{"no data: errors only", graphql.Response{Errors: gqlerror.List{{Message: "bad", Extensions: map[string]any{"code": "BAD_INPUT"}}}}},
		{"data null with errors and extensions", graphql.Response{Data: json.RawMessage(`null`),
			Errors:     gqlerror.List{{Message: "x <y> & z", Path: ast.Path{ast.PathName("a"), ast.PathIndex(2)}}},
			Extensions: map[string]any{"orgVersion": 7, "requestId": "abc"}}},
		{"HTML characters in strings are escaped", graphql.Response{Data: json.RawMessage(`{"name":"<script>&amp;</script>"}`)}},
		{"line and paragraph separators are escaped", graphql.Response{Data: json.RawMessage("{\"s\":\"a\u2028b\u2029c\u2027\"}")}},
		{"escaped quotes and backslashes keep the string open", graphql.Response{Data: json.RawMessage(`{"s":"a\"<\\","t":"\\\"&"}`)}},
		{"whitespace between tokens goes, inside strings stays", graphql.Response{Data: json.RawMessage("{ \"a\" :\t[ 1 ,\n2 ]\r, \"b\": \" x \" }")}},
		{"deferred payload fields", graphql.Response{Data: json.RawMessage(`{}`), Label: "l", Path: ast.Path{ast.PathName("p")}, HasNext: &yes}},
		{"non-ASCII passes as it is", graphql.Response{Data: json.RawMessage(`{"name":"Zoë Ångström 東京"}`)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got bytes.Buffer
			writeResponse(&got, &c.resp)
			assert.Equal(t, string(encoded(&c.resp)), got.String())
		})
	}
}

// A response without data (a request refused before execution) is its
// errors alone: the bytes themselves, since encoded writes that case the
// way writeResponse does.
func TestWriteResponseWithoutDataIsErrorsOnly(t *testing.T) {
	var got bytes.Buffer
	writeResponse(&got, &graphql.Response{Errors: gqlerror.List{{Message: "bad", Extensions: map[string]any{"code": "BAD_INPUT"}}}})
	assert.Equal(t, "{\"errors\":[{\"message\":\"bad\",\"extensions\":{\"code\":\"BAD_INPUT\"}}]}\n", got.String())
}

// Data that is not nil but empty is never made by gqlgen; encoding/json
// wrote nothing at all for it, writeResponse a null.
func TestWriteResponseEmptyDataIsNull(t *testing.T) {
	var got bytes.Buffer
	writeResponse(&got, &graphql.Response{Data: json.RawMessage{}})
	assert.Equal(t, "{\"data\":null}\n", got.String())
}

// FuzzWriteResponse: for any JSON value as the data, writeResponse writes
// what encoding/json wrote.
func FuzzWriteResponse(f *testing.F) {
	for _, seed := range []string{`{"a":"<b>"}`, "[1, 2,\n3]", `"\u2028"`, `{"x":"\\\"&"}`, `null`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data string) {
		if !json.Valid([]byte(data)) {
			return
		}
		resp := &graphql.Response{Data: json.RawMessage(data), Extensions: map[string]any{"n": 1}}
		var got bytes.Buffer
		writeResponse(&got, resp)
		assert.Equal(t, string(encoded(resp)), got.String())
	})
}
