package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/internal/testneo4j"
	"github.com/orgnet/orgnet/seed"
)

var (
	hrSync = graph.Principal{Name: "hr-sync", Role: graph.HRRole}
	admin  = graph.Principal{Name: "root", Role: graph.AdminRole}
)

// changesOf lists every recorded change, newest first.
func changesOf(t *testing.T, st *store.Store) []graph.ChangeRecord {
	t.Helper()
	c, err := st.Changes(context.Background(), store.ChangeFilter{}, graph.Page{First: 1000})
	require.NoError(t, err)
	require.Equal(t, len(c.Items), c.Total)
	return c.Items
}

// entriesOf lists every entry of a change.
func entriesOf(t *testing.T, st *store.Store, c graph.ChangeRecord) []graph.ChangeEntry {
	t.Helper()
	var all []graph.ChangeEntry
	p := graph.Page{First: 7}
	for {
		got, err := st.ChangeEntries(context.Background(), []string{c.ID}, p)
		require.NoError(t, err)
		page := got[c.ID]
		require.Equal(t, c.EntryCount, page.Total)
		all = append(all, page.Items...)
		if !page.HasNext {
			return all
		}
		p.After = strconv.Itoa(page.Items[len(page.Items)-1].Seq)
	}
}

func version(v int64) *int64 { return &v }

func TestWriteRecordsOneChangeWithItsEntries(t *testing.T) {
	st := testneo4j.Store(t)
	ctx := context.Background()
	snap := decode(t, smallOrg)

	out, err := st.Write(ctx, graph.WriteRequest{Change: graph.Change{Put: *snap}, Replace: true, Via: graph.ViaImport, Principal: hrSync, Guard: true})
	require.NoError(t, err)
	assert.Equal(t, graph.ImportReport{Created: 14}, out.ImportReport)
	assert.Equal(t, int64(1), out.Version)
	require.NotEmpty(t, out.ChangeID)

	changes := changesOf(t, st)
	require.Len(t, changes, 1)
	c := changes[0]
	assert.Equal(t, out.ChangeID, c.ID)
	assert.Equal(t, int64(1), c.Version)
	assert.Equal(t, hrSync, c.Principal)
	assert.Equal(t, graph.ViaImport, c.Via)
	assert.Equal(t, []int{14, 0, 0, 14}, []int{c.Created, c.Updated, c.Deleted, c.EntryCount})
	assert.False(t, c.At.IsZero())
	entries := entriesOf(t, st, c)
	require.Len(t, entries, 14)
	for i, e := range entries {
		assert.Equal(t, i, e.Seq)
		assert.Equal(t, graph.OpCreate, e.Op)
		assert.Nil(t, e.Before)
		assert.NotNil(t, e.After)
	}

	// One person renamed: one change, one entry, before and after.
	out, err = st.Write(ctx, graph.WriteRequest{Change: graph.Change{Put: graph.Snapshot{People: []graph.Person{{ID: "ann", Name: "Ann Lindqvist", Manager: ptr("ceo"), Active: true}}}, Presence: graph.MustExist},
		Via: graph.ViaMutation, Principal: admin, Guard: true})
	require.NoError(t, err)
	assert.Equal(t, int64(2), out.Version)
	changes = changesOf(t, st)
	require.Len(t, changes, 2)
	assert.Equal(t, int64(2), changes[0].Version, "newest first")
	entries = entriesOf(t, st, changes[0])
	require.Len(t, entries, 1)
	assert.Equal(t, graph.ChangeEntry{Version: 2, Seq: 0, Type: graph.EntityPerson, ID: "ann", Op: graph.OpUpdate,
		Before: json.RawMessage(`{"id":"ann","name":"Ann Lind","manager":"ceo","active":true}`),
		After:  json.RawMessage(`{"id":"ann","name":"Ann Lindqvist","manager":"ceo","active":true}`)}, entries[0])

	v, err := st.OrgVersion(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(2), v)
}

func ptr(s string) *string { return &s }

