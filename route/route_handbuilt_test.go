package route

import (
	"encoding/binary"
	"encoding/hex"
	"net/netip"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Golden cases the kernel of the capture machine cannot produce (no
// mpls_iptunnel, no sch_prio), built from filled structs. With -update they
// are (re)written; otherwise the encoding must still give the bytes on file,
// which must decode to the text.
func handBuilt() map[string]struct {
	comment string
	msgs    []netlink.Message
} {
	label := NewMPLSLabels
	hdr := func(typ netlink.MsgType) netlink.Header {
		return netlink.Header{Type: typ, Flags: netlink.Request | netlink.Acknowledge | netlink.Create | netlink.Excl, Seq: 1}
	}
	var mp NextHops
	for i, gw := range []string{"192.0.2.2", "192.0.2.3"} {
		nh := NextHop{Flags: NextHopFlags(RouteOnLink), Index: 3, Gateway: netip.MustParseAddr(gw),
			EncapType: EncapMPLS, Encap: &MPLSEncap{Dst: label(uint32(200 + i))}}
		nh.SetWeight(i + 1)
		mp = append(mp, nh)
	}
	return map[string]struct {
		comment string
		msgs    []netlink.Message
	}{
		"route-mpls-encap": {
			"RTM_NEWROUTE requests as ip would send them for\n" +
				"ip route add 10.20.0.0/16 encap mpls 100/101 ttl 10 via 192.0.2.254 dev v0 (ifindex 3) and\n" +
				"ip route add 10.21.0.0/16 nexthop encap mpls 200 via 192.0.2.2 dev v0 onlink weight 1 nexthop encap mpls 201 via 192.0.2.3 dev v0 onlink weight 2;\n" +
				"built by hand from the uapi layout (this kernel has no mpls_iptunnel), by TestHandBuilt",
			[]netlink.Message{
				{Header: hdr(unix.RTM_NEWROUTE), Body: &Route{Family: FamilyIPv4, DstLen: 16, Table: Table8(TableMain), Protocol: ProtoBoot,
					Scope: ScopeUniverse, Type: TypeUnicast, Dst: netip.MustParseAddr("10.20.0.0"), OIF: 3,
					Gateway: netip.MustParseAddr("192.0.2.254"), EncapType: EncapMPLS,
					Encap: &MPLSEncap{Dst: label(100, 101), TTL: 10}}},
				{Header: hdr(unix.RTM_NEWROUTE), Body: &Route{Family: FamilyIPv4, DstLen: 16, Table: Table8(TableMain), Protocol: ProtoBoot,
					Scope: ScopeUniverse, Type: TypeUnicast, Dst: netip.MustParseAddr("10.21.0.0"), Multipath: mp}},
			},
		},
		"tc-prio": {
			"RTM_NEWQDISC request as tc would send it for tc qdisc add dev v0 (ifindex 3) root handle 1: prio,\n" +
				"with the default priomap; built by hand from the uapi layout (this kernel has no sch_prio), by TestHandBuilt",
			[]netlink.Message{{Header: hdr(unix.RTM_NEWQDISC), Body: &Tc{Index: 3, Handle: NewHandle(1, 0), Parent: HandleRoot, Kind: "prio",
				Options: &PrioOptions{Bands: 3, PrioMap: [16]uint8{1, 2, 2, 2, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1}}}}},
		},
	}
}

func TestHandBuilt(t *testing.T) {
	for name, c := range handBuilt() {
		var b []byte
		for _, m := range c.msgs {
			var err error
			if b, err = netlink.AppendMessage(b, m); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		t.Run(name, func(t *testing.T) { routeGolden.Bytes(t, name, c.comment, b) })
	}
}

// TestMPLSEncapLayout checks the RTA_ENCAP payload of an MPLS route against
// bytes written out from the uapi layout, independently of the codec.
func TestMPLSEncapLayout(t *testing.T) {
	if binary.NativeEndian.Uint16([]byte{1, 0}) != 1 {
		t.Skip("the expected bytes are written for a little-endian host")
	}
	r := Route{Family: FamilyIPv4, EncapType: EncapMPLS, Encap: &MPLSEncap{Dst: []byte{0x00, 0x06, 0x41, 0x00}, TTL: 10}}
	b, err := nltag.Marshal(&r)
	if err != nil {
		t.Fatal(err)
	}
	want := "02000000" + "00000000" + "00000000" + // rtmsg
		"0600" + "1500" + "0100" + "0000" + // RTA_ENCAP_TYPE = LWTUNNEL_ENCAP_MPLS
		"1400" + "1600" + // RTA_ENCAP, 20 bytes
		"0800" + "0100" + "00064100" + // MPLS_IPTUNNEL_DST: label 100, bottom of stack
		"0500" + "0200" + "0a" + "000000" // MPLS_IPTUNNEL_TTL 10
	if got := hex.EncodeToString(b); got != want {
		t.Errorf("encoding:\n got %s\nwant %s", got, want)
	}
}
