package nltag

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"reflect"
	"strconv"
	"sync"
	"unsafe"

	"github.com/nltag/go-netlink/internal/zeroed"
)

var ne = binary.NativeEndian

// UnmarshalOptions configures decoding. The zero value decodes tolerantly, as
// a client of a newer kernel must: undeclared attributes are kept (or skipped)
// and payloads longer than their value are accepted.
type UnmarshalOptions struct {
	// Strict rejects what the kernel's strict policies reject: attributes no
	// field declares, payloads of the wrong length and trailing bytes.
	Strict bool
}

func init() {
	zeroed.Unmarshal = func(data []byte, v any) error {
		ds := decodeStates.Get().(*decodeState)
		err := ds.unmarshal(UnmarshalOptions{}, data, v, true)
		decodeStates.Put(ds)
		return err
	}
	zeroed.NewDecoder = func() func(data []byte, v any) error {
		d := new(Decoder)
		return func(data []byte, v any) error { return d.ds.unmarshal(d.UnmarshalOptions, data, v, true) }
	}
}

// Unmarshal decodes data into the struct v points to, which it first resets
// to its zero value. data is a message body or attribute payload: the
// struct's header fields, then its attributes. The result does not alias
// data: strings and byte slices hold copies of their bytes.
func Unmarshal(data []byte, v any) error { return UnmarshalOptions{}.Unmarshal(data, v) }

// Unmarshal decodes data into v as the package-level Unmarshal does, with o's options.
func (o UnmarshalOptions) Unmarshal(data []byte, v any) error {
	ds := decodeStates.Get().(*decodeState)
	err := ds.unmarshal(o, data, v, false)
	decodeStates.Put(ds)
	return err
}

// A Decoder decodes one message after another, such as the bodies of a
// dump, each as Unmarshal would, at a lower cost per call: it keeps its
// scratch space and the plan of the last type between calls instead of
// taking them from a shared pool. Results never alias data, the Decoder or
// each other, and stay valid after later calls. The zero Decoder decodes
// with the zero UnmarshalOptions. A Decoder must not be used by several
// goroutines at once.
type Decoder struct {
	UnmarshalOptions
	ds decodeState
	// The Decoder an UnmarshalerFrom hook is given decodes inside the call
	// that reached the hook (outer), at the hook's depth.
	outer *decodeState
	depth int
}

// Unmarshal decodes data into the struct v points to, as the package-level
// Unmarshal does, with d's options. Given to an UnmarshalerFrom hook, it
// decodes inside the call that reached the hook: at its depth, under its
// memory bound, with its options; offsets in its errors count from the
// start of data.
func (d *Decoder) Unmarshal(data []byte, v any) error {
	if d.outer != nil {
		return d.outer.nested(d, data, v)
	}
	return d.ds.unmarshal(d.UnmarshalOptions, data, v, false)
}

type decodeState struct {
	strict bool
	input  []byte
	// budget is what the call may still allocate for values that are
	// not copies of input bytes: elements, pointees, sub-messages,
	// Attrs. A type with a large fixed part would otherwise make a
	// whole value of every empty attribute (see spend).
	budget int
	// Pointer-free memory (pointees, kept bytes, packed arrays), carved
	// forward across calls: the next free byte and how many follow it
	// (nil and 0 once used up, so that it never points past its chunk).
	block     unsafe.Pointer
	blockLeft uintptr
	slabs     []slab  // by slabKind.id: values with pointers, carved forward across calls
	attrs     []Attr  // Wire.Unknown storage, carved forward across calls
	scopes    []scope // the structs being decoded, outermost first

	hookDec   *Decoder     // given to UnmarshalerFrom hooks (see hook)
	lastType  reflect.Type // the pointer type of the previous call, its codec and the size of its values
	lastCodec *codec
	lastSize  uintptr

	// Scratch stacks: each struct appends from where its parent stood and
	// truncates back when done, so nesting never interleaves entries.
	tails  []Attr
	tailAt []int32 // the index in its struct's attributes of each tail's attribute
	// unknownAt holds the offsets of undeclared attributes in their list:
	// 4 bytes each, so that a hostile list of thousands grows it only in
	// proportion to its size, on a cold pool too.
	unknownAt []int32
	defs      []deferredAttr
}

