package nltag

import (
	"bytes"
	"fmt"
	"math"
	"net/netip"
	"reflect"
	"strings"
)

// An encodeFn appends the payload of the value at p, of c's type, and
// reports whether the payload is a list of attributes (so that its
// attribute may carry NLA_F_NESTED). Each codec's is chosen once, by
// codec.pick, as its decodeFn is.
type encodeFn func(b []byte, c *codec, p ptr, depth int) ([]byte, bool, error)

// A fieldEncodeFn appends the attributes of field f, whose value is at fp:
// none for an absent value, one for most fields, one per element for
// multi fields. flags, when they carry flagsSet, are those Wire.Order
// recorded for the attribute; present forces a value that omitempty
// would drop, because the decoded message had it.
type fieldEncodeFn func(b []byte, f *field, fp ptr, flags uint16, present bool, depth int) ([]byte, error)

// pickEncode chooses the encodeFn of values of c's kind and Go type.
func (c *codec) pickEncode() encodeFn {
	switch k := c.kind; {
	case c.fast != 0:
		return encHost
	case k.isInt() || k == kUint || k == kSint:
		return encInt
	case k == kString:
		return encString
	case (k == kBytes || k == kEther) && c.array > 0:
		return encArray
	case k == kBytes || k == kEther:
		return encBytes
	case k == kIP || k == kIPv4 || k == kIPv6:
		return encAddr
	case k == kFlag:
		return encFlag
	case k == kNested:
		return encNested
	case k == kHook:
		return encHook
	case k == kSub:
		return encSub
	case k == kPacked:
		return encPacked
	}
	panic(fmt.Sprintf("nltag: no encoder for kind %d", c.kind))
}

// fieldEncode chooses the fieldEncodeFn of f.
func (f *field) fieldEncode() fieldEncodeFn {
	switch f.cont {
	case pointer:
		return encPointerField
	case multi:
		return encMultiField
	case indexed:
		return encIndexedField
	}
	if f.c.fast != 0 {
		return encHostField
	}
	return encDirectField
}

// zeroSkip says how to see, without calling it, that the encoder a
// field's value gets writes nothing (outside Wire.Order): most attributes
// a struct declares are absent from a request, and the calls that found
// each absent were a large part of encoding one.
type zeroSkip uint8

const (
	skipNever zeroSkip = iota
	skipNil            // the first word is nil: a pointer, a slice's data, an interface's type
	skipAddr           // an invalid netip.Addr
	skipZero           // every byte is zero: omitempty, or a false flag
	skipEmpty          // an empty string: omitempty (its data pointer need not be nil)
)

// zeroSkip returns the test that holds for f's values fieldEncode's
// encoder leaves out: each case mirrors that encoder's own.
func (f *field) zeroSkip() zeroSkip {
	switch f.cont {
	case pointer, multi:
		return skipNil // encPointerField, encMultiField
	case indexed:
		return skipNever
	}
	if f.c.fast != 0 {
		if f.omit {
			return skipZero // encHostField
		}
		return skipNever
	}
	// encDirectField: absent
	switch f.c.kind {
	case kFlag:
		return skipZero
	case kSub:
		return skipNil
	case kIP, kIPv4, kIPv6:
		return skipAddr
	case kBytes, kEther:
		if f.c.array == 0 {
			return skipNil
		}
	case kString:
		if f.omit {
			return skipEmpty // f.zero
		}
	}
	if f.omit {
		return skipZero
	}
	return skipNever
}

// absent reports whether the test k holds for the value at fp, of size n.
func (k zeroSkip) absent(fp ptr, n uintptr) bool {
	switch k {
	case skipNil:
		return *as[ptr](fp) == nil
	case skipAddr:
		return !as[netip.Addr](fp).IsValid()
	case skipZero:
		return isZero(fp, n)
	case skipEmpty:
		return *as[string](fp) == ""
	}
	return false
}

