package nltag_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"reflect"
	"strings"
	"testing"

	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/nltag"
)

// wiredLink holds its wire record in a Wire (W = nltag.Wire) or behind a
// pointer (W = *nltag.Wire) at every depth: the top level, a pointer nest,
// a direct nest, multi and indexed elements, and (always *Wire) a
// sub-message and the link inside it. The two forms must decode, encode
// and format alike.
type wiredLink[W any] struct {
	Family uint8
	_      [3]byte
	Index  int32
	MTU    uint32         `nla:"4,omitempty"`
	Name   string         `nla:"3"`
	Stats  *wiredStats    `nla:"7"`
	Info   *wiredInfo[W]  `nla:"18"`
	XDP    wiredXDP[W]    `nla:"43"`
	Addrs  []wiredAddr[W] `nla:"40,multi"`
	Ports  []wiredAddr[W] `nla:"41,indexed"`
	Wire   W
}

type wiredStats struct{ RX, TX uint32 }

type wiredInfo[W any] struct {
	Kind string `nla:"1"`
	Data any    `nla:"2,submsg=test-wired,selector=Kind"`
	Wire W
}

type wiredXDP[W any] struct {
	Attached uint8 `nla:"2"`
	Wire     W
}

type wiredAddr[W any] struct {
	Addr  netip.Addr `nla:"1"`
	Label string     `nla:"2"`
	Wire  W
}

type wiredVeth struct {
	Peer *wiredLink[*nltag.Wire] `nla:"1"`
	Wire *nltag.Wire
}

type (
	wiredPtr = wiredLink[*nltag.Wire]
	wiredVal = wiredLink[nltag.Wire]
)

func init() {
	nltag.RegisterSubMessage("test-wired", "veth", &wiredVeth{})
	nltag.RegisterSubMessage("test-wired", "u32", &u32Data{})
}

