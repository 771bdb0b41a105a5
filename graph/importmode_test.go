package graph

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseImportMode(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     ImportMode
	}{
		{"empty is the default, merge", "", ImportMerge},
		{"merge in lower case", "merge", ImportMerge},
		{"replace in lower case", "replace", ImportReplace},
		{"the GraphQL enum's spelling", "REPLACE", ImportReplace},
		{"any case", "Merge", ImportMerge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseImportMode(tc.in)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	for _, tc := range []struct{ name, in string }{
		{"an unknown word", "upsert"},
		{"surrounding space is not trimmed", " merge"},
		{"a prefix", "rep"},
	} {
		t.Run(tc.name+" is an error naming the value", func(t *testing.T) {
			_, err := ParseImportMode(tc.in)
			require.Error(t, err)
			assert.Contains(t, err.Error(), `"`+tc.in+`"`)
		})
	}
}
