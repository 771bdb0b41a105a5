// Package seed provides orgnet's sample organizations: Fjordbank, the demo
// organization the service loads into an empty database, and Synth, a
// generator of synthetic organizations of any size for load and scale tests.
// Both are snapshots in the format of docs/writes.md.
package seed

import (
	"bytes"
	_ "embed"
	"fmt"

	"github.com/orgnet/orgnet/graph"
)

//go:embed demo.json
var demoJSON []byte

// DemoJSON is the demo organization, Fjordbank, as a snapshot document in the
// format of docs/writes.md. README.md tells its story and facts one can check by hand.
// The caller gets its own copy.
func DemoJSON() []byte { return bytes.Clone(demoJSON) }

// Demo decodes the demo organization. The snapshot passes graph.Validate with
// no problems.
func Demo() (*graph.Snapshot, error) {
	s, err := graph.DecodeSnapshot(bytes.NewReader(demoJSON))
	if err != nil {
		return nil, fmt.Errorf("decode demo organization: %w", err)
	}
	return s, nil
}
