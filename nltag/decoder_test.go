package nltag_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nltag/go-netlink/nltag"

	"github.com/nltag/go-netlink/internal/zeroed"
)

// pointees has pointer fields of every size the decoder's block serves,
// one it allocates alone (too large), and one that holds pointers.
type pointees struct {
	Index uint32
	A     *uint8    `nla:"1"`
	B     *uint16   `nla:"2"`
	C     *uint32   `nla:"3"`
	D     *uint64   `nla:"4"`
	Pair  *pairVal  `nla:"5"`
	Big   *bigVal   `nla:"6"`
	Named *namedVal `nla:"7"`
	Flag  *bool     `nla:"8,u8"`
	Wire  nltag.Wire
}

type pairVal struct {
	X uint8
	_ [7]byte
	Y uint64
}

type bigVal struct{ V [600]byte }

type namedVal struct {
	Name string `nla:"1"`
}

// pointeesOf builds the message that decodes to a pointees with every
// field derived from i.
func pointeesOf(t testing.TB, i int) []byte {
	t.Helper()
	u8, u16, u32, u64 := uint8(i), uint16(i*3), uint32(i*5), uint64(i)<<40|7
	flag := i%2 == 1
	v := pointees{
		Index: uint32(i), A: &u8, B: &u16, C: &u32, D: &u64,
		Pair: &pairVal{X: uint8(i + 1), Y: uint64(i) * 11}, Big: &bigVal{}, Named: &namedVal{Name: fmt.Sprint("n", i)},
		Flag: &flag,
	}
	v.Big.V[599] = byte(i)
	b, err := nltag.Marshal(&v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDecoderResultsIndependent decodes many messages, enough for several
// blocks, with one Decoder and with Unmarshal, then checks every result: a
// block reused or carved twice would show as a value of a later message.
func TestDecoderResultsIndependent(t *testing.T) {
	const n = 2000
	var d nltag.Decoder
	dec := make([]pointees, n)
	un := make([]pointees, n)
	for i := range n {
		b := pointeesOf(t, i)
		if err := d.Unmarshal(b, &dec[i]); err != nil {
			t.Fatal(err)
		}
		if err := nltag.Unmarshal(b, &un[i]); err != nil {
			t.Fatal(err)
		}
		clear(b) // results must not alias the input
	}
	for i := range n {
		for _, got := range []*pointees{&dec[i], &un[i]} {
			want := pointeesOf(t, i)
			b, err := nltag.Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b, want) {
				t.Fatalf("message %d re-encodes as %x, want %x", i, b, want)
			}
		}
	}
	// Writing through one result's pointers changes no other result.
	for i := range n {
		*dec[i].A, *dec[i].B, *dec[i].C, *dec[i].D = 0xff, 0xffff, 0xffffffff, ^uint64(0)
		dec[i].Pair.X, dec[i].Pair.Y = 0xff, ^uint64(0)
		*dec[i].Flag = false
	}
	for i := range n {
		if *un[i].A != uint8(i) || *un[i].D != uint64(i)<<40|7 || un[i].Pair.Y != uint64(i)*11 {
			t.Fatalf("Unmarshal's result %d changed when the Decoder's results were written", i)
		}
	}
}

// TestDecoderCopied: a Decoder copied after use, as a value passed or
// ranged over is, must not give the copy's results the memory the
// original's results get: both would go on carving from one block.
func TestDecoderCopied(t *testing.T) {
	var d nltag.Decoder
	var v pointees
	if err := d.Unmarshal(pointeesOf(t, 1), &v); err != nil {
		t.Fatal(err)
	}
	c := d
	var a, b pointees
	if err := d.Unmarshal(pointeesOf(t, 2), &a); err != nil {
		t.Fatal(err)
	}
	if err := c.Unmarshal(pointeesOf(t, 3), &b); err != nil {
		t.Fatal(err)
	}
	for i, got := range []*pointees{&a, &b} {
		want := pointeesOf(t, i+2)
		if enc, err := nltag.Marshal(got); err != nil || !bytes.Equal(enc, want) {
			t.Fatalf("message %d re-encodes as %x (%v), want %x", i+2, enc, err, want)
		}
	}
}

// TestDecoderErrorsAndReuse checks that a failed call leaves the Decoder
// fit for the next one, and the argument checks.
func TestDecoderErrorsAndReuse(t *testing.T) {
	var d nltag.Decoder
	good := pointeesOf(t, 3)
	bad := append(bytes.Clone(good[:4]), 9, 0, 3, 0, 1) // C claims 9 bytes, 5 remain
	var v pointees
	if err := d.Unmarshal(bad, &v); !errors.Is(err, nltag.ErrLength) {
		t.Fatalf("bad length: %v", err)
	}
	if err := d.Unmarshal(good, &v); err != nil || *v.C != 15 || v.Named.Name != "n3" {
		t.Fatalf("after an error: %v %+v", err, v)
	}
	var nilp *pointees
	for _, arg := range []any{nil, v, nilp, (*rawHook)(nil)} {
		if err := d.Unmarshal(good, arg); err == nil || !strings.Contains(err.Error(), "non-nil pointer") {
			t.Errorf("Unmarshal(%T) = %v, want a pointer error", arg, err)
		}
	}
	// A type change between calls, and a type with its own decoder.
	var h rawHook
	if err := d.Unmarshal(good, &h); err != nil || !bytes.Equal(h, good) {
		t.Fatalf("hook: %v", err)
	}
	var w pointees
	if err := d.Unmarshal(good, &w); err != nil || !cmp.Equal(&w, &v) {
		t.Fatalf("after the hook: %v\n%s", err, cmp.Diff(&v, &w))
	}
	d.Strict = true
	trailing := append(bytes.Clone(good), 0, 0)
	if err := d.Unmarshal(trailing, &w); !errors.Is(err, nltag.ErrTrailing) {
		t.Fatalf("strict: %v", err)
	}
}

type rawHook []byte

func (h *rawHook) UnmarshalNetlink(b []byte) error { *h = b; return nil }

// The decoder's carving must not cost allocations per message in a dump.
func TestDecoderAllocs(t *testing.T) {
	b := pointeesOf(t, 5)
	var d nltag.Decoder
	var v struct {
		Index uint32
		A     *uint8  `nla:"1"`
		C     *uint32 `nla:"3"`
		D     *uint64 `nla:"4"`
	}
	got := testing.AllocsPerRun(1000, func() {
		if err := d.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
	})
	if got > 0.1 {
		t.Fatalf("%v allocations per call, want about 1 in 256", got)
	}
}

func BenchmarkDecoder(b *testing.B) {
	in := loadLink(b)
	b.Run("plain", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(in)))
		var d nltag.Decoder
		for b.Loop() {
			var l plain
			if err := d.Unmarshal(in, &l); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("lossless", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(in)))
		var d nltag.Decoder
		for b.Loop() {
			var l lossless
			if err := d.Unmarshal(in, &l); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func ExampleDecoder() {
	// Two address messages, as a dump would deliver them.
	bodies := [][]byte{
		{2, 24, 0, 0, 1, 0, 0, 0, 8, 0, 1, 0, 192, 0, 2, 1},
		{2, 24, 0, 0, 2, 0, 0, 0, 8, 0, 1, 0, 198, 51, 100, 1},
	}
	var d nltag.Decoder // one for the whole dump
	addrs := make([]exampleAddr, len(bodies))
	for i, b := range bodies {
		if err := d.Unmarshal(b, &addrs[i]); err != nil {
			panic(err)
		}
	}
	fmt.Println(addrs[0].Address, addrs[0].Index, addrs[1].Address, addrs[1].Index)
	// Output: 192.0.2.1 1 198.51.100.1 2
}

// TestUnmarshalZeroed checks internal/zeroed.Unmarshal: into a zero value it
// decodes what Unmarshal decodes; into a value that is not zero it keeps
// the fields the message does not set, as promised, where Unmarshal resets
// them.
func TestUnmarshalZeroed(t *testing.T) {
	b := pointeesOf(t, 3)
	var want, got pointees
	if err := nltag.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	if err := zeroed.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Zeroed into a zero value (-Unmarshal +Zeroed):\n%s", d)
	}

	type pair struct {
		A uint32 `nla:"1"`
		B uint32 `nla:"2"`
	}
	only1, err := nltag.Marshal(&struct {
		A uint32 `nla:"1"`
	}{A: 5})
	if err != nil {
		t.Fatal(err)
	}
	stale := pair{A: 1, B: 2}
	if err := zeroed.Unmarshal(only1, &stale); err != nil {
		t.Fatal(err)
	}
	if stale != (pair{A: 5, B: 2}) {
		t.Errorf("Zeroed into {1 2}: %+v, want {5 2}", stale)
	}
	reset := pair{A: 1, B: 2}
	if err := nltag.Unmarshal(only1, &reset); err != nil {
		t.Fatal(err)
	}
	if reset != (pair{A: 5}) {
		t.Errorf("Unmarshal into {1 2}: %+v, want {5 0}", reset)
	}
}

// A call that fails after the Decoder stacked a tail and an unknown
// attribute leaves neither to the next call.
func TestDecoderErrorLeavesNoScratch(t *testing.T) {
	type msg struct {
		A    uint32 `nla:"1"`
		Wire nltag.Wire
	}
	var d nltag.Decoder
	bad := nltag.AppendAttr(nil, 1, []byte{1, 0, 0, 0, 0xee, 0xee}) // a 2-byte tail
	bad = nltag.AppendAttr(bad, 9, []byte{5})                       // undeclared
	bad = append(bad, 9, 0, 3, 0)                                   // 9 bytes claimed, 4 left
	var v msg
	if err := d.Unmarshal(bad, &v); !errors.Is(err, nltag.ErrLength) {
		t.Fatalf("bad length: %v", err)
	}
	good := nltag.AppendAttr(nil, 1, binary.NativeEndian.AppendUint32(nil, 2))
	var w msg
	if err := d.Unmarshal(good, &w); err != nil || w.A != 2 || w.Wire.Tails != nil || w.Wire.Unknown != nil || len(w.Wire.Order) != 1 {
		t.Fatalf("after an error: %v %+v", err, w)
	}
}
