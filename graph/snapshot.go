package graph

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"
)

// maxDecodeProblems bounds the problems one decode reports, so a file of the
// wrong shape answers with a readable list rather than a million lines.
const maxDecodeProblems = 1000

// DecodeSnapshot reads a snapshot in the JSON format of docs/writes.md, streaming
// entity by entity. It checks the shape of the document: field names exactly
// as in docs/model.md, JSON types, RFC 3339 times. A document that is not JSON, or
// has shape problems, gives a BAD_INPUT *Error listing every problem found
// (up to a bound); the model's rules are Validate's job.
func DecodeSnapshot(r io.Reader) (*Snapshot, error) {
	d := &snapshotDecoder{dec: json.NewDecoder(r)}
	d.dec.UseNumber()
	s, err := d.decode()
	if err == io.EOF {
		err = errors.New("unexpected end of input")
	}
	if err != nil {
		return nil, BadInput(append(d.problems, Problem{Path: d.where(), Message: err.Error()}))
	}
	if len(d.problems) > 0 {
		return nil, BadInput(d.problems)
	}
	return s, nil
}

type snapshotDecoder struct {
	dec      *json.Decoder
	problems []Problem
	section  string
	index    int // -1: the section itself rather than one of its elements
}

func (d *snapshotDecoder) where() string {
	switch {
	case d.section == "":
		return "$"
	case d.index < 0:
		return d.section
	}
	return fmt.Sprintf("%s[%d]", d.section, d.index)
}