// wiredMsg is a message that needs every part of a Wire to re-encode:
// attributes out of declaration order, nested flags, unknown attributes
// at every depth, and tails (a string's bytes past its NUL, a u32 in 8
// bytes, a C struct longer than Go's).
func wiredMsg(t testing.TB) []byte {
	peer := "01000000" + "08000000" + attr(3, "763100") + attr(99, "") + attr(43, attr(2, "00"))
	info := attr(2|nltag.FlagNested, attr(1, peer)+attr(3, "aa")) + attr(1, "7665746800") + attr(6, "00")
	msg := "02000000" + "07000000" +
		attr(3, "763000ee") + attr(77, "abcd") +
		attr(43|nltag.FlagNested, attr(9, "01")+attr(2, "01")) +
		attr(4, "dc05000000000000") +
		attr(7, "010000000200000003000000") +
		attr(40, attr(1, "c0000201")+attr(5, "ff")) +
		attr(40|nltag.FlagNested, attr(2, "6c6f00")+attr(1, "c0000202")) +
		attr(18|nltag.FlagNested, info) +
		attr(41, attr(1, attr(1, "0a000001"))+attr(2, attr(2, "7800")+attr(7, ""))) +
		attr(78, "")
	b, err := hex.DecodeString(msg)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// body drops Format's first line, which names the type.
func body(s string) string {
	_, rest, _ := strings.Cut(s, "\n")
	return rest
}

func TestWirePtrLossless(t *testing.T) {
	in := wiredMsg(t)
	var p wiredPtr
	var v wiredVal
	for _, x := range []any{&p, &v} {
		if err := nltag.Unmarshal(in, x); err != nil {
			t.Fatalf("%T: %v", x, err)
		}
		out, err := nltag.Marshal(x)
		if err != nil {
			t.Fatalf("%T: %v", x, err)
		}
		if !bytes.Equal(out, in) {
			t.Fatalf("%T re-encodes to\n%x\nwant\n%x", x, out, in)
		}
		if n, err := nltag.Size(x); err != nil || n != len(in) {
			t.Fatalf("%T: Size = %d, %v; want %d", x, n, err, len(in))
		}
	}
	if a, b := body(nltag.Format(&p)), body(nltag.Format(&v)); a != b {
		t.Fatalf("Format differs:\n*Wire:\n%s\nWire:\n%s", a, b)
	}
	for _, want := range []string{"attr 77: [abcd]", "attr 9: [01]", "attr 5: [ff]", "attr 99: []", "attr 6: [00]", "tail of Name: [ee]", "tail of Stats: [03000000]"} {
		if !strings.Contains(nltag.Format(&p), want) {
			t.Errorf("Format lacks %q:\n%s", want, nltag.Format(&p))
		}
	}
	peer := p.Info.Data.(*wiredVeth).Peer
	for name, w := range map[string]*nltag.Wire{
		"top": p.Wire, "Info": p.Info.Wire, "XDP": p.XDP.Wire, "Addrs[0]": p.Addrs[0].Wire, "Addrs[1]": p.Addrs[1].Wire,
		"Ports[0]": p.Ports[0].Wire, "Ports[1]": p.Ports[1].Wire, "veth": p.Info.Data.(*wiredVeth).Wire, "peer": peer.Wire, "peer.XDP": peer.XDP.Wire,
	} {
		if w == nil || w.Order == nil {
			t.Errorf("%s: Wire %+v, want one with Order set", name, w)
		}
	}
	if !reflect.DeepEqual(*p.Wire, v.Wire) || !reflect.DeepEqual(*p.XDP.Wire, v.XDP.Wire) || !reflect.DeepEqual(*p.Ports[1].Wire, v.Ports[1].Wire) {
		t.Errorf("the Wires differ: %+v %+v", *p.Wire, v.Wire)
	}
	if p.Wire == p.XDP.Wire || p.Addrs[0].Wire == p.Addrs[1].Wire {
		t.Errorf("two structs share a Wire")
	}
	if loc := nltag.Locate(&p, in, 20); loc.Path != "Wire" || loc.Attr != "77" {
		t.Errorf("Locate of the unknown attribute: %+v", loc)
	}
}

// Decoding always sets Order, so a struct decoded from no attributes gets
// a Wire too, with an empty Order: what says "decoded" to encoding.
func TestWirePtrOrderAlwaysSet(t *testing.T) {
	in, _ := hex.DecodeString("02000000" + "07000000" + attr(43, ""))
	var p wiredPtr
	if err := nltag.Unmarshal(in, &p); err != nil {
		t.Fatal(err)
	}
	if p.Wire == nil || len(p.Wire.Order) != 1 || p.XDP.Wire == nil || p.XDP.Wire.Order == nil || len(p.XDP.Wire.Order) != 0 {
		t.Fatalf("Wire %+v, XDP.Wire %+v", p.Wire, p.XDP.Wire)
	}
	if p.Info != nil {
		t.Fatalf("absent nest decoded: %+v", p.Info)
	}
	if err := (nltag.UnmarshalOptions{Strict: true}).Unmarshal(in[:8], &p); err != nil || p.Wire == nil || p.Wire.Order == nil || len(p.Wire.Order) != 0 {
		t.Fatalf("header only: %v, %+v", err, p.Wire)
	}
}

// A nil *Wire encodes by the field rules, as a zero Wire does: declaration
// order, no flags, nothing unknown.
func TestWirePtrNilEncodes(t *testing.T) {
	p := wiredPtr{Family: 2, Name: "a", MTU: 1500, Stats: &wiredStats{1, 2}, XDP: wiredXDP[*nltag.Wire]{Attached: 1}}
	p.Addrs = []wiredAddr[*nltag.Wire]{{Addr: netip.MustParseAddr("192.0.2.1")}}
	p.Info = &wiredInfo[*nltag.Wire]{Kind: "veth", Data: &wiredVeth{Peer: &wiredPtr{Name: "b"}}}
	v := wiredVal{Family: 2, Name: "a", MTU: 1500, Stats: &wiredStats{1, 2}, XDP: wiredXDP[nltag.Wire]{Attached: 1}}
	v.Addrs = []wiredAddr[nltag.Wire]{{Addr: netip.MustParseAddr("192.0.2.1")}}
	v.Info = &wiredInfo[nltag.Wire]{Kind: "veth", Data: &wiredVeth{Peer: &wiredPtr{Name: "b"}}}
	pb, err := nltag.Marshal(&p)
	if err != nil {
		t.Fatal(err)
	}
	vb, err := nltag.Marshal(&v)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(pb, vb) {
		t.Fatalf("nil *Wire encodes to\n%x\nzero Wire to\n%x", pb, vb)
	}
	// A non-nil *Wire that was never decoded (Order nil) encodes by the
	// field rules too, with its unknown attributes after the fields.
	p.Wire = &nltag.Wire{Unknown: []nltag.Attr{{Type: 77, Data: []byte{1}}}}
	v.Wire = *p.Wire
	pb, _ = nltag.Marshal(&p)
	vb, _ = nltag.Marshal(&v)
	if !bytes.Equal(pb, vb) || !bytes.HasSuffix(pb, nltag.AppendAttr(nil, 77, []byte{1})) {
		t.Fatalf("Unknown without Order: *Wire %x, Wire %x", pb, vb)
	}
}

// Decoding into a value decoded before resets it first: the result equals
// a fresh decoding, and a shallow copy of the old result keeps its own
// Wires (Unmarshal never writes through a *Wire it did not allocate in the
// same call).
func TestWirePtrReuse(t *testing.T) {
	in := wiredMsg(t)
	other, _ := hex.DecodeString("03000000" + "09000000" + attr(80, "01") + attr(3, "783000") + attr(43, attr(2, "01")))
	var p wiredPtr
	if err := nltag.Unmarshal(in, &p); err != nil {
		t.Fatal(err)
	}
	old, oldXDP := p, *p.XDP.Wire
	d := new(nltag.Decoder)
	for range 2 {
		if err := d.Unmarshal(other, &p); err != nil {
			t.Fatal(err)
		}
		var fresh wiredPtr
		if err := nltag.Unmarshal(other, &fresh); err != nil {
			t.Fatal(err)
		}
		if a, b := nltag.Format(&p), nltag.Format(&fresh); a != b {
			t.Fatalf("reused value:\n%s\nfresh:\n%s", a, b)
		}
		if out, _ := nltag.Marshal(&p); !bytes.Equal(out, other) {
			t.Fatalf("reused value encodes to %x, want %x", out, other)
		}
	}
	if out, _ := nltag.Marshal(&old); !bytes.Equal(out, in) || !reflect.DeepEqual(*old.XDP.Wire, oldXDP) {
		t.Fatalf("the copy of the first result changed: %x", out)
	}
}

// A nest repeated within one message decodes into the same struct (a
// direct one, the pointee of a pointer, a sub-message's value), whose
// *Wire the first occurrence set: it is reused, and reset as a Wire is,
// so that nothing of the first occurrence stays.
func TestWirePtrRepeatedNest(t *testing.T) {
	veth := attr(1, "7665746800") + attr(2, attr(1, "01000000"+"08000000"+attr(9, "01"))+attr(5, ""))
	in, _ := hex.DecodeString("02000000" + "07000000" +
		attr(43, attr(9, "01")+attr(2, "01")+attr(4, "0100000000000000")) + attr(43, attr(2, "00")) +
		attr(18, veth+attr(6, "01")) + attr(18, veth+attr(2, attr(1, "01000000"+"08000000"))))
	var p wiredPtr
	var v wiredVal
	if err := nltag.Unmarshal(in, &p); err != nil {
		t.Fatal(err)
	}
	if err := nltag.Unmarshal(in, &v); err != nil {
		t.Fatal(err)
	}
	w := p.XDP.Wire
	if w == nil || w.Unknown != nil || w.Tails != nil || len(w.Order) != 1 || p.XDP.Attached != 0 {
		t.Fatalf("XDP %+v, Wire %+v", p.XDP, w)
	}
	if !reflect.DeepEqual(*w, v.XDP.Wire) {
		t.Fatalf("*Wire %+v, Wire %+v", *w, v.XDP.Wire)
	}
	data := p.Info.Data.(*wiredVeth)
	for name, w := range map[string]*nltag.Wire{"Info": p.Info.Wire, "veth": data.Wire, "peer": data.Peer.Wire} {
		if w == nil || w.Unknown != nil || w.Order == nil {
			t.Errorf("%s: Wire %+v, want Order and nothing unknown", name, w)
		}
	}
	if len(p.Info.Wire.Order) != 3 {
		t.Errorf("Info.Wire.Order %v, want that of the last occurrence", p.Info.Wire.Order)
	}
	if a, b := body(nltag.Format(&p)), body(nltag.Format(&v)); a != b {
		t.Fatalf("Format differs:\n*Wire:\n%s\nWire:\n%s", a, b)
	}
}

func TestClearWirePtr(t *testing.T) {
	in := wiredMsg(t)
	var p wiredPtr
	if err := nltag.Unmarshal(in, &p); err != nil {
		t.Fatal(err)
	}
	nltag.ClearWire(&p)
	if path := wireLeft(reflect.ValueOf(p), "p"); path != "" {
		t.Fatalf("ClearWire left %s", path)
	}
	got, err := nltag.Marshal(&p)
	if err != nil {
		t.Fatal(err)
	}
	// The same fields in a value built in Go.
	built := wiredPtr{Family: 2, Index: 7, Name: "v0", MTU: 1500, Stats: &wiredStats{1, 2}, XDP: wiredXDP[*nltag.Wire]{Attached: 1}}
	built.Addrs = []wiredAddr[*nltag.Wire]{{Addr: netip.MustParseAddr("192.0.2.1")}, {Addr: netip.MustParseAddr("192.0.2.2"), Label: "lo"}}
	built.Ports = []wiredAddr[*nltag.Wire]{{Addr: netip.MustParseAddr("10.0.0.1")}, {Label: "x"}}
	built.Info = &wiredInfo[*nltag.Wire]{Kind: "veth", Data: &wiredVeth{Peer: &wiredPtr{Family: 1, Index: 8, Name: "v1"}}}
	want, err := nltag.Marshal(&built)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("cleared value encodes to\n%x\nwant\n%x", got, want)
	}
	w := &nltag.Wire{Order: []uint16{1}}
	nltag.ClearWire(&w)
	if w != nil {
		t.Fatalf("ClearWire(&w) left %+v", w)
	}
	w = &nltag.Wire{Order: []uint16{1}}
	nltag.ClearWire(w)
	if w.Order != nil {
		t.Fatalf("ClearWire(w) left %+v", w)
	}
}

