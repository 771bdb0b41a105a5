package scim

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzParseFilter feeds arbitrary text to the filter parser. It may not
// panic; what it rejects is a 400 invalidFilter; what it accepts renders
// as a filter that parses to the same tree.
func FuzzParseFilter(f *testing.F) {
	for _, seed := range []string{
		`userName eq "bjensen"`,
		`userName Eq "x" and not (active eq False) or title pr`,
		`emails[type eq "work" and value co "@example.com"] or userName sw "j"`,
		`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "p1"`,
		`members[value eq "a\"b"]`,
		`((a pr))`,
		`x gt -1.5e3 and y le 2`,
		`a eq "\u00e9"`,
		`meta.lastModified gt "2011-05-13T04:42:34Z"`,
		`not(a pr)`,
		`a[b pr].c eq 1`,
		"",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		filter, err := ParseFilter(text)
		if err != nil {
			var e *Error
			require.True(t, errors.As(err, &e), "want a SCIM error, got %T %v", err, err)
			require.Equal(t, 400, e.Status)
			require.Equal(t, TypeInvalidFilter, e.ScimType)
			require.NotEmpty(t, e.Detail)
			return
		}
		again, err := ParseFilter(filter.String())
		require.NoError(t, err, "%q renders as %q, which does not parse", text, filter.String())
		require.Equal(t, filter, again)
	})
}