func (d *snapshotDecoder) problem(path, format string, args ...any) {
	if len(d.problems) < maxDecodeProblems {
		d.problems = append(d.problems, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
	}
}

func (d *snapshotDecoder) decode() (*Snapshot, error) {
	if err := d.expectDelim('{', "a snapshot must be a JSON object"); err != nil {
		return nil, err
	}
	s := &Snapshot{}
	sections := map[string]func(f *fields){
		"people":      func(f *fields) { s.People = append(s.People, f.person()) },
		"teams":       func(f *fields) { s.Teams = append(s.Teams, f.team()) },
		"memberships": func(f *fields) { s.Memberships = append(s.Memberships, f.membership()) },
		"matters":     func(f *fields) { s.Matters = append(s.Matters, f.matter()) },
		"mandates":    func(f *fields) { s.Mandates = append(s.Mandates, f.mandate()) },
		"touchpoints": func(f *fields) { s.Touchpoints = append(s.Touchpoints, f.touchpoint()) },
	}
	seen := map[string]bool{}
	for d.dec.More() {
		tok, err := d.dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		add, known := sections[key]
		if !known || seen[key] {
			if seen[key] {
				d.problem(key, "appears twice")
			} else {
				d.problem(fieldPath("", key), "unknown field; a snapshot has people, teams, memberships, matters, mandates and touchpoints")
			}
			var skip json.RawMessage
			if err := d.dec.Decode(&skip); err != nil {
				return nil, err
			}
			continue
		}
		seen[key] = true
		if err := d.decodeSection(key, add); err != nil {
			return nil, err
		}
	}
	if _, err := d.dec.Token(); err != nil { // the closing brace
		return nil, err
	}
	if _, err := d.dec.Token(); err != io.EOF {
		return nil, errors.New("unexpected data after the snapshot object")
	}
	return s, nil
}

// decodeSection reads one section's list. A syntax error leaves d.section
// and d.index where it happened, for DecodeSnapshot to report.
func (d *snapshotDecoder) decodeSection(name string, add func(f *fields)) error {
	d.section, d.index = name, -1
	tok, err := d.dec.Token()
	if err != nil {
		return err
	}
	switch tok {
	case nil: // "people": null is an empty list
	case json.Delim('['):
		for d.index = 0; d.dec.More(); d.index++ {
			// The decoder checks the element's syntax; parseObject then
			// splits it into members without decoding it a second time.
			var value json.RawMessage
			if err := d.dec.Decode(&value); err != nil {
				return err
			}
			raw, ok := parseObject(value)
			if !ok { // not an object, or null
				d.problem(d.where(), "must be a JSON object")
				continue
			}
			add(&fields{d: d, section: d.section, index: d.index, raw: raw})
		}
		d.index = -1
		if _, err := d.dec.Token(); err != nil {
			return err
		}
	default:
		d.problem(name, "must be a list")
		if err := d.skip(tok); err != nil {
			return err
		}
	}
	d.section = ""
	return nil
}

// skip reads the rest of the value that began with tok.
func (d *snapshotDecoder) skip(tok json.Token) error {
	for depth := 0; ; {
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
		var err error
		if tok, err = d.dec.Token(); err != nil {
			return err
		}
	}
}

func (d *snapshotDecoder) expectDelim(want json.Delim, msg string) error {
	tok, err := d.dec.Token()
	if err != nil {
		return err
	}
	if delim, ok := tok.(json.Delim); !ok || delim != want {
		return errors.New(msg)
	}
	return nil
}

// fields reads the fields of one JSON object, recording a problem for each
// field of the wrong type and each unknown field.
type fields struct {
	d   *snapshotDecoder
	raw object
	// path is where the object is; for an element of a section, made from
	// section and index only when a problem needs it.
	path     string
	section  string
	index    int
	used     [8]string // the names asked for; more go to moreUsed
	nUsed    int
	moreUsed []string
}

func (f *fields) take(name string) (json.RawMessage, bool) {
	f.use(name)
	v, ok := f.raw.get(name)
	if !ok || bytes.Equal(v, []byte("null")) {
		return nil, false
	}
	return v, true
}

func (f *fields) use(name string) {
	if f.nUsed < len(f.used) {
		f.used[f.nUsed] = name
		f.nUsed++
		return
	}
	f.moreUsed = append(f.moreUsed, name)
}

func (f *fields) isUsed(name string) bool {
	for _, u := range f.used[:f.nUsed] {
		if u == name {
			return true
		}
	}
	for _, u := range f.moreUsed {
		if u == name {
			return true
		}
	}
	return false
}

func (f *fields) where() string {
	if f.path == "" {
		f.path = fmt.Sprintf("%s[%d]", f.section, f.index)
	}
	return f.path
}

func (f *fields) at(name string) string { return fieldPath(f.where(), name) }

// fieldPath is the path of field name of the value at path ("" for the
// snapshot itself): path.name, or path["name"] when name is not a plain word,
// so that an odd name (empty, with dots or control characters) still makes a
// readable, non-empty path.
func fieldPath(path, name string) string {
	plain := name != ""
	for i, r := range name {
		plain = plain && (r == '_' || unicode.IsLetter(r) || (i > 0 && unicode.IsDigit(r)))
	}
	switch {
	case !plain:
		return path + "[" + strconv.Quote(name) + "]"
	case path == "":
		return name
	}
	return path + "." + name
}

// done reports the fields nobody asked for, in name order, each once.
func (f *fields) done() {
	var unknown []string
	for _, m := range f.raw {
		if !f.isUsed(m.key) && !slices.Contains(unknown, m.key) {
			unknown = append(unknown, m.key)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		f.d.problem(f.at(k), "unknown field")
	}
}

func (f *fields) decode(name string, v any, want string) bool {
	raw, ok := f.take(name)
	if !ok {
		return false
	}
	if err := json.Unmarshal(raw, v); err != nil {
		f.d.problem(f.at(name), "must be %s", want)
		return false
	}
	return true
}

// decodeString is decode for a string, without the reflection for the
// common string (no escapes, valid UTF-8).
func (f *fields) decodeString(name string) (string, bool) {
	raw, ok := f.take(name)
	if !ok {
		return "", false
	}
	return f.d.text(raw, f.at(name), "must be a string")
}

// text decodes the JSON string raw, at path; notString is the problem when
// raw is another JSON value. Text that is not valid UTF-8 is refused here
// (docs/writes.md): encoding/json would silently replace invalid bytes and lone
// surrogate escapes (\ud800) with U+FFFD, and the snapshot would say
// something its sender did not.
func (d *snapshotDecoder) text(raw json.RawMessage, path, notString string) (string, bool) {
	if s, ok := plainString(raw); ok {
		return s, true
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		d.problem(path, "%s", notString)
		return "", false
	}
	if !utf8.Valid(raw) || loneSurrogate(raw) {
		d.problem(path, "must be valid UTF-8 text")
		return "", false
	}
	return s, true
}

// loneSurrogate reports whether the JSON string raw has a \u escape of
// half a UTF-16 surrogate pair without its other half.
func loneSurrogate(raw []byte) bool {
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' {
			continue
		}
		i++
		if i >= len(raw) || raw[i] != 'u' || i+4 >= len(raw) {
			continue
		}
		r, err := strconv.ParseUint(string(raw[i+1:i+5]), 16, 32)
		i += 4
		switch {
		case err != nil || r < 0xd800 || r > 0xdfff:
		case r >= 0xdc00: // a low half first
			return true
		case i+6 >= len(raw) || raw[i+1] != '\\' || raw[i+2] != 'u':
			return true
		default:
			low, err := strconv.ParseUint(string(raw[i+3:i+7]), 16, 32)
			if err != nil || low < 0xdc00 || low > 0xdfff {
				return true
			}
			i += 6
		}
	}
	return false
}