// wireLeft returns the path of a non-nil *Wire in v, or "".
func wireLeft(v reflect.Value, path string) string {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return ""
		}
		if v.Type() == reflect.TypeFor[*nltag.Wire]() {
			return path
		}
		return wireLeft(v.Elem(), path)
	case reflect.Slice:
		for i := range v.Len() {
			if p := wireLeft(v.Index(i), path+"["+string(rune('0'+i))+"]"); p != "" {
				return p
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if p := wireLeft(v.Field(i), path+"."+v.Type().Field(i).Name); p != "" {
				return p
			}
		}
	}
	return ""
}

func TestWirePtrTypes(t *testing.T) {
	if err := nltag.Check(&wiredPtr{}); err != nil {
		t.Fatal(err)
	}
	var te *nltag.TypeError
	if err := nltag.Check(struct {
		A uint8 `nla:"1"`
		W nltag.Wire
		P *nltag.Wire
	}{}); !errors.As(err, &te) || !strings.Contains(err.Error(), "second field for unknown attributes") {
		t.Errorf("Wire and *Wire in one struct: %v", err)
	}
	if err := nltag.Check(struct {
		A uint8       `nla:"1"`
		P *nltag.Wire `nla:",unknown"`
	}{}); err != nil {
		t.Errorf("*Wire tagged unknown: %v", err)
	}
	if err := nltag.Check(struct {
		A uint8        `nla:"1"`
		P **nltag.Wire `nla:",unknown"`
	}{}); !errors.As(err, &te) {
		t.Errorf("**Wire tagged unknown: %v", err)
	}
	// An inline struct's attributes are the enclosing struct's, and so
	// are its unknown ones: its own *Wire would never be filled.
	type inl struct {
		B    uint8 `nla:"2"`
		Wire *nltag.Wire
	}
	if err := nltag.Check(struct {
		A uint8 `nla:"1"`
		I *inl  `nla:",inline"`
	}{}); !errors.As(err, &te) || !strings.Contains(err.Error(), "enclosing struct") {
		t.Errorf("*Wire in an inline struct: %v", err)
	}
}

