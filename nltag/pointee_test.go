package nltag

// Tests of the one-copy path of pointee (field.copyN): a C struct behind a
// pointer field, such as route.Link's Stats64 *LinkStats64, decoded by one
// copy of its payload when the payload holds at least the whole struct.
// Each case decodes the same payload three ways and wants the same bytes in
// Go memory from each:
//
//	P *T, first occurrence      the one-copy path (when the plan has copyN)
//	D T, a direct field         the general path: plan.decode, op by op
//	P *T, repeated attribute    the general path over memory already set
//
// The payloads are written in little-endian host order, as the package's
// other hex tests are.

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"reflect"
	"testing"
	"unsafe"

	"github.com/nltag/go-netlink/internal/zeroed"
)

// ptPlain has no padding: one 16-byte copy.
type ptPlain struct {
	A uint32
	B uint16
	C uint8
	D uint8
	E uint64
}

// ptPad has explicit padding, which coalescing merges into the copy.
type ptPad struct {
	A uint8
	_ [3]byte
	B uint32
	C uint16
	_ uint16
}

// ptBytes has byte arrays, signed ones included.
type ptBytes struct {
	Addr [6]byte
	Port uint16
	Tag  [4]int8
}

type ptInner struct {
	A uint32
	B uint16
	_ uint16
}

// ptNested holds a C struct inside the C struct.
type ptNested struct {
	In ptInner
	C  uint64
}

// ptStats is laid out as rtnl_link_stats64 of Linux 5.19 on: 25 counters,
// 200 bytes. Linux 4.6 to 5.18 send 192 of them (no rx_otherhost_dropped).
type ptStats struct {
	RxPackets, TxPackets uint64
	Rest                 [22]uint64
	RxOtherhostDropped   uint64
}

// ptBE has a big-endian field: no one copy, the general path throughout.
type ptBE struct {
	A uint32
	B uint16 `nla:",be16"`
	C uint16
}

// ptBool has bools, which any non-zero byte makes true and which Go must
// hold as 0 or 1: no one copy.
type ptBool struct {
	A uint8
	B bool
	C uint16
	D [2]bool
	E uint16
}

// ptHidden has the padding C adds between A and B without a blank field
// for it: the wire and Go agree, but the fields are no single run.
type ptHidden struct {
	A uint8
	B uint32
}

// ptHolder decodes one payload into both paths.
type ptHolder[T any] struct {
	P *T `nla:"1"`
	D T  `nla:"2"`
}