func TestRefusedAndEmptyWritesRecordNothing(t *testing.T) {
	st := testneo4j.Store(t)
	ctx := context.Background()
	_, err := st.Import(ctx, decode(t, smallOrg), graph.ImportReplace, nil)
	require.NoError(t, err)

	cases := []struct {
		name     string
		w        graph.WriteRequest
		wantCode graph.Code
	}{
		{"bad input", graph.WriteRequest{Change: graph.Change{Put: graph.Snapshot{People: []graph.Person{{ID: "x", Name: "X", Manager: ptr("nobody"), Active: true}}}}, Via: graph.ViaMutation, Principal: admin}, graph.CodeBadInput},
		{"a stale ifVersion", graph.WriteRequest{Change: graph.Change{Put: graph.Snapshot{People: []graph.Person{{ID: "x", Name: "X", Active: true}}}}, Via: graph.ViaMutation, Principal: admin, IfVersion: version(0)}, graph.CodeConflict},
		{"nothing to change", graph.WriteRequest{Change: graph.Change{Put: *decode(t, smallOrg)}, Via: graph.ViaImport, Principal: admin}, ""},
		{"a dry run", graph.WriteRequest{Change: graph.Change{Put: graph.Snapshot{People: []graph.Person{{ID: "x", Name: "X", Active: true}}}}, Via: graph.ViaMutation, Principal: admin, DryRun: true}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, err := st.ReadOrg(ctx)
			require.NoError(t, err)
			out, err := st.Write(ctx, c.w)
			if c.wantCode != "" {
				require.Error(t, err)
				assert.Equal(t, c.wantCode, graph.ErrorCode(err))
			} else {
				require.NoError(t, err)
				assert.Empty(t, out.ChangeID)
				assert.Equal(t, int64(1), out.Version, "the version stays")
			}
			after, err := st.ReadOrg(ctx)
			require.NoError(t, err)
			assert.True(t, graph.Diff(before, after).Empty(), "the org changed")
			assert.Len(t, changesOf(t, st), 1, "a change was recorded")
		})
	}
}

func TestConcurrentWritersWithTheSameIfVersionOneWins(t *testing.T) {
	st := testneo4j.Store(t)
	ctx := context.Background()
	_, err := st.Import(ctx, decode(t, smallOrg), graph.ImportReplace, nil)
	require.NoError(t, err)

	const writers = 4
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := "Ann " + strconv.Itoa(i)
			_, errs[i] = st.Write(ctx, graph.WriteRequest{
				Change: graph.Change{Put: graph.Snapshot{People: []graph.Person{{ID: "ann", Name: name, Manager: ptr("ceo"), Active: true}}}},
				Via:    graph.ViaMutation, Principal: admin, IfVersion: version(1)})
		}()
	}
	wg.Wait()
	won := -1
	for i, err := range errs {
		if err == nil {
			require.Equal(t, -1, won, "two writers won")
			won = i
			continue
		}
		assert.Equal(t, graph.CodeConflict, graph.ErrorCode(err), "writer %d: %v", i, err)
	}
	require.NotEqual(t, -1, won, "nobody won")
	people, err := st.People(ctx, []string{"ann"})
	require.NoError(t, err)
	assert.Equal(t, "Ann "+strconv.Itoa(won), people["ann"].Name, "the winner's write, nothing mixed")
	assert.Len(t, changesOf(t, st), 2)
}

func TestIdempotencyKeyAnswersTheFirstOutcome(t *testing.T) {
	st := testneo4j.Store(t)
	ctx := context.Background()
	_, err := st.Import(ctx, decode(t, smallOrg), graph.ImportReplace, nil)
	require.NoError(t, err)
	create := graph.WriteRequest{Change: graph.Change{Put: graph.Snapshot{People: []graph.Person{{ID: "cy", Name: "Cy", Active: true}}}, Presence: graph.MustBeNew},
		Via: graph.ViaMutation, Principal: admin, IdempotencyKey: "k1"}

	first, err := st.Write(ctx, create)
	require.NoError(t, err)
	assert.False(t, first.Replayed)

	again, err := st.Write(ctx, create)
	require.NoError(t, err, "a second create of the same person would be BAD_INPUT; the key answers the first instead")
	assert.True(t, again.Replayed)
	assert.Equal(t, first.ChangeID, again.ChangeID)
	assert.Equal(t, first.Version, again.Version)
	assert.Equal(t, first.ImportReport, again.ImportReport)
	assert.Len(t, changesOf(t, st), 2)

	t.Run("the same key for another write is refused", func(t *testing.T) {
		other := create
		other.Change.Put.People = []graph.Person{{ID: "dy", Name: "Dy", Active: true}}
		_, err := st.Write(ctx, other)
		require.Error(t, err)
		assert.Equal(t, graph.CodeBadInput, graph.ErrorCode(err))
	})
	t.Run("a key longer than 256 bytes is refused", func(t *testing.T) {
		long := create
		long.IdempotencyKey = strings.Repeat("k", 257)
		_, err := st.Write(ctx, long)
		var bad *graph.Error
		require.ErrorAs(t, err, &bad)
		assert.Equal(t, graph.CodeBadInput, bad.Code)
		assert.Equal(t, "idempotencyKey", bad.Problems[0].Path)
	})
	t.Run("keys belong to their principal", func(t *testing.T) {
		other := create
		other.Principal = graph.Principal{Name: "someone else", Role: graph.AdminRole}
		_, err := st.Write(ctx, other)
		require.Error(t, err, "another principal's key is a new write: creating cy again")
		assert.Equal(t, graph.CodeBadInput, graph.ErrorCode(err))
	})
}