// unmarshal decodes data into v; zero says v is known to hold its zero
// value (see internal/zeroed).
func (ds *decodeState) unmarshal(o UnmarshalOptions, data []byte, v any, zero bool) error {
	t := reflect.TypeOf(v)
	rv := reflect.ValueOf(v)
	c := ds.lastCodec
	if t != ds.lastType || t == nil { // dump loops decode one type over and over
		if t == nil || t.Kind() != reflect.Pointer {
			return fmt.Errorf("nltag: Unmarshal needs a non-nil pointer, not %T", v)
		}
		if _, ok := v.(UnmarshalerFrom); ok {
			if rv.IsNil() {
				return fmt.Errorf("nltag: Unmarshal needs a non-nil pointer, not %T", v)
			}
			ds.strict, ds.input, ds.budget = o.Strict, data, budgetFor(len(data))
			err := ds.hook(v, data, 0)
			ds.reset()
			return err
		}
		if u, ok := v.(Unmarshaler); ok {
			if rv.IsNil() {
				return fmt.Errorf("nltag: Unmarshal needs a non-nil pointer, not %T", v)
			}
			return u.UnmarshalNetlink(bytes.Clone(data))
		}
		if t.Elem().Kind() == reflect.Pointer {
			return fmt.Errorf("nltag: Unmarshal into %v, a pointer to a pointer: pass %v", t, t.Elem())
		}
		var err error
		if c, err = typeCodec(t.Elem()); err != nil {
			return err
		}
		ds.lastType, ds.lastCodec, ds.lastSize = t, c, t.Elem().Size()
	}
	p := rv.UnsafePointer()
	if p == nil {
		return fmt.Errorf("nltag: Unmarshal needs a non-nil pointer, not %T", v)
	}
	// Callers mostly pass fresh values (a dump's result slots); reading
	// them is cheaper than a typed clear of memory that is already zero.
	if !zero && !zeroMem(p, ds.lastSize) {
		rv.Elem().SetZero()
	}
	ds.strict, ds.input, ds.budget = o.Strict, data, budgetFor(len(data))
	err := ds.value(c, p, data, 0, 0, nil)
	ds.reset()
	if err != nil {
		return finish(err, t.Elem())
	}
	return nil
}

type scope struct {
	base unsafe.Pointer
	p    *plan
}

var decodeStates = sync.Pool{New: func() any { return new(decodeState) }}

// reset ends a call. The unused tails of the block and the slabs serve
// the next call: results hold memory only from their heads, so
// later carving cannot reach it.
func (ds *decodeState) reset() {
	ds.input, ds.scopes = nil, ds.scopes[:0]
	clear(ds.tails) // left over only after an error; drop references into the result
	ds.tails, ds.tailAt, ds.defs, ds.unknownAt = ds.tails[:0], ds.tailAt[:0], ds.defs[:0], ds.unknownAt[:0]
}

func (ds *decodeState) str(off int, b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	if len(b) == 0 {
		return ""
	}
	k := ds.keep(off, len(b))
	return unsafe.String(&k[0], len(k))
}

type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}

// decode fills the struct at base from data, found at offset off of the input.
func (p *plan) decode(ds *decodeState, base unsafe.Pointer, data []byte, off, depth int) error {
	if depth > MaxDepth {
		return newErr(off, 0, ErrDepth)
	}
	n := len(data)
	if n < p.fixedSize && (p.hasAttrs || ds.strict) {
		return newErr(off, 0, fmt.Errorf("%w: %d bytes for a %d-byte header", ErrShort, n, p.fixedSize))
	}
	ops := p.fixed
	if n < p.fixedSize {
		// A C struct from an older kernel, shorter than ours: fill the
		// fields it holds whole, field by field. A coalesced run that
		// reaches past the end would drop them all: the 192-byte
		// rtnl_link_stats64 of Linux 4.6 to 5.18 decoded as all zeros.
		ops = p.fine
	}
	for i := range ops {
		op := &ops[i]
		if int(op.wireOff)+op.width() <= n {
			op.decode(addr(base, op.goOff), data[op.wireOff:])
		}
	}
	if !p.hasAttrs {
		if ds.strict && n > p.fixedSize {
			return newErr(off+p.fixedSize, 0, ErrSize)
		}
		return nil
	}
	ds.scopes = append(ds.scopes, scope{base, p})
	err := p.decodeAttrs(ds, base, data, off, depth)
	ds.scopes = ds.scopes[:len(ds.scopes)-1]
	return err
}

func (op *fixedOp) width() int {
	if op.bytes {
		return int(op.n)
	}
	return int(op.size)
}

func (op *fixedOp) decode(dst unsafe.Pointer, b []byte) {
	if op.bytes {
		copy(unsafe.Slice((*byte)(dst), op.n), b)
		return
	}
	var v uint64
	switch op.size {
	case 1:
		v = uint64(b[0])
	case 2:
		v = uint64(ne.Uint16(b))
		if op.be {
			v = uint64(binary.BigEndian.Uint16(b))
		}
	case 4:
		v = uint64(ne.Uint32(b))
		if op.be {
			v = uint64(binary.BigEndian.Uint32(b))
		}
	case 8:
		v = ne.Uint64(b)
		if op.be {
			v = binary.BigEndian.Uint64(b)
		}
	}
	if op.isBool {
		v = min(v, 1)
	}
	storeInt(dst, op.size, v)
}

