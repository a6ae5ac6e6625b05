package nltag_test

import (
	"encoding/binary"
	"net"
	"net/netip"
	"testing"

	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/nltag"
)

// allKinds has a field of every kind and option, for the hand-built golden
// files in testdata/nltag.
type allKinds struct {
	Version uint8
	Flags   uint8
	Port    uint16 `nla:",be16"`
	Index   int32

	_       nltag.Set        `nla:"kinds-test"`
	U8      uint8            `nla:"K_U8,omitempty"`
	U16     uint16           `nla:"K_U16,omitempty"`
	U32     uint32           `nla:"K_U32,omitempty"`
	U64     uint64           `nla:"K_U64,omitempty"`
	S8      int8             `nla:"K_S8,omitempty"`
	S16     int16            `nla:"K_S16,omitempty"`
	S32     int32            `nla:"K_S32,omitempty"`
	S64     int64            `nla:"K_S64,omitempty"`
	Uint    uint64           `nla:"K_UINT,uint,omitempty"`
	Sint    int64            `nla:"K_SINT,sint,omitempty"`
	BE16    uint16           `nla:"K_BE16,be16,omitempty"`
	BE32    uint32           `nla:"K_BE32,be32,omitempty"`
	BE64    uint64           `nla:"K_BE64,be64,omitempty"`
	Str     string           `nla:"K_STRING,omitempty"`
	Bytes   []byte           `nla:"K_BYTES,omitempty"`
	Ether   net.HardwareAddr `nla:"K_ETHER"`
	V4      netip.Addr       `nla:"K_IPV4,ipv4"`
	V6      netip.Addr       `nla:"K_IPV6,ipv6"`
	IP      []netip.Addr     `nla:"K_IP,ip,multi"`
	Flag    bool             `nla:"K_FLAG"`
	Nest    *kindNest        `nla:"K_NESTED"`
	Fixed   *kindFixed       `nla:"K_STRUCT"`
	Indexed []kindNest       `nla:"K_INDEXED,indexed"`
	Sel     uint32           `nla:"K_SELECTOR,omitempty"`
	Sub     any              `nla:"K_SUB,submsg=kinds-test-sub,selector=Sel"`
	Hook    *hexWord         `nla:"K_HOOK"`
	Ptr     *uint32          `nla:"K_PTR"`
	Wire    nltag.Wire
}

type kindNest struct {
	A uint32 `nla:"1,omitempty"`
	B string `nla:"2,omitempty"`
}

// kindFixed is a C struct with padding: u8, (pad 3), u32, u16, (pad 6), u64.
type kindFixed struct {
	A uint8
	B uint32
	C uint16
	D uint64
}

// hexWord is a custom type: a u32 written in big-endian by its own methods.
type hexWord uint32

func (h hexWord) MarshalNetlink(b []byte) ([]byte, error) {
	return binary.BigEndian.AppendUint32(b, uint32(h)), nil
}

func (h *hexWord) UnmarshalNetlink(b []byte) error {
	if len(b) != 4 {
		return nltag.ErrShort
	}
	*h = hexWord(binary.BigEndian.Uint32(b))
	return nil
}

type subOne struct {
	X uint16 `nla:"1"`
}

const (
	kU8 = iota + 1
	kU16
	kU32
	kU64
	kS8
	kS16
	kS32
	kS64
	kUint
	kSint
	kBE16
	kBE32
	kBE64
	kString
	kBytes
	kEther
	kIPv4
	kIPv6
	kIP
	kFlag
	kNested
	kStruct
	kIndexed
	kSelector
	kSub
	kHook
	kPtr
)

func init() {
	nltag.RegisterSet(&nltag.AttrSet{Name: "kinds-test", Attrs: map[string]uint16{
		"K_U8": kU8, "K_U16": kU16, "K_U32": kU32, "K_U64": kU64,
		"K_S8": kS8, "K_S16": kS16, "K_S32": kS32, "K_S64": kS64,
		"K_UINT": kUint, "K_SINT": kSint, "K_BE16": kBE16, "K_BE32": kBE32, "K_BE64": kBE64,
		"K_STRING": kString, "K_BYTES": kBytes, "K_ETHER": kEther,
		"K_IPV4": kIPv4, "K_IPV6": kIPv6, "K_IP": kIP, "K_FLAG": kFlag,
		"K_NESTED": kNested, "K_STRUCT": kStruct, "K_INDEXED": kIndexed,
		"K_SELECTOR": kSelector, "K_SUB": kSub, "K_HOOK": kHook, "K_PTR": kPtr,
	}})
	nltag.RegisterSubMessage("kinds-test-sub", 1, &subOne{})
}

func TestGoldenKinds(t *testing.T) { kindsDir.Run(t) }

// kindsDir holds the cases, whose bytes kindCases lays out by hand.
var kindsDir = golden.Dir{Path: "../testdata/nltag", Codec: func(b []byte) (string, []byte, error) {
	var v allKinds
	if err := nltag.Unmarshal(b, &v); err != nil {
		return "", nil, err
	}
	out, err := nltag.Marshal(&v)
	return nltag.Format(&v), out, err
}}

