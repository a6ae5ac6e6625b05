package route

import (
	"context"
	"fmt"
	"iter"
	"sync"
)

// ChangeOp says what a Change did.
type ChangeOp uint8

// The operations.
const (
	// ChangeAdd: an object appeared (Old is nil).
	ChangeAdd ChangeOp = iota + 1
	// ChangeUpdate: an object changed (Old and New hold both states).
	ChangeUpdate
	// ChangeDelete: an object went away (New is nil).
	ChangeDelete
	// ChangeResync: the kernel dropped events, and the Cache listed
	// everything again. The changes it found follow, with Resync set.
	ChangeResync
)

// String names the operation, as "add".
func (op ChangeOp) String() string {
	switch op {
	case ChangeAdd:
		return "add"
	case ChangeUpdate:
		return "update"
	case ChangeDelete:
		return "delete"
	case ChangeResync:
		return "resync"
	}
	return fmt.Sprintf("ChangeOp(%d)", uint8(op))
}

// Change is a change of a Cache's content: an object's state before and
// after, each a *Link, *Address, *Route or *Neighbour, or nil where the
// object did not exist.
type Change struct {
	Op   ChangeOp
	Kind CacheKind // 0 for ChangeResync
	Old  any
	New  any
	// Resync is set on the changes a resync found: the kernel's events
	// about them were lost.
	Resync bool
}

// cacheKey returns the identity of the object a change is about, or nil for
// a resync.
func cacheKey(ch Change) any {
	v := ch.New
	if v == nil {
		v = ch.Old
	}
	switch v := v.(type) {
	case *Link:
		return keyOfLink(v)
	case *Address:
		return keyOfAddr(v)
	case *Route:
		return keyOfRoute(v)
	case *Neighbour:
		return keyOfNeigh(v)
	}
	return nil
}

// Watch returns the Cache's content now and the changes from then on, in
// order: applying them to the snapshot gives the Cache's content at any
// later moment, the very objects it holds. The changes end when ctx ends or
// the Cache stops (at once for a nil ctx); Err tells whether it failed.
//
// The Cache never waits for a watcher. While one falls behind, the changes
// waiting for it merge per object (the state it last saw as Old, the latest
// as New; an object that came and went leaves nothing), so memory stays
// bounded by the number of objects and no change is lost.
func (c *Cache) Watch(ctx context.Context) (*CacheSnapshot, iter.Seq[Change]) {
	if ctx == nil {
		return c.Snapshot(), func(func(Change) bool) {}
	}
	w := &watcher{pos: make(map[any]int), wake: make(chan struct{}, 1)}
	c.mu.Lock()
	snap := c.state.snapshot()
	c.watchers[w] = struct{}{}
	c.mu.Unlock()
	unwatch := func() {
		c.mu.Lock()
		delete(c.watchers, w)
		c.mu.Unlock()
	}
	stop := context.AfterFunc(ctx, unwatch)
	return snap, func(yield func(Change) bool) {
		defer stop()
		defer unwatch()
		for {
			for ch, ok := w.pop(); ok; ch, ok = w.pop() {
				if !yield(ch) {
					return
				}
			}
			select {
			case <-w.wake:
			case <-ctx.Done():
				return
			case <-c.done:
				for ch, ok := w.pop(); ok; ch, ok = w.pop() {
					if !yield(ch) {
						return
					}
				}
				return
			}
		}
	}
}

// emitter returns the function that hands a change to the watchers.
// The caller holds c.mu.
func (c *Cache) emitter() emit { return c.emitLocked }

func (c *Cache) emitLocked(ch Change) {
	if len(c.watchers) == 0 {
		return
	}
	key := cacheKey(ch)
	for w := range c.watchers {
		w.push(ch, key)
	}
}

// emitResync tells the watchers that a resync begins.
func (c *Cache) emitResync() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.emitLocked(Change{Op: ChangeResync, Resync: true})
}

// watcher is the queue of changes one Watch has not yet yielded, merged
// per object.
type watcher struct {
	mu   sync.Mutex
	q    []pending
	head int
	pos  map[any]int // an object's entry in q
	wake chan struct{}
}

type pending struct {
	Change
	key  any
	dead bool
}

func (w *watcher) push(ch Change, key any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch i, ok := w.pos[key]; {
	case key == nil:
		if n := len(w.q); n > w.head && w.q[n-1].key == nil && !w.q[n-1].dead {
			break // the resync already waiting says it
		}
		w.q = append(w.q, pending{Change: ch})
	case ok:
		p := &w.q[i]
		p.New = ch.New
		p.Resync = p.Resync || ch.Resync
		// An update back to an equal state stays: the watcher's Old must
		// remain the object the Cache holds.
		if p.Old == nil && p.New == nil {
			p.dead = true
			delete(w.pos, key)
		}
	default:
		w.pos[key] = len(w.q)
		w.q = append(w.q, pending{Change: ch, key: key})
	}
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

func (w *watcher) pop() (Change, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.head < len(w.q) {
		p := w.q[w.head]
		w.q[w.head] = pending{}
		w.head++
		if p.dead {
			continue
		}
		if p.key != nil {
			delete(w.pos, p.key)
		}
		w.compact()
		ch := p.Change
		switch {
		case ch.Op == ChangeResync:
		case ch.Old == nil:
			ch.Op = ChangeAdd
		case ch.New == nil:
			ch.Op = ChangeDelete
		default:
			ch.Op = ChangeUpdate
		}
		return ch, true
	}
	w.compact()
	return Change{}, false
}

// compact moves the waiting entries to the front once half the queue is
// consumed.
func (w *watcher) compact() {
	if w.head < 64 || 2*w.head < len(w.q) {
		return
	}
	n := copy(w.q, w.q[w.head:])
	clear(w.q[n:])
	w.q = w.q[:n]
	for k, i := range w.pos {
		w.pos[k] = i - w.head
	}
	w.head = 0
}
