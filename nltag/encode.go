package nltag

import (
	"encoding/binary"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
)

// Marshal returns the wire form of v: a struct (or pointer to one) is written
// as its header fields followed by its attributes; a Marshaler writes itself.
func Marshal(v any) ([]byte, error) {
	bp := encodeBufs.Get().(*[]byte)
	b, err := AppendMarshal((*bp)[:0], v)
	var out []byte
	if err == nil {
		out = append([]byte(nil), b...)
	}
	if cap(b) <= 1<<16 {
		*bp = b
		encodeBufs.Put(bp)
	}
	return out, err
}

// AppendMarshal appends the wire form of v to dst, as guile-netlink's
// serialize writes into a bytevector at a position, and returns the extended
// slice. Attribute and message alignment is relative to len(dst), which
// should itself be a multiple of 4.
func AppendMarshal(dst []byte, v any) ([]byte, error) {
	if e := rootOf(v); e != nil {
		if p := reflect.ValueOf(v).UnsafePointer(); p != nil {
			return encodeRoot(dst, e.f, p)
		}
	}
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return dst, fmt.Errorf("nltag: Marshal(nil)")
	}
	byPointer := rv.Kind() == reflect.Pointer
	if byPointer && rv.IsNil() {
		// Of a Marshaler too: a nil pointer field is left out, never
		// given to its MarshalNetlink.
		return dst, fmt.Errorf("nltag: Marshal of a nil %v", rv.Type())
	}
	if m, ok := v.(Marshaler); ok {
		out, err := m.MarshalNetlink(dst)
		if err == nil {
			err = appended(dst, out, rv.Type())
		}
		if err != nil {
			return dst, err
		}
		return out, nil
	}
	if byPointer {
		if rv.Type().Elem().Kind() == reflect.Pointer {
			return dst, fmt.Errorf("nltag: Marshal of %v, a pointer to a pointer: pass %v", rv.Type(), rv.Type().Elem())
		}
		rv = rv.Elem()
	} else {
		// An addressable copy, so that fields can be read in place.
		c := reflect.New(rv.Type()).Elem()
		c.Set(rv)
		rv = c
	}
	rf, err := typeField(rv.Type())
	if err != nil {
		return dst, err
	}
	if byPointer {
		e := &rootEntry{ptr: reflect.TypeOf(v), f: rf}
		ptrRoots.Store(e.ptr, e)
		lastRoot.Store(e)
	}
	return encodeRoot(dst, rf, rv.Addr().UnsafePointer())
}

// rootEntry is a pointer type that AppendMarshal has encoded, with its
// pointee's root field.
type rootEntry struct {
	ptr reflect.Type
	f   *field
}

var (
	ptrRoots sync.Map                  // reflect.Type → *rootEntry
	lastRoot atomic.Pointer[rootEntry] // the one encoded last
)

// rootOf returns the entry of v's type if AppendMarshal has encoded a
// pointer of that type before, else nil. A loop that sends one kind of
// request finds it in lastRoot, without the checks of its type and the
// lookup by type that took a third of encoding a route
// (BenchmarkRouteAddEncode).
func rootOf(v any) *rootEntry {
	t := reflect.TypeOf(v)
	if e := lastRoot.Load(); e != nil && e.ptr == t {
		return e
	}
	if e, ok := ptrRoots.Load(t); ok {
		lastRoot.Store(e.(*rootEntry))
		return e.(*rootEntry)
	}
	return nil
}

// encodeRoot appends the value at p by its root field rf.
func encodeRoot(dst []byte, rf *field, p ptr) ([]byte, error) {
	if pl := rf.c.plan; pl != nil && pl.scoped && pl.holdsSubs(p) {
		var scopes [4]scope // room for the usual depth, on the stack
		if _, err := checkSubs(pl, p, scopes[:0], 0, 1); err != nil {
			return dst, finish(err, rf.typ)
		}
	}
	start := len(dst)
	b, _, err := rf.c.encode(dst, &rf.c, p, 0)
	if err != nil {
		if pe, ok := err.(*pathError); ok {
			pe.off -= start
		}
		return dst, finish(err, rf.typ)
	}
	return b, nil
}