// attrType returns the type f's attribute carries, and the flag it gets if
// its payload is a nest: the flags Wire.Order gave, or f's own.
func (f *field) attrType(flags uint16) (t, nested uint16) {
	if flags&flagsSet != 0 {
		return f.attr | flags&^TypeMask, 0
	}
	return f.attr, f.flag
}

// flagsSet marks a flags argument as given (from Wire.Order) rather than
// derived from the field; it never reaches the wire.
const flagsSet = 0x0001

// omitted reports whether omitempty leaves out the value at fp.
func (f *field) omitted(fp ptr, present bool) bool {
	return !present && f.omit && f.zero(fp)
}

// zero reports whether f's value at fp is its type's zero value: every
// byte zero, but for a string, whose data pointer an empty one need not
// have cleared (strings.Cut("=x", "=") gives one).
func (f *field) zero(fp ptr) bool {
	if f.c.kind == kString && f.cont == direct {
		return *as[string](fp) == ""
	}
	return isZero(fp, f.size)
}

// absent reports whether a direct field is left out of the message.
func (f *field) absent(fp ptr, present bool) bool {
	switch f.c.kind {
	case kFlag:
		return !*as[bool](fp)
	case kSub:
		return reflect.NewAt(f.typ, fp).Elem().IsNil()
	case kIP, kIPv4, kIPv6:
		return !as[netip.Addr](fp).IsValid()
	case kBytes, kEther:
		if f.c.array == 0 && as[sliceHeader](fp).data == nil {
			return true // nil is absent; an empty non-nil slice is an empty payload
		}
	}
	return f.omitted(fp, present)
}

func isZero(p ptr, n uintptr) bool {
	for _, c := range bytesAt(p, int(n)) {
		if c != 0 {
			return false
		}
	}
	return true
}

// emit writes one attribute of type t holding the value at vp, of codec
// c; nested is added to t when the payload is a nest.
func emit(b []byte, c *codec, vp ptr, t, nested uint16, depth int) ([]byte, error) {
	h := len(b)
	b = append(b, 0, 0, 0, 0)
	b, isNest, err := c.encode(b, c, vp, depth)
	if err != nil {
		return b, err
	}
	if isNest {
		t |= nested
	}
	return closeAttr(b, h, t)
}

// closeAttr fills in the header at b[h:] of the attribute that ends b.
func closeAttr(b []byte, h int, t uint16) ([]byte, error) {
	n := len(b) - h
	if n > math.MaxUint16 {
		return b, newErr(h, t&TypeMask, fmt.Errorf("%w: attribute of %d bytes exceeds 65535", ErrValue, n))
	}
	ne.PutUint16(b[h:], uint16(n))
	ne.PutUint16(b[h+2:], t)
	return pad(b), nil
}

// Field encoders.

// encHostField writes a plain host-order integer: the bytes of its Go
// value, in a header the size of which is known.
func encHostField(b []byte, f *field, fp ptr, flags uint16, present bool, _ int) ([]byte, error) {
	w := int(f.c.fast)
	if f.omitted(fp, present) {
		return b, nil
	}
	t, _ := f.attrType(flags)
	h := len(b)
	b = append(b, 0, 0, 0, 0)
	ne.PutUint16(b[h:], uint16(HeaderLen+w))
	ne.PutUint16(b[h+2:], t)
	b = append(b, bytesAt(fp, w)...)
	return pad(b), nil
}

func encDirectField(b []byte, f *field, fp ptr, flags uint16, present bool, depth int) ([]byte, error) {
	if f.absent(fp, present) {
		return b, nil
	}
	t, nested := f.attrType(flags)
	return emit(b, &f.c, fp, t, nested, depth)
}

