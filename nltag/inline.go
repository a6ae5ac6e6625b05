package nltag

import "reflect"

// Inline structs (`nla:",inline"`): a field of struct type S or *S whose
// fields are attributes of the enclosing struct, as encoding/json/v2's
// inline. A struct S is flattened into the plan at its offset, which costs
// nothing. A *S adds one indirection to the fields of S: their field
// records the pointer's offset (off) and their own inside S (ioff), and
// their decodeFn and fieldEncodeFn are decInline and encInline, which
// follow the pointer and call the field's own (idec, ienc). Encoding in
// declaration order writes the struct's fields as one run instead (see
// inlineRuns). Fields of the enclosing struct are untouched.

// inlinePtr is a pointer field whose struct's fields are attributes of the
// struct that holds it.
type inlinePtr struct {
	off    uintptr      // of the pointer in the plan's struct
	typ    reflect.Type // the struct it points to
	alloc  allocKind
	path   string  // Go field path of the pointer, for errors
	fields []field // its attribute fields, at their offsets in typ, for encoding
}

// inline adds the fields of the struct that field sf of t, at off, holds or
// points to, as if t declared them.
func (b *builder) inline(t reflect.Type, sf reflect.StructField, off uintptr, prefix string) error {
	st := sf.Type
	if s := reflect.PointerTo(st); st.Kind() == reflect.Struct && hasHooks(s) || st.Kind() == reflect.Pointer && hasHooks(st) {
		// encoding/json/v2 refuses these too: inlining would skip them.
		return b.fail(t, sf.Name, "inline %v has Marshaler or Unmarshaler methods, which inlining would ignore", sf.Type)
	}
	if st.Kind() == reflect.Pointer && st.Elem().Kind() == reflect.Struct {
		if b.inl != nil {
			// An indirection per level would cost every field below it
			// a pointer more, and an inline cycle (S holding *S) would
			// have no end.
			return b.fail(t, sf.Name, "inline pointer inside the struct that inline pointer %s points to: one pointer at most", b.inl.path)
		}
		st = st.Elem()
		b.inl = &inlinePtr{off: off, typ: st, alloc: allocFor(st), path: prefix + sf.Name}
		err := b.build(st, 0, prefix+sf.Name+".")
		b.inl = nil
		return err
	}
	if st.Kind() != reflect.Struct {
		return b.fail(t, sf.Name, "inline field must be a struct or a pointer to one, not %v", sf.Type)
	}
	return b.build(st, off, prefix+sf.Name+".")
}

// decInline decodes the attribute of field f, which lives in the struct
// that the inline pointer at pp points to: allocated when the first of its
// attributes arrives, and reused by the others.
func decInline(ds *decodeState, f *field, pp ptr, data []byte, off, depth int) (int, error) {
	np, err := ds.inlineStruct(f.inl, pp, off)
	if err != nil {
		return 0, err
	}
	return f.idec(ds, f, at(np, f.ioff), data, off, depth)
}

// inlineStruct returns the struct that inline pointer in, at pp, points
// to, allocating it for the attribute at offset off of the input if the
// pointer is nil.
func (ds *decodeState) inlineStruct(in *inlinePtr, pp ptr, off int) (ptr, error) {
	if np := *as[ptr](pp); np != nil {
		return np, nil
	}
	if err := ds.spend(1, in.alloc.size, off); err != nil {
		return nil, err
	}
	np := ds.alloc(&in.alloc, in.typ)
	*as[ptr](pp) = np
	return np, nil
}

// encInline writes the attributes of field f, which lives in the struct
// that the inline pointer at pp points to; nil writes nothing. (Wire.Order
// replay calls it; plan.encode writes inline structs whole, see
// inlineRuns.)
func encInline(b []byte, f *field, pp ptr, flags uint16, present bool, depth int) ([]byte, error) {
	np := *as[ptr](pp)
	if np == nil {
		return b, nil
	}
	return f.ienc(b, f, at(np, f.ioff), flags, present, depth)
}

// inlineRuns returns the fields plan.encode goes through: p.attrs, with
// the run of fields of each inline pointer (they are declared together)
// replaced by one field that writes them all, encInlineStruct. Its fields
// are those of the run as they are inside the struct, which encodeFields
// skips as it skips the others when absent: so a nil pointer costs one
// test, and an inline field nothing more than if it were declared flat.
func (p *plan) inlineRuns() []field {
	var out []field
	runs := false
	for i := range p.attrs {
		f := p.attrs[i]
		if f.inl == nil {
			out = append(out, f)
			continue
		}
		runs = true
		in := f.inl
		if len(in.fields) == 0 {
			out = append(out, field{off: in.off, inl: in, enc: encInlineStruct, skip: skipNil, typ: in.typ})
		}
		f.off, f.enc, f.skip, f.inl = f.ioff, f.ienc, f.zeroSkip(), nil
		in.fields = append(in.fields, f)
	}
	if !runs {
		return p.attrs
	}
	return out
}

// encInlineStruct writes the fields of the inline struct that the pointer
// at pp points to (not nil: its skip test is skipNil).
func encInlineStruct(b []byte, f *field, pp ptr, _ uint16, _ bool, depth int) ([]byte, error) {
	return encodeFields(b, f.inl.fields, *as[ptr](pp), depth)
}

// addr returns the address of f's value in the struct at base, or nil when
// it is in an inline struct whose pointer is nil.
func (f *field) addr(base ptr) ptr {
	if f.inl == nil {
		return at(base, f.off)
	}
	np := *as[ptr](at(base, f.off))
	if np == nil {
		return nil
	}
	return at(np, f.ioff)
}

// addrAlloc returns the address of f's value in the struct at base,
// allocating the inline struct that holds it if need be (see decInline).
func (f *field) addrAlloc(ds *decodeState, base ptr, off int) (ptr, error) {
	if f.inl == nil {
		return at(base, f.off), nil
	}
	np, err := ds.inlineStruct(f.inl, at(base, f.off), off)
	if err != nil {
		return nil, err
	}
	return at(np, f.ioff), nil
}

// addr returns the address of r's field in the struct at base, or nil when
// it is in an inline struct whose pointer is nil.
func (r *selRef) addr(base ptr) ptr {
	if r.inl == nil {
		return at(base, r.off)
	}
	np := *as[ptr](at(base, r.inl.off))
	if np == nil {
		return nil
	}
	return at(np, r.off)
}

// hasHooks reports whether pointer type pt has methods of the codec's hooks.
func hasHooks(pt reflect.Type) bool {
	return pt.Implements(marshalerType) || pt.Implements(unmarshalType) || pt.Implements(fromType)
}
