package nltag_test

import (
	"bytes"
	"errors"
	"testing"
	"unsafe"

	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/nltag"
)

// Pointers to integers and u8 bools (decPointerInt) and direct u8 bools
// (decBool8) have decode funcs of their own; these tests hold them to what
// the general path (decPointer with the pointee's decodeFn) does.

type ptrInts struct {
	U8   *uint8  `nla:"1"`
	U16  *uint16 `nla:"2"`
	U32  *uint32 `nla:"3"`
	U64  *uint64 `nla:"4"`
	S32  *int32  `nla:"5"`
	B    *bool   `nla:"6,u8"`
	D    bool    `nla:"7,u8"`
	BE   *uint16 `nla:"8,be16"` // not a host integer: the general path
	Wire nltag.Wire
}

// ptrIntsPayloads are each attribute's payload, one byte past its value
// (a tail).
var ptrIntsPayloads = [][]byte{
	{0xab, 0xee},
	{0x01, 0x02, 0xee},
	{0x01, 0x02, 0x03, 0x04, 0xee},
	{1, 2, 3, 4, 5, 6, 7, 8, 0xee},
	{0xfe, 0xff, 0xff, 0xff, 0xee},
	{1, 0xee},
	{1, 0xee},
	{0x12, 0x34, 0xee},
}

func ptrIntsInput(trim int) []byte {
	var b []byte
	for i, p := range ptrIntsPayloads {
		b = nltag.AppendAttr(b, uint16(i+1), p[:len(p)-trim])
	}
	return b
}

func TestPointerIntDecode(t *testing.T) {
	in := ptrIntsInput(0)
	var v ptrInts
	if err := nltag.Unmarshal(in, &v); err != nil {
		t.Fatal(err)
	}
	if v.U8 == nil || v.U16 == nil || v.U32 == nil || v.U64 == nil || v.S32 == nil || v.B == nil || v.BE == nil {
		t.Fatalf("a pointer stayed nil: %+v", v)
	}
	if *v.U8 != 0xab || *v.U16 != 0x0201 || *v.U32 != 0x04030201 || *v.U64 != 0x0807060504030201 ||
		*v.S32 != -2 || !*v.B || !v.D || *v.BE != 0x1234 {
		t.Errorf("decoded %d %#x %#x %#x %d %v %v %#x", *v.U8, *v.U16, *v.U32, *v.U64, *v.S32, *v.B, v.D, *v.BE)
	}
	// A bool holds true (the byte 1), whatever nonzero byte came.
	var b ptrInts
	if err := nltag.Unmarshal(nltag.AppendAttr(nltag.AppendAttr(nil, 6, []byte{2}), 7, []byte{0x80}), &b); err != nil {
		t.Fatal(err)
	}
	if p := [2]*bool{b.B, &b.D}; *(*uint8)(unsafe.Pointer(p[0])) != 1 || *(*uint8)(unsafe.Pointer(p[1])) != 1 {
		t.Errorf("bools from bytes 2 and 0x80 hold %d and %d, want 1", *(*uint8)(unsafe.Pointer(p[0])), *(*uint8)(unsafe.Pointer(p[1])))
	}
	// The byte past each value is a tail, kept: the message re-encodes as it came.
	if len(v.Wire.Tails) != len(ptrIntsPayloads) {
		t.Errorf("%d tails, want %d", len(v.Wire.Tails), len(ptrIntsPayloads))
	}
	out, err := nltag.Marshal(&v)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, in) {
		t.Errorf("re-encoded\n%x\nwant\n%x", out, in)
	}

	// Strictly, the longer payloads are refused, naming the field.
	if err := (nltag.UnmarshalOptions{Strict: true}).Unmarshal(in, new(ptrInts)); !errors.Is(err, nltag.ErrSize) {
		t.Errorf("strict: err = %v, want ErrSize", err)
	}
	// Exact payloads decode strictly too.
	if err := (nltag.UnmarshalOptions{Strict: true}).Unmarshal(ptrIntsInput(1), new(ptrInts)); err != nil {
		t.Errorf("strict, exact payloads: %v", err)
	}
}

func TestPointerIntShort(t *testing.T) {
	for i, p := range ptrIntsPayloads {
		// One byte short of the value: ErrShort, and the pointer stays nil.
		in := nltag.AppendAttr(nil, uint16(i+1), p[:len(p)-2])
		var v ptrInts
		err := nltag.Unmarshal(in, &v)
		if !errors.Is(err, nltag.ErrShort) {
			t.Errorf("attribute %d, %d bytes: err = %v, want ErrShort", i+1, len(p)-2, err)
		}
		if v.U8 != nil || v.U16 != nil || v.U32 != nil || v.U64 != nil || v.S32 != nil || v.B != nil {
			t.Errorf("attribute %d: a short payload left a value: %+v", i+1, v)
		}
	}
}

// A repeated attribute replaces the value, in the memory of the one before
// it: thousands of repeats cost no more than their bytes.
func TestPointerIntRepeated(t *testing.T) {
	in := nltag.AppendAttr(nil, 3, []byte{1, 0, 0, 0})
	in = nltag.AppendAttr(in, 6, []byte{1})
	in = nltag.AppendAttr(in, 3, []byte{2, 0, 0, 0})
	in = nltag.AppendAttr(in, 6, []byte{0})
	var v ptrInts
	if err := nltag.Unmarshal(in, &v); err != nil {
		t.Fatal(err)
	}
	if *v.U32 != 2 || *v.B {
		t.Errorf("repeats gave %d %v, want the last values 2 false", *v.U32, *v.B)
	}
	var many []byte
	for range 4096 {
		many = nltag.AppendAttr(many, 4, make([]byte, 8))
		many = nltag.AppendAttr(many, 6, []byte{1})
	}
	membound.Check(t, "4096 repeats of two pointer-to-integer attributes", len(many), func() {
		if err := nltag.Unmarshal(many, &v); err != nil {
			t.Error(err)
		}
	})
}
