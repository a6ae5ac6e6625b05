package nltag_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/nltag/go-netlink/nltag"
)

// hlMsg has a header of 5 bytes, so that its attributes start at 8, not
// at the header's end, and one field of each way the attribute loop ends
// a field: a fixed value (errors past the decodeFn), bytes (a payload of
// any length, empty included), a nest with a Wire of its own, and a
// sub-message selected by the header.
type hlMsg struct {
	Family uint8
	_      [4]byte
	U32    uint32 `nla:"1"`
	B      []byte `nla:"2"`
	Nest   hlNest `nla:"3"`
	Sub    any    `nla:"4,submsg=hostile-list,selector=Family"`
	S      string `nla:"5"`
	Wire   nltag.Wire
}

type hlNest struct {
	V    uint16 `nla:"1"`
	Wire nltag.Wire
}

type hlSub struct {
	X uint32 `nla:"1"`
}

func init() { nltag.RegisterSubMessageOf[hlSub]("hostile-list", 1) }

// hdr is an attribute header of length l and type typ.
func hdr(l, typ uint16) []byte {
	return binary.NativeEndian.AppendUint16(binary.NativeEndian.AppendUint16(nil, l), typ)
}

// TestHostileAttrLists feeds the attribute loop (attrLoop, payload,
// afterField, unknown) lists cut and bent every way a header can be: the
// errors name the attribute and where it starts, and what decodes
// re-encodes to the same bytes.
func TestHostileAttrLists(t *testing.T) {
	head := []byte{1, 0, 0, 0, 0, 0, 0, 0} // Family 1, the header's 5 bytes and padding
	u32 := nltag.AppendAttr(nil, 1, []byte{1, 2, 3, 4})
	cat := func(parts ...[]byte) []byte { return bytes.Join(append([][]byte{head}, parts...), nil) }
	for _, c := range []struct {
		name   string
		in     []byte
		err    error
		off    int    // of the error
		attr   uint16 // of the error
		path   string
		strict error // decoding strictly, when it differs
		// lossy: the value's encoding differs from in (trailing bytes
		// dropped, fields without omitempty written when empty).
		lossy bool
	}{
		{name: "length 0", in: cat(u32, hdr(0, 2)), err: nltag.ErrLength, off: 16, attr: 2},
		{name: "length 1", in: cat(hdr(1, 2), []byte{0, 0, 0, 0}), err: nltag.ErrLength, off: 8, attr: 2},
		{name: "length 3", in: cat(u32, hdr(3, 5)), err: nltag.ErrLength, off: 16, attr: 5},
		{name: "length 3 nested flag", in: cat(hdr(3, 3|nltag.FlagNested)), err: nltag.ErrLength, off: 8, attr: 3},
		{name: "past the end by one", in: cat(u32, hdr(9, 2), []byte{1, 2, 3, 4}), err: nltag.ErrLength, off: 16, attr: 2},
		{name: "past the end, last", in: cat(hdr(0xffff, 2)), err: nltag.ErrLength, off: 8, attr: 2},
		{name: "short fixed value", in: cat(nltag.AppendAttr(nil, 1, []byte{1, 2})), err: nltag.ErrShort, off: 12, attr: 1, path: "U32"},
		{name: "short value after unknown", in: cat(nltag.AppendAttr(nil, 9, nil), nltag.AppendAttr(nil, 1, []byte{1})), err: nltag.ErrShort, off: 16, attr: 1, path: "U32", strict: nltag.ErrUnknown},
		{name: "short value in nest", in: cat(u32, nltag.AppendAttr(nil, 3|nltag.FlagNested, nltag.AppendAttr(nil, 1, []byte{7}))), err: nltag.ErrShort, off: 24, attr: 1, path: "Nest.V"},
		{name: "short value in sub-message", in: cat(nltag.AppendAttr(nil, 4, nltag.AppendAttr(nil, 1, []byte{7}))), err: nltag.ErrShort, off: 16, attr: 1, path: "Sub(1).X"},
		{name: "header cut after attributes", in: cat(u32, []byte{4, 0}), lossy: true, strict: nltag.ErrTrailing},
		{name: "empty last attribute", in: cat(u32, hdr(4, 2))},
		{name: "empty last unknown", in: cat(u32, hdr(4, 77))},
		{name: "empty last nest", in: cat(u32, hdr(4, 3|nltag.FlagNested))},
		{name: "empty last sub-message", in: cat(u32, hdr(4, 4)), lossy: true},
		{name: "empty string", in: cat(hdr(4, 5)), lossy: true},
		{name: "unpadded last", in: cat(u32, nltag.AppendAttr(nil, 2, []byte{9}))},
		{name: "unpadded last nest", in: cat(u32, hdr(10, 3), hdr(6, 1), []byte{9, 0}), lossy: true}, // encoding pads inside the nest
		{name: "longer value (tail)", in: cat(nltag.AppendAttr(nil, 1, []byte{1, 2, 3, 4, 5, 6, 7, 8}))},
		{name: "nested flag on a value", in: cat(nltag.AppendAttr(nil, 1|nltag.FlagNested, []byte{1, 2, 3, 4}))},
		{name: "header only", in: head},
		{name: "short header", in: head[:3], err: nltag.ErrShort},
	} {
		t.Run(c.name, func(t *testing.T) {
			for i, strict := range []bool{false, true, false, true} {
				want := c.err
				if strict && c.strict != nil {
					want = c.strict
				}
				// The input at an odd address, the second time round.
				in := append(make([]byte, i/2), c.in...)[i/2:]
				var m hlMsg
				err := nltag.UnmarshalOptions{Strict: strict}.Unmarshal(in, &m)
				if !bytes.Equal(in, c.in) {
					t.Fatalf("input modified: %x", in)
				}
				if want == nil {
					if err != nil && !(strict && (errors.Is(err, nltag.ErrTrailing) || errors.Is(err, nltag.ErrUnknown) || errors.Is(err, nltag.ErrSize))) {
						t.Fatalf("strict %v: %v", strict, err)
					}
					if err == nil && !strict && !c.lossy {
						hlRoundTrip(t, &m, c.in)
					}
					continue
				}
				var e *nltag.Error
				if !errors.Is(err, want) || !errors.As(err, &e) {
					t.Fatalf("strict %v: err = %v, want %v", strict, err, want)
				}
				if want == c.err && (e.Offset != c.off || e.Attr != c.attr || c.path != "" && e.Path != c.path) {
					t.Errorf("strict %v: %v: offset %d attr %d path %q, want %d %d %q", strict, err, e.Offset, e.Attr, e.Path, c.off, c.attr, c.path)
				}
			}
		})
	}
}

// hlRoundTrip checks that m, decoded from in, encodes to in, but for the
// padding of in's last attribute or header, which encoding adds.
func hlRoundTrip(t *testing.T, m *hlMsg, in []byte) {
	t.Helper()
	out, err := nltag.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	want := in
	if len(want) < 8 {
		want = append(want[:len(want):len(want)], make([]byte, 8-len(want))...)
	}
	if len(out) >= len(want) && len(out) < nltag.Align(len(want))+1 && bytes.Equal(out[:len(want)], want) && !bytes.ContainsFunc(out[len(want):], func(r rune) bool { return r != 0 }) {
		return
	}
	t.Fatalf("decodes to\n%s\nwhich encodes to %x, not %x", nltag.Format(m), out, in)
}