// noSlot is the slot of attribute numbers past a plan's slots. Never written.
var noSlot = slot{idx: -1}

// deferredAttr is an attribute decoded after the others because it needs a
// selector that may arrive later.
type deferredAttr struct {
	idx int
	pos int
}

func (p *plan) decodeAttrs(ds *decodeState, base unsafe.Pointer, data []byte, off, depth int) error {
	n := len(data)
	start := min(Align(p.fixedSize), n)
	var (
		fillBuf  [8]int32
		fill     []int32
		u0       = len(ds.unknownAt)
		t0       = len(ds.tails)
		lossless = p.unknownMode == unknownWire
		count    int // attributes, for Wire.Order
		d0       = len(ds.defs)
	)
	// On error the scratch is abandoned with the whole call; on success it
	// is truncated back to where this struct found it.
	if p.nMulti > 0 {
		var err error
		if fill, err = p.allocMulti(ds, base, data[start:], off+start, fillBuf[:]); err != nil {
			return err
		}
	}
	strict := ds.strict
	slots := p.slots
	// The loop reads headers and fixed-size payloads through pointers into
	// data, whose bounds it has checked once per attribute: the per-index
	// checks of slices cost as much as the work itself.
	dp := unsafe.Pointer(unsafe.SliceData(data))
	pos := start
	for pos+HeaderLen <= n {
		h := (*[HeaderLen]byte)(unsafe.Add(dp, pos))
		l := int(ne.Uint16(h[:]))
		typ := ne.Uint16(h[2:])
		num := typ & TypeMask
		if l < HeaderLen || l > n-pos {
			return lengthErr(off+pos, num, l, n-pos)
		}
		count++
		plen := l - HeaderLen
		s := &noSlot // read in place: copying a slot costs a spill per field
		if int(num) < len(slots) {
			s = &slots[num]
		}
		if s.idx >= 0 {
			used := -1 // what the value read of a payload that may hold a tail
			// The common case inline: a plain integer into a field of its size.
			if w := int(s.fast); w != 0 && w <= 8 && fits(plen, w, strict) {
				fp, v := addr(base, uintptr(s.off)), unsafe.Add(unsafe.Pointer(h), HeaderLen)
				switch w {
				case 1:
					*(*uint8)(fp) = *(*uint8)(v)
				case 2:
					*(*uint16)(fp) = ne.Uint16((*[2]byte)(v)[:])
				case 4:
					*(*uint32)(fp) = ne.Uint32((*[4]byte)(v)[:])
				default:
					*(*uint64)(fp) = ne.Uint64((*[8]byte)(v)[:])
				}
				used = w
			} else if w > 8 && (plen == 4 && w&fastIP4 != 0 || plen == 16 && w&fastIP16 != 0) {
				// An address of the usual length, inline too.
				fp, v := (*netip.Addr)(addr(base, uintptr(s.off))), unsafe.Add(unsafe.Pointer(h), HeaderLen)
				if plen == 4 {
					*fp = netip.AddrFrom4(*(*[4]byte)(v))
				} else {
					*fp = netip.AddrFrom16(*(*[16]byte)(v))
				}
			} else if s.deferred {
				ds.defs = append(ds.defs, deferredAttr{int(s.idx), pos})
			} else if f := &p.attrs[s.idx]; f.cont == direct {
				if err := ds.value(&f.c, addr(base, f.off), data[pos+HeaderLen:pos+l], off+pos+HeaderLen, depth, f); err != nil {
					return wrap(err, f.path, off+pos, num)
				}
				if lossless {
					used = f.used(base)
				}
			} else if f.cont == pointer {
				if err := ds.pointee(f, addr(base, f.off), data[pos+HeaderLen:pos+l], off+pos+HeaderLen, depth); err != nil {
					return wrap(err, f.path, off+pos, num)
				}
				if lossless {
					used = f.used(base)
				}
			} else if err := p.decodeField(ds, f, base, data[pos+HeaderLen:pos+l], off+pos+HeaderLen, depth, fill); err != nil {
				return wrap(err, f.path, off+pos, num)
			}
			if lossless && used >= 0 && plen > used {
				ds.addTail(typ, off+pos+HeaderLen+used, plen-used, count-1)
			}
		} else if strict {
			return p.unknownErr(off+pos, num)
		} else if p.unknownMode != 0 {
			ds.unknownAt = append(ds.unknownAt, int32(pos))
		}
		pos += Align(l)
	}
	if ds.strict && pos < n {
		return newErr(off+pos, 0, ErrTrailing)
	}
	for i := d0; i < len(ds.defs); i++ {
		d := ds.defs[i]
		f := &p.attrs[d.idx]
		l := int(ne.Uint16(data[d.pos:]))
		if err := p.decodeField(ds, f, base, data[d.pos+HeaderLen:d.pos+l], off+d.pos+HeaderLen, depth, fill); err != nil {
			return wrap(err, f.path, off+d.pos, f.attr)
		}
	}
	ds.defs = ds.defs[:d0]
	if p.unknownMode != 0 {
		if err := ds.spend(len(ds.unknownAt)-u0+len(ds.tails)-t0, attrSize, off); err != nil {
			return err
		}
		p.keepUnknown(ds, base, dp, off, start, count, u0, t0)
	}
	return nil
}

