package nltag

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"reflect"
)

// A decodeFn decodes one attribute payload, data, found at offset off of
// the input, into the value at p, which belongs to field f (a struct's
// field, or the root of a call or a sub-message). It returns how many
// bytes of data the value holds, which decodeAttrs compares with the
// payload's length to find a tail, for fields that have tails (see
// field.setTail).
//
// Each codec's decodeFn is chosen once, when its plan is made (see
// codec.pick), as encoding/json chooses a decoder per type: a plain
// integer is decoded by a func that does only that.
type decodeFn func(ds *decodeState, f *field, p ptr, data []byte, off, depth int) (int, error)

// pickDecode chooses the decodeFn of values of c's kind and Go type.
func (c *codec) pickDecode() decodeFn {
	switch k := c.kind; {
	case c.fast == 1:
		return decHost8
	case c.fast == 2:
		return decHost16
	case c.fast == 4:
		return decHost32
	case c.fast == 8:
		return decHost64
	case c.isBool && k == kU8:
		return decBool8
	case k == kUint || k == kSint:
		return decVarInt
	case k.isInt():
		return decInt
	case k == kString:
		return decString
	case (k == kBytes || k == kEther) && c.array > 0:
		return decArray
	case k == kBytes || k == kEther:
		return decBytes
	case k == kIP:
		return decIP
	case k == kIPv4:
		return decIPv4
	case k == kIPv6:
		return decIPv6
	case k == kFlag:
		return decFlag
	case k == kNested && c.plan.built && c.plan.copyN > 0:
		return decCopy
	case k == kNested && c.plan.built && c.plan.fixedSize == 0 && c.plan.hasAttrs && !c.plan.scopeEarly:
		return decAttrList
	case k == kNested:
		return decNested
	case k == kHook:
		return decHook
	case k == kSub:
		return decSub
	case k == kPacked:
		return decPacked
	}
	panic(fmt.Sprintf("nltag: no decoder for kind %d", c.kind))
}

// fieldDecode chooses the decodeFn of f's attribute: its value's, or that
// of its container, which decodes the value with it.
func (f *field) fieldDecode() decodeFn {
	switch f.cont {
	case pointer:
		if f.c.fast != 0 || f.c.isBool && f.c.kind == kU8 {
			return decPointerInt
		}
		if f.c.kind == kNested && f.c.plan.built && f.c.plan.copyN > 0 && f.alloc.psize != 0 {
			return decPointerCopy
		}
		return decPointer
	case multi:
		return decMulti
	case indexed:
		return decIndexed
	}
	return f.c.decode
}

// fits reports whether a payload of n bytes holds a value of w bytes: the
// one rule of strictness for fixed-size values. Exactly w, or when decoding
// tolerantly at least w, the rest being a tail (a newer kernel's wider
// value), which a Wire keeps. (Written so that the compiler knows n >= w
// when it holds.)
func fits(n, w int, strict bool) bool { return n >= w && (n == w || !strict) }

// errFit is what a decodeFn returns, with the size of its value, for a
// payload that does not fit it; whoever called the decodeFn turns it into
// the error that says so with failed. The decoders of integers need then
// call nothing, and run without a stack frame of their own.
var errFit = errors.New("nltag: payload does not fit")

// failed completes the error err of a decodeFn that read a payload of n
// bytes at off and returned used: a misfit (errFit) becomes ErrShort or,
// when decoding strictly, ErrSize.
func failed(err error, used, n, off int) error {
	if err == errFit {
		return sizeErr(n, used, off)
	}
	return err
}

//go:noinline
func sizeErr(n, w, off int) error {
	if n < w {
		return shortErr(off, n, w)
	}
	return newErr(off, 0, ErrSize)
}

// Host-order integers into Go integers of their width: the common case.

func decHost8(ds *decodeState, _ *field, p ptr, data []byte, _, _ int) (int, error) {
	if !fits(len(data), 1, ds.strict) {
		return 1, errFit
	}
	*as[uint8](p) = data[0]
	return 1, nil
}

func decHost16(ds *decodeState, _ *field, p ptr, data []byte, _, _ int) (int, error) {
	if !fits(len(data), 2, ds.strict) {
		return 2, errFit
	}
	*as[uint16](p) = ne.Uint16(data)
	return 2, nil
}

