package nltag_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"net"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nltag/go-netlink/nltag"
)

type Greeting struct {
	Version uint8
	_       [3]byte
	Attrs   struct {
		Name  string       `nla:"1,string"`
		Port  uint16       `nla:"2,be16"`
		Addrs []netip.Addr `nla:"3,ip,multi"`
		Extra []nltag.Attr `nla:",unknown"`
	} `nla:",attrs"`
}

func TestGreetingRoundTrip(t *testing.T) {
	var g Greeting
	g.Version = 2
	g.Attrs.Name = "hi"
	g.Attrs.Port = 443
	g.Attrs.Addrs = []netip.Addr{netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("2001:db8::1")}
	b, err := nltag.Marshal(&g)
	if err != nil {
		t.Fatal(err)
	}
	want := "02000000" + // header
		"07000100" + "686900" + "00" + // name "hi\0" padded
		"06000200" + "01bb" + "0000" + // port, big endian
		"08000300" + "c0000201" + // v4
		"14000300" + "20010db8000000000000000000000001"
	if got := hex.EncodeToString(b); got != want {
		t.Fatalf("Marshal:\n got %s\nwant %s", got, want)
	}
	var g2 Greeting
	if err := nltag.Unmarshal(b, &g2); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(g, g2, cmp.Comparer(func(a, b netip.Addr) bool { return a == b })); d != "" {
		t.Fatalf("round trip (-want +got):\n%s", d)
	}
	if n, _ := nltag.Size(&g); n != len(b) {
		t.Fatalf("Size = %d, want %d", n, len(b))
	}
}

func TestUnknownKeptInOrder(t *testing.T) {
	in, _ := hex.DecodeString("01000000" + "08000900" + "01020304" + "07000100" + "6869000" + "0" + "05000a00" + "ff000000")
	var g Greeting
	if err := nltag.Unmarshal(in, &g); err != nil {
		t.Fatal(err)
	}
	if len(g.Attrs.Extra) != 2 || g.Attrs.Extra[0].Type != 9 || g.Attrs.Extra[1].Type != 10 {
		t.Fatalf("unknown = %+v", g.Attrs.Extra)
	}
	if g.Attrs.Name != "hi" {
		t.Fatalf("name %q", g.Attrs.Name)
	}
}

// LinkLike exercises Wire: byte-identical re-encoding whatever the order.
type linkLike struct {
	Family uint8
	_      uint8
	Type   uint16
	Index  int32
	Flags  uint32
	Change uint32
	MTU    uint32           `nla:"4,omitempty"`
	Name   string           `nla:"3"`
	Addr   net.HardwareAddr `nla:"1"`
	Info   *struct {
		Kind string `nla:"1"`
		Data any    `nla:"2,submsg=test-kind,selector=Kind"`
		W    nltag.Wire
	} `nla:"18"`
	Promisc uint32 `nla:"30,omitempty"`
	Wire    nltag.Wire
}

type vethData struct {
	Peer *linkLike `nla:"1"`
}

type u32Data struct {
	V uint32 `nla:"5"`
}

func init() {
	nltag.RegisterSubMessage("test-kind", "veth", &vethData{})
	nltag.RegisterSubMessage("test-kind", "u32", &u32Data{})
}

func attr(typ uint16, payload string) string {
	p, _ := hex.DecodeString(payload)
	return hex.EncodeToString(nltag.AppendAttr(nil, typ, p))
}

func TestWireLossless(t *testing.T) {
	peer := "01000000" + "00000000" + "00000000" + "00000000" + attr(3, "763100")
	data := attr(1|nltag.FlagNested, peer)
	info := attr(2, data) + attr(1, "7665746800") // data before kind
	msg := "00000100" + "05000000" + "43100100" + "00000000" +
		attr(3, "763000") + attr(30, "00000000") + attr(77, "abcd") + attr(4, "dc050000") +
		attr(1, "020000000001") + attr(18|nltag.FlagNested, info)
	in, _ := hex.DecodeString(msg)
	var m linkLike
	if err := nltag.Unmarshal(in, &m); err != nil {
		t.Fatal(err)
	}
	if m.Name != "v0" || m.MTU != 1500 || m.Info == nil || m.Info.Kind != "veth" {
		t.Fatalf("decoded %+v", m)
	}
	v, ok := m.Info.Data.(*vethData)
	if !ok || v.Peer == nil || v.Peer.Name != "v1" {
		t.Fatalf("data %#v", m.Info.Data)
	}
	out, err := nltag.Marshal(&m)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, in) {
		t.Fatalf("re-encode differs:\n got %x\nwant %x", out, in)
	}
	text := nltag.Format(&m)
	for _, want := range []string{`Name: "v0"`, "Data(veth):", `Name: "v1"`, "Promisc: 0", "attr 77: [abcd]"} {
		if !strings.Contains(text, want) {
			t.Errorf("Format lacks %q:\n%s", want, text)
		}
	}
}

func TestErrorsNamePath(t *testing.T) {
	peer := "01000000" + "00000000" + "00000000" + "00000000" + "0900030076" // length 9, 5 left
	data := attr(1, peer)
	info := attr(1, "7665746800") + attr(2, data)
	in, _ := hex.DecodeString("00000100" + "05000000" + "43100100" + "00000000" + attr(18, info))
	var m linkLike
	err := nltag.Unmarshal(in, &m)
	var e *nltag.Error
	if !errors.As(err, &e) || !errors.Is(err, nltag.ErrLength) {
		t.Fatalf("err = %v", err)
	}
	if e.Path != "Info.Data(veth).Peer" || e.Offset != 56 {
		t.Fatalf("path %q offset %d: %v", e.Path, e.Offset, err)
	}
	want := "nltag: nltag_test.linkLike.Info.Data(veth).Peer at offset 56 (attribute 3): "
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("text %q, want it to start %q", err, want)
	}
	// Without a type or path, as from Attrs, the text has no gap.
	for _, err := range nltag.Attrs([]byte{12, 0, 5, 0}) {
		if want := "nltag: at offset 0 (attribute 5): "; err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Attrs: %q, want it to start %q", err, want)
		}
	}
}

func TestStrict(t *testing.T) {
	in, _ := hex.DecodeString("01000000" + attr(9, "00"))
	var g Greeting
	if err := (nltag.UnmarshalOptions{Strict: true}).Unmarshal(in, &g); !errors.Is(err, nltag.ErrUnknown) {
		t.Fatalf("strict: %v", err)
	}
	in, _ = hex.DecodeString("01000000" + attr(2, "000000"))
	if err := (nltag.UnmarshalOptions{Strict: true}).Unmarshal(in, &g); !errors.Is(err, nltag.ErrSize) {
		t.Fatalf("strict size: %v", err)
	}
	if err := nltag.Unmarshal(in, &g); err != nil {
		t.Fatalf("tolerant: %v", err)
	}
}

func TestBadTypes(t *testing.T) {
	for _, v := range []any{
		struct {
			X string `nla:"IFLA_X"`
		}{},
		struct {
			X uint32 `nla:"1,u64"`
		}{},
		struct {
			X uint32 `nla:"1,bogus"`
		}{},
		struct {
			X []uint32 `nla:"1"`
		}{},
		struct {
			A uint32 `nla:"1"`
			B uint32 `nla:"1"`
		}{},
	} {
		var te *nltag.TypeError
		if err := nltag.Check(v); !errors.As(err, &te) {
			t.Errorf("Check(%T) = %v", v, err)
		}
	}
}
