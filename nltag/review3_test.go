package nltag_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/nltag/go-netlink/nltag"
)

// Review 3: integers whose wire kind and Go type differ in width or
// signedness, and Marshalers that do not append to what they are given.

type r3SignedWide struct {
	A uint32 `nla:"1,s16"`
	B uint64 `nla:"2,s8"`
	C uint64 `nla:"3,sint"`
	D int64  `nla:"4,uint"`
	W nltag.Wire
}

// What decodes encodes again, to the same bytes: a negative value of a
// signed kind in a wider unsigned Go type, and a variable-width integer
// whose value reads as negative in the Go type.
func TestR3SignedKindsReencode(t *testing.T) {
	var in []byte
	in = nltag.AppendAttr(in, 1, []byte{0xff, 0xff})
	in = nltag.AppendAttr(in, 2, []byte{0x80})
	in = nltag.AppendAttr(in, 3, []byte{0xff, 0xff, 0xff, 0xff})
	in = nltag.AppendAttr(in, 4, bytes.Repeat([]byte{0xff}, 8))
	var v r3SignedWide
	if err := nltag.Unmarshal(in, &v); err != nil {
		t.Fatal(err)
	}
	out, err := nltag.Marshal(&v)
	if err != nil || !bytes.Equal(out, in) {
		t.Fatalf("re-encoded %x, %v; want %x", out, err, in)
	}
}

type r3VarNarrow struct {
	A uint32 `nla:"1,uint"`
	B uint8  `nla:"2,uint"`
	C int16  `nla:"3,sint"`
	W nltag.Wire
}

// A variable-width integer that its Go type cannot hold is an error that
// names the field, not a value silently cut to the type's width.
func TestR3VarIntTooWide(t *testing.T) {
	le := func(v uint64, n int) []byte {
		if n == 4 {
			return binary.NativeEndian.AppendUint32(nil, uint32(v))
		}
		return binary.NativeEndian.AppendUint64(nil, v)
	}
	for _, c := range []struct {
		num  uint16
		data []byte
		path string
	}{
		{1, le(1<<32|1, 8), "A"},
		{2, le(256, 4), "B"},
		{3, le(1<<15, 4), "C"},
		{3, le(1<<63, 8), "C"},
	} {
		var v r3VarNarrow
		err := nltag.Unmarshal(nltag.AppendAttr(nil, c.num, c.data), &v)
		var e *nltag.Error
		if !errors.As(err, &e) || e.Path != c.path || !errors.Is(err, nltag.ErrSize) {
			t.Errorf("attribute %d, %x: %v (%+v), want ErrSize at %s", c.num, c.data, err, v, c.path)
		}
	}
	// Values that fit decode, wider payloads included.
	var in []byte
	in = nltag.AppendAttr(in, 1, le(0xffffffff, 8))
	in = nltag.AppendAttr(in, 2, le(255, 4))
	in = nltag.AppendAttr(in, 3, le(uint64(1<<64-1<<15), 8)) // -32768
	var v r3VarNarrow
	if err := nltag.Unmarshal(in, &v); err != nil || v.A != 0xffffffff || v.B != 255 || v.C != -32768 {
		t.Fatalf("%+v, %v", v, err)
	}
}

// r3Fresh returns a new slice, as long as the one it was given and longer,
// instead of appending to it.
type r3Fresh struct{ V byte }

func (h *r3Fresh) MarshalNetlink(b []byte) ([]byte, error) {
	out := make([]byte, len(b)+1)
	out[len(b)] = h.V
	return out, nil
}
func (h *r3Fresh) UnmarshalNetlink(d []byte) error { return nil }

// r3Grows appends, as it should, past the capacity it was given.
type r3Grows struct{ V byte }

func (h *r3Grows) MarshalNetlink(b []byte) ([]byte, error) {
	return append(b, bytes.Repeat([]byte{h.V}, 5000)...), nil
}
func (h *r3Grows) UnmarshalNetlink(d []byte) error { return nil }

type r3FreshMsg struct {
	X uint32  `nla:"1"`
	H r3Fresh `nla:"2"`
}

type r3GrowsMsg struct {
	X uint32  `nla:"1"`
	H r3Grows `nla:"2"`
}

// A Marshaler whose result does not start with what it was given would
// drop the attributes before it: an error, as returning less is.
func TestR3MarshalerFreshSlice(t *testing.T) {
	out, err := nltag.Marshal(&r3FreshMsg{X: 7, H: r3Fresh{V: 9}})
	var e *nltag.Error
	if !errors.As(err, &e) || e.Path != "H" || !errors.Is(err, nltag.ErrValue) {
		t.Fatalf("Marshal: %x, %v; want ErrValue at H", out, err)
	}
	// At the root too: AppendMarshal's prefix was dropped.
	prefix := []byte{1, 2, 3, 4}
	if out, err := nltag.AppendMarshal(prefix, &r3Fresh{V: 9}); !errors.Is(err, nltag.ErrValue) {
		t.Errorf("AppendMarshal of a Marshaler returning a new slice: %x, %v; want ErrValue", out, err)
	}
	if out, err := nltag.AppendMarshal(prefix, &r3Grows{V: 9}); err != nil || !bytes.Equal(out[:4], prefix) || len(out) != 5004 {
		t.Errorf("AppendMarshal of a Marshaler that appends: %d bytes, %v", len(out), err)
	}
	out, err = nltag.Marshal(&r3GrowsMsg{X: 7, H: r3Grows{V: 9}})
	if err != nil {
		t.Fatal(err)
	}
	var back r3GrowsMsg
	if err := nltag.Unmarshal(out, &back); err != nil || back.X != 7 {
		t.Fatalf("%+v, %v", back, err)
	}
}

type r3ZeroArray struct {
	A [0]byte `nla:"1"`
	B uint64  `nla:"2"`
}

type r3ZeroEther struct {
	E [0]byte `nla:"1,ether"`
}

// A [0]byte attribute is refused: taken for a []byte, it made decoding
// write a slice header over the memory after it (the next field, or for
// a value of size 0, whatever the runtime keeps after zerobase).
func TestR3ZeroArrayRefused(t *testing.T) {
	for _, v := range []any{new(r3ZeroArray), new(r3ZeroEther)} {
		var te *nltag.TypeError
		if err := nltag.Check(v); !errors.As(err, &te) {
			t.Errorf("Check(%T): %v, want a TypeError", v, err)
		}
		err := nltag.Unmarshal(nltag.AppendAttr(nil, 1, []byte{1, 2, 3, 4, 5, 6, 7, 8}), v)
		if !errors.As(err, &te) {
			t.Errorf("Unmarshal(%T): %v, want a TypeError", v, err)
		}
		if _, err := nltag.Marshal(v); !errors.As(err, &te) {
			t.Errorf("Marshal(%T): %v, want a TypeError", v, err)
		}
	}
}
