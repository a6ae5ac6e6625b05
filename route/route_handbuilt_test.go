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
					Gateway: netip.MustParseAddr("192.0.2.254"),
					Extra:   &RouteExtra{EncapType: EncapMPLS, Encap: &MPLSEncap{Dst: label(100, 101), TTL: 10}}}},
				{Header: hdr(unix.RTM_NEWROUTE), Body: &Route{Family: FamilyIPv4, DstLen: 16, Table: Table8(TableMain), Protocol: ProtoBoot,
					Scope: ScopeUniverse, Type: TypeUnicast, Dst: netip.MustParseAddr("10.21.0.0"), Extra: &RouteExtra{Multipath: mp}}},
			},
		},
		"tc-filter-matchall": {
			"RTM_NEWTFILTER request for tc filter add dev v0 (ifindex 3) ingress protocol all prio 1 matchall skip_hw\n" +
				"action mirred egress mirror dev v1 (ifindex 4); built by hand from the uapi layout (this kernel has no cls_matchall), by TestHandBuilt",
			[]netlink.Message{{Header: hdr(unix.RTM_NEWTFILTER), Body: &Tc{Index: 3, Parent: NewHandle(0xffff, MinorIngress),
				Info: MakeFilterInfo(1, unix.ETH_P_ALL), Kind: "matchall", Options: matchallMirror()}}},
		},
		"tc-filter-flower": {
			"RTM_NEWTFILTER request for tc filter add dev v0 (ifindex 3) ingress protocol ip prio 2 flower ip_proto tcp\n" +
				"dst_ip 192.0.2.0/24 dst_port 80 action gact drop; built by hand from the uapi layout (this kernel has no cls_flower), by TestHandBuilt",
			[]netlink.Message{{Header: hdr(unix.RTM_NEWTFILTER), Body: &Tc{Index: 3, Parent: NewHandle(0xffff, MinorIngress),
				Info: MakeFilterInfo(2, unix.ETH_P_IP), Kind: "flower", Options: flowerTCP80(&GactOptions{Parms: &TcGen{Action: ActShot}})}}},
		},
		"tc-prio": {
			"RTM_NEWQDISC request as tc would send it for tc qdisc add dev v0 (ifindex 3) root handle 1: prio,\n" +
				"with the default priomap; built by hand from the uapi layout (this kernel has no sch_prio), by TestHandBuilt",
			[]netlink.Message{{Header: hdr(unix.RTM_NEWQDISC), Body: &Tc{Index: 3, Handle: NewHandle(1, 0), Parent: HandleRoot, Kind: "prio",
				Options: &PrioOptions{Bands: 3, PrioMap: [16]uint8{1, 2, 2, 2, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1}}}}},
		},
	}
}

// matchallMirror is a matchall filter that mirrors to ifindex 4.
func matchallMirror() *MatchallOptions {
	return &MatchallOptions{Flags: 1, Actions: []Action{{Kind: "mirred", Options: &MirredOptions{
		Parms: &MirredParms{TcGen: TcGen{Action: ActPipe}, EAction: EgressMirror, IfIndex: 4}}}}}
}

// flowerTCP80 is a flower filter on TCP to port 80 of 192.0.2.0/24, with
// the action gact when not nil.
func flowerTCP80(gact *GactOptions) *FlowerOptions {
	o := &FlowerOptions{EthType: unix.ETH_P_IP, IPProto: unix.IPPROTO_TCP,
		IPv4Dst: netip.MustParseAddr("192.0.2.0"), IPv4DstMask: netip.MustParseAddr("255.255.255.0"),
		TCPDst: new(uint16(80)), TCPDstMask: new(uint16(0xffff))}
	if gact != nil {
		o.Actions = []Action{{Kind: "gact", Options: gact}}
	}
	return o
}

// TestFilterLayout checks the TCA_OPTIONS payloads of matchall and flower
// against bytes written out from the uapi layout, independently of the
// codec.
func TestFilterLayout(t *testing.T) {
	if binary.NativeEndian.Uint16([]byte{1, 0}) != 1 {
		t.Skip("the expected bytes are written for a little-endian host")
	}
	for _, c := range []struct {
		name string
		v    any
		want string
	}{
		{"matchall", matchallMirror(),
			// TCA_MATCHALL_ACT { 1 { KIND "mirred", OPTIONS { PARMS tc_mirred } } }
			"38000200" + "34000100" + "0b000100" + "6d697272" + "65640000" +
				"24000200" + "20000200" + "00000000" + "00000000" + "03000000" + "00000000" + "00000000" + "02000000" + "04000000" +
				// TCA_MATCHALL_FLAGS skip_hw
				"08000300" + "01000000"},
		{"flower", flowerTCP80(nil),
			// KEY_ETH_TYPE be16 0x0800, KEY_IP_PROTO 6, KEY_IPV4_DST, KEY_IPV4_DST_MASK,
			// KEY_TCP_DST be16 80, KEY_TCP_DST_MASK be16 0xffff
			"06000800" + "08000000" + "05000900" + "06000000" + "08000c00" + "c0000200" + "08000d00" + "ffffff00" +
				"06001300" + "00500000" + "06002400" + "ffff0000"},
	} {
		b, err := nltag.Marshal(c.v)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := hex.EncodeToString(b); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
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
	r := Route{Family: FamilyIPv4, Extra: &RouteExtra{EncapType: EncapMPLS, Encap: &MPLSEncap{Dst: []byte{0x00, 0x06, 0x41, 0x00}, TTL: 10}}}
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