func decHost32(ds *decodeState, _ *field, p ptr, data []byte, _, _ int) (int, error) {
	if !fits(len(data), 4, ds.strict) {
		return 4, errFit
	}
	*as[uint32](p) = ne.Uint32(data)
	return 4, nil
}

func decHost64(ds *decodeState, _ *field, p ptr, data []byte, _, _ int) (int, error) {
	if !fits(len(data), 8, ds.strict) {
		return 8, errFit
	}
	*as[uint64](p) = ne.Uint64(data)
	return 8, nil
}

// storeHost stores at p the host-order integer of w bytes (1, 2, 4 or 8)
// that b starts with: decHost8 to decHost64 without their checks, for the
// attribute loop, which made them.
func storeHost(p ptr, b []byte, w uint8) {
	switch w {
	case 4:
		*as[uint32](p) = ne.Uint32(b)
	case 8:
		*as[uint64](p) = ne.Uint64(b)
	case 2:
		*as[uint16](p) = ne.Uint16(b)
	default:
		*as[uint8](p) = b[0]
	}
}

// decBool8 decodes a u8 into a bool, true unless 0: the kernel's flag bytes.
func decBool8(ds *decodeState, _ *field, p ptr, data []byte, _, _ int) (int, error) {
	if !fits(len(data), 1, ds.strict) {
		return 1, errFit
	}
	*as[bool](p) = data[0] != 0
	return 1, nil
}

// decInt decodes the other fixed-width kinds: big-endian, narrower than
// their Go type, or into a bool.
func decInt(ds *decodeState, f *field, p ptr, data []byte, _, _ int) (int, error) {
	k := f.c.kind
	w := k.width()
	if !fits(len(data), w, ds.strict) {
		return w, errFit
	}
	f.c.storeWire(p, data, k, w)
	return w, nil
}

// decVarInt decodes uint and sint, whose width is the payload's.
func decVarInt(_ *decodeState, f *field, p ptr, data []byte, off, _ int) (int, error) {
	w := len(data)
	if w != 1 && w != 2 && w != 4 && w != 8 {
		return 0, widthErr(off, w)
	}
	k := f.c.kind
	v := wireInt(data, k, w)
	if g := 8 * int(f.c.gsize); w > int(f.c.gsize) && !f.c.isBool {
		// Wider than the Go type (a uint32 field's 8-byte uint): the
		// value must survive the cut, as encoding reads it back.
		if k.signedWire() && int64(v)>>(g-1) != int64(v)>>63 || !k.signedWire() && v>>g != 0 {
			return 0, varIntErr(off, w, v, k, f.c.typ)
		}
	}
	f.c.storeInt(p, v)
	return w, nil
}

// varIntErr refuses the w-byte value v of kind k that Go type t cannot hold.
//
//go:noinline
func varIntErr(off, w int, v uint64, k kind, t reflect.Type) error {
	var n any = v
	if k.signedWire() {
		n = int64(v)
	}
	return newErr(off, 0, fmt.Errorf("%w: %d-byte value %d does not fit in %v", ErrSize, w, n, t))
}

// storeWire reads a w-byte integer of kind k and stores it in Go memory.
func (c *codec) storeWire(p ptr, data []byte, k kind, w int) {
	c.storeInt(p, wireInt(data, k, w))
}

// storeInt stores v, read from the wire, in Go memory of c's type.
func (c *codec) storeInt(p ptr, v uint64) {
	if c.isBool {
		*as[bool](p) = v != 0
		return
	}
	storeInt(p, c.gsize, v)
}

// wireInt reads a w-byte integer of kind k, sign-extended if k is signed.
func wireInt(data []byte, k kind, w int) uint64 {
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
	return v
}

func storeInt(p ptr, size uint8, v uint64) {
	switch size {
	case 1:
		*as[uint8](p) = uint8(v)
	case 2:
		*as[uint16](p) = uint16(v)
	case 4:
		*as[uint32](p) = uint32(v)
	case 8:
		*as[uint64](p) = v
	}
}

func loadInt(p ptr, size uint8, signed bool) uint64 {
	switch size {
	case 1:
		if signed {
			return uint64(int64(*as[int8](p)))
		}
		return uint64(*as[uint8](p))
	case 2:
		if signed {
			return uint64(int64(*as[int16](p)))
		}
		return uint64(*as[uint16](p))
	case 4:
		if signed {
			return uint64(int64(*as[int32](p)))
		}
		return uint64(*as[uint32](p))
	case 8:
		return *as[uint64](p)
	}
	return 0
}

