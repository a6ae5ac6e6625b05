package nltag

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

// Only unsafe.go uses package unsafe, and no other file of the package
// converts a ptr to a typed pointer (or anything to a ptr) itself: they go
// through the primitives, whose conditions unsafe.go states.
func TestUnsafeConfined(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if name == "unsafe.go" || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			if imp.Path.Value == `"unsafe"` {
				t.Errorf("%s imports unsafe", name)
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			switch fun := ast.Unparen(call.Fun).(type) {
			case *ast.StarExpr:
				t.Errorf("%s: conversion to a pointer type", fset.Position(call.Pos()))
			case *ast.Ident:
				if fun.Name == "ptr" {
					t.Errorf("%s: conversion to ptr", fset.Position(call.Pos()))
				}
			}
			return true
		})
	}
}

func TestAtAs(t *testing.T) {
	s := struct {
		A uint8
		B uint32
		C string
	}{1, 2, "c"}
	p := ptr(&s)
	if *as[uint8](at(p, unsafe.Offsetof(s.A))) != 1 || *as[uint32](at(p, unsafe.Offsetof(s.B))) != 2 || *as[string](at(p, unsafe.Offsetof(s.C))) != "c" {
		t.Fatal("at and as read other fields")
	}
	*as[uint32](at(p, unsafe.Offsetof(s.B))) = 7
	if s.B != 7 || s.A != 1 {
		t.Fatalf("as wrote %+v", s)
	}
}

func TestPointerOf(t *testing.T) {
	var x struct{ A, B int }
	if pointerOf(&x) != ptr(&x) || pointerOf(&x.B) != ptr(&x.B) {
		t.Fatal("pointerOf does not find the pointer")
	}
	if pointerOf((*int)(nil)) != nil {
		t.Fatal("pointerOf of a nil pointer is not nil")
	}
	var v any = &x
	if pointerOf(v) != reflect.ValueOf(v).UnsafePointer() {
		t.Fatal("pointerOf disagrees with reflect")
	}
}

func TestSlices(t *testing.T) {
	a := [4]uint16{1, 2, 3, 4}
	if got := uint16sAt(ptr(&a[1]), 2); len(got) != 2 || cap(got) != 2 || got[0] != 2 || got[1] != 3 {
		t.Fatalf("uint16sAt = %v", got)
	}
	b := []byte("abcd")
	if got := bytesAt(ptr(&b[0]), 3); string(got) != "abc" || cap(got) != 3 {
		t.Fatalf("bytesAt = %q", got)
	}
	if s := stringOf(b[1:3]); s != "bc" {
		t.Fatalf("stringOf = %q", s)
	}
	if s := stringOf(nil); s != "" {
		t.Fatalf("stringOf(nil) = %q", s)
	}
	h := sliceHeader{ptr(&a[0]), 4, 4}
	if *as[uint16](h.elem(2, 2)) != 3 {
		t.Fatal("sliceHeader.elem")
	}
	// sliceHeader is the layout of a slice.
	s := []uint16{5, 6}
	if sh := as[sliceHeader](ptr(&s)); sh.len != 2 || sh.cap != 2 || *as[uint16](sh.data) != 5 {
		t.Fatalf("sliceHeader of %v: %+v", s, *sh)
	}
}

func TestAttrHeader(t *testing.T) {
	b := AppendAttr(AppendAttr(nil, 3, []byte{1}), 7|FlagNested, nil)
	if l, typ := attrHeader(b, 0); l != 5 || typ != 3 {
		t.Fatalf("first header: %d %d", l, typ)
	}
	if l, typ := attrHeader(b, 8); l != 4 || typ != 7|FlagNested {
		t.Fatalf("second header: %d %#x", l, typ)
	}
}

