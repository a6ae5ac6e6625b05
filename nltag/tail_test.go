package nltag_test

import (
	"bytes"
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/nltag/go-netlink/nltag"
)

type tailC struct {
	A uint32
	B uint16
	C uint16
}

type tailed struct {
	U16  uint16     `nla:"1"`
	U32  uint32     `nla:"2,u32"`
	BE   uint16     `nla:"3,be16"`
	Arr  [4]byte    `nla:"4"`
	IP   netip.Addr `nla:"5,ipv4"`
	Name string     `nla:"6"`
	PU   *uint32    `nla:"7"`
	C    tailC      `nla:"8"`
	PC   *tailC     `nla:"9"`
	Wire nltag.Wire
}

// TestTails: the bytes of a declared attribute past what its field reads
// (a newer kernel's longer struct, a wider integer, bytes after a string's
// NUL) are kept in Wire.Tails and written back, so the message re-encodes
// as it came; the fields read what they always read.
func TestTails(t *testing.T) {
	extra := []byte{0xee, 0xdd, 0xcc, 0xbb}
	for _, c := range []struct {
		name    string
		num     uint16
		payload []byte // the field's own bytes; extra follows
	}{
		{"u16 inline", 1, []byte{1, 2}},
		{"u32", 2, []byte{1, 2, 3, 4}},
		{"be16", 3, []byte{1, 2}},
		{"array", 4, []byte{1, 2, 3, 4}},
		{"ipv4", 5, []byte{10, 0, 0, 1}},
		{"string", 6, []byte("lo\x00")},
		{"pointer to integer", 7, []byte{1, 2, 3, 4}},
		{"C struct", 8, []byte{1, 2, 3, 4, 5, 6, 7, 8}},
		{"pointer to C struct", 9, []byte{1, 2, 3, 4, 5, 6, 7, 8}},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, n := range []int{1, 3, 4, 9} {
				in := nltag.AppendAttr(nil, 100, []byte("unknown"))
				in = nltag.AppendAttr(in, c.num, append(bytes.Clone(c.payload), bytes.Repeat(extra, 3)[:n]...))
				var plain, v tailed
				if err := nltag.Unmarshal(nltag.AppendAttr(nil, c.num, c.payload), &plain); err != nil {
					t.Fatal(err)
				}
				if err := nltag.Unmarshal(in, &v); err != nil {
					t.Fatal(err)
				}
				if len(v.Wire.Tails) != 1 || v.Wire.Tails[0].Num() != c.num || len(v.Wire.Tails[0].Data) != n {
					t.Fatalf("%d extra bytes: Tails = %v", n, v.Wire.Tails)
				}
				// The fields read the same as without the extra bytes.
				plain.Wire, v.Wire = nltag.Wire{}, nltag.Wire{}
				if a, b := nltag.Format(&plain), nltag.Format(&v); a != b {
					t.Fatalf("%d extra bytes change the value:\n%s\n%s", n, a, b)
				}
				if err := nltag.Unmarshal(in, &v); err != nil {
					t.Fatal(err)
				}
				out, err := nltag.Marshal(&v)
				if err != nil || !bytes.Equal(out, in) {
					t.Fatalf("%d extra bytes: re-encoded %x, %v\nwant %x", n, out, err, in)
				}
				if !strings.Contains(nltag.Format(&v), "tail of ") {
					t.Fatalf("Format shows no tail:\n%s", nltag.Format(&v))
				}
				// Strict decoding refuses what lenient decoding keeps.
				if err := (nltag.UnmarshalOptions{Strict: true}).Unmarshal(in, &tailed{}); err == nil {
					t.Fatalf("%d extra bytes: strict decoding accepted them", n)
				}
			}
		})
	}
}

// A value changed after decoding keeps its tail after the new value; a
// reset Wire encodes by the field rules alone.
func TestTailsAfterChange(t *testing.T) {
	in := nltag.AppendAttr(nil, 2, []byte{1, 0, 0, 0, 0xaa, 0xbb})
	var v tailed
	if err := nltag.Unmarshal(in, &v); err != nil {
		t.Fatal(err)
	}
	v.U32 = 7
	out, _ := nltag.Marshal(&v)
	if want := nltag.AppendAttr(nil, 2, []byte{7, 0, 0, 0, 0xaa, 0xbb}); !bytes.Equal(out, want) {
		t.Fatalf("changed value: %x, want %x", out, want)
	}
	v.Wire = nltag.Wire{}
	out, _ = nltag.Marshal(&v)
	if want := nltag.AppendAttr(nil, 2, []byte{7, 0, 0, 0}); !bytes.Contains(out, want) || bytes.Contains(out, []byte{0xaa, 0xbb}) {
		t.Fatalf("reset Wire: %x, want %x and no tail", out, want)
	}
}

// A repeated attribute: the last one gives the value, and its tail (or its
// lack of one) is what is kept, so that the value and the tail written
// back belong together and decoding that again gives the same.
func TestTailsRepeated(t *testing.T) {
	for _, c := range []struct {
		name  string
		in    []byte
		tails int
	}{
		{"tail then none", cat(nltag.AppendAttr(nil, 2, []byte{1, 0, 0, 0, 9, 9}), nltag.AppendAttr(nil, 2, []byte{2, 0, 0, 0})), 0},
		{"none then tail", cat(nltag.AppendAttr(nil, 2, []byte{1, 0, 0, 0}), nltag.AppendAttr(nil, 2, []byte{2, 0, 0, 0, 9, 9})), 1},
		{"two tails", cat(nltag.AppendAttr(nil, 2, []byte{1, 0, 0, 0, 8}), nltag.AppendAttr(nil, 2, []byte{2, 0, 0, 0, 9, 9})), 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			var v, w tailed
			if err := nltag.Unmarshal(c.in, &v); err != nil {
				t.Fatal(err)
			}
			if v.U32 != 2 || len(v.Wire.Tails) != c.tails || c.tails == 1 && !bytes.Equal(v.Wire.Tails[0].Data, []byte{9, 9}) {
				t.Fatalf("U32 %d, Tails %v", v.U32, v.Wire.Tails)
			}
			out, err := nltag.Marshal(&v)
			if err != nil {
				t.Fatal(err)
			}
			if err := nltag.Unmarshal(out, &w); err != nil {
				t.Fatal(err)
			}
			if a, b := nltag.Format(&v), nltag.Format(&w); a != b {
				t.Fatalf("round trip changed the value:\n%s\n%s", a, b)
			}
		})
	}
}

// Without a Wire there is nowhere to keep tails: the field reads what it
// reads, as before.
func TestTailsNeedWire(t *testing.T) {
	type noWire struct {
		U32   uint32       `nla:"2"`
		Extra []nltag.Attr `nla:",unknown"`
	}
	var v noWire
	if err := nltag.Unmarshal(nltag.AppendAttr(nil, 2, []byte{1, 0, 0, 0, 9, 9}), &v); err != nil || v.U32 != 1 || v.Extra != nil {
		t.Fatalf("%+v, %v", v, err)
	}
	var e *nltag.Error
	if err := (nltag.UnmarshalOptions{Strict: true}).Unmarshal(nltag.AppendAttr(nil, 2, []byte{1, 0, 0, 0, 9, 9}), &v); !errors.As(err, &e) {
		t.Fatalf("strict: %v", err)
	}
}

func cat(bs ...[]byte) []byte { return bytes.Join(bs, nil) }
