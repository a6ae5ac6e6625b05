package nltag

import (
	"cmp"
	"encoding/hex"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Format returns a stable, readable text form of v for golden files and
// debugging: one field per line, nested values indented, enum and flag types
// through their String methods, attributes only where present, and unknown
// attributes as their number and payload in hex.
func Format(v any) string {
	var w textWriter
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		// A pointer type may hold itself (type P *P): followed as value
		// follows one, to a repeat or maxTextDepth.
		if !w.enter(rv.UnsafePointer(), rv.Type()) {
			return rv.Type().String() + w.sb.String() + "\n"
		}
		rv = rv.Elem()
	}
	w.path = w.path[:0]
	if !rv.IsValid() || rv.Kind() == reflect.Pointer {
		return "<nil>\n"
	}
	c := reflect.New(rv.Type()).Elem()
	c.Set(rv)
	w.sb.WriteString(rv.Type().String())
	w.value(c, "", 0)
	w.sb.WriteByte('\n')
	return w.sb.String()
}

type textWriter struct {
	sb strings.Builder
	// path holds the pointees and slices being written, outermost first:
	// a value that refers back to one of them is a cycle, which Format
	// names instead of following.
	path []ref
}

type ref struct {
	p ptr
	t reflect.Type
}

// enter reports whether the value of type t at p may be written, and if so
// puts it on the path; leave takes it off.
func (w *textWriter) enter(p ptr, t reflect.Type) bool {
	for _, r := range w.path {
		if r.p == p && r.t == t {
			w.sb.WriteString(" <cycle>")
			return false
		}
	}
	if len(w.path) >= maxTextDepth {
		w.sb.WriteString(" <too deep>")
		return false
	}
	w.path = append(w.path, ref{p, t})
	return true
}

func (w *textWriter) leave() { w.path = w.path[:len(w.path)-1] }

// maxTextDepth bounds the pointers and slices Format follows into, as
// MaxDepth bounds nesting on the wire.
const maxTextDepth = 2 * MaxDepth

func (w *textWriter) line(depth int, name string) {
	w.sb.WriteByte('\n')
	for range depth {
		w.sb.WriteString("  ")
	}
	w.sb.WriteString(name)
	w.sb.WriteByte(':')
}

// value writes v (addressable) after a name already written; blocks go on
// the following lines at depth+1.
func (w *textWriter) value(v reflect.Value, kindHint string, depth int) {
	t := v.Type()
	if s, ok := stringer(v); ok {
		w.sb.WriteString(" " + s)
		return
	}
	switch t {
	case addrType, hwType:
		w.sb.WriteString(" " + fmt.Sprint(v.Interface()))
		return
	case rawType:
		w.sb.WriteString(" raw " + hexOf(v.Bytes()))
		return
	}
	switch t.Kind() {
	case reflect.String:
		w.sb.WriteString(" " + strconv.Quote(v.String()))
	case reflect.Bool:
		w.sb.WriteString(" " + strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.sb.WriteString(" " + strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		w.sb.WriteString(" " + strconv.FormatUint(v.Uint(), 10))
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			b := make([]byte, v.Len())
			reflect.Copy(reflect.ValueOf(b), v)
			w.sb.WriteString(" " + hexOf(b))
			return
		}
		if t.Kind() == reflect.Slice && v.Len() > 0 {
			if !w.enter(v.UnsafePointer(), t) {
				return
			}
			defer w.leave()
		}
		for i := range v.Len() {
			w.line(depth+1, "["+strconv.Itoa(i)+"]")
			w.value(v.Index(i), "", depth+1)
		}
	case reflect.Pointer:
		if v.IsNil() {
			w.sb.WriteString(" <nil>")
			return
		}
		if !w.enter(v.UnsafePointer(), t) {
			return
		}
		w.value(v.Elem(), kindHint, depth)
		w.leave()
	case reflect.Interface:
		if v.IsNil() {
			w.sb.WriteString(" <nil>")
			return
		}
		w.value(addressable(v.Elem()), kindHint, depth)
	case reflect.Map:
		// Not a codec type, but one an interface may hold: written as
		// value writes slices, since fmt would follow a map that holds
		// itself until the stack overflows. Keys in the order of their
		// text, as fmt sorts them, for a stable form.
		if v.Len() == 0 {
			w.sb.WriteString(" map[]")
			return
		}
		if !w.enter(v.UnsafePointer(), t) {
			return
		}
		defer w.leave()
		type entry struct {
			k   reflect.Value
			key string
			val reflect.Value
		}
		es := make([]entry, 0, v.Len())
		for it := v.MapRange(); it.Next(); {
			kw := textWriter{path: w.path}
			kw.value(addressable(it.Key()), "", depth+1)
			es = append(es, entry{it.Key(), strings.TrimPrefix(kw.sb.String(), " "), it.Value()})
		}
		slices.SortStableFunc(es, func(a, b entry) int {
			switch {
			case a.k.CanInt():
				return cmp.Compare(a.k.Int(), b.k.Int())
			case a.k.CanUint():
				return cmp.Compare(a.k.Uint(), b.k.Uint())
			}
			return strings.Compare(a.key, b.key)
		})
		for _, e := range es {
			w.line(depth+1, "["+e.key+"]")
			w.value(addressable(e.val), "", depth+1)
		}
	case reflect.Struct:
		p, err := planFor(t)
		if err != nil {
			// Not a codec type (a message with its own methods, say): its
			// exported fields, in order.
			for i := range t.NumField() {
				if sf := t.Field(i); sf.IsExported() {
					w.line(depth+1, sf.Name)
					w.value(v.Field(i), "", depth+1)
				}
			}
			return
		}
		w.fields(p, v, depth+1)
	default:
		w.sb.WriteString(" " + fmt.Sprint(v.Interface()))
	}
}

// addressable returns an addressable copy of v.
func addressable(v reflect.Value) reflect.Value {
	c := reflect.New(v.Type()).Elem()
	c.Set(v)
	return c
}

func stringer(v reflect.Value) (string, bool) {
	if v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		return "", false
	}
	if v.Type() == addrType || v.Type() == hwType {
		return "", false
	}
	if s, ok := v.Interface().(fmt.Stringer); ok {
		return s.String(), true
	}
	if v.CanAddr() {
		if s, ok := v.Addr().Interface().(fmt.Stringer); ok {
			return s.String(), true
		}
	}
	return "", false
}