// decString keeps the bytes before the first NUL; it reports the NUL as
// read, so that what follows it is the tail.
func decString(ds *decodeState, _ *field, p ptr, data []byte, off, _ int) (int, error) {
	s := ds.str(off, data)
	*as[string](p) = s
	return len(s) + 1, nil
}

func decArray(ds *decodeState, f *field, p ptr, data []byte, _, _ int) (int, error) {
	n := f.c.array
	if !fits(len(data), n, ds.strict) {
		return n, errFit
	}
	copy(bytesAt(p, n), data)
	return n, nil
}

func decBytes(ds *decodeState, _ *field, p ptr, data []byte, off, _ int) (int, error) {
	if len(data) == 0 {
		*as[[]byte](p) = []byte{} // present but empty, unlike nil
	} else {
		*as[[]byte](p) = ds.keep(off, len(data))
	}
	return len(data), nil
}

// decIP decodes an address of either family, by its length.
func decIP(_ *decodeState, _ *field, p ptr, data []byte, off, _ int) (int, error) {
	switch len(data) {
	case 4:
		*as[netip.Addr](p) = netip.AddrFrom4([4]byte(data))
	case 16:
		*as[netip.Addr](p) = netip.AddrFrom16([16]byte(data))
	default:
		return 0, addrErr(off, len(data), true)
	}
	return len(data), nil
}

func decIPv4(ds *decodeState, _ *field, p ptr, data []byte, off, _ int) (int, error) {
	if !fits(len(data), 4, ds.strict) {
		return 0, addrErr(off, len(data), len(data) < 4)
	}
	*as[netip.Addr](p) = netip.AddrFrom4([4]byte(data))
	return 4, nil
}

func decIPv6(ds *decodeState, _ *field, p ptr, data []byte, off, _ int) (int, error) {
	if !fits(len(data), 16, ds.strict) {
		return 0, addrErr(off, len(data), true)
	}
	*as[netip.Addr](p) = netip.AddrFrom16([16]byte(data))
	return 16, nil
}

func decFlag(ds *decodeState, _ *field, p ptr, data []byte, _, _ int) (int, error) {
	if !fits(len(data), 0, ds.strict) {
		return 0, errFit
	}
	*as[bool](p) = true
	return 0, nil
}

// decNested decodes a struct: a header, then attributes.
func decNested(ds *decodeState, f *field, base ptr, data []byte, off, depth int) (int, error) {
	p := f.c.plan
	if depth++; depth > MaxDepth {
		return 0, newErr(off, 0, ErrDepth)
	}
	n := len(data)
	if n < p.fixedSize && (p.hasAttrs || ds.strict) {
		return 0, newErr(off, 0, fmt.Errorf("%w: %d bytes for a %d-byte header", ErrShort, n, p.fixedSize))
	}
	ops := p.fixed
	if len(ops) == 1 && ops[0].bytes && n >= p.fixedSize {
		// The usual header, one run (rtmsg, ifinfomsg): copied here.
		op := &ops[0]
		copyHeader(bytesAt(at(base, op.goOff), int(op.n)), data[op.wireOff:])
		ops = nil
	} else if n < p.fixedSize {
		// A C struct from an older kernel, shorter than ours: fill the
		// fields it holds whole, field by field. A coalesced run that
		// reaches past the end would drop them all: the 192-byte
		// rtnl_link_stats64 of Linux 4.6 to 5.18 decoded as all zeros.
		ops = p.fine
	}
	for i := range ops {
		op := &ops[i]
		switch {
		case int(op.wireOff)+op.width() > n:
		case op.bytes: // the usual header: one run, copied here
			copyHeader(bytesAt(at(base, op.goOff), int(op.n)), data[op.wireOff:])
		default:
			op.decode(at(base, op.goOff), data[op.wireOff:])
		}
	}
	if !p.hasAttrs {
		if ds.strict && n > p.fixedSize {
			return 0, newErr(off+p.fixedSize, 0, ErrSize)
		}
		return p.fixedSize, nil
	}
	if !p.scopeEarly {
		return p.fixedSize, p.decodeAttrs(ds, base, data, off, depth)
	}
	ds.scopes = append(ds.scopes, scope{base, p})
	err := p.decodeAttrs(ds, base, data, off, depth)
	ds.scopes = ds.scopes[:len(ds.scopes)-1]
	return p.fixedSize, err
}

