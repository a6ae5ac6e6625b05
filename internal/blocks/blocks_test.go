package blocks

import (
	"fmt"
	"testing"
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
