package nltag

import "unsafe"

// The codec reads and writes Go values through their addresses, with the
// offsets and types its plans record; these primitives are the only code
// of the package that uses package unsafe. Each is correct only under the
// condition its comment states, which the plans guarantee: an address is
// that of a value of the type the plan says, inside its allocation.

// ptr is the address of a Go value whose type a plan knows. It is an
// unsafe.Pointer: the garbage collector follows it.
type ptr = unsafe.Pointer

// at returns the address off bytes past p: a field of the struct at p, or
// an element of the array at p. It must stay inside p's allocation.
func at(p ptr, off uintptr) ptr { return unsafe.Add(p, off) }

// as returns p as a pointer to T. p must be the address of a T.
func as[T any](p ptr) *T { return (*T)(p) }

// pointerOf returns the pointer v holds, whose dynamic type must be a
// pointer type: the data word of the interface, which
// reflect.ValueOf(v).UnsafePointer() finds at some ten times the cost.
func pointerOf(v any) ptr { return (*[2]ptr)(unsafe.Pointer(&v))[1] }

// typeOf returns the type word of v: equal for two values exactly when
// their dynamic types are, nil for a nil interface. Comparing it costs a
// compare; comparing reflect.TypeOf's results, a call.
func typeOf(v any) ptr { return (*[2]ptr)(unsafe.Pointer(&v))[0] }

// ifaceNil reports whether the interface value at p, of any interface
// type, is nil: its first word, the type (or the itab of an interface
// with methods), is then nil, and only then.
func ifaceNil(p ptr) bool { return (*[2]ptr)(p)[0] == nil }

// uint16sAt returns the n uint16s from p on as a slice that shares them.
func uint16sAt(p ptr, n int) []uint16 { return unsafe.Slice((*uint16)(p), n) }

// bytesAt returns the n bytes from p on as a slice that shares them.
func bytesAt(p ptr, n int) []byte { return unsafe.Slice((*byte)(p), n) }

// stringOf returns b's bytes as a string that shares them: b must never
// change again (the decoder's copies of input bytes, carved for it).
func stringOf(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// sliceHeader is the memory layout of every Go slice, which lets the codec
// read and make slices of element types it knows only by size.
type sliceHeader struct {
	data     ptr
	len, cap int
}

// elem returns the address of element i of the slice h, whose elements
// are size bytes: i must be less than h.len.
func (h *sliceHeader) elem(i int, size uintptr) ptr { return unsafe.Add(h.data, uintptr(i)*size) }

// zeroMem reports whether the n bytes at p are all zero. A small value
// at an 8-aligned address (a message struct) is read as words, eight at a
// time, without a call; larger ones are compared with zeros by the
// runtime's vectorized memequal, some ten times fewer instructions than a
// loop over words.
func zeroMem(p ptr, n uintptr) bool {
	if n <= smallZero && uintptr(p)%8 == 0 {
		i := uintptr(0)
		for ; i+64 <= n; i += 64 {
			if w := (*[8]uint64)(unsafe.Add(p, i)); w[0]|w[1]|w[2]|w[3]|w[4]|w[5]|w[6]|w[7] != 0 {
				return false
			}
		}
		for ; i+8 <= n; i += 8 {
			if *(*uint64)(unsafe.Add(p, i)) != 0 {
				return false
			}
		}
		if i == n {
			return true
		}
		p, n = unsafe.Add(p, i), n-i // the last bytes, which make no word
	}
	for i := uintptr(0); i < n; i += uintptr(len(zeros)) {
		k := min(n-i, uintptr(len(zeros)))
		if unsafe.String((*byte)(unsafe.Add(p, i)), k) != unsafe.String(&zeros[0], k) {
			return false
		}
	}
	return true
}

// smallZero is the largest value zeroMem reads as words: the call to
// memequal costs more than its vectors save below it.
const smallZero = 256

var zeros [1024]byte

// attrSize, wireSize, sliceSize and decoderSize are the Go sizes of an
// Attr, a Wire, a slice header and a Decoder, for the memory budget.
const (
	attrSize    = unsafe.Sizeof(Attr{})
	wireSize    = unsafe.Sizeof(Wire{})
	sliceSize   = unsafe.Sizeof([]uint16(nil))
	decoderSize = unsafe.Sizeof(Decoder{})
)

// attrHeader returns the length and type of the attribute header at
// offset pos of b, which must hold pos+HeaderLen bytes: decodeAttrs checks
// that once, and reads many headers, whose per-index bounds checks would
// cost as much as the work itself.
func attrHeader(b []byte, pos int) (l int, typ uint16) {
	h := (*[HeaderLen]byte)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(b)), pos))
	return int(ne.Uint16(h[:])), ne.Uint16(h[2:])
}

// payload returns the payload of the attribute at offset pos of b, whose
// header says it is l bytes long: decodeAttrs checked that b holds them,
// which slicing would check again. An empty payload starts at its header,
// never past b's end, where a pointer would reach the next allocation.
func payload(b []byte, pos, l int) []byte {
	skip := HeaderLen
	if l == HeaderLen {
		skip = 0
	}
	n := l - HeaderLen
	// Made as a slice header: unsafe.Slice would check n and the
	// address again.
	return *(*[]byte)(unsafe.Pointer(&sliceHeader{unsafe.Add(unsafe.Pointer(unsafe.SliceData(b)), pos+skip), n, n}))
}

// A block is pointer-free memory handed out front to back, in which the
// decoder places values the garbage collector need not scan: one
// allocation serves many values, and since carving only moves forward, no
// two of them overlap.
type block struct {
	next ptr // the next free byte: nil once used up, never past the block's end
	left uintptr
}

// take returns size zero bytes aligned to a (a power of two, at most 8),
// starting a new block of blockSize bytes when this one has too few left.
// size is at most blockSize.
func (b *block) take(size, a uintptr) ptr {
	skip := -uintptr(b.next) & (a - 1) // 0 when the block is used up
	if b.left < skip+size {
		// An 8-aligned allocation without pointers suits every value.
		b.next, b.left, skip = unsafe.Pointer(unsafe.SliceData(make([]uint64, blockSize/8))), blockSize, 0
	}
	p := unsafe.Add(b.next, skip)
	if b.left -= skip + size; b.left > 0 {
		b.next = unsafe.Add(p, size)
	} else {
		b.next = nil
	}
	return p
}