// copyHeader copies the first len(dst) bytes of src, which holds them: a
// message's header of 8 to 16 bytes (ifaddrmsg, rtmsg, ifinfomsg) by two
// words that overlap, with no call to memmove, whose dispatch on the
// length costs more than the copy.
func copyHeader(dst, src []byte) {
	if n := len(dst); n >= 8 && n <= 16 && len(src) >= n {
		ne.PutUint64(dst, ne.Uint64(src))
		ne.PutUint64(dst[n-8:], ne.Uint64(src[n-8:]))
		return
	}
	copy(dst, src)
}

// decAttrList decodes a struct of attributes only, which is no scope in
// its attribute loop (not scopeEarly), as decNested does: a bridge's
// IFLA_INFO_DATA, the nests inside a link's IFLA_AF_SPEC.
func decAttrList(ds *decodeState, f *field, base ptr, data []byte, off, depth int) (int, error) {
	if depth++; depth > MaxDepth {
		return 0, newErr(off, 0, ErrDepth)
	}
	return 0, f.c.plan.decodeAttrs(ds, base, data, off, depth)
}

// decCopy decodes a C struct laid out as in Go memory (a stats block) by
// one copy, and what does not fit it as decNested does.
func decCopy(ds *decodeState, f *field, p ptr, data []byte, off, depth int) (int, error) {
	n := f.c.plan.copyN
	if depth < MaxDepth && fits(len(data), n, ds.strict) {
		copy(bytesAt(p, n), data)
		return n, nil
	}
	return decNested(ds, f, p, data, off, depth)
}

func decHook(ds *decodeState, f *field, p ptr, data []byte, off, depth int) (int, error) {
	v := reflect.NewAt(f.c.typ, p).Interface()
	var err error
	if _, ok := v.(UnmarshalerFrom); ok {
		err = ds.hook(v, data, off, depth)
	} else {
		err = v.(Unmarshaler).UnmarshalNetlink(ds.keep(off, len(data)))
	}
	if _, ours := err.(*pathError); ours {
		return 0, err // the budget, spent before the hook was called
	}
	if err != nil {
		return 0, newErr(off, 0, err)
	}
	return len(data), nil
}

func decSub(ds *decodeState, f *field, p ptr, data []byte, off, depth int) (int, error) {
	return ds.sub(f, p, data, off, depth)
}

// decPacked copies an array of host-order integers.
func decPacked(ds *decodeState, f *field, p ptr, data []byte, off, _ int) (int, error) {
	es := int(f.c.esize)
	if len(data)%es != 0 {
		return 0, packedErr(off, len(data), es)
	}
	n := len(data) / es
	if n == 0 {
		*as[sliceHeader](p) = sliceHeader{}
		return 0, nil
	}
	var dp ptr
	if len(data) <= maxBlock {
		dp = ds.block.take(uintptr(len(data)), uintptr(es))
	} else {
		dp = reflect.MakeSlice(f.c.typ, n, n).UnsafePointer()
	}
	copy(bytesAt(dp, len(data)), data) // host order on both sides
	*as[sliceHeader](p) = sliceHeader{dp, n, n}
	return len(data), nil
}

// decPointer decodes the payload of pointer field f, whose pointer is at
// fp, into a new value, or into the value a repeated attribute replaces.
func decPointer(ds *decodeState, f *field, fp ptr, data []byte, off, depth int) (int, error) {
	np := *as[ptr](fp)
	if np == nil {
		// spend, inline: one value of a Go type's size cannot overflow.
		if ds.budget -= int(f.alloc.size); ds.budget < 0 {
			return 0, memoryErr(off, 1, f.alloc.size)
		}
		if k := &f.alloc; k.psize != 0 {
			np = ds.block.take(uintptr(k.psize), uintptr(k.palign)) // ds.alloc's first case, inlined
		} else {
			np = ds.alloc(k, f.c.typ)
		}
	} else {
		// A repeated attribute replaces the value before it: reuse its
		// memory, so that a message repeating one attribute thousands
		// of times costs no more than its own size.
		f.c.zeroRepeat(np)
	}
	used, err := f.c.decode(ds, f, np, data, off, depth)
	if err != nil {
		return 0, failed(err, used, len(data), off)
	}
	*as[ptr](fp) = np
	return used, nil
}

