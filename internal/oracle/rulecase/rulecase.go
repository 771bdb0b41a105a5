// Package rulecase reads orgnet's rule cases — small organizations and the
// answers they must give, written by hand as YAML in
// internal/oracle/testdata/rules (its README.md explains the format) — and
// checks them against anything that answers orgnet's questions: the
// reference model (internal/oracle) and the Neo4j store each run every
// case.
package rulecase

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/orgnet/orgnet/graph"
)

// Dir is the folder of the rule cases.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "testdata", "rules")
}

// Document is one organization and the answers it must give: one YAML
// document of a rule-case file (a file may hold several, separated by ---).
type Document struct {
	// File and Index say where the document is (Index counts from 1).
	File  string `yaml:"-"`
	Index int    `yaml:"-"`

	// Rule says in words what the document pins.
	Rule string `yaml:"rule"`
	// At is when the questions are asked, unless a case says otherwise.
	At time.Time `yaml:"at"`
	// Org is the organization, in the snapshot format of docs/writes.md.
	Org *graph.Snapshot `yaml:"-"`
	// RawOrg is Org as written.
	RawOrg yaml.Node `yaml:"org"`

	WhoCanAct         []WhoCanActCase         `yaml:"whoCanAct"`
	CanAct            []CanActCase            `yaml:"canAct"`
	ActionableMatters []ActionableMattersCase `yaml:"actionableMatters"`
	CustomerDistance  []CustomerDistanceCase  `yaml:"customerDistance"`
	OrgHealth         []OrgHealthCase         `yaml:"orgHealth"`
	Writes            []WriteCase             `yaml:"writes"`
}

// Name names the document in test output: the file, and the document's
// number when the file holds more than one.
func (d *Document) Name() string {
	if d.Index == 0 {
		return d.File
	}
	return fmt.Sprintf("%s#%d", d.File, d.Index)
}

// Question is what every question case shares: its name (the rule it
// pins, in words), and when and for how much it is asked.
type Question struct {
	Case   string     `yaml:"case"`
	Amount *float64   `yaml:"amount"`
	At     *time.Time `yaml:"at"`
}

// when is the instant of a question of d.
func (q Question) when(d *Document) time.Time {
	if q.At != nil {
		return *q.At
	}
	return d.At
}

// WhoCanActCase is whoCanAct(matter): Actors, one a line, in the notation
// of FormatActor.
type WhoCanActCase struct {
	Question `yaml:",inline"`
	Matter   string   `yaml:"matter"`
	Actors   []string `yaml:"actors"`
}

// CanActCase is canAct(person, matter). Grants are in the notation of
// FormatGrants; Reason, when given, is the service's explanation (the
// reference model decides, it does not explain).
type CanActCase struct {
	Question `yaml:",inline"`
	Person   string  `yaml:"person"`
	Matter   string  `yaml:"matter"`
	Allowed  bool    `yaml:"allowed"`
	Grants   string  `yaml:"grants"`
	Reason   *string `yaml:"reason"`
}

// ActionableMattersCase is actionableMatters(person): Matters, one a line,
// in the notation of FormatMatterGrant.
type ActionableMattersCase struct {
	Question `yaml:",inline"`
	Person   string   `yaml:"person"`
	Matters  []string `yaml:"matters"`
}

// CustomerDistanceCase is customerDistance(touchpoint, matter). Route is a
// shortest route, in the notation of FormatRoute, ending at the person with
// the least id of all the nearest who can act; "none" when nobody reachable
// can act.
type CustomerDistanceCase struct {
	Question   `yaml:",inline"`
	Touchpoint string `yaml:"touchpoint"`
	Matter     string `yaml:"matter"`
	Route      string `yaml:"route"`
}

// OrgHealthCase is orgHealth at an instant; only the figures it gives are
// checked.
type OrgHealthCase struct {
	Case string     `yaml:"case"`
	At   *time.Time `yaml:"at"`

	Volume             `yaml:",inline"`
	OrphanMatters      *[]string           `yaml:"orphanMatters"`
	SingleActorMatters *[]string           `yaml:"singleActorMatters"` // "matter → person"
	Layers             *int                `yaml:"layers"`
	UnitDepth          *int                `yaml:"unitDepth"`
	SpanOfControl      *Span               `yaml:"spanOfControl"`
	Handlings          []string            `yaml:"handlings"`   // FormatHandling, then " via " and the route after the touchpoint
	Touchpoints        []TouchpointFigures `yaml:"touchpoints"` // every touchpoint, by id
	Channels           []ChannelFigures    `yaml:"channels"`    // the channels in use, in the order of docs/model.md
	Units              []string            `yaml:"units"`       // FormatUnit
	KeyPeople          []KeyPerson         `yaml:"keyPeople"`
}

