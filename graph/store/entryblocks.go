package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/orgnet/orgnet/graph"
)

// A change's entries are kept in blocks (docs/changes.md):
//
//	(:ChangeBlock {version, first, types, ids, ops, befores, afters, keys})
//
// Each block holds up to blockEntries consecutive entries of one change as
// parallel lists (entry first+i is types[i], ids[i], …; "" in befores or
// afters stands for null, which no entity's JSON is). A node per entry
// cost Neo4j some 3 kB of transaction memory each: a first import of
// 100 000 people (280 000 entries) did not fit in the transaction memory of
// a 2 GB heap beside the import itself. A block costs about the bytes it
// holds.
//
// The ids a change touches (every entity's, and for a membership its
// person's and team's too) are kept so that changes(entity:) finds an
// entity's changes, in one of two ways by the change's size:
//
//   - a change of up to keyNodesMax keys has a node per key,
//     (:ChangeKey {key, version}), found through a RANGE index. A TEXT
//     index costs every transaction that writes to it some 7–10 ms at
//     commit whatever it writes (Lucene's work), which alone was half of a
//     single-entity write at 100 000 people; a RANGE index entry costs
//     what a node does.
//   - a larger change's blocks list them in keys, between keySep
//     characters, found through a TEXT index (CONTAINS keySep+id+keySep):
//     a node per key would add some 700 000 nodes to a first import of
//     100 000 people. ids hold no control characters (docs/writes.md), so
//     a key is never part of another.

const (
	// blockEntries bounds the entries of one block.
	blockEntries = 1000
	// blockKeysBytes bounds a block's keys text: a TEXT index leaves out
	// longer values.
	blockKeysBytes = 30000
	// blocksPerStatement is how many blocks one statement writes.
	blocksPerStatement = 10
	keySep             = "\x1f"
	// keyNodesMax is the most keys a change keeps as ChangeKey nodes.
	keyNodesMax = 64
)

const (
	// recordEntryBlocks writes a batch of the change's entry blocks, and
	// the key nodes of a small change ($keys, empty for a large one).
	recordEntryBlocks = `UNWIND $blocks AS b
CREATE (:ChangeBlock {version: $version, first: b.first, types: b.types, ids: b.ids, ops: b.ops,
  befores: b.befores, afters: b.afters, keys: b.keys})
WITH count(*) AS written
UNWIND $keys AS key
CREATE (:ChangeKey {key: key, version: $version})`
	// allEntries reads every entry block of a change, in order.
	allEntries = `MATCH (b:ChangeBlock) WHERE b.version = $version
RETURN b {.first, .types, .ids, .ops, .befores, .afters} AS b ORDER BY b.first`
	// entriesPage pages the entries of each change, by seq: the blocks that
	// hold the page, cut to it. The count is the change's own.
	entriesPage = `UNWIND $ids AS id
MATCH (c:Change {id: id})
CALL (c) {
  MATCH (b:ChangeBlock)
  WHERE b.version = c.version AND b.first <= $after + $limit AND b.first + size(b.ids) > $after
  WITH b ORDER BY b.first
  UNWIND range(0, size(b.ids) - 1) AS i
  WITH b, i WHERE b.first + i > $after
  WITH b, i LIMIT $limit
  RETURN collect({version: b.version, seq: b.first + i, type: b.types[i], id: b.ids[i], op: b.ops[i],
    before: b.befores[i], after: b.afters[i]}) AS page
}
RETURN id, c.entryCount AS total, page`
	// entriesSince streams the entry blocks of the changes after one
	// version and up to another, oldest first.
	entriesSince = `MATCH (b:ChangeBlock) WHERE b.version > $from AND b.version <= $to
RETURN b.types AS types, b.ids AS ids, b.befores AS befores ORDER BY b.version, b.first`
)

// recordEntries writes the entries of the change at version as blocks.
func recordEntries(ctx context.Context, tx runner, version int64, entries graph.Entries, progress func(Progress)) error {
	keys, err := keyNodes(entries)
	if err != nil {
		return err
	}
	// The key nodes go with the first statement; a change that has them
	// keeps no keys in its blocks.
	keysLeft := nonNil(keys)
	rowOf := func(b *entryBlock) map[string]any {
		r := b.row()
		if keys != nil {
			r["keys"] = nil
		}
		return r
	}
	var batch []map[string]any
	send := func(done int) error {
		if len(batch) == 0 {
			return nil
		}
		progress(Progress{Stage: "recording the change", Done: done, Total: entries.Len()})
		if _, err := run(ctx, tx, recordEntryBlocks, map[string]any{"version": version, "blocks": batch, "keys": keysLeft}); err != nil {
			return fmt.Errorf("record the change's entries: %w", err)
		}
		batch, keysLeft = batch[:0], []string{}
		return nil
	}
	b := newEntryBlock(0)
	for i := range entries.Len() {
		e, err := entries.At(i)
		if err != nil {
			return err
		}
		if !b.fits(e) {
			batch = append(batch, rowOf(b))
			b = newEntryBlock(i)
			if len(batch) == blocksPerStatement {
				if err := send(i); err != nil {
					return err
				}
			}
		}
		b.add(e)
	}
	if len(b.ids) > 0 {
		batch = append(batch, rowOf(b))
	}
	if err := send(entries.Len()); err != nil {
		return err
	}
	progress(Progress{Stage: "recording the change", Done: entries.Len(), Total: entries.Len()})
	return nil
}

