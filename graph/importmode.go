package graph

import (
	"fmt"
	"strings"
)

// ParseImportMode reads an import mode as clients spell it (merge or
// replace, in any case); empty means ImportMerge, the default of the CLI,
// POST /import and the importOrg mutation alike.
func ParseImportMode(s string) (ImportMode, error) {
	switch mode := ImportMode(strings.ToUpper(s)); mode {
	case "":
		return ImportMerge, nil
	case ImportMerge, ImportReplace:
		return mode, nil
	default:
		return "", fmt.Errorf("unknown mode %q: must be merge or replace", s)
	}
}