// encPointerField writes the value a pointer field points to; nil is absent.
func encPointerField(b []byte, f *field, fp ptr, flags uint16, _ bool, depth int) ([]byte, error) {
	vp := *as[ptr](fp)
	if vp == nil {
		return b, nil
	}
	t, nested := f.attrType(flags)
	return emit(b, &f.c, vp, t, nested, depth)
}

// encMultiField writes one attribute per element.
func encMultiField(b []byte, f *field, fp ptr, _ uint16, _ bool, depth int) ([]byte, error) {
	sh := as[sliceHeader](fp)
	var err error
	for i := range sh.len {
		if b, err = emit(b, &f.c, sh.elem(i, f.elemSize), f.attr, f.flag, depth); err != nil {
			return b, wrap(err, indexSeg(i), len(b), f.attr)
		}
	}
	return b, nil
}

// encIndexedField writes a nest of the elements, numbered from f.base.
func encIndexedField(b []byte, f *field, fp ptr, flags uint16, present bool, depth int) ([]byte, error) {
	sh := as[sliceHeader](fp)
	if sh.len == 0 && !present {
		return b, nil
	}
	h := len(b)
	b = append(b, 0, 0, 0, 0)
	t := f.attr | f.flag
	if flags&flagsSet != 0 {
		t = f.attr | flags&^TypeMask
	}
	// Elements that are nests carry NLA_F_NESTED when the array does;
	// emit adds it to those whose payload is one, as for any field.
	inner := t & FlagNested
	var err error
	for i := range sh.len {
		if b, err = emit(b, &f.c, sh.elem(i, f.elemSize), uint16(i)+f.base, inner, depth+1); err != nil {
			return b, wrap(err, indexSeg(i), len(b), f.attr)
		}
	}
	return closeAttr(b, h, t)
}

// Value encoders.

// encHost appends a host-order integer of its Go type's width: its bytes.
func encHost(b []byte, c *codec, p ptr, _ int) ([]byte, bool, error) {
	return append(b, bytesAt(p, int(c.fast))...), false, nil
}

// encInt appends the other integer kinds, checking that the value fits.
func encInt(b []byte, c *codec, p ptr, _ int) ([]byte, bool, error) {
	k := c.kind
	w := k.width()
	// The Go value is read as the wire kind's signedness says, so that
	// what decoding stored (sign-extended by a signed kind, whatever the
	// Go type) encodes again: -1 from an s16 in a uint32 (0xffffffff),
	// or from a 4-byte sint in a uint64. A fixed width also takes the
	// Go type's, as it always did; uint and sint choose their width by
	// it, so only the wire's: an int64 read from 8 bytes of uint goes
	// back in 8.
	signed := k.signedWire() || c.signed && w > 0
	var v uint64
	if c.isBool {
		if *as[bool](p) {
			v = 1
		}
	} else {
		v = loadInt(p, c.gsize, signed)
	}
	if w == 0 { // uint, sint: the smallest of 4 and 8 bytes that holds v
		w = 8
		if (signed && int64(v) == int64(int32(v))) || (!signed && v <= math.MaxUint32) {
			w = 4
		}
	} else if w < 8 && v>>(8*w) != 0 && !(signed && int64(v)>>(8*w-1) == -1) {
		return b, false, newErr(len(b), 0, fmt.Errorf("%w: %d does not fit in %d bytes", ErrValue, v, w))
	}
	return appendInt(b, v, w, k.bigEndian()), false, nil
}

func encString(b []byte, _ *codec, p ptr, _ int) ([]byte, bool, error) {
	s := *as[string](p)
	if strings.IndexByte(s, 0) >= 0 {
		// The kernel would read only what comes before it.
		return b, false, newErr(len(b), 0, fmt.Errorf("%w: string %q holds a NUL", ErrValue, s))
	}
	b = append(b, s...)
	return append(b, 0), false, nil
}

func encArray(b []byte, c *codec, p ptr, _ int) ([]byte, bool, error) {
	return append(b, bytesAt(p, c.array)...), false, nil
}

