package nltag

import (
	"encoding/binary"
	"fmt"
	"math"
	"net/netip"
	"reflect"
	"strings"
	"sync"
	"unsafe"
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
	if m, ok := v.(Marshaler); ok {
		return m.MarshalNetlink(dst)
	}
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return dst, fmt.Errorf("nltag: Marshal(nil)")
	}
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return dst, fmt.Errorf("nltag: Marshal of a nil %v", rv.Type())
		}
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
	start := len(dst)
	b, err := encodeValue(dst, &rf.c, rv.Addr().UnsafePointer(), 0)
	if err != nil {
		if pe, ok := err.(*pathError); ok {
			pe.off -= start
		}
		return dst, finish(err, rv.Type())
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
		unknown = *(*[]Attr)(at(base, p.unknownOff))
	case unknownWire:
		w := (*Wire)(at(base, p.unknownOff))
		if w.Order != nil {
			return p.encodeOrdered(b, base, w, depth)
		}
		unknown = w.Unknown
	}
	var err error
	for i := range p.attrs {
		f := &p.attrs[i]
		if w := int(f.c.fast); w != 0 && f.cont == direct {
			// The common case inline: a plain integer of its field's size.
			fp := at(base, f.off)
			if f.omit && isZero(fp, uintptr(w)) {
				continue
			}
			h := len(b)
			b = append(b, byte(HeaderLen+w), 0, byte(f.attr), byte(f.attr>>8))
			ne.PutUint16(b[h:], uint16(HeaderLen+w))
			ne.PutUint16(b[h+2:], f.attr)
			b = append(b, unsafe.Slice((*byte)(fp), w)...)
			b = pad(b)
			continue
		}
		if b, err = p.encodeField(b, f, base, 0, false, depth); err != nil {
			return b, wrap(err, f.path, len(b), f.attr)
		}
	}
	for _, a := range unknown {
		b = AppendAttr(b, a.Type, a.Data)
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
	for _, t := range w.Order {
		num := t & TypeMask
		idx := -1
		if int(num) < len(p.slots) {
			idx = int(p.slots[num].idx)
		}
		if idx < 0 {
			if ui < len(w.Unknown) && w.Unknown[ui].Num() == num {
				b = AppendAttr(b, w.Unknown[ui].Type, w.Unknown[ui].Data)
				ui++
			}
			continue
		}
		f := &p.attrs[idx]
		flags := t&^TypeMask | flagsSet
		if f.cont == multi {
			sh := (*sliceHeader)(at(base, f.off))
			if i := mpos[f.multiIdx]; i < sh.len {
				mpos[f.multiIdx]++
				if b, err = p.emit(b, f, &f.c, unsafe.Add(sh.data, uintptr(i)*f.elemSize), flags, depth); err != nil {
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
		if b, err = p.encodeField(b, f, base, flags, true, depth); err != nil {
			return b, wrap(err, f.path, len(b), f.attr)
		}
		// Decoding keeps at most one tail per field (that of the
		// attribute that gave the value), which follows the value
		// wherever the value is written.
		for _, a := range w.Tails {
			if a.Num() == num && len(b) > h {
				b = appendTail(b, h, a.Data)
				break
			}
		}
	}
	for idx := range p.attrs {
		f := &p.attrs[idx]
		if f.cont == multi {
			sh := (*sliceHeader)(at(base, f.off))
			for i := mpos[f.multiIdx]; i < sh.len; i++ {
				if b, err = p.emit(b, f, &f.c, unsafe.Add(sh.data, uintptr(i)*f.elemSize), 0, depth); err != nil {
					return b, wrap(err, f.path, len(b), f.attr)
				}
			}
		} else if done[idx/64]&(1<<(idx%64)) == 0 && !isZero(at(base, f.off), f.typ.Size()) {
			// Absent when decoded and still zero: stays absent.
			if b, err = p.encodeField(b, f, base, 0, false, depth); err != nil {
				return b, wrap(err, f.path, len(b), f.attr)
			}
		}
	}
	for _, a := range w.Unknown[ui:] {
		b = AppendAttr(b, a.Type, a.Data)
	}
	return b, nil
}

// appendTail extends the attribute at b[h:], the last in b, with tail.
func appendTail(b []byte, h int, tail []byte) []byte {
	l := int(ne.Uint16(b[h:]))
	if l+len(tail) > 0xffff {
		return b // cannot be longer than it came
	}
	b = append(b[:h+l], tail...)
	ne.PutUint16(b[h:], uint16(l+len(tail)))
	return pad(b)
}

// flagsSet marks a flags argument as given (from Wire.Order) rather than
// derived from the field; it never reaches the wire.
const flagsSet = 0x0001

// encodeField writes field f of the struct at base. present forces a value
// that omitempty would drop, because the decoded message had it.
func (p *plan) encodeField(b []byte, f *field, base ptr, flags uint16, present bool, depth int) ([]byte, error) {
	fp := at(base, f.off)
	switch f.cont {
	case direct:
		if f.absent(fp, present) {
			return b, nil
		}
		return p.emit(b, f, &f.c, fp, flags, depth)
	case pointer:
		ptr := *(*ptr)(fp)
		if ptr == nil {
			return b, nil
		}
		return p.emit(b, f, &f.c, ptr, flags, depth)
	case multi:
		sh := (*sliceHeader)(fp)
		var err error
		for i := range sh.len {
			if b, err = p.emit(b, f, &f.c, unsafe.Add(sh.data, uintptr(i)*f.elemSize), 0, depth); err != nil {
				return b, wrap(err, fmt.Sprintf("[%d]", i), len(b), f.attr)
			}
		}
	case indexed:
		sh := (*sliceHeader)(fp)
		if sh.len == 0 && !present {
			return b, nil
		}
		h := len(b)
		b = append(b, 0, 0, 0, 0)
		var err error
		t := f.attr | f.flag
		if flags&flagsSet != 0 {
			t = f.attr | flags&^TypeMask
		}
		// Elements that are nests carry NLA_F_NESTED when the array does.
		inner := uint16(0)
		if f.c.kind == kNested && t&FlagNested != 0 {
			inner = FlagNested
		}
		for i := range sh.len {
			sub := &field{attr: uint16(i) + f.base, c: f.c}
			if b, err = p.emit(b, sub, &f.c, unsafe.Add(sh.data, uintptr(i)*f.elemSize), inner|flagsSet, depth+1); err != nil {
				return b, wrap(err, fmt.Sprintf("[%d]", i), len(b), f.attr)
			}
		}
		return closeAttr(b, h, t)
	}
	return b, nil
}

// absent reports whether a direct field is left out of the message.
func (f *field) absent(fp ptr, present bool) bool {
	switch f.c.kind {
	case kFlag:
		return !*(*bool)(fp)
	case kSub:
		return reflect.NewAt(f.typ, fp).Elem().IsNil()
	case kIP, kIPv4, kIPv6:
		return !(*netip.Addr)(fp).IsValid()
	case kBytes, kEther:
		if f.c.array == 0 && (*sliceHeader)(fp).data == nil {
			return true // nil is absent; an empty non-nil slice is an empty payload
		}
	}
	return !present && f.omit && isZero(fp, f.typ.Size())
}

func isZero(p ptr, n uintptr) bool {
	for _, c := range unsafe.Slice((*byte)(p), n) {
		if c != 0 {
			return false
		}
	}
	return true
}

// emit writes one attribute holding the value at vp.
func (p *plan) emit(b []byte, f *field, c *codec, vp ptr, flags uint16, depth int) ([]byte, error) {
	h := len(b)
	b = append(b, 0, 0, 0, 0)
	b, nested, err := encodeValueKind(b, c, vp, depth)
	if err != nil {
		return b, err
	}
	t := f.attr
	switch {
	case flags&flagsSet != 0:
		t |= flags &^ (TypeMask)
	case nested && f.flag != 0:
		t |= FlagNested
	}
	return closeAttr(b, h, t)
}

func closeAttr(b []byte, h int, t uint16) ([]byte, error) {
	n := len(b) - h
	if n > math.MaxUint16 {
		return b, newErr(h, t&TypeMask, fmt.Errorf("%w: attribute of %d bytes exceeds 65535", ErrValue, n))
	}
	ne.PutUint16(b[h:], uint16(n))
	ne.PutUint16(b[h+2:], t)
	return pad(b), nil
}

func encodeValue(b []byte, c *codec, p ptr, depth int) ([]byte, error) {
	b, _, err := encodeValueKind(b, c, p, depth)
	return b, err
}

// encodeValueKind appends the payload of the value at p and reports whether
// it was a list of attributes (so its attribute may carry NLA_F_NESTED).
func encodeValueKind(b []byte, c *codec, p ptr, depth int) ([]byte, bool, error) {
	k := c.kind
	if k.isInt() || k == kUint || k == kSint {
		var v uint64
		if c.typ.Kind() == reflect.Bool {
			if *(*bool)(p) {
				v = 1
			}
		} else {
			v = loadInt(p, c.gsize, c.signed)
		}
		w := k.width()
		if w == 0 { // uint, sint: the smallest of 4 and 8 bytes that holds v
			w = 8
			if (c.signed && int64(v) == int64(int32(v))) || (!c.signed && v <= math.MaxUint32) {
				w = 4
			}
		} else if w < 8 && v>>(8*w) != 0 && !(c.signed && int64(v)>>(8*w-1) == -1) {
			return b, false, newErr(len(b), 0, fmt.Errorf("%w: %d does not fit in %d bytes", ErrValue, v, w))
		}
		return appendInt(b, v, w, k.bigEndian()), false, nil
	}
	switch k {
	case kString:
		s := *(*string)(p)
		if strings.IndexByte(s, 0) >= 0 {
			// The kernel would read only what comes before it.
			return b, false, newErr(len(b), 0, fmt.Errorf("%w: string %q holds a NUL", ErrValue, s))
		}
		b = append(b, s...)
		b = append(b, 0)
	case kBytes, kEther:
		if c.array > 0 {
			b = append(b, unsafe.Slice((*byte)(p), c.array)...)
		} else {
			b = append(b, *(*[]byte)(p)...)
		}
	case kIP, kIPv4, kIPv6:
		a := *(*netip.Addr)(p)
		switch {
		case a.Is4() && k != kIPv6, a.Is4In6() && k == kIPv4:
			a4 := a.Unmap().As4()
			b = append(b, a4[:]...)
		case a.Is6() && k != kIPv4:
			a16 := a.As16()
			b = append(b, a16[:]...)
		default:
			return b, false, newErr(len(b), 0, fmt.Errorf("%w: %v is not an address of this kind", ErrValue, a))
		}
	case kFlag:
	case kPacked:
		sh := (*sliceHeader)(p)
		b = append(b, unsafe.Slice((*byte)(sh.data), sh.len*int(c.esize))...)
	case kNested:
		b, err := c.plan.encode(b, p, depth+1)
		return b, c.plan.hasAttrs, err
	case kHook:
		m, ok := reflect.NewAt(c.typ, p).Interface().(Marshaler)
		if !ok {
			return b, false, newErr(len(b), 0, fmt.Errorf("%w: %v has no MarshalNetlink method", ErrValue, c.typ))
		}
		out, err := m.MarshalNetlink(b)
		if err != nil {
			return b, false, newErr(len(b), 0, err)
		}
		if len(out) < len(b) {
			return b, false, newErr(len(b), 0, fmt.Errorf("%w: %v.MarshalNetlink returned %d bytes of the %d it was given", ErrValue, c.typ, len(out), len(b)))
		}
		return out, false, nil
	case kSub:
		v := reflect.NewAt(c.typ, p).Elem().Elem()
		if r, ok := v.Interface().(Raw); ok {
			return append(b, r...), false, nil
		}
		t := v.Type()
		var vp ptr
		if t.Kind() == reflect.Pointer {
			t, vp = t.Elem(), v.UnsafePointer()
		} else {
			cp := reflect.New(t)
			cp.Elem().Set(v)
			vp = cp.UnsafePointer()
		}
		ef, err := typeField(t)
		if err != nil {
			return b, false, err
		}
		return encodeValueKind(b, &ef.c, vp, depth)
	}
	return b, false, nil
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
		copy(dst, unsafe.Slice((*byte)(src), op.n))
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