// Size returns the length of v's wire form (guile-netlink's size procedure).
func Size(v any) (int, error) {
	bp := encodeBufs.Get().(*[]byte)
	b, err := AppendMarshal((*bp)[:0], v)
	n := len(b)
	if cap(b) <= 1<<16 {
		*bp = b
		encodeBufs.Put(bp)
	}
	return n, err
}

var encodeBufs = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

func (p *plan) encode(b []byte, base ptr, depth int) ([]byte, error) {
	if depth > MaxDepth {
		return b, newErr(len(b), 0, ErrDepth)
	}
	start := len(b)
	if p.fixedSize > 0 {
		b = append(b, make([]byte, p.fixedSize)...)
		h := b[start:]
		for i := range p.fixed {
			op := &p.fixed[i]
			op.encode(h[op.wireOff:], at(base, op.goOff))
		}
	}
	if !p.hasAttrs {
		return b, nil
	}
	b = pad(b)
	var unknown []Attr
	switch p.unknownMode {
	case unknownSlice:
		unknown = *as[[]Attr](at(base, p.unknownOff))
	case unknownWire, unknownWirePtr:
		w := p.wire(base)
		if w == nil {
			break // a nil *Wire: the field rules alone
		}
		if w.Order != nil {
			return p.encodeOrdered(b, base, w, depth)
		}
		unknown = w.Unknown
	}
	b, err := encodeFields(b, p.encAttrs, base, depth)
	if err != nil {
		return b, err
	}
	return appendUnknown(b, p, unknown)
}

// appendUnknown appends the attributes no field of p declares, which a
// caller may have filled with a payload too long for an attribute's
// length, or with a number a field declares: sent besides the field's
// (or instead, when it writes none), one of the two would be lost on
// the way, so it is refused, at the cost of a lookup per entry.
func appendUnknown(b []byte, p *plan, unknown []Attr) ([]byte, error) {
	for _, a := range unknown {
		h := len(b)
		if n := a.Num(); int(n) < len(p.slots) && p.slots[n].idx >= 0 {
			f := &p.attrs[p.slots[n].idx]
			return b, wrap(newErr(h, n, fmt.Errorf("%w: attribute %s is declared by field %s: set the field, not an unknown attribute", ErrValue, f.attrName, f.path)), "Wire", h, n)
		}
		b = append(append(b, 0, 0, 0, 0), a.Data...)
		var err error
		if b, err = closeAttr(b, h, a.Type); err != nil {
			return b, wrap(err, "Wire", h, a.Num())
		}
	}
	return b, nil
}

// encodeFields appends the attributes of fields, those of the struct at
// base, in their order, skipping without a call those whose test says
// they write nothing.
func encodeFields(b []byte, fields []field, base ptr, depth int) ([]byte, error) {
	var err error
	for i := range fields {
		f := &fields[i]
		if f.skip != skipNever && f.skip.absent(at(base, f.off), f.size) {
			continue
		}
		if b, err = f.enc(b, f, at(base, f.off), 0, false, depth); err != nil {
			return b, wrap(err, f.path, len(b), f.attr)
		}
	}
	return b, nil
}

