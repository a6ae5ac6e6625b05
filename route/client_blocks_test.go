package route

import (
	"fmt"
	"testing"
)

// blockSizes returns the capacities of b's blocks, in order.
func blockSizes[T any](b *blocks[T]) []int {
	var out []int
	for _, blk := range append(b.done, b.cur) {
		out = append(out, cap(blk))
	}
	return out
}

// TestBlocksBounded checks doc.go's "allocated in blocks of up to 256 (up
// to 8 for Links and Routes)": a list's blocks grow to 256 values, those
// of an iterator (as stream makes them) stay at 8, and pointers hands out
// every value in order.
func TestBlocksBounded(t *testing.T) {
	var b blocks[Route]
	for i := range 1000 {
		b.next().Priority = uint32(i)
	}
	if got, want := blockSizes(&b), []int{8, 16, 32, 64, 128, 256, 256, 256}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("a list of 1000 values in blocks of %v, want %v", got, want)
	}
	for i, r := range b.pointers() {
		if r.Priority != uint32(i) {
			t.Fatalf("value %d is %d", i, r.Priority)
		}
	}

	s := blocks[Route]{max: blockMin, forget: true} // as stream has them
	for range 100 {
		s.next()
		if cap(s.cur) > 8 {
			t.Fatalf("an iterator's block holds %d values, want at most 8", cap(s.cur))
		}
	}
	if len(s.done) != 0 {
		t.Errorf("an iterator's blocks keeps %d full blocks, want none", len(s.done))
	}
}