// used returns how many payload bytes field f of the struct at base read,
// the rest being a tail, or -1 if its payloads have no tails.
func (f *field) used(base unsafe.Pointer) int {
	switch f.tail {
	case tailString:
		return len(*(*string)(addr(base, f.off))) + 1
	case tailFixed:
		return int(f.wireLen)
	}
	return -1
}

// fits reports whether a payload of n bytes holds a value of w bytes: the
// one rule of strictness for fixed-size values. Exactly w, or when decoding
// tolerantly at least w, the rest being a tail (a newer kernel's wider
// value), which a Wire keeps.
func fits(n, w int, strict bool) bool { return n == w || n > w && !strict }

// sizeErr is the error of a payload of n bytes at off that does not fit
// a value of w bytes: ErrShort or (strict) ErrSize.
//
//go:noinline
func sizeErr(n, w, off int) error {
	if n < w {
		return shortErr(off, n, w)
	}
	return newErr(off, 0, ErrSize)
}

// addTail keeps the n bytes at offset off of the input, the tail of the
// struct's attribute number i.
func (ds *decodeState) addTail(typ uint16, off, n, i int) {
	ds.tails = append(ds.tails, Attr{Type: typ, Data: ds.keep(off, n)})
	ds.tailAt = append(ds.tailAt, int32(i))
}

// keepUnknown stores the unknown attributes of the list at dp, which
// starts at offset start of the struct's payload (offset off of the
// input) and whose offsets decodeAttrs recorded past u0 of unknownAt,
// into the struct's unknown field, and for a Wire the types of the count
// attributes that decodeAttrs validated: reading them again, from cache,
// costs less than recording each as it passes.
func (p *plan) keepUnknown(ds *decodeState, base, dp unsafe.Pointer, off, start, count, u0, t0 int) {
	var unk []Attr
	if at := ds.unknownAt[u0:]; len(at) > 0 {
		unk = ds.attrSlice(len(at))
		for i, pos := range at {
			h := (*[HeaderLen]byte)(unsafe.Add(dp, pos))
			unk[i] = Attr{Type: ne.Uint16(h[2:]), Data: ds.keep(off+int(pos)+HeaderLen, int(ne.Uint16(h[:]))-HeaderLen)}
		}
		ds.unknownAt = ds.unknownAt[:u0]
	}
	var order []uint16
	if p.unknownMode == unknownWire {
		order = []uint16{} // decoded, and empty: not the nil of a fresh value
		if count > 0 {
			order = ds.orderSlice(count)
			pos := start
			for i := range order {
				h := (*[HeaderLen]byte)(unsafe.Add(dp, pos))
				order[i] = ne.Uint16(h[2:])
				pos += Align(int(ne.Uint16(h[:])))
			}
		}
	}
	if p.unknownMode == unknownSlice {
		*(*[]Attr)(addr(base, p.unknownOff)) = unk
		return
	}
	w := (*Wire)(addr(base, p.unknownOff))
	// Storing nil over nil costs a write barrier while the GC marks, so
	// nil is stored only over something else. The outermost struct is
	// zero when decoding starts and its Wire is written only here: not
	// reading it spares a first touch of fresh memory (a dump's blocks).
	if unk != nil || len(ds.scopes) > 1 && w.Unknown != nil {
		w.Unknown = unk
	}
	var tails []Attr
	if len(ds.tails) > t0 {
		tails = ds.attrSlice(len(ds.tails) - t0)
		copy(tails, ds.tails[t0:])
		clear(ds.tails[t0:])
		ds.tails = ds.tails[:t0]
		at := len(ds.tailAt) - len(tails)
		tails = lastTails(tails, ds.tailAt[at:], order)
		ds.tailAt = ds.tailAt[:at]
	}
	if tails != nil || len(ds.scopes) > 1 && w.Tails != nil {
		w.Tails = tails
	}
	w.Order = order
}