// encodeOrdered replays Wire.Order: attributes come out in the order, with
// the flags, and with the presence they arrived with; fields set since then
// follow in declaration order.
func (p *plan) encodeOrdered(b []byte, base ptr, w *Wire, depth int) ([]byte, error) {
	var (
		doneBuf [4]uint64
		posBuf  [8]int
		done    = doneBuf[:]
		mpos    = posBuf[:]
		ui      int
		err     error
	)
	if n := (len(p.attrs) + 63) / 64; n > len(done) {
		done = make([]uint64, n)
	}
	if p.nMulti > len(mpos) {
		mpos = make([]int, p.nMulti)
	}
	if err := p.checkTails(w.Tails, len(b)); err != nil {
		return b, err
	}
	for _, t := range w.Order {
		num := t & TypeMask
		idx := -1
		if int(num) < len(p.slots) {
			idx = int(p.slots[num].idx)
		}
		if idx < 0 {
			if ui < len(w.Unknown) && w.Unknown[ui].Num() == num {
				if b, err = appendUnknown(b, p, w.Unknown[ui:ui+1]); err != nil {
					return b, err
				}
				ui++
			}
			continue
		}
		f := &p.attrs[idx]
		flags := t&^TypeMask | flagsSet
		if f.cont == multi {
			fp := f.addr(base)
			if fp == nil {
				continue
			}
			sh := as[sliceHeader](fp)
			if i := mpos[f.multiIdx]; i < sh.len {
				mpos[f.multiIdx]++
				t, nf := f.attrType(flags)
				if b, err = emit(b, &f.c, sh.elem(i, f.elemSize), t, nf, depth); err != nil {
					return b, wrap(err, f.path, len(b), f.attr)
				}
			}
			continue
		}
		if done[idx/64]&(1<<(idx%64)) != 0 {
			continue // a repeat: its value was the last one, written already
		}
		done[idx/64] |= 1 << (idx % 64)
		h := len(b)
		if b, err = f.enc(b, f, at(base, f.off), flags, true, depth); err != nil {
			return b, wrap(err, f.path, len(b), f.attr)
		}
		// Decoding keeps at most one tail per field (that of the
		// attribute that gave the value), which follows the value
		// wherever the value is written.
		for _, a := range w.Tails {
			if a.Num() == num && len(b) > h {
				if b, err = appendTail(b, h, a.Data); err != nil {
					return b, wrap(err, f.path, h, f.attr)
				}
				break
			}
		}
	}
	for idx := range p.attrs {
		f := &p.attrs[idx]
		fp := f.addr(base)
		if fp == nil {
			continue // in an absent inline struct
		}
		if f.cont == multi {
			sh := as[sliceHeader](fp)
			for i := mpos[f.multiIdx]; i < sh.len; i++ {
				if b, err = emit(b, &f.c, sh.elem(i, f.elemSize), f.attr, f.flag, depth); err != nil {
					return b, wrap(err, f.path, len(b), f.attr)
				}
			}
		} else if done[idx/64]&(1<<(idx%64)) == 0 && !f.zero(fp) {
			// Absent when decoded and still zero: stays absent.
			if b, err = f.enc(b, f, at(base, f.off), 0, false, depth); err != nil {
				return b, wrap(err, f.path, len(b), f.attr)
			}
		}
	}
	return appendUnknown(b, p, w.Unknown[ui:])
}

// checkTails refuses a tail that no field of p has a place for, as
// decoding gives none (field.tail): it would be written into a nest,
// where the kernel reads it as attributes, or dropped.
func (p *plan) checkTails(tails []Attr, off int) error {
	for _, a := range tails {
		n := a.Num()
		if int(n) >= len(p.slots) || p.slots[n].idx < 0 {
			return wrap(newErr(off, n, fmt.Errorf("%w: a tail for attribute %d, which no field declares", ErrValue, n)), "Wire", off, n)
		}
		if f := &p.attrs[p.slots[n].idx]; !f.tail {
			return wrap(newErr(off, n, fmt.Errorf("%w: a tail in Wire.Tails for a field whose payload has no room for one", ErrValue)), f.path, off, n)
		}
	}
	return nil
}

// appendTail extends the attribute at b[h:], the last in b, with tail.
func appendTail(b []byte, h int, tail []byte) ([]byte, error) {
	b = append(b[:h+int(ne.Uint16(b[h:]))], tail...)
	return closeAttr(b, h, ne.Uint16(b[h+2:]))
}

func appendInt(b []byte, v uint64, w int, be bool) []byte {
	var o binary.AppendByteOrder = ne
	if be {
		o = binary.BigEndian
	}
	switch w {
	case 1:
		return append(b, byte(v))
	case 2:
		return o.AppendUint16(b, uint16(v))
	case 4:
		return o.AppendUint32(b, uint32(v))
	}
	return o.AppendUint64(b, v)
}

func (op *fixedOp) encode(dst []byte, src ptr) {
	if op.bytes {
		copy(dst, bytesAt(src, int(op.n)))
		return
	}
	v := loadInt(src, op.size, false)
	if op.size == 1 {
		dst[0] = byte(v)
		return
	}
	var o binary.ByteOrder = ne
	if op.be {
		o = binary.BigEndian
	}
	switch op.size {
	case 2:
		o.PutUint16(dst, uint16(v))
	case 4:
		o.PutUint32(dst, uint32(v))
	case 8:
		o.PutUint64(dst, v)
	}
}
