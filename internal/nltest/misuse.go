package nltest

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"
)

// ZeroArguments calls every exported method of v (a client) but those
// named in skip with the zero value of every argument, once with a nil
// context and once with a live one of 100 ms. It fails t if a call panics,
// or if a call given a nil context returns, or yields, a nil error last.
// Iterators are run to their first value; results with a Close method
// (monitors, caches) are closed.
func ZeroArguments(t testing.TB, v any, skip ...string) {
	t.Helper()
	rv := reflect.ValueOf(v)
	ctxType := reflect.TypeFor[context.Context]()
	errType := reflect.TypeFor[error]()
	for i := range rv.NumMethod() {
		name, m := rv.Type().Method(i).Name, rv.Method(i)
		if name == "Close" || slices.Contains(skip, name) {
			continue
		}
		ft := m.Type()
		takesCtx := ft.NumIn() > 0 && ft.In(0) == ctxType
		for _, nilCtx := range []bool{true, false} {
			if nilCtx && !takesCtx {
				continue
			}
			args := make([]reflect.Value, ft.NumIn())
			for j := range args {
				args[j] = reflect.Zero(ft.In(j))
			}
			if takesCtx && !nilCtx {
				ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
				defer cancel()
				args[0] = reflect.ValueOf(ctx)
			}
			if ft.IsVariadic() {
				args = args[:len(args)-1]
			}
			var errs []error
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%s (nil context: %v) panicked: %v", name, nilCtx, r)
					}
				}()
				for _, out := range m.Call(args) {
					switch {
					case out.Type() == errType:
						err, _ := out.Interface().(error)
						errs = append(errs, err)
					case out.Kind() == reflect.Func && out.Type().NumIn() == 1: // an iterator
						yield := reflect.MakeFunc(out.Type().In(0), func(a []reflect.Value) []reflect.Value {
							if last := a[len(a)-1]; last.Type() == errType {
								err, _ := last.Interface().(error)
								errs = append(errs, err)
							}
							return []reflect.Value{reflect.ValueOf(false)}
						})
						out.Call([]reflect.Value{yield})
					case out.Kind() == reflect.Pointer && !out.IsNil() && out.MethodByName("Close").IsValid():
						out.MethodByName("Close").Call(nil)
					}
				}
			}()
			if nilCtx && len(errs) > 0 && errs[len(errs)-1] == nil {
				t.Errorf("%s with a nil context succeeded", name)
			}
		}
	}
}

// CallsFail runs each of calls, failing t if one panics or returns an
// error that does not match target (errors.Is); what names the object
// called in messages.
func CallsFail(t testing.TB, what string, calls map[string]func() error, target error) {
	t.Helper()
	for name, call := range calls {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: %s panicked: %v", what, name, r)
				}
			}()
			if err := call(); !errors.Is(err, target) {
				t.Errorf("%s: %s = %v, want an error matching %v", what, name, err, target)
			}
		}()
	}
}
