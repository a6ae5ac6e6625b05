package nltag

import (
	"encoding/binary"
	"fmt"
	"reflect"
	"strconv"
)

// Location names a place in an encoded value by the Go field that wrote it.
type Location struct {
	// Path is the Go field path of the attribute, from the top-level struct
	// inward, as in decoding errors: "LinkInfo.Data(vxlan).ID". It is empty
	// for a place in the top-level struct's fixed header or outside the
	// data; an attribute no field declares is named by its number under
	// "Wire".
	Path string
	// Attr is the attribute's name in its set (or its number in decimal);
	// empty with Path.
	Attr string
	// Inner is the attribute set of the attributes nested in the attribute
	// (a nest or a sub-message), nil for others; for a place before the
	// first attribute, the top-level struct's set. A missing attribute the
	// kernel reports by number, in a nest or at the top, is named in it.
	Inner *AttrSet
}

// Locate finds the field of v that wrote the byte at offset off of data,
// which must be v's encoding (as Marshal writes it): the innermost attribute
// that holds off, and the Go field path to it. A kernel's extended ACK
// points at a request's attribute by such an offset. off outside every
// attribute (negative, or in the fixed header) gives the zero Path and v's
// own set in Inner. Locate reads what v holds but never fails: what it
// cannot follow (a Raw payload, a hook type, bytes that do not match v) ends
// the path where it is.
func Locate(v any, data []byte, off int) Location {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface {
		if rv.IsNil() {
			return Location{}
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return Location{}
	}
	if !rv.CanAddr() {
		cp := reflect.New(rv.Type()).Elem()
		cp.Set(rv)
		rv = cp
	}
	p, err := planFor(rv.Type())
	if err != nil {
		return Location{}
	}
	return p.locate(rv.Addr().UnsafePointer(), data, off, "", 0)
}

// locate walks the attributes of p's struct at base, encoded in data, to the
// one holding off.
func (p *plan) locate(base ptr, data []byte, off int, path string, depth int) Location {
	top := Location{Path: path, Inner: p.set}
	start := Align(p.fixedSize)
	if off < start || depth > MaxDepth || !p.hasAttrs {
		return top
	}
	seen := map[uint16]int{} // occurrences of each attribute so far, for multi fields
	for pos := start; pos+HeaderLen <= len(data); {
		n := int(binary.NativeEndian.Uint16(data[pos:]))
		if n < HeaderLen || pos+n > len(data) {
			return top
		}
		num := binary.NativeEndian.Uint16(data[pos+2:]) & TypeMask
		k := seen[num]
		seen[num]++
		if off >= pos+Align(n) {
			pos += Align(n)
			continue
		}
		var f *field
		if int(num) < len(p.slots) && p.slots[num].idx >= 0 {
			f = &p.attrs[p.slots[num].idx]
		}
		if f == nil {
			return Location{Path: join(path, "Wire"), Attr: p.set.AttrName(num)}
		}
		loc := Location{Path: join(path, f.path), Attr: f.attrName}
		payload := data[pos+HeaderLen : pos+n]
		fp := f.addr(base)
		if fp == nil {
			return loc
		}
		return f.locate(fp, payload, off-pos-HeaderLen, k, loc, depth)
	}
	return top
}

// locate follows the field f, whose value is at fp and whose attribute
// (the k-th of its number) has payload, to the place off in the payload
// (negative: the attribute's header).
func (f *field) locate(fp ptr, payload []byte, off, k int, loc Location, depth int) Location {
	switch f.cont {
	case pointer:
		fp = *as[ptr](fp)
	case multi, indexed:
		sh := as[sliceHeader](fp)
		i := k
		if f.cont == indexed {
			// The elements are attributes of the payload, numbered from base.
			if off < 0 {
				return loc
			}
			i = -1
			for pos := 0; pos+HeaderLen <= len(payload); {
				n := int(binary.NativeEndian.Uint16(payload[pos:]))
				if n < HeaderLen || pos+n > len(payload) {
					return loc
				}
				if off < pos+Align(n) {
					i = int(binary.NativeEndian.Uint16(payload[pos+2:])&TypeMask) - int(f.base)
					payload, off = payload[pos+HeaderLen:pos+n], off-pos-HeaderLen
					break
				}
				pos += Align(n)
			}
		}
		if i < 0 || i >= sh.len {
			return loc
		}
		loc.Path += "[" + strconv.Itoa(i) + "]"
		fp = sh.elem(i, f.elemSize)
	}
	if fp == nil {
		return loc
	}
	c := &f.c
	switch c.kind {
	case kNested:
		if off < 0 {
			loc.Inner = c.plan.set
			return loc
		}
		in := c.plan.locate(fp, payload, off, loc.Path, depth+1)
		if in.Attr == "" {
			in.Attr = loc.Attr
		}
		return in
	case kSub:
		v := reflect.NewAt(c.typ, fp).Elem()
		if v.IsNil() {
			return loc
		}
		v = v.Elem()
		if key, ok := SubMessageKey(c.tname, v.Interface()); ok {
			loc.Path += "(" + fmt.Sprint(key) + ")"
		}
		t := v.Type()
		if t.Kind() == reflect.Pointer {
			if v.IsNil() {
				return loc
			}
			t = t.Elem()
		} else {
			cp := reflect.New(t)
			cp.Elem().Set(v)
			v = cp
		}
		if t.Kind() != reflect.Struct {
			return loc
		}
		sp, err := planFor(t)
		if err != nil {
			return loc
		}
		if off < 0 {
			loc.Inner = sp.set
			return loc
		}
		in := sp.locate(v.UnsafePointer(), payload, off, loc.Path, depth+1)
		if in.Attr == "" {
			in.Attr = loc.Attr
		}
		return in
	}
	return loc
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