// The golden inputs are laid out here byte by byte, with AppendAttr and
// binary appends only, so that they do not depend on the struct encoder.
func kindCases() map[string][]byte {
	ne := binary.NativeEndian
	be := binary.BigEndian
	hdr := func(version, flags uint8, port uint16, index int32) []byte {
		b := []byte{version, flags}
		b = be.AppendUint16(b, port)
		return ne.AppendUint32(b, uint32(index))
	}
	a := nltag.AppendAttr
	nested := func(b []byte, t uint16, payload []byte) []byte { return a(b, t|nltag.FlagNested, payload) }
	cases := map[string][]byte{}

	b := hdr(1, 2, 8080, -3)
	b = a(b, kU8, []byte{0xfe})
	b = a(b, kU16, ne.AppendUint16(nil, 0xbeef))
	b = a(b, kU32, ne.AppendUint32(nil, 4000000000))
	b = a(b, kU64, ne.AppendUint64(nil, 1<<40+5))
	b = a(b, kS8, []byte{0x80})
	b = a(b, kS16, ne.AppendUint16(nil, 0xfffe))
	b = a(b, kS32, ne.AppendUint32(nil, 0xfffffffd))
	b = a(b, kS64, ne.AppendUint64(nil, 0xfffffffffffffffc))
	cases["integers"] = b

	b = hdr(0, 0, 0, 0)
	b = a(b, kUint, ne.AppendUint32(nil, 7))
	b = a(b, kSint, ne.AppendUint64(nil, 1<<62))
	b = a(b, kBE16, be.AppendUint16(nil, 4789))
	b = a(b, kBE32, be.AppendUint32(nil, 0x0a000001))
	b = a(b, kBE64, be.AppendUint64(nil, 0x0102030405060708))
	cases["variable-and-network-order"] = b

	b = hdr(0, 0, 0, 0)
	b = a(b, kString, []byte("eth0\x00"))
	b = a(b, kBytes, []byte{1, 2, 3})
	b = a(b, kEther, []byte{0x02, 0, 0, 0, 0, 1})
	b = a(b, kIPv4, []byte{192, 0, 2, 1})
	b = a(b, kIPv6, netip.MustParseAddr("2001:db8::1").AsSlice())
	b = a(b, kIP, []byte{198, 51, 100, 7})
	b = a(b, kIP, netip.MustParseAddr("fe80::1").AsSlice())
	b = a(b, kFlag, nil)
	cases["strings-bytes-addresses-flag"] = b

	b = hdr(0, 0, 0, 0)
	b = nested(b, kNested, a(a(nil, 1, ne.AppendUint32(nil, 9)), 2, []byte("x\x00")))
	fixed := []byte{7, 0, 0, 0}
	fixed = ne.AppendUint32(fixed, 70000)
	fixed = ne.AppendUint16(fixed, 65000)
	fixed = append(fixed, 0, 0, 0, 0, 0, 0)
	fixed = ne.AppendUint64(fixed, 1<<33)
	b = a(b, kStruct, fixed)
	idx := nested(nil, 1, a(nil, 1, ne.AppendUint32(nil, 1)))
	idx = nested(idx, 2, a(nil, 2, []byte("two\x00")))
	b = nested(b, kIndexed, idx)
	cases["nested-struct-indexed"] = b

	// The sub-message arrives before its selector; the hook and pointer follow.
	b = hdr(0, 0, 0, 0)
	b = nested(b, kSub, a(nil, 1, ne.AppendUint16(nil, 513)))
	b = a(b, kSelector, ne.AppendUint32(nil, 1))
	b = a(b, kHook, be.AppendUint32(nil, 0xdeadbeef))
	b = a(b, kPtr, ne.AppendUint32(nil, 0))
	cases["submsg-hook-pointer"] = b

	// Unknown attributes keep their place, number and flags; a selector with
	// no registered type keeps the payload raw.
	b = hdr(0, 0, 0, 0)
	b = a(b, 200, []byte{0xaa})
	b = a(b, kU32, ne.AppendUint32(nil, 1))
	b = a(b, 201|nltag.FlagNested, a(nil, 1, nil))
	b = a(b, kSub, []byte{1, 2, 3, 4})
	b = a(b, kSelector, ne.AppendUint32(nil, 99))
	b = a(b, 202|nltag.FlagByteOrder, []byte{0, 1})
	cases["unknown-and-raw"] = b
	return cases
}

// TestKindsInputs checks that the committed inputs are the ones the layouts
// above describe; -update rewrites them.
func TestKindsInputs(t *testing.T) {
	for name, b := range kindCases() {
		t.Run(name, func(t *testing.T) { kindsDir.Bytes(t, name, "hand-built in nltag/kinds_test.go ("+name+")", b) })
	}
}
