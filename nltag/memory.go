package nltag

import (
	"fmt"
	"math/bits"
	"reflect"
	"sync"
	"sync/atomic"
)

// Memory for the results of decoding: how values are allocated (carved
// from shared blocks and chunks, so that one allocation serves many
// messages), and the budget that keeps a call's allocations in proportion
// to its input.

// slab is the unused tail of a chunk of values of one type: the values
// after the used bytes of chunk. Taking one writes integers only, and the
// chunk pointer once a chunk: a pointer write costs a write barrier while
// the collector marks.
type slab struct {
	kind  *slabKind // of the values; nil in a free entry of decodeState.slabs
	chunk ptr
	used  uintptr
	left  int
	// paid is how many of the values left the call that began the chunk
	// (call, see decodeState.call) paid for when it did (see newChunk).
	paid int
	call uint32
}

// keep returns a copy of the n input bytes at off. Short runs are carved
// from the block, capped so that no two results can reach each other's
// bytes; a message keeps only the bytes its result needs, not all of it.
func (ds *decodeState) keep(off, n int) []byte {
	if n == 0 {
		return nil
	}
	var b []byte
	if n > maxBlock {
		b = make([]byte, n)
	} else {
		b = bytesAt(ds.block.take(uintptr(n), 1), n)
	}
	copy(b, ds.input[off:off+n])
	return b
}

// attrSlice returns n Attrs carved from a chunk that later structs and
// calls share, capped so that appends cannot reach past it.
func (ds *decodeState) attrSlice(n int) []Attr {
	if n > attrChunk/4 {
		return make([]Attr, n)
	}
	if len(ds.attrs) < n {
		ds.attrs = make([]Attr, attrChunk)
	}
	out := ds.attrs[:n:n]
	ds.attrs = ds.attrs[n:]
	return out
}

// Sizes of the chunks that results share. A result keeps its whole chunk
// alive, so they stay small: a dump's worth of messages spreads over many.
const (
	attrChunk = 32   // Attrs: the unknown attributes of a few messages
	wireChunk = 14   // the Wires of *Wire fields: with the allocator's header, 1,024 bytes
	blockSize = 4096 // bytes of pointees and Wire.Orders: a few links, hundreds of addresses
	maxBlock  = 512  // larger pointees are allocated alone
)

// alloc returns a new zero value of type t, allocated as k says.
func (ds *decodeState) alloc(k *allocKind, t reflect.Type) ptr {
	switch {
	case k.psize != 0:
		return ds.block.take(uintptr(k.psize), uintptr(k.palign))
	case k.slab != nil:
		sk := k.slab
		s := ds.slabOf(sk)
		if s.left == 0 {
			s.newChunk(ds, sk)
		} else if s.paid > 0 && s.call == ds.call {
			// Paid for from the spare budget when this call began the
			// chunk, and by the caller, who spent the value's size
			// before calling: once is enough.
			s.paid--
			ds.budget += int(sk.size)
		}
		p := at(s.chunk, s.used)
		s.used += sk.size
		if s.left--; s.left == 0 {
			s.chunk = nil // results alone keep it
		}
		return p
	}
	return reflect.New(t).UnsafePointer()
}

// slabOf returns the slab of sk's values. decodeState.slabs is a table
// of the types this state has decoded values of, open-addressed by
// slabKind.id (a power of two long, at most half full): its size follows
// the types used, not the number of types the program has planned, which
// a first call would otherwise pay for whatever it decodes.
func (ds *decodeState) slabOf(sk *slabKind) *slab {
	if m := len(ds.slabs) - 1; m >= 0 {
		for i := sk.id & m; ; i = (i + 1) & m {
			s := &ds.slabs[i]
			if s.kind == sk {
				return s
			}
			if s.kind == nil {
				break
			}
		}
	}
	return ds.addSlab(sk)
}

// addSlab adds an entry for sk's values to ds.slabs, which it first
// doubles when that would fill more than half of it.
func (ds *decodeState) addSlab(sk *slabKind) *slab {
	if 2*(ds.nslabs+1) > len(ds.slabs) {
		old := ds.slabs
		ds.slabs = make([]slab, max(8, 2*len(old)))
		for i := range old {
			if old[i].kind != nil {
				*ds.freeSlab(old[i].kind) = old[i]
			}
		}
	}
	ds.nslabs++
	s := ds.freeSlab(sk)
	s.kind = sk
	return s
}

// freeSlab returns the free entry of ds.slabs where sk's belongs.
func (ds *decodeState) freeSlab(sk *slabKind) *slab {
	m := len(ds.slabs) - 1
	i := sk.id & m
	for ds.slabs[i].kind != nil {
		i = (i + 1) & m
	}
	return &ds.slabs[i]
}

// newChunk begins a chunk of sk's values with room for the one its caller
// takes, which the caller paid for, and for later ones, of this call or of
// calls after it, which this call pays for from its spare budget: only as
// many as it allows. A type that points to many types with pointers would
// otherwise get a chunk of each (2 KiB) from a few bytes of empty nests.
// (From the spare budget, not the budget: values must not fail for want of
// room taken by chunks for values that may never come.)
func (s *slab) newChunk(ds *decodeState, sk *slabKind) {
	n := min(sk.n, 1+ds.spare/int(sk.size))
	ds.spare -= (n - 1) * int(sk.size)
	if n == sk.n {
		s.chunk = reflect.New(sk.arr).UnsafePointer()
	} else {
		s.chunk = reflect.MakeSlice(reflect.SliceOf(sk.arr.Elem()), n, n).UnsafePointer()
	}
	s.used, s.left, s.paid, s.call = 0, n, n-1, ds.call
}

