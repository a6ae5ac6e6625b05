package nltag_test

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"testing"

	"github.com/nltag/go-netlink/nltag"
)

// TestLocate maps offsets in an encoding back to the fields that wrote them,
// through a nest, a sub-message and a pointer, as an extended ACK's offset
// is mapped to the request's field.
func TestLocate(t *testing.T) {
	v := &linkLike{MTU: 1500, Name: "a"}
	v.Info = &struct {
		Kind string `nla:"1"`
		Data any    `nla:"2,submsg=test-kind,selector=Kind"`
		W    nltag.Wire
	}{Kind: "veth", Data: &vethData{Peer: &linkLike{Name: "peer"}}}
	b, err := nltag.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	at := func(payload string) int {
		i := bytes.Index(b, []byte(payload))
		if i < 4 {
			t.Fatalf("%q not in %x", payload, b)
		}
		return i - 4 // the attribute's header
	}
	mtu := 16 // the first attribute, after the 16-byte header
	if binary.NativeEndian.Uint16(b[mtu+2:]) != 4 {
		t.Fatalf("attribute at 16 is not MTU: %x", b)
	}
	for _, c := range []struct {
		off        int
		path, attr string
	}{
		{mtu, "MTU", "4"},
		{mtu + 5, "MTU", "4"}, // inside the payload
		{at("a\x00"), "Name", "3"},
		{at("veth\x00"), "Info.Kind", "1"},
		{at("peer\x00"), "Info.Data(veth).Peer.Name", "3"},
		{at("peer\x00") + 6, "Info.Data(veth).Peer.Name", "3"},
		{3, "", ""},
		{-16, "", ""},
		{len(b) + 8, "", ""},
	} {
		got := nltag.Locate(v, b, c.off)
		if got.Path != c.path || got.Attr != c.attr {
			t.Errorf("Locate(%d) = %q %q, want %q %q", c.off, got.Path, got.Attr, c.path, c.attr)
		}
	}
	// A nest and a sub-message give the set their attributes are named in.
	set := nltag.RegisterSet(&nltag.AttrSet{Name: "locate-test", Attrs: map[string]uint16{"LT_A": 1, "LT_B": 2}})
	type inner struct {
		_ nltag.Set `nla:"locate-test"`
		A uint32    `nla:"LT_A"`
	}
	type outer struct {
		_  nltag.Set `nla:"locate-test"`
		In inner     `nla:"LT_B"`
	}
	o := &outer{In: inner{A: 7}}
	ob, err := nltag.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	if got := nltag.Locate(o, ob, 0); got.Path != "In" || got.Attr != "LT_B" || got.Inner != set {
		t.Errorf("Locate(nest) = %+v", got)
	}
	if got := nltag.Locate(o, ob, 4); got.Path != "In.A" || got.Attr != "LT_A" {
		t.Errorf("Locate(in nest) = %+v", got)
	}
	if got := nltag.Locate(o, ob, -1); got.Path != "" || got.Inner != set {
		t.Errorf("Locate(before) = %+v", got)
	}
	// Bytes that do not match the value end the path, without a panic.
	if got := nltag.Locate(o, []byte{1, 0, 2, 0, 9, 9}, 4); got.Path != "" {
		t.Errorf("Locate(garbage) = %+v", got)
	}
}

// TestClearWire: a decoded value, cleared, encodes as the same value built
// in Go, at every depth.
func TestClearWire(t *testing.T) {
	peerHex := "00000000" + "00000000" + "00000000" + "00000000" + attr(99, "ff") + attr(3, "793000")
	info := attr(2, attr(1, peerHex)) + attr(1, "7665746800")
	in, err := hex.DecodeString("01000000" + "00000000" + "00000000" + "00000000" + attr(30, "01000000") + attr(3, "783000") + attr(18, info))
	if err != nil {
		t.Fatal(err)
	}
	var v linkLike
	if err := nltag.Unmarshal(in, &v); err != nil {
		t.Fatal(err)
	}
	peer := v.Info.Data.(*vethData).Peer
	if len(v.Wire.Order) == 0 || len(peer.Wire.Unknown) != 1 {
		t.Fatalf("decoding kept no wire: %+v", v)
	}
	nltag.ClearWire(&v)
	if len(v.Wire.Order) != 0 || len(v.Info.W.Order) != 0 || len(peer.Wire.Order) != 0 || len(peer.Wire.Unknown) != 0 {
		t.Fatalf("wire left after ClearWire: %+v %+v %+v", v.Wire, v.Info.W, peer.Wire)
	}
	got, err := nltag.Marshal(&v)
	if err != nil {
		t.Fatal(err)
	}
	fresh := &linkLike{Family: 1, Name: "x0", Promisc: 1}
	fresh.Info = v.Info
	fresh.Info.Data = &vethData{Peer: &linkLike{Name: "y0"}}
	want, err := nltag.Marshal(fresh)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("cleared value encodes to\n%x\nwant\n%x", got, want)
	}
	nltag.ClearWire(v) // not a pointer: ignored, no panic
	nltag.ClearWire(nil)
}

// FuzzLocate: whatever the bytes and the offset, Locate returns without
// panicking, even when the bytes are not the value's encoding.
func FuzzLocate(f *testing.F) {
	v := &linkLike{MTU: 1500, Name: "a"}
	v.Info = &struct {
		Kind string `nla:"1"`
		Data any    `nla:"2,submsg=test-kind,selector=Kind"`
		W    nltag.Wire
	}{Kind: "veth", Data: &vethData{Peer: &linkLike{Name: "peer"}}}
	b, err := nltag.Marshal(v)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b, 60)
	f.Add(b[:40], 36)
	f.Add([]byte{}, 0)
	f.Fuzz(func(t *testing.T, data []byte, off int) {
		nltag.Locate(v, data, off)
		nltag.Locate(&linkLike{}, data, off)
	})
}