func (f *fields) str(name string) string {
	s, _ := f.decodeString(name)
	return s
}

func (f *fields) optStr(name string) *string {
	if s, ok := f.decodeString(name); ok {
		return &s
	}
	return nil
}

func (f *fields) boolean(name string, absent bool) bool {
	raw, ok := f.take(name)
	switch {
	case !ok:
		return absent
	case string(raw) == "true":
		return true
	case string(raw) == "false":
		return false
	}
	f.d.problem(f.at(name), "must be true or false")
	return absent
}

// number reads a required number; null counts as missing.
func (f *fields) number(name string) float64 {
	if raw, present := f.raw.get(name); !present || bytes.Equal(raw, []byte("null")) {
		f.d.problem(f.at(name), "is required")
	}
	n, _ := f.optNumber(name)
	return n
}

func (f *fields) optNumber(name string) (float64, bool) {
	if raw, ok := f.raw.get(name); ok && bytes.HasPrefix(raw, []byte(`"`)) { // json.Number would take "12"
		f.use(name)
		f.d.problem(f.at(name), "must be a number")
		return 0, false
	}
	raw, ok := f.take(name)
	if !ok {
		return 0, false
	}
	var n json.Number
	if c := raw[0]; c == '-' || '0' <= c && c <= '9' {
		n = json.Number(raw) // a number literal, as the decoder checked
	} else if err := json.Unmarshal(raw, &n); err != nil {
		f.d.problem(f.at(name), "must be a number")
		return 0, false
	}
	v, err := n.Float64()
	if err != nil || math.IsInf(v, 0) {
		f.d.problem(f.at(name), "must be a finite number")
		return 0, false
	}
	return v, true
}

func (f *fields) optTime(name string) *time.Time {
	s := f.optStr(name)
	if s == nil {
		return nil
	}
	t, err := ParseTime(*s)
	if err != nil {
		f.d.problem(f.at(name), "%v", err)
		return nil
	}
	return &t
}

// ParseTime reads an RFC 3339 time, as used for validity windows and `at`,
// and gives it in UTC. A time whose UTC year lies outside 0000–9999 (such as
// 0000-01-01T00:00:00+01:00) is refused: RFC 3339 cannot write it back.
func ParseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time such as 2025-01-31T00:00:00Z", s)
	}
	if t = t.UTC(); t.Year() < 0 || t.Year() > 9999 {
		return time.Time{}, fmt.Errorf("%q is outside the years 0000 to 9999 in UTC", s)
	}
	return t, nil
}

func (f *fields) holder(path string, raw object) Holder {
	h := &fields{d: f.d, path: path, raw: raw}
	out := Holder{Type: HolderType(h.str("type")), ID: h.str("id")}
	h.done()
	return out
}

func (f *fields) object(name string) (object, bool) {
	raw, ok := f.take(name)
	if !ok {
		return nil, false
	}
	m, ok := parseObject(raw)
	if !ok {
		f.d.problem(f.at(name), "must be an object")
	}
	return m, ok
}

func (f *fields) list(name string) []json.RawMessage {
	var l []json.RawMessage
	f.decode(name, &l, "a list")
	return l
}

func (f *fields) person() Person {
	p := Person{
		ID: f.str("id"), Name: f.str("name"), Email: f.optStr("email"), Title: f.optStr("title"),
		Manager: f.optStr("manager"), Active: f.boolean("active", true),
		UserName: f.optStr("userName"), ExternalID: f.optStr("externalId"),
	}
	f.done()
	return p
}

func (f *fields) team() Team {
	t := Team{ID: f.str("id"), Name: f.str("name"), Kind: TeamKind(f.str("kind")), Parent: f.optStr("parent"), ExternalID: f.optStr("externalId")}
	f.done()
	return t
}

func (f *fields) membership() Membership {
	m := Membership{Person: f.str("person"), Team: f.str("team"), Role: MembershipRole(f.str("role"))}
	f.done()
	return m
}

