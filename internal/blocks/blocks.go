// Package blocks allocates the values of a dump in blocks rather than one
// by one: one allocation serves many values, and the garbage collector has
// fewer objects to track. The clients of route and sockdiag decode into
// them while a dump streams in.
package blocks

import (
	"cmp"
	"slices"
)

// Blocks hands out zero values of T from blocks that start small, for the
// many short dumps, and double up to Max values (0: MaxSize). A value kept
// alone keeps its block alive, which is why Max bounds them. A block holds
// as many values as the memory the allocator gives it has room for, which
// can be a few more than asked: a block of 256 values of 136 bytes
// (route.Route) takes five 8 KiB pages, room for 301, and the 45 more
// would otherwise be allocated and never used, 24 bytes per value.
type Blocks[T any] struct {
	// Max bounds a block's values (0: MaxSize).
	Max int
	// Forget drops full blocks: the caller holds what it was handed, and
	// Pointers is not called (an iterator's blocks).
	Forget bool

	done [][]T // full blocks, for Pointers
	cur  []T   // the block being filled; its length is the values handed out
	n    int   // values in all blocks
}

// Block sizes: the first, and the largest by default.
const (
	MinSize = 8
	MaxSize = 256
)

// Next returns a zero T for the next value.
func (b *Blocks[T]) Next() *T {
	if len(b.cur) == cap(b.cur) {
		size := MinSize
		if b.cur != nil {
			if !b.Forget {
				b.done = append(b.done, b.cur)
			}
			size = min(2*cap(b.cur), cmp.Or(b.Max, MaxSize))
		}
		// Grow rounds the capacity up to fill the allocation; the
		// values are zero, as make's.
		b.cur = slices.Grow([]T(nil), size)
	}
	b.cur = b.cur[:len(b.cur)+1]
	b.n++
	return &b.cur[len(b.cur)-1]
}

// Unread takes back the value Next returned last, for the next call.
func (b *Blocks[T]) Unread() {
	var zero T
	b.cur[len(b.cur)-1] = zero
	b.cur = b.cur[:len(b.cur)-1]
	b.n--
}

// Pointers returns a pointer to each value handed out, in order.
func (b *Blocks[T]) Pointers() []*T {
	out := make([]*T, 0, b.n)
	for _, blk := range append(b.done, b.cur) {
		for i := range blk {
			out = append(out, &blk[i])
		}
	}
	return out
}

// Sizes returns the capacities of the blocks, in order, for tests.
func (b *Blocks[T]) Sizes() []int {
	var out []int
	for _, blk := range append(b.done, b.cur) {
		out = append(out, cap(blk))
	}
	return out
}
