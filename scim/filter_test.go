package scim

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseFilter(t *testing.T) {
	for _, tc := range []struct {
		name, filter, want string
	}{
		{"eq with a string", `userName eq "bjensen"`, `userName eq "bjensen"`},
		{"operators are case-insensitive", `userName EQ "x"`, `userName eq "x"`},
		{"attribute names keep their spelling", `USERNAME eq "x"`, `USERNAME eq "x"`},
		{"every comparison operator", `a ne 1 and b co "x" and c sw "x" and d ew "x" and e gt 1 and f ge 1 and g lt 1 and h le 1`,
			`(((((((a ne 1 and b co "x") and c sw "x") and d ew "x") and e gt 1) and f ge 1) and g lt 1) and h le 1)`},
		{"present", `title pr`, `title pr`},
		{"and binds tighter than or", `a eq 1 or b eq 2 and c eq 3`, `(a eq 1 or (b eq 2 and c eq 3))`},
		{"parentheses group", `(a eq 1 or b eq 2) and c eq 3`, `((a eq 1 or b eq 2) and c eq 3)`},
		{"not takes a group", `not (a pr) and b pr`, `(not (a pr) and b pr)`},
		{"literals are case-insensitive", `active eq True or active eq FALSE or x eq NULL`, `((active eq true or active eq false) or x eq null)`},
		{"sub-attribute", `name.formatted co "Ann"`, `name.formatted co "Ann"`},
		{"schema URN with dots in it", `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "p1"`,
			`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "p1"`},
		{"value path", `members[value eq "p1" or value eq "p2"]`, `members[(value eq "p1" or value eq "p2")]`},
		{"value path among others", `emails[type eq "work" and value co "@example.com"] or userName sw "j"`,
			`(emails[(type eq "work" and value co "@example.com")] or userName sw "j")`},
		{"JSON escapes in strings", `userName eq "a\"b\\c\u00e9"`, `userName eq "a\"b\\cé"`},
		{"numbers", `x gt -1.5e3`, `x gt -1500`},
		{"$ref is an attribute name", `members.$ref pr`, `members.$ref pr`},
		{"white space is free", "  a   eq\t\"x\"  ", `a eq "x"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := ParseFilter(tc.filter)
			require.NoError(t, err)
			assert.Equal(t, tc.want, f.String())
			again, err := ParseFilter(f.String())
			require.NoError(t, err, "its own rendering parses")
			assert.Equal(t, f, again)
		})
	}
}

func TestParseFilterRejects(t *testing.T) {
	for _, tc := range []struct{ name, filter, says string }{
		{"empty", ``, "ends where"},
		{"unknown operator", `userName is "x"`, "not an operator"},
		{"missing value", `userName eq`, "expected a value"},
		{"bare word as a value", `userName eq bjensen`, "expected a value"},
		{"unclosed string", `userName eq "x`, "not closed"},
		{"bad escape", `userName eq "\q"`, "not a valid JSON string"},
		{"unbalanced parenthesis", `(a pr`, `expected ")"`},
		{"not without a group", `not a pr`, "parenthesised"},
		{"trailing text", `a pr b`, "unexpected"},
		{"nested value paths", `a[b[c pr]]`, "do not nest"},
		{"value path on a sub-attribute", `a.b[c pr]`, "sub-attribute"},
		{"attribute starting with a digit", `1a pr`, "expected an attribute"},
		{"stray character", `a eq "x" & b pr`, "unexpected character"},
		{"name with a bad character", `a-$b pr`, "not an attribute path"},
		{"URN that is not one", `foo:bar eq "x"`, "not a schema URN"},
		{"too deep", strings.Repeat("(", MaxFilterDepth+1) + "a pr" + strings.Repeat(")", MaxFilterDepth+1), "deeper"},
		{"too long", `a eq "` + strings.Repeat("x", MaxFilterLength) + `"`, "longer"},
		{"invalid UTF-8", "a eq \"\xff\"", "UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseFilter(tc.filter)
			var e *Error
			require.True(t, errors.As(err, &e), "got %v", err)
			assert.Equal(t, 400, e.Status)
			assert.Equal(t, TypeInvalidFilter, e.ScimType)
			assert.Contains(t, e.Detail, tc.says)
		})
	}
}

func TestParsePath(t *testing.T) {
	for _, tc := range []struct{ name, path, want string }{
		{"attribute", `title`, `title`},
		{"sub-attribute", `name.formatted`, `name.formatted`},
		{"extension attribute", `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager`, `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager`},
		{"value path", `members[value eq "2819c223"]`, `members[value eq "2819c223"]`},
		{"value path and a sub-attribute", `emails[type eq "work"].value`, `emails[type eq "work"].value`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ParsePath(tc.path)
			require.NoError(t, err)
			assert.Equal(t, tc.want, p.String())
		})
	}
	for _, bad := range []string{``, `members[value eq "x"`, `members[value eq "x"] extra`, `a.b[c pr]`, `"x"`, `members[value eq "x"].`} {
		_, err := ParsePath(bad)
		var e *Error
		require.True(t, errors.As(err, &e), "%q: got %v", bad, err)
		assert.Equal(t, TypeInvalidPath, e.ScimType, bad)
	}
}