// ptCase is one C struct type and a payload of exactly its size.
type ptCase[T comparable] struct {
	name      string
	fast      bool   // *T takes the one-copy path
	wire      []byte // T's wire form, exactly its size
	canon     []byte // what Marshal gives back for wire, when not wire itself
	want      T
	short     int // a length that cuts a field (an older kernel's struct)
	wantShort T   // the fields wire[:short] holds whole; the rest zero
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// mem is the Go memory of *p, blank fields and hidden padding included:
// the paths must agree byte for byte, and a bool must be 0 or 1 in it.
func mem[T any](p *T) []byte {
	return bytes.Clone(unsafe.Slice((*byte)(unsafe.Pointer(p)), unsafe.Sizeof(*p)))
}

func (c ptCase[T]) run(t *testing.T) {
	var h ptHolder[T]
	p, err := planFor(reflect.TypeOf(h))
	if err != nil {
		t.Fatal(err)
	}
	f := &p.attrs[p.slots[1].idx]
	if got := oneCopy(f); got != c.fast {
		t.Fatalf("copyN = %d: the one-copy path is taken %v, want %v", f.c.plan.copyN, got, c.fast)
	}
	size := int(unsafe.Sizeof(c.want))
	if c.fast && f.c.plan.copyN != size {
		t.Fatalf("copyN = %d, want the struct's size %d", f.c.plan.copyN, size)
	}
	if len(c.wire) != size {
		t.Fatalf("test payload of %d bytes for a %d-byte struct", len(c.wire), size)
	}

	longer := append(bytes.Clone(c.wire), 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee)
	var zero T
	for _, l := range []struct {
		name      string
		data      []byte
		want      T
		strictErr error // what Strict says of this length
	}{
		{"exact", c.wire, c.want, nil},
		// A newer kernel's struct: the bytes past ours are ignored.
		{"longer", longer, c.want, ErrSize},
		// An older kernel's struct: the fields it holds whole, the rest zero.
		{"shorter", c.wire[:c.short], c.wantShort, ErrShort},
		{"empty", []byte{}, zero, ErrShort},
	} {
		t.Run(l.name, func(t *testing.T) {
			in := AppendAttr(AppendAttr(nil, 1, l.data), 2, l.data)
			var v ptHolder[T]
			if err := Unmarshal(in, &v); err != nil {
				t.Fatal(err)
			}
			if v.P == nil {
				t.Fatal("P is nil: a present attribute, however short, allocates")
			}
			if *v.P != l.want {
				t.Errorf("P (one copy when it applies):\n got %+v\nwant %+v", *v.P, l.want)
			}
			if v.D != l.want {
				t.Errorf("D:\n got %+v\nwant %+v", v.D, l.want)
			}
			fastMem := mem(v.P)
			if !bytes.Equal(fastMem, mem(&v.D)) {
				t.Errorf("P and D disagree in Go memory:\n  *P % x\n   D % x", fastMem, mem(&v.D))
			}
			// The general path, field by field, agrees with the copy.
			var g T
			ds := &decodeState{input: l.data, budget: budgetFor(len(l.data))}
			if _, err := decNested(ds, f, ptr(&g), l.data, 0, 0); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(fastMem, mem(&g)) {
				t.Errorf("paths disagree in Go memory:\n  *P % x\n   general % x", fastMem, mem(&g))
			}

			// Not aliased: the input's bytes may change under the result.
			for i := range in {
				in[i] = 0xaa
			}
			if !bytes.Equal(mem(v.P), fastMem) || v.D != l.want {
				t.Errorf("result changed with the input: *P % x", mem(v.P))
			}

			// A repeated attribute replaces the one before it, whole, by
			// the general path over the first one's memory: a short
			// second payload leaves no field of the first behind.
			ones := bytes.Repeat([]byte{0xff}, size+8)
			rep := AppendAttr(AppendAttr(nil, 1, ones), 1, l.data)
			var r ptHolder[T]
			if err := Unmarshal(rep, &r); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(mem(r.P), fastMem) {
				t.Errorf("repeated attribute (general path over set memory):\n got % x\nwant % x", mem(r.P), fastMem)
			}

			// Strict takes the one-copy path only at the exact size.
			var s ptHolder[T]
			err := UnmarshalOptions{Strict: true}.Unmarshal(AppendAttr(nil, 1, l.data), &s)
			switch {
			case l.strictErr == nil && err != nil:
				t.Errorf("strict: %v", err)
			case l.strictErr == nil && !bytes.Equal(mem(s.P), fastMem):
				t.Errorf("strict:\n got % x\nwant % x", mem(s.P), fastMem)
			case l.strictErr != nil && !errors.Is(err, l.strictErr):
				t.Errorf("strict: err = %v, want %v", err, l.strictErr)
			}

			// Re-encoding writes the struct at its own size: the bytes a
			// newer kernel added are gone (nothing records them; see
			// TestPointeeWire), and a short or empty payload comes back
			// zero-filled to full size.
			out, err := Marshal(&v)
			if err != nil {
				t.Fatal(err)
			}
			full, err := Marshal(&l.want)
			if err != nil {
				t.Fatal(err)
			}
			if want := AppendAttr(AppendAttr(nil, 1, full), 2, full); !bytes.Equal(out, want) {
				t.Errorf("Marshal:\n got %x\nwant %x", out, want)
			}
			canon := c.wire
			if c.canon != nil {
				canon = c.canon
			}
			if l.name == "exact" && !bytes.Equal(full, canon) {
				t.Errorf("round trip of the exact payload:\n got %x\nwant %x", full, canon)
			}
		})
	}
}

func TestPointeeCopy(t *testing.T) {
	stats := make([]byte, 200)
	var wantStats ptStats
	for i := range 25 {
		binary.LittleEndian.PutUint64(stats[8*i:], uint64(i+1)<<32|uint64(i+1))
	}
	wantStats.RxPackets, wantStats.TxPackets = 1<<32|1, 2<<32|2
	for i := range wantStats.Rest {
		wantStats.Rest[i] = uint64(i+3)<<32 | uint64(i+3)
	}
	wantStats.RxOtherhostDropped = 25<<32 | 25
	wantStats192 := wantStats
	wantStats192.RxOtherhostDropped = 0

	for _, c := range []interface{ run(*testing.T) }{
		ptCase[ptPlain]{
			name: "plain", fast: true,
			wire:  unhex(t, "01020304"+"0506"+"07"+"08"+"090a0b0c0d0e0f10"),
			want:  ptPlain{A: 0x04030201, B: 0x0605, C: 7, D: 8, E: 0x100f0e0d0c0b0a09},
			short: 7, wantShort: ptPlain{A: 0x04030201, B: 0x0605, C: 7},
		},
		ptCase[ptPad]{
			name: "padding", fast: true,
			wire:  unhex(t, "11"+"000000"+"22000000"+"3300"+"0000"),
			want:  ptPad{A: 0x11, B: 0x22, C: 0x33},
			short: 9, wantShort: ptPad{A: 0x11, B: 0x22},
		},
		ptCase[ptBytes]{
			name: "byte arrays", fast: true,
			wire: unhex(t, "020000000001"+"5000"+"01ff02fe"),
			want: ptBytes{Addr: [6]byte{2, 0, 0, 0, 0, 1}, Port: 0x50, Tag: [4]int8{1, -1, 2, -2}},
			// An array cut short is left zero, as a cut integer is.
			short: 10, wantShort: ptBytes{Addr: [6]byte{2, 0, 0, 0, 0, 1}, Port: 0x50},
		},
		ptCase[ptNested]{
			name: "nested struct", fast: true,
			wire:  unhex(t, "01000000"+"0200"+"0000"+"0300000000000000"),
			want:  ptNested{In: ptInner{A: 1, B: 2}, C: 3},
			short: 6, wantShort: ptNested{In: ptInner{A: 1, B: 2}},
		},
		// Linux 4.6 to 5.18: 192 bytes of a 200-byte struct. These decoded
		// as all zeros when the coalesced 200-byte copy did not fit.
		ptCase[ptStats]{
			name: "rtnl_link_stats64", fast: true,
			wire: stats, want: wantStats,
			short: 192, wantShort: wantStats192,
		},
		ptCase[ptBE]{
			name: "big endian", fast: false,
			wire:  unhex(t, "01000000"+"0050"+"0200"),
			want:  ptBE{A: 1, B: 0x50, C: 2},
			short: 6, wantShort: ptBE{A: 1, B: 0x50},
		},
		ptCase[ptBool]{
			name: "bools", fast: false,
			// B is 2 and D[0] 0xff on the wire: true, held and written as 1.
			wire:  unhex(t, "01"+"02"+"0300"+"ff00"+"0400"),
			canon: unhex(t, "01"+"01"+"0300"+"0100"+"0400"),
			want:  ptBool{A: 1, B: true, C: 3, D: [2]bool{true, false}, E: 4},
			short: 5, wantShort: ptBool{A: 1, B: true, C: 3, D: [2]bool{true, false}},
		},
		ptCase[ptHidden]{
			name: "hidden padding", fast: false,
			wire:  unhex(t, "05"+"000000"+"06000000"),
			want:  ptHidden{A: 5, B: 6},
			short: 7, wantShort: ptHidden{A: 5},
		},
	} {
		t.Run(reflect.ValueOf(c).FieldByName("name").String(), c.run)
	}
}

// Non-zero bytes in explicit padding are kept in the blank fields, on both
// paths and whatever the neighbouring fields (a bool keeps its struct off
// the one copy), and Marshal writes them back: a message re-encodes as it
// came.
func TestPointeePaddingBytes(t *testing.T) {
	data := unhex(t, "11"+"aabbcc"+"22000000"+"3300"+"dddd")
	var v ptHolder[ptPad]
	in := AppendAttr(AppendAttr(nil, 1, data), 2, data)
	if err := Unmarshal(in, &v); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(mem(v.P), data) || !bytes.Equal(mem(&v.D), data) {
		t.Fatalf("padding not kept:\n  *P % x\n   D % x\nwant % x", mem(v.P), mem(&v.D), data)
	}
	if out, err := Marshal(&v); err != nil || !bytes.Equal(out, in) {
		t.Fatalf("re-encoded % x, %v\nwant % x", out, err, in)
	}

	type boolPad struct {
		B bool
		_ [3]byte
		N uint32 `nla:",be32"`
	}
	data = unhex(t, "01"+"aabbcc"+"00000007")
	var w ptHolder[boolPad]
	in = AppendAttr(AppendAttr(nil, 1, data), 2, data)
	if err := Unmarshal(in, &w); err != nil {
		t.Fatal(err)
	}
	if want := unhex(t, "01"+"aabbcc"+"07000000"); !bytes.Equal(mem(w.P), want) || !bytes.Equal(mem(&w.D), want) {
		t.Fatalf("padding not kept:\n  *P % x\n   D % x\nwant % x", mem(w.P), mem(&w.D), want)
	}
	if out, err := Marshal(&w); err != nil || !bytes.Equal(out, in) {
		t.Fatalf("re-encoded % x, %v\nwant % x", out, err, in)
	}
}

// The bool case above shows the general path; this pins that no bool
// struct ever gets the one copy, which would put a raw 2 in a Go bool.
func TestPointeeBoolNeverCopied(t *testing.T) {
	for _, v := range []any{
		&ptHolder[ptBool]{},
		&ptHolder[struct{ B bool }]{},
		&ptHolder[struct {
			A uint8
			B [3]bool
		}]{},
		&ptHolder[struct {
			In struct{ B bool }
			N  uint8
		}]{},
	} {
		p, err := planFor(reflect.TypeOf(v).Elem())
		if err != nil {
			t.Fatal(err)
		}
		if f := &p.attrs[p.slots[1].idx]; oneCopy(f) {
			t.Errorf("%T: copyN = %d for a struct with bools", v, f.c.plan.copyN)
		}
		if err := Unmarshal(AppendAttr(nil, 1, bytes.Repeat([]byte{2}, 8)), v); err != nil {
			t.Fatal(err)
		}
		eachBool(reflect.ValueOf(v).Elem().Field(0).Elem(), func(b reflect.Value) {
			if raw := *(*byte)(unsafe.Pointer(b.UnsafeAddr())); raw != 1 {
				t.Errorf("%T: a bool holds %d, want 1 (true)", v, raw)
			}
		})
	}
}

// eachBool calls f with each bool in v, which is addressable.
func eachBool(v reflect.Value, f func(reflect.Value)) {
	switch v.Kind() {
	case reflect.Bool:
		f(v)
	case reflect.Array:
		for i := range v.Len() {
			eachBool(v.Index(i), f)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			eachBool(v.Field(i), f)
		}
	}
}

type ptWired struct {
	P *ptPlain `nla:"1"`
	N uint32   `nla:"2"`
	W Wire
}

// Wire keeps the order of attributes, the unknown ones, and the bytes a
// newer kernel appended to a known struct (in Tails): the message
// re-encodes as it came.
func TestPointeeWire(t *testing.T) {
	exact := unhex(t, "01020304"+"0506"+"07"+"08"+"090a0b0c0d0e0f10")
	msg := func(p []byte) []byte {
		b := AppendAttr(nil, 2, unhex(t, "2a000000"))
		b = AppendAttr(b, 1, p)
		return AppendAttr(b, 9, []byte("new"))
	}
	for _, tc := range []struct {
		name    string
		payload []byte
	}{
		{"exact", exact},
		{"longer", append(bytes.Clone(exact), 1, 2, 3, 4)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v ptWired
			if err := Unmarshal(msg(tc.payload), &v); err != nil {
				t.Fatal(err)
			}
			out, err := Marshal(&v)
			if err != nil {
				t.Fatal(err)
			}
			if want := msg(tc.payload); !bytes.Equal(out, want) {
				t.Fatalf("Marshal:\n got %x\nwant %x", out, want)
			}
			if extra := len(tc.payload) - len(exact); extra > 0 && (len(v.W.Tails) != 1 || len(v.W.Tails[0].Data) != extra) {
				t.Fatalf("Tails = %v, want the %d extra bytes", v.W.Tails, extra)
			}
		})
	}
}

