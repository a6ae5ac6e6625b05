package route

// Golden files for link kinds this kernel cannot make (CONFIG_DUMMY,
// CONFIG_VLAN_8021Q, CONFIG_BONDING ... are off): their bytes are laid out
// here by hand from the uapi headers, attribute by attribute, in the order
// the kernel's fill functions write them. They are built without the
// package's structs, so decoding them tests the struct declarations.

import (
	"encoding/binary"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Payload builders.
func hu8(v uint8) []byte   { return []byte{v} }
func hu16(v uint16) []byte { return binary.NativeEndian.AppendUint16(nil, v) }
func hu32(v uint32) []byte { return binary.NativeEndian.AppendUint32(nil, v) }
func hb16(v uint16) []byte { return binary.BigEndian.AppendUint16(nil, v) }
func hb32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }
func hstr(s string) []byte { return append([]byte(s), 0) }

// ha is one attribute; hnest concatenates attributes into a payload.
func ha(typ uint16, payload []byte) []byte { return nltag.AppendAttr(nil, typ, payload) }
func hnest(attrs ...[]byte) []byte {
	var b []byte
	for _, a := range attrs {
		b = append(b, a...)
	}
	return b
}

// hifinfo is struct ifinfomsg.
func hifinfo(family uint8, typ uint16, index int32, flags uint32) []byte {
	b := []byte{family, 0}
	b = binary.NativeEndian.AppendUint16(b, typ)
	b = binary.NativeEndian.AppendUint32(b, uint32(index))
	b = binary.NativeEndian.AppendUint32(b, flags)
	return binary.NativeEndian.AppendUint32(b, 0)
}

// hmsg is one netlink message.
func hmsg(typ netlink.MsgType, flags netlink.Flags, seq uint32, body []byte) []byte {
	b := netlink.AppendHeader(nil, uint32(netlink.HeaderLen+len(body)), netlink.Header{Type: typ, Flags: flags, Seq: seq})
	return append(b, body...)
}

// hlink is an RTM_NEWLINK reply with the attributes every link has, as
// rtnl_fill_ifinfo writes them, then extra (IFLA_LINK, IFLA_MASTER ...,
// IFLA_LINKINFO).
func hlink(typ uint16, index int32, flags uint32, name string, mtu uint32, qdisc string, addr, brd []byte, extra ...[]byte) []byte {
	const up = unix.IFF_UP | unix.IFF_RUNNING | unix.IFF_LOWER_UP
	oper, carrier := uint8(OperDown), uint8(0)
	if flags&up == up {
		oper = uint8(OperUp)
	}
	if flags&unix.IFF_LOWER_UP != 0 {
		carrier = 1
	}
	body := hifinfo(0, typ, index, flags)
	body = append(body, hnest(
		ha(unix.IFLA_IFNAME, hstr(name)),
		ha(unix.IFLA_TXQLEN, hu32(1000)),
		ha(unix.IFLA_OPERSTATE, hu8(oper)),
		ha(unix.IFLA_LINKMODE, hu8(0)),
		ha(unix.IFLA_MTU, hu32(mtu)),
		ha(unix.IFLA_MIN_MTU, hu32(68)),
		ha(unix.IFLA_MAX_MTU, hu32(65535)),
		ha(unix.IFLA_GROUP, hu32(0)),
		ha(unix.IFLA_PROMISCUITY, hu32(0)),
		ha(unix.IFLA_NUM_TX_QUEUES, hu32(1)),
		ha(unix.IFLA_NUM_RX_QUEUES, hu32(1)),
		ha(unix.IFLA_CARRIER, hu8(carrier)),
		ha(unix.IFLA_QDISC, hstr(qdisc)),
		ha(unix.IFLA_CARRIER_CHANGES, hu32(1)),
		ha(unix.IFLA_PROTO_DOWN, hu8(0)),
	)...)
	if addr != nil {
		body = append(body, ha(unix.IFLA_ADDRESS, addr)...)
		body = append(body, ha(unix.IFLA_BROADCAST, brd)...)
	}
	for _, e := range extra {
		body = append(body, e...)
	}
	return hmsg(unix.RTM_NEWLINK, 0, 1, body)
}