// Volume is the volume figures of docs/health.md; a figure left out is not
// checked, a null one must be null.
type Volume struct {
	Residual             *Number `yaml:"residual"`
	Empowerment          *Number `yaml:"empowerment"`
	StrandedVolume       *Number `yaml:"strandedVolume"`
	MeanCustomerDistance *Number `yaml:"meanCustomerDistance"`
}

// TouchpointFigures is a touchpoint's volume figures.
type TouchpointFigures struct {
	Touchpoint string `yaml:"touchpoint"`
	Volume     `yaml:",inline"`
}

// ChannelFigures is a channel's volume figures and how many touchpoints
// use it.
type ChannelFigures struct {
	Channel     string `yaml:"channel"`
	Touchpoints int    `yaml:"touchpoints"`
	Volume      `yaml:",inline"`
}

// Span is the span of control.
type Span struct {
	Max    int     `yaml:"max"`
	Mean   *Number `yaml:"mean"`
	Median *Number `yaml:"median"`
}

// KeyPerson is an entry of keyPeople.
type KeyPerson struct {
	Person             string   `yaml:"person"`
	SoleMatters        []string `yaml:"soleMatters"`
	SoleMatterResidual Number   `yaml:"soleMatterResidual"`
	StrandedIfLeft     Number   `yaml:"strandedIfLeft"`
	StrandedHandlings  []string `yaml:"strandedHandlings"` // "touchpoint/matter"
}

// WriteCase is a MERGE of Put into the document's org: Problems are the
// paths of every problem the write must be refused with (docs/writes.md), none
// when it must be accepted.
type WriteCase struct {
	Case     string          `yaml:"case"`
	RawPut   yaml.Node       `yaml:"put"`
	Put      *graph.Snapshot `yaml:"-"`
	Problems []string        `yaml:"problems"`
}

// Number is a figure of a rule case: a number, a fraction such as 24/59,
// a sum such as 15 + 50 (so that a case can say how a figure comes
// about), or null.
type Number struct {
	Value *float64
}

// UnmarshalYAML reads a number, a fraction, a sum of them, or null.
func (n *Number) UnmarshalYAML(node *yaml.Node) error {
	if node.Tag == "!!null" {
		n.Value = nil
		return nil
	}
	sum := 0.0
	for _, term := range strings.Split(node.Value, "+") {
		num, den, isFraction := strings.Cut(term, "/")
		a, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
		if err != nil {
			return fmt.Errorf("line %d: %q is not a number, a fraction, a sum of them or null", node.Line, node.Value)
		}
		if isFraction {
			b, err := strconv.ParseFloat(strings.TrimSpace(den), 64)
			if err != nil || b == 0 {
				return fmt.Errorf("line %d: %q is not a fraction", node.Line, term)
			}
			a /= b
		}
		sum += a
	}
	n.Value = &sum
	return nil
}

// Load reads every rule-case file of dir (*.yaml), in name order.
func Load(dir string) ([]*Document, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no rule cases in %s", dir)
	}
	slices.Sort(files)
	var docs []*Document
	for _, f := range files {
		ds, err := LoadFile(f)
		if err != nil {
			return nil, err
		}
		docs = append(docs, ds...)
	}
	return docs, nil
}

// LoadFile reads the documents of one rule-case file.
func LoadFile(path string) ([]*Document, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var docs []*Document
	for {
		d := &Document{File: filepath.Base(path)}
		if err := dec.Decode(d); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if d.Org, err = snapshot(&d.RawOrg); err != nil {
			return nil, fmt.Errorf("%s, document %d: org: %w", path, len(docs)+1, err)
		}
		for i := range d.Writes {
			if d.Writes[i].Put, err = snapshot(&d.Writes[i].RawPut); err != nil {
				return nil, fmt.Errorf("%s, document %d: write %q: %w", path, len(docs)+1, d.Writes[i].Case, err)
			}
		}
		docs = append(docs, d)
	}
	if len(docs) > 1 {
		for i, d := range docs {
			d.Index = i + 1
		}
	}
	return docs, nil
}

// snapshot reads an org written in YAML as the snapshot JSON of docs/writes.md
// would say it, through orgnet's own decoder, so that defaults (a person
// is active unless they say otherwise) and times read as they do in an
// import.
func snapshot(node *yaml.Node) (*graph.Snapshot, error) {
	var v any
	if node.Kind != 0 {
		if err := node.Decode(&v); err != nil {
			return nil, err
		}
	}
	if v == nil {
		v = map[string]any{}
	}
	doc, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return graph.DecodeSnapshot(bytes.NewReader(doc))
}
