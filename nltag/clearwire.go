package nltag

import "reflect"

// ClearWire zeroes every Wire field and sets every *Wire field to nil in the
// value v points to, at any depth: in nests, sub-messages, and the elements
// of slices. A decoded value keeps there the order, flags and unknown
// attributes it arrived with, which its encoding repeats; clearing them
// makes it encode from its fields alone, in declaration order, as a value
// built in Go does. Use it before reusing a value from a dump as a
// request. v must be a pointer; other values are left alone.
func ClearWire(v any) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return
	}
	clearWire(rv.Elem(), 1)
}

func clearWire(v reflect.Value, depth int) {
	if depth > MaxDepth {
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.Type() == wirePtrType {
			if v.CanSet() {
				v.SetZero()
			}
			return
		}
		if v.IsNil() {
			return
		}
		if e := v.Elem(); v.Kind() == reflect.Interface && e.Kind() != reflect.Pointer && mayHoldWire(e.Type()) {
			// A sub-message held by value (RegisterSubMessage of a
			// struct sample): the interface's copy cannot be set in
			// place, so a cleared copy replaces it.
			if v.CanSet() {
				cp := reflect.New(e.Type()).Elem()
				cp.Set(e)
				clearWire(cp, depth+1)
				v.Set(cp)
			}
			return
		}
		clearWire(v.Elem(), depth+1)
	case reflect.Slice, reflect.Array:
		if t := v.Type().Elem(); t.Kind() == reflect.Uint8 || !mayHoldWire(t) {
			return
		}
		for i := range v.Len() {
			clearWire(v.Index(i), depth+1)
		}
	case reflect.Struct:
		if v.Type() == wireType {
			if v.CanSet() {
				v.SetZero()
			}
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				clearWire(v.Field(i), depth+1)
			}
		}
	}
}

// mayHoldWire reports whether values of t can lead to a Wire, so that
// slices of scalars are not walked element by element.
func mayHoldWire(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return mayHoldWire(t.Elem())
	case reflect.Interface, reflect.Struct:
		return true
	}
	return false
}