func TestDeletionGuard(t *testing.T) {
	st := testneo4j.Store(t)
	ctx := context.Background()
	demo, err := seed.Demo()
	require.NoError(t, err)
	_, err = st.Import(ctx, demo, graph.ImportReplace, nil)
	require.NoError(t, err)
	emptyReplace := graph.WriteRequest{Replace: true, Via: graph.ViaImport, Principal: hrSync, Guard: true}

	holdOne := func(t *testing.T) string {
		t.Helper()
		before := len(changesOf(t, st))
		_, err := st.Write(ctx, emptyReplace)
		require.Error(t, err)
		var held *graph.Error
		require.ErrorAs(t, err, &held)
		require.Equal(t, graph.CodeHeld, held.Code)
		id, _ := held.Details["pendingWrite"].(string)
		require.NotEmpty(t, id)
		org, err := st.ReadOrg(ctx)
		require.NoError(t, err)
		assert.True(t, graph.Diff(demo, org).Empty(), "a held write changes nothing")
		assert.Len(t, changesOf(t, st), before, "a held write records no change")
		return id
	}

	t.Run("an empty REPLACE by hr is held and listed", func(t *testing.T) {
		id := holdOne(t)
		pending, err := st.PendingWrites(ctx)
		require.NoError(t, err)
		require.Len(t, pending, 1)
		pw := pending[0]
		assert.Equal(t, id, pw.ID)
		assert.Equal(t, hrSync, pw.Principal)
		assert.True(t, pw.Replace)
		assert.Equal(t, len(demo.People)+len(demo.Teams)+len(demo.Memberships)+len(demo.Matters)+len(demo.Mandates)+len(demo.Touchpoints), pw.Report.Deleted)
		assert.Equal(t, 10, pw.Limit, "5 % of the demo's people is under the floor of 10")
		require.NoError(t, st.RejectWrite(ctx, id))
	})

	t.Run("reject drops it", func(t *testing.T) {
		id := holdOne(t)
		require.NoError(t, st.RejectWrite(ctx, id))
		pending, err := st.PendingWrites(ctx)
		require.NoError(t, err)
		assert.Empty(t, pending)
		_, err = st.ApproveWrite(ctx, id, "")
		assert.Equal(t, graph.CodeNotFound, graph.ErrorCode(err))
	})

	t.Run("only an admin may approve", func(t *testing.T) {
		id := holdOne(t)
		_, err := st.ApproveWrite(graph.NewContextWithPrincipal(ctx, hrSync), id, "")
		assert.Equal(t, graph.CodeForbidden, graph.ErrorCode(err))
		require.NoError(t, st.RejectWrite(graph.NewContextWithPrincipal(ctx, hrSync), id), "its own principal may withdraw it")
	})

	t.Run("approval after the org moved on is a conflict", func(t *testing.T) {
		id := holdOne(t)
		_, err := st.Apply(ctx, graph.Change{Put: graph.Snapshot{Matters: []graph.Matter{{ID: "m-new", Name: "New"}}}})
		require.NoError(t, err)
		_, err = st.ApproveWrite(graph.NewContextWithPrincipal(ctx, admin), id, "")
		assert.Equal(t, graph.CodeConflict, graph.ErrorCode(err))
		require.NoError(t, st.RejectWrite(ctx, id))
		_, err = st.Apply(ctx, graph.Change{Remove: graph.Removal{Matters: []string{"m-new"}}})
		require.NoError(t, err)
	})

	t.Run("approve applies it, recorded as the requester's, approved by the admin", func(t *testing.T) {
		id := holdOne(t)
		out, err := st.ApproveWrite(graph.NewContextWithPrincipal(ctx, admin), id, "")
		require.NoError(t, err)
		org, err := st.ReadOrg(ctx)
		require.NoError(t, err)
		assert.Empty(t, org.People)
		c := changesOf(t, st)[0]
		assert.Equal(t, out.ChangeID, c.ID)
		assert.Equal(t, hrSync, c.Principal)
		require.NotNil(t, c.ApprovedBy)
		assert.Equal(t, admin, *c.ApprovedBy)
		pending, err := st.PendingWrites(ctx)
		require.NoError(t, err)
		assert.Empty(t, pending, "an approved write is no longer pending")
	})

	t.Run("an admin's write is not held", func(t *testing.T) {
		_, err := st.Import(ctx, demo, graph.ImportReplace, nil)
		require.NoError(t, err)
		w := emptyReplace
		w.Principal = admin
		out, err := st.Write(ctx, w)
		require.NoError(t, err)
		assert.NotEmpty(t, out.ChangeID)
	})
}

