package store_test

import (
	"bytes"
	"context"
	"net"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgnet/orgnet/graph"
	"github.com/orgnet/orgnet/graph/store"
	"github.com/orgnet/orgnet/internal/testneo4j"
)

// boltCommit is a Bolt COMMIT message as one chunk: its size (2), the
// message (a struct of no fields, signature 0x12) and the end marker.
var boltCommit = []byte{0x00, 0x02, 0xB0, 0x12, 0x00, 0x00}

// commitCutter is a TCP proxy to Neo4j that, once armed, lets the next
// COMMIT through and then cuts the connection when the database answers,
// so that the write commits but its answer is lost.
type commitCutter struct {
	l     net.Listener
	to    string
	armed atomic.Bool
	cut   atomic.Bool
}

func newCommitCutter(t *testing.T, to string) *commitCutter {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	c := &commitCutter{l: l, to: to}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			client, err := l.Accept()
			if err != nil {
				return
			}
			go c.serve(client)
		}
	}()
	return c
}

func (c *commitCutter) serve(client net.Conn) {
	server, err := net.Dial("tcp", c.to)
	if err != nil {
		client.Close()
		return
	}
	var once sync.Once
	closeBoth := func() { once.Do(func() { client.Close(); server.Close() }) }
	defer closeBoth()
	committing := atomic.Bool{}
	go func() {
		defer closeBoth()
		buf := make([]byte, 64<<10)
		for {
			n, err := client.Read(buf)
			if n > 0 {
				if c.armed.Load() && bytes.Contains(buf[:n], boltCommit) {
					c.armed.Store(false)
					committing.Store(true)
				}
				if _, werr := server.Write(buf[:n]); werr != nil {
					return
				}
			}
			if err != nil {
				return
			}
		}
	}()
	buf := make([]byte, 64<<10)
	for {
		n, err := server.Read(buf)
		if n > 0 && committing.Load() {
			c.cut.Store(true) // the database answered the commit: lose it
			return
		}
		if n > 0 {
			if _, werr := client.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func TestALostCommitAnswerIsOutcomeUnknownAndTheKeyTellsWhatHappened(t *testing.T) {
	direct := testneo4j.Store(t)
	ctx := context.Background()
	_, err := direct.Import(ctx, decode(t, smallOrg), graph.ImportReplace, nil)
	require.NoError(t, err)

	u, err := url.Parse(testneo4j.URI(t))
	require.NoError(t, err)
	cutter := newCommitCutter(t, u.Host)
	viaProxy, err := store.Open(store.Config{URI: "bolt://" + cutter.l.Addr().String()})
	require.NoError(t, err)
	defer viaProxy.Close(ctx)

	for _, given := range []string{"", "client-key"} {
		t.Run("key given: "+given, func(t *testing.T) {
			id := "cy" + given
			w := graph.WriteRequest{Change: graph.Change{Put: graph.Snapshot{People: []graph.Person{{ID: id, Name: "Cy", Active: true}}}, Presence: graph.MustBeNew},
				Via: graph.ViaMutation, Principal: admin, IdempotencyKey: given}
			before, err := direct.OrgVersion(ctx)
			require.NoError(t, err)

			cutter.armed.Store(true)
			_, err = viaProxy.Write(ctx, w)
			require.True(t, cutter.cut.Load(), "the proxy never saw the commit")
			cutter.cut.Store(false)
			var unknown *graph.Error
			require.ErrorAs(t, err, &unknown)
			require.Equal(t, graph.CodeOutcomeUnknown, unknown.Code, "%v", err)
			key, _ := unknown.Details["idempotencyKey"].(string)
			require.NotEmpty(t, key)
			if given != "" {
				assert.Equal(t, given, key)
			}

			// It did commit; sending it again with the key says so instead
			// of writing it twice (a second create would be BAD_INPUT).
			w.IdempotencyKey = key
			out, err := direct.Write(ctx, w)
			require.NoError(t, err)
			assert.True(t, out.Replayed)
			assert.Equal(t, before+1, out.Version)
			people, err := direct.People(ctx, []string{id})
			require.NoError(t, err)
			assert.Contains(t, people, id)
		})
	}
}