// newWire returns a new zero Wire for a *Wire field, carved from a chunk
// of Wires that later structs and calls share (a Wire holds pointers, so
// it needs typed memory, not the block). The caller pays wireSize from the
// budget first.
func (ds *decodeState) newWire() *Wire {
	if len(ds.wires) == 0 {
		ds.wires = make([]Wire, wireChunk)
	}
	w := &ds.wires[0]
	ds.wires = ds.wires[1:]
	return w
}

// Decoding may allocate, for values that are not copies of input bytes,
// budgetFactor bytes per input byte and budgetSlack besides, and spare
// bytes for the unused values of the chunks it begins (spareFactor per
// input byte and spareSlack): what keeps memory in proportion to the input
// (16 bytes per byte and 16 KiB, with the copies, Wire.Order and scratch)
// when a type makes much of little.
const (
	budgetFactor = 12
	budgetSlack  = 8 << 10
	spareFactor  = 2
	spareSlack   = 4 << 10
)

func budgetFor(n int) int { return budgetFactor*n + budgetSlack }

// spend takes n values of size bytes from the budget, or fails with
// ErrMemory, before anything is allocated.
func (ds *decodeState) spend(n int, size uintptr, off int) error {
	hi, c := bits.Mul64(uint64(n), uint64(size))
	if hi != 0 || c > uint64(ds.budget) {
		return memoryErr(off, n, size)
	}
	ds.budget -= int(c)
	return nil
}

//go:noinline
func memoryErr(off, n int, size uintptr) error {
	return newErr(off, 0, fmt.Errorf("%w: %d values of %d bytes", ErrMemory, n, size))
}

// allocKind says where the decoder gets memory for a value of one type:
// pointer-free values are carved from its byte block (psize, palign), others
// from a chunk of values of the same type (slab), so that one allocation
// serves several messages; large values are allocated alone (both zero).
type allocKind struct {
	size   uintptr // of a value, for the budget
	psize  uint16
	palign uint8
	slab   *slabKind
}

// slabKind is a type whose values the decoder carves from chunks [n]T.
type slabKind struct {
	id   int          // the types' number, in the order they were planned: the key of a decoder's slabs
	arr  reflect.Type // [n]T
	size uintptr
	n    int
}

// Chunks of values with pointers hold at most maxSlab values, so that a
// result keeps little besides itself alive, and fit in slabBytes, a size
// class, with the header Go's allocator puts before an object of more than
// 512 bytes that holds pointers. Without room for it a chunk takes the next
// class: sixteen 128-byte Addresses, 2,048 bytes, took 2,304, 144 bytes a
// value where new(Address) takes 128; fifteen take 2,048.
const (
	slabBytes    = 2048
	maxSlab      = 15 // 15 values and the header fit in the class of 16
	mallocHeader = 8
)

var (
	slabMu    sync.Mutex
	slabKinds = map[reflect.Type]*slabKind{}
)

// allocFor chooses how the decoder allocates values of t.
func allocFor(t reflect.Type) allocKind {
	s := t.Size()
	if s == 0 {
		return allocKind{}
	}
	if s <= maxBlock && pointerFree(t) {
		return allocKind{size: s, psize: uint16(s), palign: uint8(t.Align())}
	}
	n := min((slabBytes-mallocHeader)/s, maxSlab)
	if n < 2 {
		return allocKind{size: s}
	}
	slabMu.Lock()
	defer slabMu.Unlock()
	k := slabKinds[t]
	if k == nil {
		k = &slabKind{id: len(slabKinds), arr: reflect.ArrayOf(int(n), t), size: s, n: int(n)}
		slabKinds[t] = k
	}
	return allocKind{size: s, slab: k}
}

// carvedDecoder returns internal/zeroed's Carved decoder of struct type
// t: it decodes data into a new zero value from the chunks alloc carves
// pointees from and returns its address. It returns nil when t's values
// are better allocated one by one: large ones (alloc would), and those
// that decode themselves (their hooks take the general path).
func carvedDecoder(t reflect.Type) func(data []byte) (ptr, error) {
	pt := reflect.PointerTo(t)
	if t.Kind() != reflect.Struct || pt.Implements(unmarshalType) || pt.Implements(fromType) {
		return nil
	}
	k := allocFor(t)
	if k.psize == 0 && k.slab == nil {
		return nil
	}
	// The plan is looked up at the first call, not now: types register
	// at init, before the sets they use may have.
	var root atomic.Pointer[field]
	return func(data []byte) (ptr, error) {
		rf := root.Load()
		if rf == nil {
			var err error
			if rf, err = typeField(t); err != nil {
				return nil, err
			}
			root.Store(rf)
		}
		ds := decodeStates.Get().(*decodeState)
		p := ds.alloc(&k, t)
		err := ds.decodeRoot(false, rf, p, data)
		decodeStates.Put(ds)
		return p, err
	}
}