func (w *textWriter) fields(p *plan, v reflect.Value, depth int) {
	base := v.Addr().UnsafePointer()
	for _, f := range p.fixedTop {
		w.line(depth, f.name)
		w.value(reflect.NewAt(f.typ, at(base, f.off)).Elem(), "", depth)
	}
	var order []uint16
	var unknown, tails []Attr
	switch p.unknownMode {
	case unknownSlice:
		unknown = *as[[]Attr](at(base, p.unknownOff))
	case unknownWire, unknownWirePtr:
		if wr := p.wire(base); wr != nil {
			order, unknown, tails = wr.Order, wr.Unknown, wr.Tails
		}
	}
	for i := range p.attrs {
		f := &p.attrs[i]
		fp := f.addr(base)
		if fp == nil {
			continue // in an absent inline struct
		}
		fv := reflect.NewAt(f.typ, fp).Elem()
		present := false
		for _, t := range order {
			if t&TypeMask == f.attr {
				present = true
				break
			}
		}
		switch f.cont {
		case direct:
			if f.absent(fp, present) || (!present && f.c.kind != kFlag && f.c.kind != kBytes && f.c.kind != kEther && f.zero(fp)) {
				continue
			}
		case pointer:
			if *as[ptr](fp) == nil {
				continue
			}
		default:
			if fv.Len() == 0 {
				continue
			}
			if !w.enter(fv.UnsafePointer(), f.typ) {
				continue
			}
			for i := range fv.Len() {
				w.line(depth, p.textName(f)+"["+strconv.Itoa(i)+"]")
				w.value(fv.Index(i), "", depth)
			}
			w.leave()
			continue
		}
		name := p.textName(f)
		if f.c.kind == kSub && !fv.IsNil() {
			// The selector's own value names the variant; the table's reverse
			// entry is the fallback for selectors outside this struct.
			if sel, sp, ok := readSelIf(base, f.sel); ok {
				if _, raw := fv.Elem().Interface().(Raw); !raw {
					s, named := stringer(reflect.NewAt(f.sel.typ, sp).Elem())
					if !named {
						s = sel.String()
					}
					name += "(" + s + ")"
				}
			} else if k, ok := SubMessageKey(f.c.tname, fv.Elem().Interface()); ok {
				name += "(" + fmt.Sprint(k) + ")"
			}
		}
		w.line(depth, name)
		w.value(fv, "", depth)
	}
	for _, a := range unknown {
		name := "attr " + p.set.AttrName(a.Num())
		if a.Nested() {
			name += " nested"
		}
		if a.Type&FlagByteOrder != 0 {
			name += " netorder"
		}
		w.line(depth, name)
		w.sb.WriteString(" " + hexOf(a.Data))
	}
	// Tails in declaration order: at most one per field, and the order they
	// arrived in is not the order a re-encoded message has.
	for i := range p.attrs {
		for _, a := range tails {
			if a.Num() == p.attrs[i].attr {
				w.line(depth, "tail of "+p.textName(&p.attrs[i]))
				w.sb.WriteString(" " + hexOf(a.Data))
			}
		}
	}
}

// textName is f's name in the text: its Go name, or its path when it is
// a field of an inline struct and another field of p has that name too
// (two inline structs may both have an X).
func (p *plan) textName(f *field) string {
	if f.path != f.goName { // in an inline struct
		for i := range p.attrs {
			if g := &p.attrs[i]; g != f && g.goName == f.goName {
				return f.path
			}
		}
		for _, g := range p.fixedTop {
			if g.name == f.goName {
				return f.path
			}
		}
	}
	return f.goName
}

func hexOf(b []byte) string {
	if len(b) == 0 {
		return "[]"
	}
	return "[" + hex.EncodeToString(b) + "]"
}

// readSelIf reads the selector r in the struct at base, and returns its
// address, if the struct has it: r is not nil, nor in an absent inline
// struct.
func readSelIf(base ptr, r *selRef) (selValue, ptr, bool) {
	if r == nil {
		return selValue{}, nil, false
	}
	sp := r.addr(base)
	if sp == nil {
		return selValue{}, nil, false
	}
	v, ok := readSel(base, r)
	return v, sp, ok
}