func TestRevertChange(t *testing.T) {
	st := testneo4j.Store(t)
	ctx := context.Background()
	snap := decode(t, smallOrg)
	_, err := st.Import(ctx, snap, graph.ImportReplace, nil)
	require.NoError(t, err)
	renamed, err := st.Write(ctx, graph.WriteRequest{Change: graph.Change{
		Put:    graph.Snapshot{People: []graph.Person{{ID: "ann", Name: "Ann L", Manager: ptr("ceo"), Active: true}}},
		Remove: graph.Removal{Memberships: []graph.Membership{{Person: "bo", Team: "squad"}}},
	}, Via: graph.ViaMutation, Principal: admin})
	require.NoError(t, err)

	out, err := st.RevertChange(ctx, renamed.ChangeID, version(2), "")
	require.NoError(t, err)
	org, err := st.ReadOrg(ctx)
	require.NoError(t, err)
	assert.True(t, graph.Diff(snap, org).Empty(), "the revert gives back the org before the change")
	c := changesOf(t, st)[0]
	assert.Equal(t, out.ChangeID, c.ID)
	assert.Equal(t, graph.ViaRevert, c.Via)
	require.NotNil(t, c.Reverts)
	assert.Equal(t, renamed.ChangeID, *c.Reverts)

	t.Run("reverting it again conflicts: its entities have changed since", func(t *testing.T) {
		_, err := st.RevertChange(ctx, renamed.ChangeID, nil, "")
		var conflict *graph.Error
		require.ErrorAs(t, err, &conflict)
		assert.Equal(t, graph.CodeConflict, conflict.Code)
		assert.ElementsMatch(t, []map[string]string{{"type": "PERSON", "id": "ann"}, {"type": "MEMBERSHIP", "id": "bo/squad"}}, conflict.Details["entities"])
	})
	t.Run("an unknown change is not found", func(t *testing.T) {
		_, err := st.RevertChange(ctx, "nope", nil, "")
		assert.Equal(t, graph.CodeNotFound, graph.ErrorCode(err))
	})
	t.Run("a stale ifVersion is a conflict", func(t *testing.T) {
		_, err := st.RevertChange(ctx, out.ChangeID, version(1), "")
		assert.Equal(t, graph.CodeConflict, graph.ErrorCode(err))
	})
}

func TestLargeChangesAreKeptInBlocks(t *testing.T) {
	cases := []struct {
		name string
		org  func() *graph.Snapshot
	}{
		{"more entries than a block holds", func() *graph.Snapshot {
			var doc bytes.Buffer
			require.NoError(t, seed.Synth(&doc, seed.SynthOptions{People: 600, Seed: 7}))
			snap, err := graph.DecodeSnapshot(&doc)
			require.NoError(t, err)
			return snap
		}},
		{"ids too long for one block's keys", func() *graph.Snapshot {
			snap := &graph.Snapshot{}
			for i := range 300 {
				id := fmt.Sprintf("%s-%03d", strings.Repeat("p", 240), i)
				snap.People = append(snap.People, graph.Person{ID: id, Name: "P", Active: true})
			}
			return snap
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := testneo4j.Store(t)
			ctx := context.Background()
			org := c.org()
			out, err := st.Write(ctx, graph.WriteRequest{Change: graph.Change{Put: *org}, Replace: true, Via: graph.ViaImport, Principal: admin})
			require.NoError(t, err)
			change := changesOf(t, st)[0]
			entries := entriesOf(t, st, change)
			require.Len(t, entries, out.Created)
			for i, e := range entries {
				require.Equal(t, i, e.Seq, "entries in order, none twice, none missing")
			}

			last := org.People[len(org.People)-1].ID
			found, err := st.Changes(ctx, store.ChangeFilter{Entity: &last}, graph.Page{First: 10})
			require.NoError(t, err)
			require.Len(t, found.Items, 1, "the change of an entity in its last block")
			assert.Equal(t, change.ID, found.Items[0].ID)

			_, err = st.RevertChange(ctx, change.ID, nil, "")
			require.NoError(t, err)
			after, err := st.ReadOrg(ctx)
			require.NoError(t, err)
			assert.Empty(t, after.People, "the revert read every block")
		})
	}
}

