package ynl

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// decode fills v from n, matching mapping keys to the `yaml` tags of struct
// fields. A key no field names is an error, so that a spec using a property
// this model does not know is noticed instead of silently dropped.
func decode(n *Node, v reflect.Value, path string) error {
	if n == nil || n.Kind == Null {
		return nil
	}
	if v.Type() == reflect.TypeFor[Value]() {
		if n.Kind != Scalar {
			return fmt.Errorf("%s (line %d): want a scalar", path, n.Line)
		}
		v.Set(reflect.ValueOf(Value(n.Value)))
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		return decode(n, v.Elem(), path)
	case reflect.String:
		if n.Kind != Scalar {
			return fmt.Errorf("%s (line %d): want a scalar", path, n.Line)
		}
		v.SetString(n.Value)
	case reflect.Bool:
		if n.Kind != Scalar {
			return fmt.Errorf("%s (line %d): want true or false", path, n.Line)
		}
		switch strings.ToLower(n.Value) {
		case "true":
			v.SetBool(true)
		case "false":
			v.SetBool(false)
		default:
			return fmt.Errorf("%s (line %d): want true or false, not %q", path, n.Line, n.Value)
		}
	case reflect.Int, reflect.Int64:
		if n.Kind != Scalar {
			return fmt.Errorf("%s (line %d): want an integer", path, n.Line)
		}
		x, err := strconv.ParseInt(n.Value, 0, 64)
		if err != nil {
			return fmt.Errorf("%s (line %d): want an integer, not %q", path, n.Line, n.Value)
		}
		v.SetInt(x)
	case reflect.Slice:
		if n.Kind != Sequence {
			return fmt.Errorf("%s (line %d): want a sequence", path, n.Line)
		}
		s := reflect.MakeSlice(v.Type(), len(n.Items), len(n.Items))
		for i, it := range n.Items {
			if err := decode(it, s.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		v.Set(s)
	case reflect.Struct:
		if u, ok := v.Addr().Interface().(interface{ decodeScalar(*Node) bool }); ok && n.Kind == Scalar {
			if u.decodeScalar(n) {
				return nil
			}
		}
		if n.Kind != Mapping {
			return fmt.Errorf("%s (line %d): want a mapping", path, n.Line)
		}
		fields := fieldsByKey(v.Type())
		for i, k := range n.Keys {
			idx, ok := fields[k]
			if !ok {
				return fmt.Errorf("%s (line %d): unknown property %q", path, n.Vals[i].Line, k)
			}
			if idx < 0 {
				continue // known to the schema, of no use here
			}
			if err := decode(n.Vals[i], v.Field(idx), path+"."+k); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("%s: cannot decode into %v", path, v.Type())
	}
	return nil
}

// fieldsByKey maps the yaml keys of struct t to field indexes; keys listed
// in a field tagged `yaml:"-"` with ignore:"a,b" map to -1.
func fieldsByKey(t reflect.Type) map[string]int {
	m := map[string]int{}
	for i := range t.NumField() {
		f := t.Field(i)
		if k := f.Tag.Get("yaml"); k != "" && k != "-" {
			m[k] = i
		}
		for k := range strings.SplitSeq(f.Tag.Get("ignore"), ",") {
			if k != "" {
				m[k] = -1
			}
		}
	}
	return m
}
