package graph

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"time"
	"unicode"
)

// maxDecodeProblems bounds the problems one decode reports, so a file of the
// wrong shape answers with a readable list rather than a million lines.
const maxDecodeProblems = 1000

// DecodeSnapshot reads a snapshot in the JSON format of SPEC §3, streaming
// entity by entity. It checks the shape of the document: field names exactly
// as in SPEC §1, JSON types, RFC 3339 times. A document that is not JSON, or
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
			var raw map[string]json.RawMessage
			if err := d.dec.Decode(&raw); err != nil {
				var typeErr *json.UnmarshalTypeError
				if !errors.As(err, &typeErr) {
					return err
				}
			}
			if raw == nil { // not an object, or null
				d.problem(d.where(), "must be a JSON object")
				continue
			}
			add(&fields{d: d, path: d.where(), raw: raw})
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
	d    *snapshotDecoder
	path string
	raw  map[string]json.RawMessage
	used []string
}

func (f *fields) take(name string) (json.RawMessage, bool) {
	f.used = append(f.used, name)
	v, ok := f.raw[name]
	if !ok || bytes.Equal(v, []byte("null")) {
		return nil, false
	}
	return v, true
}

func (f *fields) at(name string) string { return fieldPath(f.path, name) }

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

// done reports the fields nobody asked for, in name order.
func (f *fields) done() {
	var unknown []string
	for k := range f.raw {
		known := false
		for _, u := range f.used {
			known = known || u == k
		}
		if !known {
			unknown = append(unknown, k)
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

func (f *fields) str(name string) string {
	var s string
	f.decode(name, &s, "a string")
	return s
}

func (f *fields) optStr(name string) *string {
	var s string
	if f.decode(name, &s, "a string") {
		return &s
	}
	return nil
}

func (f *fields) boolean(name string, absent bool) bool {
	b := absent
	f.decode(name, &b, "true or false")
	return b
}

// number reads a required number; null counts as missing.
func (f *fields) number(name string) float64 {
	if raw, present := f.raw[name]; !present || bytes.Equal(raw, []byte("null")) {
		f.d.problem(f.at(name), "is required")
	}
	n, _ := f.optNumber(name)
	return n
}

func (f *fields) optNumber(name string) (float64, bool) {
	if raw, ok := f.raw[name]; ok && bytes.HasPrefix(raw, []byte(`"`)) { // json.Number would take "12"
		f.used = append(f.used, name)
		f.d.problem(f.at(name), "must be a number")
		return 0, false
	}
	var n json.Number
	if !f.decode(name, &n, "a number") {
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

func (f *fields) holder(path string, raw map[string]json.RawMessage) Holder {
	h := &fields{d: f.d, path: path, raw: raw}
	out := Holder{Type: HolderType(h.str("type")), ID: h.str("id")}
	h.done()
	return out
}

func (f *fields) object(name string) (map[string]json.RawMessage, bool) {
	var m map[string]json.RawMessage
	ok := f.decode(name, &m, "an object")
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
	}
	f.done()
	return p
}

func (f *fields) team() Team {
	t := Team{ID: f.str("id"), Name: f.str("name"), Kind: TeamKind(f.str("kind")), Parent: f.optStr("parent")}
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
		var m map[string]json.RawMessage
		path := fmt.Sprintf("%s[%d]", f.at("staffedBy"), i)
		if json.Unmarshal(raw, &m) != nil || m == nil {
			f.d.problem(path, "must be an object {type, id}")
			continue
		}
		t.StaffedBy = append(t.StaffedBy, f.holder(path, m))
	}
	for i, raw := range f.list("escalatesTo") {
		var id string
		if json.Unmarshal(raw, &id) != nil {
			f.d.problem(fmt.Sprintf("%s[%d]", f.at("escalatesTo"), i), "must be a touchpoint id")
			continue
		}
		t.EscalatesTo = append(t.EscalatesTo, id)
	}
	for i, raw := range f.list("handles") {
		var m map[string]json.RawMessage
		path := fmt.Sprintf("%s[%d]", f.at("handles"), i)
		if json.Unmarshal(raw, &m) != nil || m == nil {
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