// lastTails drops the tails of attributes that come again later in order:
// a repeat replaces the value, and the value is written once, with the
// tail of the attribute that gave it, if that one had any.
func lastTails(tails []Attr, at []int32, order []uint16) []Attr {
	out := tails[:0]
	for i, a := range tails {
		repeated := false
		for _, t := range order[at[i]+1:] {
			if t&TypeMask == a.Num() {
				repeated = true
				break
			}
		}
		if !repeated {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// allocMulti counts the attributes of each multi field so that each slice
// is allocated once at its final size, if the budget allows it; it returns
// the fill counters.
func (p *plan) allocMulti(ds *decodeState, base unsafe.Pointer, data []byte, off int, buf []int32) ([]int32, error) {
	counts := make([]int32, p.nMulti)
	for a, err := range Attrs(data) {
		if err != nil {
			break // the main loop reports it
		}
		if num := int(a.Num()); num < len(p.slots) && p.slots[num].idx >= 0 {
			if f := &p.attrs[p.slots[num].idx]; f.cont == multi {
				counts[f.multiIdx]++
			}
		}
	}
	for i := range p.attrs {
		f := &p.attrs[i]
		if c := int(counts[f.multiIdx]); f.cont == multi && c > 0 {
			if err := ds.spend(c, f.elemSize, off); err != nil {
				return nil, wrap(err, f.path, off, f.attr)
			}
		}
	}
	for i := range p.attrs {
		f := &p.attrs[i]
		if c := int(counts[f.multiIdx]); f.cont == multi && c > 0 {
			s := reflect.MakeSlice(f.typ, c, c)
			*(*sliceHeader)(addr(base, f.off)) = sliceHeader{s.UnsafePointer(), c, c}
		}
	}
	if p.nMulti <= len(buf) {
		clear(buf)
		return buf[:p.nMulti], nil
	}
	return make([]int32, p.nMulti), nil
}

func (p *plan) decodeField(ds *decodeState, f *field, base unsafe.Pointer, data []byte, off, depth int, fill []int32) error {
	fp := addr(base, f.off)
	switch f.cont {
	case direct:
		return ds.value(&f.c, fp, data, off, depth, f)
	case pointer:
		return ds.pointee(f, fp, data, off, depth)
	case multi:
		return ds.multiElem(f, fp, data, off, depth, fill)
	}
	return ds.indexed(f, fp, data, off, depth)
}

// pointee decodes the payload of pointer field f, whose pointer is at fp.
func (ds *decodeState) pointee(f *field, fp unsafe.Pointer, data []byte, off, depth int) error {
	np := *(*unsafe.Pointer)(fp)
	if np == nil {
		// spend, inline: one value of a Go type's size cannot overflow.
		if ds.budget -= int(f.alloc.size); ds.budget < 0 {
			return memoryErr(off, 1, f.alloc.size)
		}
	}
	if n := int(f.copyN); n != 0 && np == nil && fits(len(data), n, ds.strict) {
		// A C struct such as a stats block: one copy into carved memory.
		np = ds.carve(uintptr(f.alloc.psize), uintptr(f.alloc.palign))
		copy(unsafe.Slice((*byte)(np), n), data)
		*(*unsafe.Pointer)(fp) = np
		return nil
	}
	if w := int(f.c.fast); w != 0 && np == nil && fits(len(data), w, ds.strict) {
		// A pointer to a plain integer (the optional settings of link
		// kinds): carved and filled here, as direct fields are inline.
		np = ds.carve(uintptr(w), uintptr(w))
		switch w {
		case 1:
			*(*uint8)(np) = data[0]
		case 2:
			*(*uint16)(np) = ne.Uint16(data)
		case 4:
			*(*uint32)(np) = ne.Uint32(data)
		default:
			*(*uint64)(np) = ne.Uint64(data)
		}
		*(*unsafe.Pointer)(fp) = np
		return nil
	}
	if np == nil {
		np = ds.alloc(&f.alloc, f.c.typ)
	} else {
		// A repeated attribute replaces the value before it: reuse its
		// memory, so that a message repeating one attribute thousands
		// of times costs no more than its own size.
		reflect.NewAt(f.c.typ, np).Elem().SetZero()
	}
	if err := ds.value(&f.c, np, data, off, depth, f); err != nil {
		return err
	}
	*(*unsafe.Pointer)(fp) = np
	return nil
}

// multiElem decodes one attribute of multi field f into the next element
// of the slice at fp, which allocMulti sized.
func (ds *decodeState) multiElem(f *field, fp unsafe.Pointer, data []byte, off, depth int, fill []int32) error {
	sh := (*sliceHeader)(fp)
	i := int(fill[f.multiIdx])
	if i >= sh.len {
		return newErr(off, f.attr, errCountChanged)
	}
	fill[f.multiIdx]++
	if err := ds.value(&f.c, unsafe.Add(sh.data, uintptr(i)*f.elemSize), data, off, depth, f); err != nil {
		return wrap(err, indexSeg(i), off, f.attr)
	}
	return nil
}

// indexed decodes the nest of indexed field f into a new slice at fp.
func (ds *decodeState) indexed(f *field, fp unsafe.Pointer, data []byte, off, depth int) error {
	count := 0
	for _, err := range Attrs(data) {
		if err != nil {
			return wrap(err, "", off, f.attr)
		}
		count++
	}
	if count == 0 {
		return nil
	}
	if err := ds.spend(count, f.elemSize, off); err != nil {
		return err
	}
	s := reflect.MakeSlice(f.typ, count, count)
	*(*sliceHeader)(fp) = sliceHeader{s.UnsafePointer(), count, count}
	i, pos := 0, 0
	for a := range Attrs(data) {
		if err := ds.value(&f.c, unsafe.Add(s.UnsafePointer(), uintptr(i)*f.elemSize), a.Data, off+pos+HeaderLen, depth+1, f); err != nil {
			return wrap(err, indexSeg(i), off+pos, a.Num())
		}
		pos += Align(HeaderLen + len(a.Data))
		i++
	}
	return nil
}

// value decodes one payload into the value of c's type at p.
func (ds *decodeState) value(c *codec, p unsafe.Pointer, data []byte, off, depth int, f *field) error {
	k := c.kind
	switch k { // dense: a jump table
	case kU8, kU16, kU32, kU64, kS8, kS16, kS32, kS64, kBE16, kBE32, kBE64:
		w := k.width()
		if !fits(len(data), w, ds.strict) {
			return sizeErr(len(data), w, off)
		}
		c.storeWire(p, data, k, w)
	case kUint, kSint:
		w := len(data)
		if w != 1 && w != 2 && w != 4 && w != 8 {
			return widthErr(off, w)
		}
		c.storeWire(p, data, k, w)
	case kString:
		*(*string)(p) = ds.str(off, data)
	case kBytes, kEther:
		if c.array > 0 {
			if !fits(len(data), c.array, ds.strict) {
				return sizeErr(len(data), c.array, off)
			}
			copy(unsafe.Slice((*byte)(p), c.array), data)
		} else if len(data) == 0 {
			*(*[]byte)(p) = []byte{} // present but empty, unlike nil
		} else {
			*(*[]byte)(p) = ds.keep(off, len(data))
		}
	case kIP, kIPv4, kIPv6:
		var a netip.Addr
		switch {
		case k == kIPv4 && fits(len(data), 4, ds.strict), k == kIP && len(data) == 4:
			a = netip.AddrFrom4([4]byte(data))
		case k == kIPv6 && fits(len(data), 16, ds.strict), k == kIP && len(data) == 16:
			a = netip.AddrFrom16([16]byte(data))
		default:
			return addrErr(off, len(data), k == kIPv6 || (k == kIP && len(data) > 4) || len(data) < 4)
		}
		*(*netip.Addr)(p) = a
	case kFlag:
		if !fits(len(data), 0, ds.strict) {
			return sizeErr(len(data), 0, off)
		}
		*(*bool)(p) = true
	case kNested:
		return c.plan.decode(ds, p, data, off, depth+1)
	case kHook:
		v := reflect.NewAt(c.typ, p).Interface()
		var err error
		if _, ok := v.(UnmarshalerFrom); ok {
			err = ds.hook(v, data, depth)
		} else {
			err = v.(Unmarshaler).UnmarshalNetlink(ds.keep(off, len(data)))
		}
		if err != nil {
			return newErr(off, 0, err)
		}
	case kSub:
		return ds.sub(c, p, data, off, depth, f)
	case kPacked:
		es := int(c.esize)
		if len(data)%es != 0 {
			return packedErr(off, len(data), es)
		}
		n := len(data) / es
		if n == 0 {
			*(*sliceHeader)(p) = sliceHeader{}
			return nil
		}
		var dp unsafe.Pointer
		if len(data) <= maxBlock {
			dp = ds.carve(uintptr(len(data)), uintptr(es))
		} else {
			dp = reflect.MakeSlice(c.typ, n, n).UnsafePointer()
		}
		copy(unsafe.Slice((*byte)(dp), len(data)), data) // host order on both sides
		*(*sliceHeader)(p) = sliceHeader{dp, n, n}
	}
	return nil
}

// storeWire reads a w-byte integer of kind k and stores it in Go memory.
func (c *codec) storeWire(p unsafe.Pointer, data []byte, k kind, w int) {
	var v uint64
	be := k.bigEndian()
	switch w {
	case 1:
		v = uint64(data[0])
		if k.signedWire() {
			v = uint64(int64(int8(v)))
		}
	case 2:
		if be {
			v = uint64(binary.BigEndian.Uint16(data))
		} else {
			v = uint64(ne.Uint16(data))
		}
		if k.signedWire() {
			v = uint64(int64(int16(v)))
		}
	case 4:
		if be {
			v = uint64(binary.BigEndian.Uint32(data))
		} else {
			v = uint64(ne.Uint32(data))
		}
		if k.signedWire() {
			v = uint64(int64(int32(v)))
		}
	case 8:
		if be {
			v = binary.BigEndian.Uint64(data)
		} else {
			v = ne.Uint64(data)
		}
	}
	if c.isBool {
		*(*bool)(p) = v != 0
		return
	}
	storeInt(p, c.gsize, v)
}

func storeInt(p unsafe.Pointer, size uint8, v uint64) {
	switch size {
	case 1:
		*(*uint8)(p) = uint8(v)
	case 2:
		*(*uint16)(p) = uint16(v)
	case 4:
		*(*uint32)(p) = uint32(v)
	case 8:
		*(*uint64)(p) = v
	}
}

func loadInt(p unsafe.Pointer, size uint8, signed bool) uint64 {
	switch size {
	case 1:
		if signed {
			return uint64(int64(*(*int8)(p)))
		}
		return uint64(*(*uint8)(p))
	case 2:
		if signed {
			return uint64(int64(*(*int16)(p)))
		}
		return uint64(*(*uint16)(p))
	case 4:
		if signed {
			return uint64(int64(*(*int32)(p)))
		}
		return uint64(*(*uint32)(p))
	case 8:
		return *(*uint64)(p)
	}
	return 0
}

// selector finds the value that selects f's sub-message: in the struct being
// decoded, else in the enclosing ones, innermost first.
func (ds *decodeState) selector(f *field) (selValue, bool) {
	top := len(ds.scopes) - 1
	if f.sel != nil {
		return readSel(ds.scopes[top].base, f.sel)
	}
	for i := top - 1; i >= 0; i-- {
		s := ds.scopes[i]
		if r := s.p.byName[f.selName]; r != nil {
			return readSel(s.base, r)
		}
	}
	return selValue{}, false
}

func readSel(base unsafe.Pointer, r *selRef) (selValue, bool) {
	p := addr(base, r.off)
	if r.isStr {
		s := *(*string)(p)
		return selValue{isStr: true, s: s}, s != ""
	}
	return selValue{n: int64(loadInt(p, r.gsize, r.sign))}, true
}

func (ds *decodeState) sub(c *codec, p unsafe.Pointer, data []byte, off, depth int, f *field) error {
	sel, ok := ds.selector(f)
	var e *subEntry
	if ok {
		e = c.table.lookup(sel)
	}
	if e == nil {
		iface := reflect.NewAt(c.typ, p).Elem()
		if !rawType.AssignableTo(c.typ) {
			return newErr(off, 0, fmt.Errorf("no type in table %q for selector %q, and %v cannot hold nltag.Raw", c.tname, sel.String(), c.typ))
		}
		if err := ds.spend(1, rawType.Size(), off); err != nil { // the box
			return err
		}
		iface.Set(reflect.ValueOf(Raw(ds.keep(off, len(data)))))
		return nil
	}
	d := e.decoder(c.typ)
	if d == nil {
		return ds.subValue(c, p, data, off, depth, sel, e.t)
	}
	if d.bad {
		return subTypeErr(off, c, e.t, sel)
	}
	if d.err != nil {
		return d.err
	}
	// The field holds any (the usual case), read and written as one; or
	// another interface, through reflect.
	var iv reflect.Value
	var cur any
	if d.empty {
		cur = *(*any)(p)
	} else {
		iv = reflect.NewAt(c.typ, p).Elem()
		cur = iv.Interface()
	}
	var np unsafe.Pointer
	if reflect.TypeOf(cur) == d.ptr && reflect.ValueOf(cur).UnsafePointer() != nil {
		// A repeated attribute: reuse the value it replaces, as pointer
		// fields do.
		np = reflect.ValueOf(cur).UnsafePointer()
		reflect.NewAt(d.c.typ, np).Elem().SetZero()
	} else {
		if err := ds.spend(1, d.alloc.size, off); err != nil {
			return err
		}
		np = ds.alloc(&d.alloc, d.c.typ)
	}
	if err := ds.value(d.c, np, data, off, depth, nil); err != nil {
		return wrap(err, "("+sel.String()+")", off, 0)
	}
	v := reflect.NewAt(d.c.typ, np)
	if d.empty {
		*(*any)(p) = v.Interface()
	} else {
		iv.Set(v)
	}
	return nil
}

// subValue decodes a sub-message whose registered type t is not a pointer.
func (ds *decodeState) subValue(c *codec, p unsafe.Pointer, data []byte, off, depth int, sel selValue, t reflect.Type) error {
	if !t.AssignableTo(c.typ) {
		return subTypeErr(off, c, t, sel)
	}
	ec, err := typeCodec(t)
	if err != nil {
		return err
	}
	if err := ds.spend(1, t.Size(), off); err != nil {
		return err
	}
	nv := reflect.New(t)
	if err := ds.value(ec, nv.UnsafePointer(), data, off, depth, nil); err != nil {
		return wrap(err, "("+sel.String()+")", off, 0)
	}
	reflect.NewAt(c.typ, p).Elem().Set(nv.Elem())
	return nil
}

//go:noinline
func subTypeErr(off int, c *codec, t reflect.Type, sel selValue) error {
	return newErr(off, 0, fmt.Errorf("table %q selects %v for %q, which does not implement %v", c.tname, t, sel.String(), c.typ))
}

//go:noinline
func packedErr(off, n, es int) error {
	return newErr(off, 0, fmt.Errorf("%w: %d bytes are no array of %d-byte values", ErrSize, n, es))
}

// Error constructors stay out of line so that the decoding loop's frame
// stays small.

//go:noinline
func lengthErr(off int, num uint16, l, left int) error {
	return newErr(off, num, fmt.Errorf("%w: attribute length %d with %d bytes left", ErrLength, l, left))
}

//go:noinline
func (p *plan) unknownErr(off int, num uint16) error {
	return newErr(off, num, fmt.Errorf("%w %s", ErrUnknown, p.set.AttrName(num)))
}

var errCountChanged = errors.New("attribute count changed while decoding")

//go:noinline
func shortErr(off, got, want int) error {
	return newErr(off, 0, fmt.Errorf("%w: %d bytes for a %d-byte value", ErrShort, got, want))
}

//go:noinline
func widthErr(off, w int) error {
	return newErr(off, 0, fmt.Errorf("%w: %d bytes for a variable-width integer", ErrSize, w))
}

//go:noinline
func addrErr(off, n int, short bool) error {
	cause := ErrSize
	if short {
		cause = ErrShort
	}
	return newErr(off, 0, fmt.Errorf("%w: %d bytes are no address", cause, n))
}

//go:noinline
func indexSeg(i int) string { return "[" + strconv.Itoa(i) + "]" }

// hook calls the UnmarshalerFrom v with a Decoder that decodes inside this
// call at depth. One Decoder serves every hook of the call: a hook reached
// through another's decoding changes its depth, and puts it back.
func (ds *decodeState) hook(v any, data []byte, depth int) error {
	if ds.hookDec == nil {
		ds.hookDec = &Decoder{outer: ds}
	}
	d := ds.hookDec
	saved := d.depth
	d.depth, d.Strict = depth, ds.strict
	err := v.(UnmarshalerFrom).UnmarshalNetlinkFrom(d, data)
	d.depth = saved
	return err
}

// nested decodes data into v for the hook that was given d, inside the
// call under way: the scratch stacks go on from where the hook's caller
// left them, selectors do not reach past the hook, and the budget and
// depth go on.
func (ds *decodeState) nested(d *Decoder, data []byte, v any) error {
	t := reflect.TypeOf(v)
	rv := reflect.ValueOf(v)
	if t == nil || t.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("nltag: Unmarshal needs a non-nil pointer, not %T", v)
	}
	if t.Elem().Kind() == reflect.Pointer {
		return fmt.Errorf("nltag: Unmarshal into %v, a pointer to a pointer: pass %v", t, t.Elem())
	}
	if d.depth >= MaxDepth {
		return &Error{Type: t.Elem(), Err: ErrDepth}
	}
	if _, ok := v.(UnmarshalerFrom); ok {
		return ds.hook(v, data, d.depth+1)
	}
	c, err := typeCodec(t.Elem())
	if err != nil {
		return err
	}
	p := rv.UnsafePointer()
	if !zeroMem(p, t.Elem().Size()) {
		rv.Elem().SetZero()
	}
	input, scopes, strict := ds.input, ds.scopes, ds.strict
	tails, tailAt, defs, unknownAt := len(ds.tails), len(ds.tailAt), len(ds.defs), len(ds.unknownAt)
	ds.input, ds.scopes, ds.strict = data, ds.scopes[len(ds.scopes):], d.Strict
	err = ds.value(c, p, data, 0, d.depth, nil)
	ds.input, ds.scopes, ds.strict = input, scopes, strict
	if err != nil {
		// The hook may go on: what the failed decoding left on the
		// scratch stacks is not its caller's.
		clear(ds.tails[tails:])
		ds.tails, ds.tailAt, ds.defs, ds.unknownAt = ds.tails[:tails], ds.tailAt[:tailAt], ds.defs[:defs], ds.unknownAt[:unknownAt]
		return finish(err, t.Elem())
	}
	return nil
}