// entryBlock is a block being filled.
type entryBlock struct {
	first                            int
	types, ids, ops, befores, afters []string
	keys                             strings.Builder
}

func newEntryBlock(first int) *entryBlock {
	b := &entryBlock{first: first}
	b.keys.WriteString(keySep)
	return b
}

// keysOf are the keys an entry adds to its block's keys.
func keysOf(e graph.ChangeEntry) []string {
	if e.Type != graph.EntityMembership {
		return []string{e.ID}
	}
	person, team, _ := graph.SplitMembershipID(e.ID)
	return []string{e.ID, person, team}
}

// keyNodes are the distinct keys of a change small enough to keep them as
// ChangeKey nodes, or nil for a larger one.
func keyNodes(entries graph.Entries) ([]string, error) {
	if entries.Len() > keyNodesMax {
		return nil, nil
	}
	var keys []string
	for i := range entries.Len() {
		e, err := entries.At(i)
		if err != nil {
			return nil, err
		}
		for _, k := range keysOf(e) {
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	if len(keys) > keyNodesMax {
		return nil, nil
	}
	return keys, nil
}

// fits reports whether e may join the block.
func (b *entryBlock) fits(e graph.ChangeEntry) bool {
	if len(b.ids) == 0 {
		return true
	}
	n := b.keys.Len()
	for _, k := range keysOf(e) {
		n += len(k) + len(keySep)
	}
	return len(b.ids) < blockEntries && n <= blockKeysBytes
}

func (b *entryBlock) add(e graph.ChangeEntry) {
	b.types = append(b.types, string(e.Type))
	b.ids = append(b.ids, e.ID)
	b.ops = append(b.ops, string(e.Op))
	b.befores = append(b.befores, string(e.Before))
	b.afters = append(b.afters, string(e.After))
	for _, k := range keysOf(e) {
		b.keys.WriteString(k)
		b.keys.WriteString(keySep)
	}
}

func (b *entryBlock) row() map[string]any {
	return map[string]any{"first": b.first, "types": b.types, "ids": b.ids, "ops": b.ops,
		"befores": b.befores, "afters": b.afters, "keys": b.keys.String()}
}

// entityKeyToken is what a block's keys hold for an entity id.
func entityKeyToken(id string) string { return keySep + id + keySep }

// blockEntriesOf decodes a block read by allEntries.
func blockEntriesOf(version int64, v any) []graph.ChangeEntry {
	m, _ := v.(map[string]any)
	first := int(toInt(m["first"]))
	types, ids, ops, befores, afters := list(m["types"]), list(m["ids"]), list(m["ops"]), list(m["befores"]), list(m["afters"])
	out := make([]graph.ChangeEntry, len(ids))
	for i := range ids {
		out[i] = graph.ChangeEntry{Version: version, Seq: first + i, Type: graph.EntityType(str(types[i])), ID: str(ids[i]),
			Op: graph.ChangeOp(str(ops[i])), Before: jsonOrNull(befores[i]), After: jsonOrNull(afters[i])}
	}
	return out
}

// jsonOrNull is a block's JSON text; nil for "" (null).
func jsonOrNull(v any) json.RawMessage {
	if s := str(v); s != "" {
		return json.RawMessage(s)
	}
	return nil
}

// eachEntryBefore hands the type, id and before of every entry of the
// blocks res streams (entriesSince) to each, in order.
func eachEntryBefore(ctx context.Context, res neo4j.ResultWithContext, each func(graph.EntityKey, json.RawMessage)) error {
	for res.Next(ctx) {
		r := row{res.Record()}
		types, ids, befores := r.list("types"), r.list("ids"), r.list("befores")
		for i := range ids {
			each(graph.EntityKey{Type: graph.EntityType(str(types[i])), ID: str(ids[i])}, jsonOrNull(befores[i]))
		}
	}
	return res.Err()
}