// Unmarshal resets v first, so a pointer already set is replaced by fresh
// memory and what it pointed to is left alone. With internal/zeroed (a promise the
// caller breaks here) the value is still replaced whole: a short payload
// leaves zero, not the old fields. (That path decodes into the memory
// already there, as for a repeated attribute; the test does not pin it.)
func TestPointeePreset(t *testing.T) {
	old := ptPlain{A: 9, B: 9, C: 9, D: 9, E: 9}
	short := unhex(t, "01000000"+"0200")
	in := AppendAttr(nil, 1, short)

	prev := old
	v := ptHolder[ptPlain]{P: &prev}
	if err := Unmarshal(in, &v); err != nil {
		t.Fatal(err)
	}
	if v.P == &prev {
		t.Error("Unmarshal decoded into the pointee the value held before")
	}
	if prev != old {
		t.Errorf("the old pointee changed: %+v", prev)
	}
	if want := (ptPlain{A: 1, B: 2}); *v.P != want {
		t.Errorf("got %+v, want %+v", *v.P, want)
	}

	prev = old
	v = ptHolder[ptPlain]{P: &prev}
	if err := zeroed.Unmarshal(in, &v); err != nil {
		t.Fatal(err)
	}
	if want := (ptPlain{A: 1, B: 2}); *v.P != want {
		t.Errorf("Zeroed over a set pointer: got %+v, want %+v", *v.P, want)
	}
}