// changes(entity:) finds a change by any entity it touched, a membership's
// person and team included, whichever way the change keeps its keys: as
// key nodes (up to store.KeyNodesMax keys) or in its blocks' indexed text.
func TestChangesOfAnEntityEitherSideOfKeyNodesMax(t *testing.T) {
	for _, keys := range []int{1, store.KeyNodesMax, store.KeyNodesMax + 1} {
		t.Run(fmt.Sprintf("%d keys", keys), func(t *testing.T) {
			st := testneo4j.Store(t)
			ctx := context.Background()
			// A team and its membership are three keys; the rest are people.
			org := &graph.Snapshot{Teams: []graph.Team{{ID: "t", Name: "T", Kind: graph.TeamKindTeam}}}
			for i := range keys - 2 {
				org.People = append(org.People, graph.Person{ID: fmt.Sprintf("p%03d", i), Name: "P", Active: true})
			}
			if keys > 2 {
				org.Memberships = []graph.Membership{{Person: "p000", Team: "t", Role: graph.RoleMember}}
			} else {
				org.Teams = nil
				org.People = []graph.Person{{ID: "p000", Name: "P", Active: true}}
			}
			_, err := st.Write(ctx, graph.WriteRequest{Change: graph.Change{Put: *org}, Via: graph.ViaImport, Principal: admin})
			require.NoError(t, err)
			rename := org.People[0]
			rename.Name = "Q"
			_, err = st.Write(ctx, graph.WriteRequest{Change: graph.Change{Put: graph.Snapshot{People: []graph.Person{rename}}}, Via: graph.ViaMutation, Principal: admin})
			require.NoError(t, err)

			ids := []string{"p000", org.People[len(org.People)-1].ID}
			if keys > 2 {
				ids = append(ids, "t", "p000/t")
			}
			for _, id := range ids {
				found, err := st.Changes(ctx, store.ChangeFilter{Entity: &id}, graph.Page{First: 10})
				require.NoError(t, err)
				want := 1
				if id == "p000" {
					want = 2 // the import and the rename
				}
				assert.Len(t, found.Items, want, "the changes of %s", id)
				assert.Equal(t, want, found.Total, "the count of the changes of %s", id)
			}
			none := "p0"
			found, err := st.Changes(ctx, store.ChangeFilter{Entity: &none}, graph.Page{First: 10})
			require.NoError(t, err)
			assert.Empty(t, found.Items, "a prefix of an id is no key")
		})
	}
}

// The lengths of ids and names are the store's configuration
// (ORGNET_MAX_ID_LENGTH, ORGNET_MAX_NAME_LENGTH), on every write.
func TestConfiguredLengthsBoundEveryWrite(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name        string
		limits      graph.Limits
		person      graph.Person
		wantProblem string // "" when the write is taken
	}{
		{"the defaults take a 256-character id", graph.Limits{}, graph.Person{ID: strings.Repeat("i", 256), Name: "Ada"}, ""},
		{"the defaults refuse a 257-character id", graph.Limits{}, graph.Person{ID: strings.Repeat("i", 257), Name: "Ada"}, "at most 256"},
		{"a configured id length is the bound", graph.Limits{MaxIDLength: 5}, graph.Person{ID: "p-123", Name: "Ada"}, ""},
		{"an id over the configured length is refused", graph.Limits{MaxIDLength: 5}, graph.Person{ID: "p-1234", Name: "Ada"}, "at most 5"},
		{"a name over the configured length is refused", graph.Limits{MaxNameLength: 3}, graph.Person{ID: "p1", Name: "Adam"}, "at most 3"},
		{"a longer configured name length takes more than the default", graph.Limits{MaxNameLength: 2000}, graph.Person{ID: "p1", Name: strings.Repeat("a", 1500)}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := testneo4j.StoreWith(t, store.Config{Limits: c.limits})
			_, err := st.Write(ctx, graph.WriteRequest{
				Change: graph.Change{Put: graph.Snapshot{People: []graph.Person{c.person}}},
				Via:    graph.ViaMutation, Principal: admin,
			})
			if c.wantProblem == "" {
				require.NoError(t, err)
				return
			}
			var refused *graph.Error
			require.ErrorAs(t, err, &refused)
			require.Equal(t, graph.CodeBadInput, refused.Code)
			require.Len(t, refused.Problems, 1)
			assert.Contains(t, refused.Problems[0].Message, c.wantProblem)
			assert.Empty(t, changesOf(t, st), "a refused write records nothing")
		})
	}
}