// Thousands of empty nests of a type with a *Wire: whatever Wires they
// get, the memory budget pays for each carved one and refuses them before
// the bound is passed. A repeated pointer nest reuses its value, whose
// Wire is shared, so repeats decode. So do thousands of sub-messages in
// one nest, each deferred until the nest's attributes are decoded: what
// waits costs little more than the attribute's header.
func TestWirePtrHostileMemory(t *testing.T) {
	for _, c := range []struct {
		attr    uint16
		n       int
		decodes bool
	}{{40, 16000, false}, {40, 1000, false}, {41, 0, false}, {18, 16000, true}, {42, 0, true}} {
		in, err := nltag.Marshal(&wiredPtr{})
		if err != nil {
			t.Fatal(err)
		}
		if c.attr == 41 {
			// indexed elements: one nest of 16,000 empty ones
			var inner []byte
			for i := range 16000 {
				inner = nltag.AppendAttr(inner, uint16(i%100+1), nil)
			}
			in = nltag.AppendAttr(in, 41, inner[:min(len(inner), 0xfff0)])
		}
		if c.attr == 42 {
			// one Info nest of 16,000 empty sub-messages
			var inner []byte
			for range 16000 {
				inner = nltag.AppendAttr(inner, 2, nil)
			}
			in = nltag.AppendAttr(in, 18, inner)
		}
		for range c.n {
			in = nltag.AppendAttr(in, c.attr, nil)
		}
		membound.Check(t, fmt.Sprintf("%d empty attributes %d", c.n, c.attr), len(in), func() {
			err := nltag.Unmarshal(in, new(wiredPtr))
			if err != nil && (c.decodes || !errors.Is(err, nltag.ErrMemory)) {
				t.Error(err)
			}
		})
	}
}