// A Decoder carves the pointees of later calls past those of earlier
// ones: results do not share memory, and an earlier one stays as it was.
func TestPointeeDecoderResults(t *testing.T) {
	var d Decoder
	a := unhex(t, "01020304"+"0506"+"07"+"08"+"090a0b0c0d0e0f10")
	var first, second ptHolder[ptPlain]
	if err := d.Unmarshal(AppendAttr(nil, 1, a), &first); err != nil {
		t.Fatal(err)
	}
	want := *first.P
	b := bytes.Repeat([]byte{0x5a}, len(a))
	if err := d.Unmarshal(AppendAttr(nil, 1, b), &second); err != nil {
		t.Fatal(err)
	}
	if *first.P != want {
		t.Errorf("first result changed by the second call: %+v", *first.P)
	}
	if first.P == second.P {
		t.Error("two calls share a pointee")
	}
	if second.P.A != 0x5a5a5a5a || second.P.E != 0x5a5a5a5a5a5a5a5a {
		t.Errorf("second = %+v", *second.P)
	}
}

// oneCopy reports whether field f decodes its C struct by one copy.
func oneCopy(f *field) bool {
	return reflect.ValueOf(f.c.decode).Pointer() == reflect.ValueOf(decodeFn(decCopy)).Pointer()
}
