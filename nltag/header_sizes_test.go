package nltag_test

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"
	"unsafe"

	"github.com/nltag/go-netlink/nltag"
)

// headerType returns struct { H [n]byte; B [k]byte `nla:"1"` }: a header
// of n bytes that is one run, and after it, at offset n, an attribute's
// field that a copy of the header past its n bytes would reach.
func headerType(n, k int) reflect.Type {
	return reflect.StructOf([]reflect.StructField{
		{Name: "H", Type: reflect.ArrayOf(n, reflect.TypeFor[byte]())},
		{Name: "B", Type: reflect.ArrayOf(k, reflect.TypeFor[byte]()), Tag: `nla:"1,omitempty"`},
	})
}

// TestHeaderSizes decodes headers of 1 to 24 bytes, most not a multiple
// of 8, and values of 10 to 308 bytes, at every alignment, into values that were zero and into values
// whose every byte in turn was not: the header holds exactly its bytes,
// the field after it stays zero when its attribute is absent and holds
// its bytes when present, and the stale byte is cleared.
func TestHeaderSizes(t *testing.T) {
	type size struct{ n, k int }
	var sizes []size
	for n := 1; n <= 24; n++ {
		sizes = append(sizes, size{n, 9})
	}
	// Values around zeroMem's word loops (64 bytes at a time, words, the
	// bytes after) and its largest size read as words (256).
	for _, k := range []int{55, 56, 57, 63, 64, 65, 127, 248, 254, 255, 256, 257, 300} {
		sizes = append(sizes, size{1, k}, size{7, k}, size{8, k})
	}
	for _, sz := range sizes {
		n, k := sz.n, sz.k
		typ := headerType(n, k)
		head := make([]byte, n)
		for i := range head {
			head[i] = byte(0xa0 + i)
		}
		body := append(append([]byte(nil), head...), make([]byte, nltag.Align(n)-n)...)
		attr := make([]byte, k)
		for i := range attr {
			attr[i] = byte(i + 1)
		}
		inputs := [][]byte{head, body, nltag.AppendAttr(append([]byte(nil), body...), 1, attr)}
		// Memory for the value at each offset from an 8-aligned address.
		buf := make([]uint64, (typ.Size()+32)/8)
		for shift := range 8 {
			mem := unsafe.Slice((*byte)(unsafe.Add(unsafe.Pointer(&buf[0]), shift)), typ.Size())
			v := reflect.NewAt(typ, unsafe.Pointer(&mem[0]))
			for _, in := range inputs {
				for dirty := -1; dirty < len(mem); dirty++ {
					clear(buf)
					if dirty >= 0 {
						mem[dirty] = 0x5a
					}
					name := fmt.Sprintf("header %d, at +%d, input %d bytes, byte %d set", n, shift, len(in), dirty)
					if err := nltag.Unmarshal(in, v.Interface()); err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					want := append(append([]byte(nil), head...), make([]byte, len(mem)-n)...)
					if len(in) > len(body) {
						copy(want[n:], attr)
					}
					if !bytes.Equal(mem, want) {
						t.Fatalf("%s: value holds\n%x\nwant\n%x", name, mem, want)
					}
					if out, err := nltag.Marshal(v.Interface()); err != nil || !bytes.Equal(out, in) && len(in) >= len(body) {
						t.Fatalf("%s: encodes to %x, %v; want %x", name, out, err, in)
					}
				}
			}
		}
	}
}

// oddHeader's fields sit at offsets 0, 2, 4, 5 and 8 in Go, and at the
// same offsets on the wire (13 bytes, the Go size 16): the padding byte
// and the three after Y are neither read nor written.
type oddHeader struct {
	A uint8
	_ uint8
	B uint16
	C uint8
	D [3]byte
	Y uint32
	Z uint8
	V uint32 `nla:"1"`
}

func TestOddHeader(t *testing.T) {
	want := oddHeader{A: 1, B: 0x0302, C: 4, D: [3]byte{5, 6, 7}, Y: 0x0b0a0908, Z: 12, V: 99}
	b, err := nltag.Marshal(&want)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // into a fresh value, then into one holding the other
		got := oddHeader{A: 0xff, B: 0xffff, C: 0xff, Z: 0xff, V: 7}
		if err := nltag.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("decoded %+v from %x, want %+v", got, b, want)
		}
		if again, _ := nltag.Marshal(&got); !bytes.Equal(again, b) {
			t.Fatalf("re-encodes to %x, not %x", again, b)
		}
	}
}