func encBytes(b []byte, _ *codec, p ptr, _ int) ([]byte, bool, error) {
	return append(b, *as[[]byte](p)...), false, nil
}

func encAddr(b []byte, c *codec, p ptr, _ int) ([]byte, bool, error) {
	a, k := *as[netip.Addr](p), c.kind
	switch {
	case !a.Is4() && a.Zone() != "": // (an IPv4 address has none)
		// The wire form has no room for it: dropping it would send
		// another address than the value's.
		return b, false, newErr(len(b), 0, fmt.Errorf("%w: %v has a zone, which no address attribute carries", ErrValue, a))
	case a.Is4() && k != kIPv6, a.Is4In6() && k == kIPv4:
		a4 := a.Unmap().As4()
		return append(b, a4[:]...), false, nil
	case a.Is6() && k != kIPv4:
		a16 := a.As16()
		return append(b, a16[:]...), false, nil
	}
	return b, false, newErr(len(b), 0, fmt.Errorf("%w: %v is not an address of this kind", ErrValue, a))
}

func encFlag(b []byte, _ *codec, _ ptr, _ int) ([]byte, bool, error) { return b, false, nil }

func encPacked(b []byte, c *codec, p ptr, _ int) ([]byte, bool, error) {
	sh := as[sliceHeader](p)
	return append(b, bytesAt(sh.data, sh.len*int(c.esize))...), false, nil
}

func encNested(b []byte, c *codec, p ptr, depth int) ([]byte, bool, error) {
	b, err := c.plan.encode(b, p, depth+1)
	return b, c.plan.hasAttrs, err
}

func encHook(b []byte, c *codec, p ptr, _ int) ([]byte, bool, error) {
	m, ok := reflect.NewAt(c.typ, p).Interface().(Marshaler)
	if !ok {
		return b, false, newErr(len(b), 0, fmt.Errorf("%w: %v has no MarshalNetlink method", ErrValue, c.typ))
	}
	out, err := m.MarshalNetlink(b)
	if err != nil {
		return b, false, newErr(len(b), 0, err)
	}
	if err := appended(b, out, c.typ); err != nil {
		return b, false, newErr(len(b), 0, err)
	}
	return out, false, nil
}

// appended checks that out, what the MarshalNetlink of a t returned when
// given b, is b appended to. A shorter result, or one that does not start
// with b (a new slice), would lose what came before. One that moved as
// append does, to grow, is compared with b: it moves seldom.
func appended(b, out []byte, t reflect.Type) error {
	if len(out) < len(b) {
		return fmt.Errorf("%w: %v.MarshalNetlink returned %d bytes of the %d it was given", ErrValue, t, len(out), len(b))
	}
	if len(b) > 0 && &out[0] != &b[0] && !bytes.Equal(out[:len(b)], b) {
		return fmt.Errorf("%w: %v.MarshalNetlink returned a slice that does not start with the bytes it was given", ErrValue, t)
	}
	return nil
}

// encSub appends the sub-message an interface field holds, by its own
// type's codec.
func encSub(b []byte, c *codec, p ptr, depth int) ([]byte, bool, error) {
	v := reflect.NewAt(c.typ, p).Elem().Elem()
	if !v.IsValid() {
		// A nil interface that a pointer or a multi field's element
		// holds (a direct one is absent): present, and no message.
		return b, false, newErr(len(b), 0, fmt.Errorf("%w: a nil %v", ErrValue, c.typ))
	}
	if r, ok := v.Interface().(Raw); ok {
		return append(b, r...), false, nil
	}
	t := v.Type()
	var vp ptr
	if t.Kind() == reflect.Pointer {
		if v.IsNil() { // a typed nil: the interface is not nil, and holds no message
			return b, false, newErr(len(b), 0, fmt.Errorf("%w: a nil %v", ErrValue, t))
		}
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
	return ef.c.encode(b, &ef.c, vp, depth)
}