func (f *fields) matter() Matter {
	m := Matter{ID: f.str("id"), Name: f.str("name"), Parent: f.optStr("parent")}
	f.done()
	return m
}

func (f *fields) mandate() Mandate {
	m := Mandate{ID: f.str("id"), Name: f.str("name"), Matter: f.str("matter"), DelegatedFrom: f.optStr("delegatedFrom")}
	if raw, ok := f.object("holder"); ok {
		m.Holder = f.holder(f.at("holder"), raw)
	}
	if v, ok := f.optNumber("limit"); ok {
		m.Limit = &v
	}
	m.ValidFrom, m.ValidUntil = f.optTime("validFrom"), f.optTime("validUntil")
	f.done()
	return m
}

func (f *fields) touchpoint() Touchpoint {
	t := Touchpoint{
		ID: f.str("id"), Name: f.str("name"), Channel: Channel(f.str("channel")),
		SelfService: f.boolean("selfService", false),
	}
	for i, raw := range f.list("staffedBy") {
		path := fmt.Sprintf("%s[%d]", f.at("staffedBy"), i)
		m, ok := parseObject(raw)
		if !ok {
			f.d.problem(path, "must be an object {type, id}")
			continue
		}
		t.StaffedBy = append(t.StaffedBy, f.holder(path, m))
	}
	for i, raw := range f.list("escalatesTo") {
		id, ok := f.d.text(raw, fmt.Sprintf("%s[%d]", f.at("escalatesTo"), i), "must be a touchpoint id")
		if !ok {
			continue
		}
		t.EscalatesTo = append(t.EscalatesTo, id)
	}
	for i, raw := range f.list("handles") {
		path := fmt.Sprintf("%s[%d]", f.at("handles"), i)
		m, ok := parseObject(raw)
		if !ok {
			f.d.problem(path, "must be an object {matter, volume, selfServiceRate}")
			continue
		}
		h := &fields{d: f.d, path: path, raw: m}
		t.Handles = append(t.Handles, Handling{Matter: h.str("matter"), Volume: h.number("volume"), SelfServiceRate: h.number("selfServiceRate")})
		h.done()
	}
	f.done()
	return t
}

// object is a JSON object's members in document order, their values raw.
// Like a map, it answers the last of several members with one name.
type object []member

type member struct {
	key   string
	value json.RawMessage
}

func (o object) get(name string) (json.RawMessage, bool) {
	for i := len(o) - 1; i >= 0; i-- {
		if o[i].key == name {
			return o[i].value, true
		}
	}
	return nil, false
}

// parseObject splits raw, a syntactically valid JSON value (the decoder
// has checked it), into the members of an object; false if raw is not an
// object (null included). Keys are unescaped as encoding/json does.
func parseObject(raw json.RawMessage) (object, bool) {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return nil, false
	}
	o := make(object, 0, 8)
	i = skipSpace(raw, i+1)
	for i < len(raw) && raw[i] != '}' {
		end := valueEnd(raw, i) // the key, a string
		key, ok := plainString(raw[i:end])
		if !ok {
			_ = json.Unmarshal(raw[i:end], &key)
		}
		i = skipSpace(raw, end)
		i = skipSpace(raw, i+1) // the colon
		end = valueEnd(raw, i)
		o = append(o, member{key, raw[i:end]})
		i = skipSpace(raw, end)
		if i < len(raw) && raw[i] == ',' {
			i = skipSpace(raw, i+1)
		}
	}
	return o, true
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// valueEnd is the index just after the valid JSON value starting at b[i].
func valueEnd(b []byte, i int) int {
	switch b[i] {
	case '"':
		for j := i + 1; j < len(b); j++ {
			switch b[j] {
			case '\\':
				j++
			case '"':
				return j + 1
			}
		}
		return len(b)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				j = valueEnd(b, j) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return j + 1
				}
			}
		}
		return len(b)
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\t' && b[j] != '\n' && b[j] != '\r' {
		j++
	}
	return j
}

// plainString is the JSON string raw without escapes and in valid UTF-8,
// which encoding/json would decode to its bytes; false for anything else.
func plainString(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	body := raw[1 : len(raw)-1]
	for _, c := range body {
		if c == '\\' || c == '"' || c < 0x20 {
			return "", false
		}
	}
	if !utf8.Valid(body) {
		return "", false
	}
	return string(body), true
}
