package blocks

import (
	"fmt"
	"runtime"
	"testing"
	"unsafe"

	"github.com/nltag/go-netlink/internal/membound"
)

// TestBounded checks the doc claims of route and sockdiag, "allocated in
// blocks of up to 256 (up to 8 for iterators)": a list's blocks grow to 256
// values, those of an iterator stay at 8 and are not kept, and Pointers
// hands out every value in order.
func TestBounded(t *testing.T) {
	var b Blocks[int]
	for i := range 1000 {
		*b.Next() = i
	}
	if got, want := b.Sizes(), []int{8, 16, 32, 64, 128, 256, 256, 256}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("a list of 1000 values in blocks of %v, want %v", got, want)
	}
	for i, v := range b.Pointers() {
		if *v != i {
			t.Fatalf("value %d is %d", i, *v)
		}
	}

	s := Blocks[int]{Max: MinSize, Forget: true} // as iterators have them
	for range 100 {
		s.Next()
		if cap(s.cur) > 8 {
			t.Fatalf("an iterator's block holds %d values, want at most 8", cap(s.cur))
		}
	}
	if len(s.done) != 0 {
		t.Errorf("an iterator's blocks keeps %d full blocks, want none", len(s.done))
	}
}

// TestUnread checks that a value taken back is handed out again, zero.
func TestUnread(t *testing.T) {
	var b Blocks[int]
	*b.Next() = 1
	*b.Next() = 2
	b.Unread()
	if v := b.Next(); *v != 0 {
		t.Errorf("value after Unread is %d, want 0", *v)
	}
	if n := len(b.Pointers()); n != 2 {
		t.Errorf("%d values, want 2", n)
	}
}

// TestFilled checks that blocks use the memory they take: values of 136
// bytes (as route.Route's), kept, cost the heap no more than 2% over their
// size. Blocks of exactly 256 such values took 40 KiB for 34 KiB of
// values, 160 bytes per value.
func TestFilled(t *testing.T) {
	if membound.RaceEnabled {
		t.Skip("the race detector changes allocations")
	}
	type value struct {
		_ *int // values with pointers, as route.Route
		_ [128]byte
	}
	const n = 100_000
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	heap0 := ms.HeapAlloc
	var b Blocks[value]
	for range n {
		b.Next()
	}
	runtime.GC()
	runtime.ReadMemStats(&ms)
	per := float64(int64(ms.HeapAlloc)-int64(heap0)) / n
	runtime.KeepAlive(&b)
	if size := float64(unsafe.Sizeof(value{})); per > size*1.02 {
		t.Errorf("%.1f bytes of heap per %v-byte value kept", per, size)
	}
}