// The Wires of *Wire fields that are not shared come from chunks that
// many results share: a dump's worth of decodings allocates far fewer
// than one per message (a chunk of Wires per 14, of Attrs per 32), and
// the struct is smaller by the Wire it no longer holds. (Each message has
// an unknown attribute, so that each gets a Wire of its own.)
func TestWirePtrChunks(t *testing.T) {
	if membound.RaceEnabled {
		t.Skip("the race detector allocates")
	}
	in, _ := hex.DecodeString("02000000" + "07000000" + attr(99, ""))
	slots := make([]wiredPtr, 1000)
	var d nltag.Decoder
	i := 0
	allocs := testing.AllocsPerRun(len(slots)-1, func() {
		if err := d.Unmarshal(in, &slots[i]); err != nil {
			t.Fatal(err)
		}
		i++
	})
	if allocs > 0.15 {
		t.Errorf("%.2f allocations per message", allocs)
	}
	if slots[0].Wire == nil || slots[0].Wire == slots[1].Wire {
		t.Errorf("Wires %p %p", slots[0].Wire, slots[1].Wire)
	}
	// Two Wires held in place: the top level's and XDP's.
	if p, v := reflect.TypeFor[wiredPtr]().Size(), reflect.TypeFor[wiredVal]().Size(); v-p != 2*(reflect.TypeFor[nltag.Wire]().Size()-reflect.TypeFor[*nltag.Wire]().Size()) {
		t.Errorf("sizes %d with *Wire, %d with Wire", p, v)
	}
}

// A *Wire may sit in a flattened attrs struct, as a Wire may.
func TestWirePtrInAttrs(t *testing.T) {
	type msg struct {
		Version uint8
		_       [3]byte
		Attrs   struct {
			Name string `nla:"1"`
			Wire *nltag.Wire
		} `nla:",attrs"`
	}
	in, _ := hex.DecodeString("02000000" + attr(9, "01") + attr(1, "6869000000"))
	var m msg
	if err := nltag.Unmarshal(in, &m); err != nil {
		t.Fatal(err)
	}
	if m.Attrs.Name != "hi" || m.Attrs.Wire == nil || len(m.Attrs.Wire.Unknown) != 1 || len(m.Attrs.Wire.Tails) != 1 {
		t.Fatalf("decoded %+v, Wire %+v", m, m.Attrs.Wire)
	}
	if out, err := nltag.Marshal(&m); err != nil || !bytes.Equal(out, in) {
		t.Fatalf("re-encodes to %x, %v; want %x", out, err, in)
	}
}
