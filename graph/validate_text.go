package graph

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Default lengths of docs/writes.md, in characters (Unicode code points).
const (
	DefaultMaxIDLength   = 256
	DefaultMaxNameLength = 1000
)

// Limits caps the length of ids and names, in characters, for validation
// (docs/writes.md). A field of zero (or less) means its default, so the zero
// Limits is the defaults.
type Limits struct {
	MaxIDLength   int // DefaultMaxIDLength when ≤ 0
	MaxNameLength int // DefaultMaxNameLength when ≤ 0
}

func (l Limits) ids() int {
	if l.MaxIDLength <= 0 {
		return DefaultMaxIDLength
	}
	return l.MaxIDLength
}

func (l Limits) names() int {
	if l.MaxNameLength <= 0 {
		return DefaultMaxNameLength
	}
	return l.MaxNameLength
}

// The checks of text fields below give at most one problem per field, the
// first that applies, so that a field that is wrong in several ways reads
// as one line. Blank comes first: a value of only white space is empty.

// blank reports whether s is empty or only white space.
func blank(s string) bool { return strings.TrimSpace(s) == "" }

// textProblem is what is wrong with s as any id or name, or "": invalid
// UTF-8, a control character (C0, DEL or C1; NUL, tab and newline
// included), or more than max characters.
func textProblem(s string, max int, what string) string {
	if !utf8.ValidString(s) {
		return "must be valid UTF-8 text"
	}
	chars := 0
	for _, r := range s {
		chars++
		if unicode.IsControl(r) {
			return fmt.Sprintf("must not contain control characters; character %d is %U", chars, r)
		}
	}
	if chars > max {
		return fmt.Sprintf("is %d characters long; %s may have at most %d", chars, what, max)
	}
	return ""
}

// idProblem is what is wrong with s as an id (of an entity, or a reference
// to one) that is not blank, or "": textProblem, or white space at either
// end — an HR system's id " p1" is a typo of "p1", not another person.
func (l Limits) idProblem(s string) string {
	if p := textProblem(s, l.ids(), "an id"); p != "" {
		return p
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	if unicode.IsSpace(first) || unicode.IsSpace(last) {
		return fmt.Sprintf("%q must not begin or end with white space", s)
	}
	return ""
}

// nameProblem is what is wrong with s as a name that is not blank, or "":
// textProblem, or nothing a reader can see (only invisible characters).
func (l Limits) nameProblem(s string) string {
	if p := textProblem(s, l.names(), "a name"); p != "" {
		return p
	}
	for _, r := range s {
		if !invisible(r) {
			return ""
		}
	}
	return "has only invisible characters (white space, zero-width or other format characters)"
}

// invisible reports whether r shows nothing by itself: white space, a
// format character (zero-width space and joiners, direction marks, the
// byte order mark, soft hyphen …), a variation selector or another default
// ignorable code point (Hangul fillers, …), or the blank braille pattern.
func invisible(r rune) bool {
	switch {
	case unicode.IsSpace(r), unicode.Is(unicode.Cf, r):
		return true
	case unicode.Is(unicode.Variation_Selector, r), unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r):
		return true
	}
	return r == '\u2800'
}