func hlinkinfo(kind string, data []byte, slaveKind string, slaveData []byte) []byte {
	var b []byte
	if kind != "" {
		b = append(b, ha(unix.IFLA_INFO_KIND, hstr(kind))...)
	}
	if data != nil {
		b = append(b, ha(unix.IFLA_INFO_DATA, data)...)
	}
	if slaveKind != "" {
		b = append(b, ha(unix.IFLA_INFO_SLAVE_KIND, hstr(slaveKind))...)
		b = append(b, ha(unix.IFLA_INFO_SLAVE_DATA, slaveData)...)
	}
	return ha(unix.IFLA_LINKINFO, b)
}

var (
	hmac1 = []byte{0x02, 0x00, 0x00, 0x00, 0x00, 0x01}
	hmac2 = []byte{0x02, 0x00, 0x00, 0x00, 0x00, 0x02}
	hbrd  = []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}
)

const (
	hEtherUp = unix.IFF_UP | unix.IFF_BROADCAST | unix.IFF_RUNNING | unix.IFF_MULTICAST | unix.IFF_LOWER_UP
)

type handmade struct {
	name, comment string
	bytes         []byte
}

func handmadeLinks() []handmade {
	var cases []handmade
	add := func(name, comment string, msgs ...[]byte) {
		cases = append(cases, handmade{name, comment, hnest(msgs...)})
	}

	add("link-vlan", "vlan_fill_info: v0.100 (ip link add link v0 name v0.100 type vlan id 100 reorder_hdr on\ningress-qos-map 1:2 egress-qos-map 2:3) and v0.200 (protocol 802.1ad id 200) on v0 (index 2)",
		hlink(unix.ARPHRD_ETHER, 5, hEtherUp, "v0.100", 1500, "noqueue", hmac1, hbrd,
			ha(unix.IFLA_LINK, hu32(2)),
			hlinkinfo("vlan", hnest(
				ha(unix.IFLA_VLAN_PROTOCOL, hb16(unix.ETH_P_8021Q)),
				ha(unix.IFLA_VLAN_ID, hu16(100)),
				ha(unix.IFLA_VLAN_FLAGS, hnest(hu32(1), hu32(0xffffffff))),
				ha(unix.IFLA_VLAN_INGRESS_QOS, ha(unix.IFLA_VLAN_QOS_MAPPING, hnest(hu32(1), hu32(2)))),
				ha(unix.IFLA_VLAN_EGRESS_QOS, ha(unix.IFLA_VLAN_QOS_MAPPING, hnest(hu32(2), hu32(3)))),
			), "", nil)),
		hlink(unix.ARPHRD_ETHER, 6, hEtherUp, "v0.200", 1500, "noqueue", hmac1, hbrd,
			ha(unix.IFLA_LINK, hu32(2)),
			hlinkinfo("vlan", hnest(
				ha(unix.IFLA_VLAN_PROTOCOL, hb16(unix.ETH_P_8021AD)),
				ha(unix.IFLA_VLAN_ID, hu16(200)),
				ha(unix.IFLA_VLAN_FLAGS, hnest(hu32(1), hu32(0xffffffff))),
			), "", nil)))

	add("link-bond", "bond_fill_info and bond_fill_slave_info: bond0 (mode 802.3ad miimon 100 lacp_rate fast\nxmit_hash_policy layer3+4, no ARP targets) and its slave v0 (index 2)",
		hlink(unix.ARPHRD_ETHER, 7, hEtherUp|unix.IFF_MASTER, "bond0", 1500, "noqueue", hmac1, hbrd,
			hlinkinfo("bond", hnest(
				ha(unix.IFLA_BOND_MODE, hu8(4)),
				ha(unix.IFLA_BOND_MIIMON, hu32(100)),
				ha(unix.IFLA_BOND_UPDELAY, hu32(0)),
				ha(unix.IFLA_BOND_DOWNDELAY, hu32(0)),
				ha(unix.IFLA_BOND_PEER_NOTIF_DELAY, hu32(0)),
				ha(unix.IFLA_BOND_USE_CARRIER, hu8(1)),
				ha(unix.IFLA_BOND_ARP_INTERVAL, hu32(0)),
				ha(unix.IFLA_BOND_ARP_VALIDATE, hu32(0)),
				ha(unix.IFLA_BOND_ARP_ALL_TARGETS, hu32(0)),
				ha(unix.IFLA_BOND_PRIMARY_RESELECT, hu8(0)),
				ha(unix.IFLA_BOND_FAIL_OVER_MAC, hu8(0)),
				ha(unix.IFLA_BOND_XMIT_HASH_POLICY, hu8(1)),
				ha(unix.IFLA_BOND_RESEND_IGMP, hu32(1)),
				ha(unix.IFLA_BOND_NUM_PEER_NOTIF, hu8(1)),
				ha(unix.IFLA_BOND_ALL_SLAVES_ACTIVE, hu8(0)),
				ha(unix.IFLA_BOND_MIN_LINKS, hu32(0)),
				ha(unix.IFLA_BOND_LP_INTERVAL, hu32(1)),
				ha(unix.IFLA_BOND_PACKETS_PER_SLAVE, hu32(1)),
				ha(unix.IFLA_BOND_AD_LACP_ACTIVE, hu8(1)),
				ha(unix.IFLA_BOND_AD_LACP_RATE, hu8(1)),
				ha(unix.IFLA_BOND_AD_SELECT, hu8(0)),
				ha(unix.IFLA_BOND_TLB_DYNAMIC_LB, hu8(1)),
				ha(unix.IFLA_BOND_MISSED_MAX, hu8(2)),
				ha(unix.IFLA_BOND_COUPLED_CONTROL, hu8(1)),
				ha(33, hu8(0)), // IFLA_BOND_BROADCAST_NEIGH
				ha(unix.IFLA_BOND_AD_ACTOR_SYS_PRIO, hu16(65535)),
				ha(unix.IFLA_BOND_AD_USER_PORT_KEY, hu16(0)),
				ha(unix.IFLA_BOND_AD_ACTOR_SYSTEM, make([]byte, 6)),
				ha(unix.IFLA_BOND_AD_INFO, hnest(
					ha(unix.IFLA_BOND_AD_INFO_AGGREGATOR, hu16(1)),
					ha(unix.IFLA_BOND_AD_INFO_NUM_PORTS, hu16(1)),
					ha(unix.IFLA_BOND_AD_INFO_ACTOR_KEY, hu16(15)),
					ha(unix.IFLA_BOND_AD_INFO_PARTNER_KEY, hu16(1)),
					ha(unix.IFLA_BOND_AD_INFO_PARTNER_MAC, hmac2),
				)),
			), "", nil)),
		hlink(unix.ARPHRD_ETHER, 2, hEtherUp|unix.IFF_SLAVE, "v0", 1500, "noqueue", hmac1, hbrd,
			ha(unix.IFLA_MASTER, hu32(7)),
			hlinkinfo("veth", nil, "bond", hnest(
				ha(unix.IFLA_BOND_SLAVE_STATE, hu8(0)),
				ha(unix.IFLA_BOND_SLAVE_MII_STATUS, hu8(0)),
				ha(unix.IFLA_BOND_SLAVE_LINK_FAILURE_COUNT, hu32(0)),
				ha(unix.IFLA_BOND_SLAVE_PERM_HWADDR, hmac2),
				ha(unix.IFLA_BOND_SLAVE_QUEUE_ID, hu16(0)),
				ha(unix.IFLA_BOND_SLAVE_PRIO, hu32(0)),
				ha(unix.IFLA_BOND_SLAVE_AD_AGGREGATOR_ID, hu16(1)),
				ha(unix.IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE, hu8(0x3d)),
				ha(unix.IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE, hu16(0x3d)),
				ha(10, hu16(255)), // IFLA_BOND_SLAVE_ACTOR_PORT_PRIO
			))))

	add("link-dummy", "dummy0 (ip link add dummy0 type dummy): kind only, no IFLA_INFO_DATA",
		hlink(unix.ARPHRD_ETHER, 8, unix.IFF_BROADCAST|unix.IFF_NOARP, "dummy0", 1500, "noop", hmac1, hbrd,
			hlinkinfo("dummy", nil, "", nil)))

	add("link-vrf", "vrf_fillinfo and vrf_fill_slave_info: vrf-blue (ip link add vrf-blue type vrf table 10)\nand its port v0 (index 2)",
		hlink(unix.ARPHRD_ETHER, 9, unix.IFF_UP|unix.IFF_RUNNING|unix.IFF_NOARP|unix.IFF_MASTER|unix.IFF_LOWER_UP, "vrf-blue", 65575, "noqueue", hmac1, hbrd,
			hlinkinfo("vrf", ha(unix.IFLA_VRF_TABLE, hu32(10)), "", nil)),
		hlink(unix.ARPHRD_ETHER, 2, hEtherUp, "v0", 1500, "noqueue", hmac2, hbrd,
			ha(unix.IFLA_MASTER, hu32(9)),
			hlinkinfo("veth", nil, "vrf", ha(unix.IFLA_VRF_PORT_TABLE, hu32(10)))))

	// IFLA_GRE_* numbers of if_tunnel.h.
	const (
		greLink, greIFlags, greOFlags, greIKey, greOKey, greLocal, greRemote, greTTL, greTOS, grePMTU = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
		greEncapType, greEncapFlags, greEncapSport, greEncapDport, greIgnoreDF, greFWMark             = 14, 15, 16, 17, 19, 20
	)
	greData := func() []byte {
		return hnest(
			ha(greLink, hu32(0)),
			ha(greIFlags, hb16(0x2000)), // GRE_KEY
			ha(greOFlags, hb16(0x2000)),
			ha(greIKey, hb32(42)),
			ha(greOKey, hb32(42)),
			ha(greLocal, []byte{192, 0, 2, 1}),
			ha(greRemote, []byte{192, 0, 2, 2}),
			ha(greTTL, hu8(64)),
			ha(greTOS, hu8(0)),
			ha(grePMTU, hu8(1)),
			ha(greFWMark, hu32(0)),
			ha(greEncapType, hu16(0)),
			ha(greEncapSport, hb16(0)),
			ha(greEncapDport, hb16(0)),
			ha(greEncapFlags, hu16(0)),
		)
	}
	add("link-gre", "ipgre_fill_info: gre1 (ip link add gre1 type gre local 192.0.2.1 remote 192.0.2.2 ttl 64 key 42)\nand gretap1 (the same as gretap, with IFLA_GRE_IGNORE_DF)",
		hlink(unix.ARPHRD_IPGRE, 10, unix.IFF_POINTOPOINT|unix.IFF_NOARP, "gre1", 1472, "noop", []byte{192, 0, 2, 1}, []byte{192, 0, 2, 2},
			hlinkinfo("gre", greData(), "", nil)),
		hlink(unix.ARPHRD_ETHER, 11, unix.IFF_BROADCAST|unix.IFF_MULTICAST, "gretap1", 1458, "noop", hmac1, hbrd,
			hlinkinfo("gretap", append(greData(), ha(greIgnoreDF, hu8(0))...), "", nil)))

	// IFLA_IPTUN_* numbers of if_tunnel.h.
	const (
		ipLink, ipLocal, ipRemote, ipTTL, ipTOS, ipFlags, ipProto, ipPMTU = 1, 2, 3, 4, 5, 8, 9, 10
		ip6rdPrefix, ip6rdRelay, ip6rdPrefixLen, ip6rdRelayLen            = 11, 12, 13, 14
		ipEncapType, ipEncapFlags, ipEncapSport, ipEncapDport, ipFWMark   = 15, 16, 17, 18, 20
	)
	encap := hnest(ha(ipEncapType, hu16(0)), ha(ipEncapSport, hb16(0)), ha(ipEncapDport, hb16(0)), ha(ipEncapFlags, hu16(0)))
	add("link-ipip", "ipip_fill_info: ipip1 (ip link add ipip1 type ipip local 192.0.2.1 remote 192.0.2.2 ttl 64)",
		hlink(unix.ARPHRD_TUNNEL, 12, unix.IFF_POINTOPOINT|unix.IFF_NOARP, "ipip1", 1480, "noop", []byte{192, 0, 2, 1}, []byte{192, 0, 2, 2},
			hlinkinfo("ipip", hnest(
				ha(ipLink, hu32(0)),
				ha(ipLocal, []byte{192, 0, 2, 1}),
				ha(ipRemote, []byte{192, 0, 2, 2}),
				ha(ipTTL, hu8(64)),
				ha(ipTOS, hu8(0)),
				ha(ipProto, hu8(unix.IPPROTO_IPIP)),
				ha(ipPMTU, hu8(1)),
				ha(ipFWMark, hu32(0)),
				encap,
			), "", nil)))
	prefix := []byte{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	add("link-sit", "ipip6_fill_info: sit1 (ip link add sit1 type sit local 192.0.2.1 ttl 64 mode any;\nip tunnel 6rd dev sit1 6rd-prefix 2001:db8::/32)",
		hlink(unix.ARPHRD_SIT, 13, unix.IFF_NOARP, "sit1", 1480, "noop", []byte{192, 0, 2, 1}, []byte{0, 0, 0, 0},
			hlinkinfo("sit", hnest(
				ha(ipLink, hu32(0)),
				ha(ipLocal, []byte{192, 0, 2, 1}),
				ha(ipRemote, []byte{0, 0, 0, 0}),
				ha(ipTTL, hu8(64)),
				ha(ipTOS, hu8(0)),
				ha(ipPMTU, hu8(1)),
				ha(ipFlags, hb16(0)),
				ha(ipProto, hu8(0)),
				ha(ipFWMark, hu32(0)),
				ha(ip6rdPrefix, prefix),
				ha(ip6rdRelay, []byte{0, 0, 0, 0}),
				ha(ip6rdPrefixLen, hu16(32)),
				ha(ip6rdRelayLen, hu16(0)),
				encap,
			), "", nil)))

	add("link-geneve", "geneve_fill_info: gnv0 (ip link add gnv0 type geneve id 7 remote 192.0.2.2 dstport 6081 ttl 64)",
		hlink(unix.ARPHRD_ETHER, 14, unix.IFF_BROADCAST|unix.IFF_MULTICAST, "gnv0", 1450, "noop", hmac1, hbrd,
			hlinkinfo("geneve", hnest(
				ha(unix.IFLA_GENEVE_ID, hu32(7)),
				ha(unix.IFLA_GENEVE_REMOTE, []byte{192, 0, 2, 2}),
				ha(unix.IFLA_GENEVE_TTL, hu8(64)),
				ha(unix.IFLA_GENEVE_TOS, hu8(0)),
				ha(unix.IFLA_GENEVE_DF, hu8(0)),
				ha(unix.IFLA_GENEVE_LABEL, hb32(0)),
				ha(unix.IFLA_GENEVE_TTL_INHERIT, hu8(0)),
				ha(unix.IFLA_GENEVE_PORT, hb16(6081)),
				ha(unix.IFLA_GENEVE_UDP_CSUM, hu8(0)),
				ha(unix.IFLA_GENEVE_UDP_ZERO_CSUM6_TX, hu8(0)),
				ha(unix.IFLA_GENEVE_UDP_ZERO_CSUM6_RX, hu8(0)),
				ha(15, hnest(hb16(0), hb16(0))), // IFLA_GENEVE_PORT_RANGE
			), "", nil)))

	add("link-ipvlan", "ipvlan_nl_fillinfo: ipvl0 (ip link add link v0 ipvl0 type ipvlan mode l3 private)",
		hlink(unix.ARPHRD_ETHER, 15, unix.IFF_BROADCAST|unix.IFF_NOARP|unix.IFF_MULTICAST, "ipvl0", 1500, "noop", hmac1, hbrd,
			ha(unix.IFLA_LINK, hu32(2)),
			hlinkinfo("ipvlan", hnest(
				ha(unix.IFLA_IPVLAN_MODE, hu16(1)),
				ha(unix.IFLA_IPVLAN_FLAGS, hu16(1)),
			), "", nil)))

	add("link-wireguard", "wg0 (ip link add wg0 type wireguard): kind only; its configuration goes through generic netlink",
		hlink(unix.ARPHRD_NONE, 16, unix.IFF_POINTOPOINT|unix.IFF_NOARP, "wg0", 1420, "noop", nil, nil,
			hlinkinfo("wireguard", nil, "", nil)))

	// A request, as ip(8) sends it: NLM_F_REQUEST|ACK|EXCL|CREATE.
	req := hifinfo(0, 0, 0, 0)
	req = append(req, hnest(
		ha(unix.IFLA_IFNAME, hstr("v0")),
		hlinkinfo("veth", ha(1, hnest(hifinfo(0, 0, 0, 0), ha(unix.IFLA_IFNAME, hstr("v1")))), "", nil),
	)...)
	add("link-request-veth", "the request of ip link add v0 type veth peer name v1: VETH_INFO_PEER holds an ifinfomsg and attributes",
		hmsg(unix.RTM_NEWLINK, netlink.Request|netlink.Acknowledge|netlink.Excl|netlink.Create, 1, req))
	return cases
}

// TestLinkHandmade checks that the hand-built golden files hold what
// handmadeLinks builds, so that the two cannot drift apart, and that they
// decode to their text; -update rewrites them.
func TestLinkHandmade(t *testing.T) {
	for _, c := range handmadeLinks() {
		comment := c.comment + "\nhand-built from the uapi layout (if_link.h, if_tunnel.h) by TestLinkHandmade (route/link_handmade_test.go)"
		t.Run(c.name, func(t *testing.T) { routeGolden.Bytes(t, c.name, comment, c.bytes) })
	}
}