// decPointerInt decodes the payload of pointer field f to an integer
// that decHost8 to decHost64 or decBool8 would decode, as decPointer and
// that func would together, without calling either: such fields, *uint32
// settings and *bool flags whose zero means something, are most of a
// bridge's attributes. The value is carved from the block (an integer is
// pointer-free).
func decPointerInt(ds *decodeState, f *field, fp ptr, data []byte, off, _ int) (int, error) {
	w := int(f.c.gsize)
	if !fits(len(data), w, ds.strict) {
		return w, errFit
	}
	np := *as[ptr](fp)
	if np == nil {
		// A first attribute takes a new value; a repeated one
		// overwrites the value before it, all w bytes of it.
		if ds.budget -= w; ds.budget < 0 {
			return 0, memoryErr(off, 1, uintptr(w))
		}
		np = ds.block.take(uintptr(w), uintptr(w))
		*as[ptr](fp) = np
	}
	switch {
	case w == 4: // the most common: *uint32 settings
		*as[uint32](np) = ne.Uint32(data)
	case f.c.isBool:
		*as[bool](np) = data[0] != 0
	case w == 1:
		*as[uint8](np) = data[0]
	case w == 2:
		*as[uint16](np) = ne.Uint16(data)
	default:
		*as[uint64](np) = ne.Uint64(data)
	}
	return w, nil
}

// decPointerCopy decodes the payload of pointer field f to a C struct
// that decCopy decodes (a stats block), carved from the block, by one copy
// when the payload holds the whole struct: a new value's, without
// decPointer's and decCopy's calls. Other payloads, and a repeated
// attribute, take decPointer.
func decPointerCopy(ds *decodeState, f *field, fp ptr, data []byte, off, depth int) (int, error) {
	n := f.c.plan.copyN
	if *as[ptr](fp) != nil || depth >= MaxDepth || !fits(len(data), n, ds.strict) {
		return decPointer(ds, f, fp, data, off, depth)
	}
	if ds.budget -= int(f.alloc.size); ds.budget < 0 {
		return 0, memoryErr(off, 1, f.alloc.size)
	}
	np := ds.block.take(uintptr(f.alloc.psize), uintptr(f.alloc.palign))
	copy(bytesAt(np, n), data)
	*as[ptr](fp) = np
	return n, nil
}

// zeroRepeat zeroes the value of c's type at p, which this call decoded
// from an attribute that came again. Its *Wire goes too, untouched:
// keepUnknown gives the repeat a shared Wire (which costs nothing) or a
// new one, never writing to one that others may hold.
func (c *codec) zeroRepeat(p ptr) {
	reflect.NewAt(c.typ, p).Elem().SetZero()
}

// decMulti decodes one attribute of multi field f into the next element
// of the slice at fp, which allocMulti made with room for every one.
func decMulti(ds *decodeState, f *field, fp ptr, data []byte, off, depth int) (int, error) {
	sh := as[sliceHeader](fp)
	i := sh.len
	if i >= sh.cap {
		return 0, newErr(off, f.attr, errCountChanged)
	}
	sh.len++
	if used, err := f.c.decode(ds, f, sh.elem(i, f.elemSize), data, off, depth); err != nil {
		return 0, wrap(failed(err, used, len(data), off), indexSeg(i), off, f.attr)
	}
	return len(data), nil
}

// decIndexed decodes the nest of indexed field f into a new slice at fp.
func decIndexed(ds *decodeState, f *field, fp ptr, data []byte, off, depth int) (int, error) {
	count := 0
	for _, err := range Attrs(data) {
		if err != nil {
			return 0, wrap(err, "", off, f.attr)
		}
		count++
	}
	if count == 0 {
		return 0, nil
	}
	if err := ds.spend(count, f.elemSize, off); err != nil {
		return 0, err
	}
	sh := as[sliceHeader](fp)
	*sh = sliceHeader{reflect.MakeSlice(f.typ, count, count).UnsafePointer(), count, count}
	i, pos := 0, 0
	for a := range Attrs(data) {
		if used, err := f.c.decode(ds, f, sh.elem(i, f.elemSize), a.Data, off+pos+HeaderLen, depth+1); err != nil {
			return 0, wrap(failed(err, used, len(a.Data), off+pos+HeaderLen), indexSeg(i), off+pos, a.Num())
		}
		pos += Align(HeaderLen + len(a.Data))
		i++
	}
	return len(data), nil
}
