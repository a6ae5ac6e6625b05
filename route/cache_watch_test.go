package route

import (
	"testing"

	"github.com/nltag/go-netlink/netlink"
)

// TestWatcherMerges feeds a watcher's queue without a kernel: changes of one
// object merge while they wait, an object that came and went leaves
// nothing, consecutive resyncs merge, and the queue stays as long as the
// number of objects however many changes it takes.
func TestWatcherMerges(t *testing.T) {
	w := &watcher{pos: make(map[any]int), wake: make(chan struct{}, 1)}
	link := func(i netlink.IfIndex, mtu uint32) *Link { return &Link{Index: i, MTU: mtu} }
	push := func(old, new *Link) {
		ch := Change{Kind: CacheLinks}
		if old != nil {
			ch.Old = old
		}
		if new != nil {
			ch.New = new
		}
		w.push(ch, cacheKey(ch))
	}
	a1, a2 := link(1, 1000), link(1, 1100)
	push(nil, a1)
	push(a1, a2) // add then update: one add of the latest
	b := link(2, 1000)
	push(nil, b)
	push(b, nil) // came and went: nothing
	c0, c1 := link(3, 1000), link(3, 1200)
	push(c0, c1)
	push(c1, nil) // update then delete: a delete of the state first seen
	w.push(Change{Op: ChangeResync, Resync: true}, nil)
	w.push(Change{Op: ChangeResync, Resync: true}, nil)
	for i := range 1000 {
		push(a2, link(1, uint32(i))) // all merge into the one waiting add
	}
	var got []Change
	for ch, ok := w.pop(); ok; ch, ok = w.pop() {
		got = append(got, ch)
	}
	if len(got) != 3 {
		t.Fatalf("%d changes, want an add, a delete and a resync: %+v", len(got), got)
	}
	if got[0].Op != ChangeAdd || got[0].New.(*Link).MTU != 999 {
		t.Errorf("first %+v, want the add of link 1 with its last MTU", got[0])
	}
	if got[1].Op != ChangeDelete || got[1].Old != c0 {
		t.Errorf("second %+v, want the delete of link 3 with the state first seen", got[1])
	}
	if got[2].Op != ChangeResync {
		t.Errorf("third %+v, want one resync", got[2])
	}

	// Many objects, consumed in part while more arrive: order kept across
	// compactions, and merged entries found where they moved.
	next := 0
	for i := range 3000 {
		push(nil, link(netlink.IfIndex(100+i), 0))
		if i%3 == 2 {
			ch, ok := w.pop()
			if !ok || ch.New.(*Link).Index != netlink.IfIndex(100+next) {
				t.Fatalf("pop %d: %+v, want link %d", next, ch, 100+next)
			}
			next++
		}
		if i%7 == 0 && i > 0 {
			// An update of a waiting object merges into its entry.
			k := netlink.IfIndex(100 + i - 1)
			push(link(k, 0), link(k, 7))
		}
	}
	if n := len(w.q) - w.head; n > 2000 || len(w.pos) != n {
		t.Errorf("%d entries waiting, %d positions; want at most 2000, one each", n, len(w.pos))
	}
	for ch, ok := w.pop(); ok; ch, ok = w.pop() {
		if l := ch.New.(*Link); l.Index != netlink.IfIndex(100+next) || ch.Op != ChangeAdd {
			t.Fatalf("pop %d: %+v, want the add of link %d", next, ch, 100+next)
		} else if (int(l.Index)-100+1)%7 == 0 && l.MTU != 7 {
			t.Errorf("link %d: MTU %d, want the merged update's 7", l.Index, l.MTU)
		}
		next++
	}
	if next != 3000 {
		t.Errorf("%d links popped, want 3000", next)
	}
}