// payload returns an attribute's payload, and an empty one at its own
// header: an empty last attribute must not yield a pointer past the end.
func TestPayload(t *testing.T) {
	b := AppendAttr(AppendAttr(nil, 3, []byte{1, 2}), 7, nil)
	b = b[:len(b):len(b)]
	if got := payload(b, 0, 6); !reflect.DeepEqual(got, []byte{1, 2}) || cap(got) != 2 {
		t.Fatalf("first payload %v, cap %d", got, cap(got))
	}
	got := payload(b, 8, 4)
	if len(got) != 0 || cap(got) != 0 {
		t.Fatalf("empty payload %v, cap %d", got, cap(got))
	}
	if p := uintptr(unsafe.Pointer(unsafe.SliceData(got))); p != uintptr(unsafe.Pointer(&b[8])) {
		t.Fatalf("empty payload at %#x, its header at %p", p, &b[8])
	}
}

// take hands out aligned, zeroed, disjoint runs, never a pointer past its
// block, and starts a new block when a run does not fit.
func TestBlockTake(t *testing.T) {
	var b block
	p1 := b.take(3, 1)
	p2 := b.take(8, 8)
	if uintptr(p2)%8 != 0 {
		t.Fatalf("8-aligned run at %p", p2)
	}
	if uintptr(p2) < uintptr(p1)+3 {
		t.Fatal("runs overlap")
	}
	for _, c := range bytesAt(p2, 8) {
		if c != 0 {
			t.Fatal("run not zeroed")
		}
	}
	rest := b.left
	last := b.take(rest, 1)
	if b.next != nil || b.left != 0 {
		t.Fatalf("used-up block: next %p, left %d", b.next, b.left)
	}
	if uintptr(last)+rest != uintptr(p1)+blockSize {
		t.Fatal("the last run does not end the block")
	}
	if p := b.take(2, 2); p == nil || b.left != blockSize-2 {
		t.Fatalf("no new block: %p, %d left", p, b.left)
	}
}

// zeroMem reads only the n bytes it is given (checkptr, under -race,
// fails on a pointer past an allocation), and finds a byte set anywhere.
// Sizes around smallZero and its words, at aligned and unaligned
// addresses.
func TestZeroMem(t *testing.T) {
	for _, n := range []int{1, 7, 8, 9, 31, 32, 33, 136, 255, 256, 257, 1023, 1024, 1025, 3000} {
		for _, skew := range []int{0, 1, 4} {
			b := make([]byte, n+skew)[skew:]
			p := ptr(&b[0])
			if !zeroMem(p, uintptr(n)) {
				t.Fatalf("%d zero bytes at +%d: not zero", n, skew)
			}
			for _, i := range []int{0, n / 2, n - 1} {
				b[i] = 1
				if zeroMem(p, uintptr(n)) {
					t.Fatalf("%d bytes at +%d, byte %d set: zero", n, skew, i)
				}
				b[i] = 0
			}
		}
	}
}

// typeOf tells dynamic types apart as reflect.TypeOf does, and is nil only
// for a nil interface.
func TestTypeOf(t *testing.T) {
	type a struct{ X int }
	type b struct{ X int }
	var nilA *a
	vs := []any{new(a), &a{X: 1}, nilA, new(b), a{}, 1, int32(1), nil}
	for _, x := range vs {
		for _, y := range vs {
			if same := typeOf(x) == typeOf(y); same != (reflect.TypeOf(x) == reflect.TypeOf(y)) {
				t.Errorf("typeOf(%#v) == typeOf(%#v) is %v", x, y, same)
			}
		}
		if (typeOf(x) == nil) != (x == nil) {
			t.Errorf("typeOf(%#v) = %v", x, typeOf(x))
		}
	}
}

func TestIfaceNil(t *testing.T) {
	type stringer interface{ String() string }
	var nilP *reflect.Value // a typed nil: not a nil interface
	empty := []any{nil, 0, "", nilP, struct{}{}}
	for _, v := range empty {
		if got := ifaceNil(unsafe.Pointer(&v)); got != (v == nil) {
			t.Errorf("ifaceNil(any(%#v)) = %v", v, got)
		}
	}
	withMethods := []stringer{nil, token.ILLEGAL, token.ADD, (*ast.Ident)(nil)}
	for _, v := range withMethods {
		if got := ifaceNil(unsafe.Pointer(&v)); got != (v == nil) {
			t.Errorf("ifaceNil(stringer(%#v)) = %v", v, got)
		}
	}
}
