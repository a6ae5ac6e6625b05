package membound

import (
	"bytes"
	"encoding/binary"
	"slices"
	"testing"
)

func attr(typ uint16, payload ...byte) []byte {
	b := appendAttr(nil, typ, 4+len(payload))
	b = append(b, payload...)
	return append(b, make([]byte, align(len(b))-len(b))...)
}

func cat(bs ...[]byte) []byte { return bytes.Join(bs, nil) }

// A body of a 4-byte header, a u32, and a nest holding a string and a
// nest after an 8-byte header, itself holding two nests of the same type.
func TestNestsAndInside(t *testing.T) {
	u32 := binary.NativeEndian.AppendUint32(nil, 0x01020304)
	inner := cat(attr(1, attr(1, 'x', 0)...), attr(1, attr(1, 'y', 0)...))
	deep := cat(make([]byte, 8), inner)
	body := cat([]byte{1, 1, 0, 0}, attr(7, u32...), attr(0x8000|2, cat(attr(3, 'a', 0), attr(4, deep...))...))
	nests := Nests(body, nil)
	var paths [][]uint16
	for _, n := range nests {
		paths = append(paths, n.Path)
	}
	want := [][]uint16{{2}, {2, 4}, {2, 4, 1}}
	if !slices.EqualFunc(paths, want, slices.Equal) {
		t.Fatalf("paths %v, want %v", paths, want)
	}
	for _, n := range nests {
		out, k := Inside(body, n, 9, 3)
		if k != 3 || len(out) != len(body)+12 {
			t.Fatalf("%v: %d appended, %d bytes", n.Path, k, len(out))
		}
		// Every nest on the path is still well formed and holds the
		// three empty attributes at its end.
		if !wellFormed(out[4:]) {
			t.Fatalf("%v: body not well formed: %x", n.Path, out)
		}
		last := n.Offs[len(n.Offs)-1]
		end := last + int(binary.NativeEndian.Uint16(out[last:]))
		if !bytes.Equal(out[end-12:end], cat(attr(9), attr(9), attr(9))) {
			t.Fatalf("%v: nest ends in %x", n.Path, out[end-12:end])
		}
		for _, off := range n.Offs {
			if s := listStart(out, off+4, off+int(binary.NativeEndian.Uint16(out[off:])), nil); s < 0 {
				t.Fatalf("%v: attribute at %d not a nest: %x", n.Path, off, out)
			}
		}
	}
	// No room left under a 16-bit length: nothing appended.
	big := attr(1, cat(attr(2, make([]byte, 0xffff-12)...))...)
	if n := Nests(big, nil); len(n) != 1 {
		t.Fatalf("nests of big: %v", n)
	} else if _, k := Inside(big, n[0], 1, 10); k != 0 {
		t.Fatalf("%d appended past 0xffff", k)
	}
	// A nest whose length, and the body, leave out its last child's
	// padding: the padding is added, and counted in the nest.
	short := cat(appendAttr(nil, 5, 10), appendAttr(nil, 3, 6), []byte{'a', 0})
	if n := Nests(short, nil); len(n) != 1 {
		t.Fatalf("nests of short: %v", n)
	} else if out, k := Inside(short, n[0], 9, 1); k != 1 || !bytes.Equal(out, cat(appendAttr(nil, 5, 16), appendAttr(nil, 3, 6), []byte{'a', 0, 0, 0}, attr(9))) {
		t.Fatalf("%d appended: %x", k, out)
	}
}

// A header that parses as an attribute hides the real ones from the guess
// by structure alone; the decoder, refusing the body cut short inside its
// 16-byte header, says where they start. Cutting a nest fixes the lengths
// that enclose it.
func TestNestsAskDecoder(t *testing.T) {
	nest := attr(2, cat(attr(3, 1, 0, 0, 0), attr(4))...)
	hdr := cat(appendAttr(nil, 1, 16+len(nest)), make([]byte, 12)) // 16 bytes
	body := cat(hdr, nest, attr(5, 'x', 0))
	if n := Nests(body, nil); len(n) != 2 || !slices.Equal(n[1].Path, []uint16{1, 2}) {
		t.Fatalf("by structure: %v, want the header's attribute 1 holding 2", n)
	}
	var cuts [][]byte
	decodes := func(b []byte) bool {
		cuts = append(cuts, b)
		return len(b) >= 16
	}
	n := Nests(body, decodes)
	if len(n) != 1 || !slices.Equal(n[0].Path, []uint16{2}) || n[0].Offs[0] != 16 || !slices.Equal(n[0].Children, []uint16{3, 4}) {
		t.Fatalf("with the decoder: %+v", n)
	}
	want := cat(hdr, attr(2), attr(5, 'x', 0))
	if !slices.ContainsFunc(cuts, func(b []byte) bool { return bytes.Equal(b, want) }) {
		t.Fatalf("no cut of the nest to %x among %x", want, cuts)
	}
}

type elem struct {
	A    [9]uint64 // 72 bytes
	Next *[100]byte
}

// Objects counts slice elements, pointees and boxed values, not strings
// nor byte slices, and at most n/2 of them.
func TestObjects(t *testing.T) {
	v := &struct {
		E     []elem // 80 bytes each
		Small []uint16
		Bytes []byte
		I     any
		S     string
	}{E: make([]elem, 3), Small: make([]uint16, 10), Bytes: make([]byte, 100), I: [70]byte{}, S: "xyz"}
	v.E[1].Next = new([100]byte)
	// The outer struct is 3×24+16+16 = 104 bytes; three elements of 80;
	// a pointee of 100; ten of 2; a boxed array of 70.
	if got, want := Objects(v, 1000), uint64(104+3*80+100+10*2+70); got != want {
		t.Errorf("Objects = %d, want %d", got, want)
	}
	if got, want := Objects(v, 8), uint64(104+80+80+100); got != want { // depth first
		t.Errorf("Objects of 8 bytes = %d, want the first four objects' worth, %d", got, want)
	}
	if got := Objects(nil, 100); got != 0 {
		t.Errorf("Objects(nil) = %d", got)
	}
}

// Nests asks the decoder about cuts of body, never changing body.
func TestNestsKeepBody(t *testing.T) {
	body := cat([]byte{1, 1, 0, 0}, attr(1, 'x', 0), attr(2, attr(3, attr(4, 1, 0, 0, 0)...)...))
	orig := slices.Clone(body)
	Nests(body, func([]byte) bool { return true })
	if !bytes.Equal(body, orig) {
		t.Fatalf("body changed: %x, was %x", body, orig)
	}
}
