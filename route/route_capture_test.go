package route

import (
	"context"
	"fmt"
	"net/netip"
	"os/exec"
	"slices"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/netlink"
)

// setupScript builds the state that the captures and the comparison with
// ip(8) look at. Links: v0-v1, v2-v3, v4-v5 (veth), br0 (bridge, port v4),
// vx0 (vxlan external), vx1 (vxlan id 42).
const setupScript = `
ip link add v0 type veth peer name v1
ip link add v2 type veth peer name v3
ip link add v4 type veth peer name v5
ip link add br0 type bridge
ip link add vx0 type vxlan external dstport 4789
ip link add vx1 type vxlan id 42 dstport 4790 local 192.0.2.1
ip link set v4 master br0
ip link set v0 up
ip link set v1 up
ip link set v2 up
ip link set v3 up
ip link set v4 up
ip link set v5 up
ip link set br0 up
ip link set vx0 up
ip link set vx1 up

ip addr add 192.0.2.1/24 brd + dev v0
ip addr add 192.0.2.100/24 dev v0 label v0:sec
ip addr add 10.0.0.1 peer 10.0.0.2/32 dev v0
ip addr add 198.18.0.1/24 dev v0 valid_lft 3600 preferred_lft 1800
ip -6 addr add 2001:db8::1/64 dev v0 nodad
ip -6 addr add 2001:db8:0:1::1/64 dev v0 nodad noprefixroute valid_lft 3600 preferred_lft 1800

ip route add default via 192.0.2.254
ip route add 198.51.100.0/24 via 192.0.2.254 dev v0 proto static metric 100 src 192.0.2.1
ip route add 203.0.113.0/24 nexthop via 192.0.2.2 dev v0 weight 1 nexthop via 192.0.2.3 dev v0 weight 3
ip -6 route add 2001:db8:1::/64 via 2001:db8::fe dev v0 metric 1024 pref high
ip -6 route add 2001:db8:2::/64 nexthop via 2001:db8::2 dev v0 weight 1 nexthop via 2001:db8::3 dev v0 weight 2
ip route add 10.10.0.0/16 dev v0 table 1000
ip route add default via 192.0.2.254 table 1000
ip route add 10.3.0.0/16 via 192.0.2.254 mtu lock 1400 advmss 1360 initcwnd 10 hoplimit 64 congctl reno features ecn
ip route add 10.1.0.0/24 via inet6 2001:db8::2 dev v0
ip route add 10.9.0.0/24 encap ip id 100 dst 192.0.2.2 ttl 64 dev vx0
ip route add 10.8.0.0/24 encap ip6 id 7 dst 2001:db8::9 hoplimit 5 tc 3 dev vx0
ip route add blackhole 10.40.0.0/16
ip route add unreachable 10.41.0.0/16
ip route add prohibit 10.42.0.0/16

ip neigh add 192.0.2.10 lladdr 02:00:00:00:00:10 dev v0 nud permanent
ip neigh add 192.0.2.11 lladdr 02:00:00:00:00:12 dev v0 nud noarp
ip -6 neigh add 2001:db8::10 lladdr 02:00:00:00:00:11 dev v0 nud permanent router
bridge fdb add 02:00:00:00:00:20 dev v4 master static
bridge fdb append 00:00:00:00:00:00 dev vx1 dst 192.0.2.9 port 4791 vni 43

ip rule add from 192.0.2.0/24 to 198.51.100.0/24 fwmark 0x10/0xff iif v0 priority 100 table 1000
ip rule add ipproto tcp sport 1000-2000 dport 80 uidrange 1000-2000 priority 200 table main
ip rule add not from 10.0.0.0/8 priority 300 table 1000
ip rule add priority 400 table main suppress_prefixlength 0
ip rule add priority 500 oif v0 prohibit
ip -6 rule add from 2001:db8::/32 priority 100 table 1000

ip nexthop add id 1 via 192.0.2.2 dev v0
ip nexthop add id 2 via 192.0.2.3 dev v0
ip nexthop add id 3 blackhole
ip nexthop add id 4 via 2001:db8::2 dev v0
ip nexthop add id 10 group 1/2,3
ip nexthop add id 20 group 1/2 type resilient buckets 8 idle_timer 60
ip route add 10.30.0.0/16 nhid 10

tc qdisc add dev v0 root handle 1: htb default 10
tc class add dev v0 parent 1: classid 1:10 htb rate 1mbit ceil 2mbit
tc qdisc add dev v0 ingress
tc qdisc add dev v1 root tbf rate 1mbit burst 32kbit latency 400ms
tc qdisc add dev v2 root pfifo_fast
tc qdisc add dev v3 root handle 3: pfifo limit 50
tc qdisc add dev v5 root handle 5: bfifo limit 10000
tc qdisc add dev v4 clsact
tc filter add dev v0 parent 1: protocol ip prio 10 u32 match ip dst 192.0.2.10/32 flowid 1:10
`

// newSetupNS returns a fresh namespace holding the state of setupScript,
// with IPv6 duplicate address detection off so that flags do not change
// while a test looks.
func newSetupNS(t *testing.T) *routeNS {
	t.Helper()
	ns := newRouteNS(t)
	out, err := exec.Command("ip", "netns", "exec", ns.Name, "sysctl", "-qw",
		"net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0").CombinedOutput()
	if err != nil {
		t.Fatalf("sysctl: %v\n%s", err, out)
	}
	ns.script(t, setupScript)
	return ns
}

// TestCaptureRoute writes the kernel captures of testdata/route (all but
// link-*, hex and text) when run with -update; review the diff afterwards.
func TestCaptureRoute(t *testing.T) {
	if !golden.Updating() {
		t.Skip("run with -update to capture golden files from the kernel")
	}
	ns := newSetupNS(t)
	v0, v1, v2, v3, lo := ns.ifindex(t, "v0"), ns.ifindex(t, "v1"), ns.ifindex(t, "v2"), ns.ifindex(t, "v3"), ns.ifindex(t, "lo")
	v4, v5 := ns.ifindex(t, "v4"), ns.ifindex(t, "v5")
	vx1, br0 := ns.ifindex(t, "vx1"), ns.ifindex(t, "br0")
	dir := "../testdata/route"
	kernel := golden.Kernel()
	write := func(name, what string, ms []netlink.RawMessage) {
		t.Helper()
		if len(ms) == 0 {
			t.Fatalf("%s: nothing captured", name)
		}
		comment := fmt.Sprintf("%s\nkernel %s, captured by TestCaptureRoute (route/route_capture_test.go), %d message(s)", what, kernel, len(ms))
		routeGolden.Write(t, name, comment, golden.Wire(nil, ms...))
	}
	pick := func(ms []netlink.RawMessage, keep func(netlink.RawMessage) bool) []netlink.RawMessage {
		var out []netlink.RawMessage
		for _, m := range ms {
			if keep(m) {
				out = append(out, m)
			}
		}
		return out
	}

	// Addresses.
	addrs4 := ns.dump(t, unix.RTM_GETADDR, &Address{Family: FamilyIPv4})
	addrs6 := ns.dump(t, unix.RTM_GETADDR, &Address{Family: FamilyIPv6})
	onLink := func(idx netlink.IfIndex) func(netlink.RawMessage) bool {
		return func(m netlink.RawMessage) bool { return decode[Address](t, m).Index == idx }
	}
	write("addr-ipv4", "RTM_GETADDR dump, AF_INET, of v0: 192.0.2.1/24 brd +, 192.0.2.100/24 label v0:sec (secondary),\n10.0.0.1 peer 10.0.0.2/32, 198.18.0.1/24 valid_lft 3600 preferred_lft 1800", pick(addrs4, onLink(v0)))
	write("addr-loopback", "RTM_GETADDR dump, AF_INET and AF_INET6, of lo: 127.0.0.1/8 and ::1/128", append(pick(addrs4, onLink(lo)), pick(addrs6, onLink(lo))...))
	write("addr-ipv6", "RTM_GETADDR dump, AF_INET6, of v0: 2001:db8::1/64 nodad, 2001:db8:0:1::1/64 nodad noprefixroute\nvalid_lft 3600 preferred_lft 1800, and the link-local address (DAD off)", pick(addrs6, onLink(v0)))

	// Routes.
	routes4 := ns.dump(t, unix.RTM_GETROUTE, &Route{Family: FamilyIPv4})
	routes6 := ns.dump(t, unix.RTM_GETROUTE, &Route{Family: FamilyIPv6})
	// dst keeps the routes of table main (or local, for prefixes written
	// "local PREFIX") whose destination is one of prefixes; fe80::/64 only
	// that of v0.
	dst := func(prefixes ...string) func(netlink.RawMessage) bool {
		return func(m netlink.RawMessage) bool {
			r := decode[Route](t, m)
			p := r.DstPrefix().String()
			switch r.FullTable() {
			case TableMain:
			case TableLocal:
				p = "local " + p
			default:
				return false
			}
			return slices.Contains(prefixes, p) && (p != "fe80::/64" || r.OIF == v0)
		}
	}
	write("route-ipv4", "RTM_GETROUTE dump, AF_INET, main table: default via 192.0.2.254, the connected 192.0.2.0/24,\n198.51.100.0/24 via 192.0.2.254 proto static metric 100 src 192.0.2.1",
		pick(routes4, dst("0.0.0.0/0", "192.0.2.0/24", "198.51.100.0/24")))
	write("route-ipv4-local", "RTM_GETROUTE dump, AF_INET, local table entries of 192.0.2.1/24 (local, broadcast)",
		pick(routes4, dst("local 192.0.2.1/32", "local 192.0.2.255/32")))
	write("route-ipv6", "RTM_GETROUTE dump, AF_INET6, main table: the connected 2001:db8::/64,\n2001:db8:1::/64 via 2001:db8::fe metric 1024 pref high, fe80::/64 of v0",
		pick(routes6, dst("2001:db8::/64", "2001:db8:1::/64", "fe80::/64")))
	write("route-multipath", "RTM_GETROUTE dump: 203.0.113.0/24 nexthop via 192.0.2.2 dev v0 weight 1 nexthop via 192.0.2.3 dev v0 weight 3;\n2001:db8:2::/64 nexthop via 2001:db8::2 weight 1 nexthop via 2001:db8::3 weight 2",
		append(pick(routes4, dst("203.0.113.0/24")), pick(routes6, dst("2001:db8:2::/64"))...))
	write("route-table1000", "RTM_GETROUTE dump, AF_INET, table 1000 (RTA_TABLE, rtm_table RT_TABLE_COMPAT):\n10.10.0.0/16 dev v0, default via 192.0.2.254",
		pick(routes4, func(m netlink.RawMessage) bool { return decode[Route](t, m).FullTable() == 1000 }))
	write("route-metrics", "RTM_GETROUTE dump: 10.3.0.0/16 via 192.0.2.254 mtu lock 1400 advmss 1360 initcwnd 10 hoplimit 64\ncongctl reno features ecn",
		pick(routes4, dst("10.3.0.0/16")))
	write("route-via", "RTM_GETROUTE dump: 10.1.0.0/24 via inet6 2001:db8::2 dev v0 (RTA_VIA)", pick(routes4, dst("10.1.0.0/24")))
	write("route-encap", "RTM_GETROUTE dump: 10.9.0.0/24 encap ip id 100 dst 192.0.2.2 ttl 64 dev vx0 (vxlan external);\n10.8.0.0/24 encap ip6 id 7 dst 2001:db8::9 hoplimit 5 tc 3 dev vx0", pick(routes4, dst("10.9.0.0/24", "10.8.0.0/24")))
	write("route-nhid", "RTM_GETROUTE dump: 10.30.0.0/16 nhid 10 (group 1/2,3)", pick(routes4, dst("10.30.0.0/16")))
	write("route-types", "RTM_GETROUTE dump: blackhole 10.40.0.0/16, unreachable 10.41.0.0/16, prohibit 10.42.0.0/16",
		pick(routes4, dst("10.40.0.0/16", "10.41.0.0/16", "10.42.0.0/16")))

	// A route lookup (RTM_GETROUTE without NLM_F_DUMP) answers with
	// lookup-only attributes: RTA_UID, RTA_MARK, RTA_CACHEINFO.
	uid := uint32(1000)
	get := Route{Family: FamilyIPv4, DstLen: 32, Dst: netip.MustParseAddr("198.51.100.7"),
		Extra: &RouteExtra{Mark: 5, UID: &uid, IPProto: unix.IPPROTO_TCP, DPort: 443}}
	got, err := ns.c.Execute(context.Background(), netlink.Message{Header: netlink.Header{Type: unix.RTM_GETROUTE}, Body: &get})
	if err != nil {
		t.Fatal(err)
	}
	write("route-get", "reply to RTM_GETROUTE for 198.51.100.7 mark 5 uid 1000 ipproto tcp dport 443\n(ip route get 198.51.100.7 mark 5 uid 1000 ipproto tcp dport 443)", got)

	// Neighbours.
	neigh4 := ns.dump(t, unix.RTM_GETNEIGH, &Neighbour{Family: FamilyIPv4})
	neigh6 := ns.dump(t, unix.RTM_GETNEIGH, &Neighbour{Family: FamilyIPv6})
	fdb := ns.dump(t, unix.RTM_GETNEIGH, &Neighbour{Family: FamilyBridge})
	configured := func(m netlink.RawMessage) bool {
		n := decode[Neighbour](t, m)
		return n.Index == v0 && n.State&(NUDPermanent|NUDNoARP) != 0 && !n.Dst.IsMulticast()
	}
	write("neigh-permanent", "RTM_GETNEIGH dump of v0: 192.0.2.10 lladdr 02:00:00:00:00:10 nud permanent,\n192.0.2.11 lladdr 02:00:00:00:00:12 nud noarp, 2001:db8::10 lladdr 02:00:00:00:00:11 nud permanent router",
		append(pick(neigh4, configured), pick(neigh6, configured)...))
	write("neigh-fdb", "RTM_GETNEIGH dump, AF_BRIDGE: bridge fdb add 02:00:00:00:00:20 dev v4 master static (br0);\nbridge fdb append 00:00:00:00:00:00 dev vx1 dst 192.0.2.9 port 4791 vni 43 (vxlan id 42)",
		pick(fdb, func(m netlink.RawMessage) bool {
			n := decode[Neighbour](t, m)
			return (n.Master == br0 && n.LLAddr.String() == "02:00:00:00:00:20") || (n.Index == vx1 && n.Dst.IsValid())
		}))

	// Rules.
	write("rule-ipv4", "RTM_GETRULE dump, AF_INET: the default rules and\nfrom 192.0.2.0/24 to 198.51.100.0/24 fwmark 0x10/0xff iif v0 priority 100 table 1000,\nipproto tcp sport 1000-2000 dport 80 uidrange 1000-2000 priority 200 table main,\nnot from 10.0.0.0/8 priority 300 table 1000, priority 400 table main suppress_prefixlength 0,\npriority 500 oif v0 prohibit",
		ns.dump(t, unix.RTM_GETRULE, &Rule{Family: FamilyIPv4}))
	write("rule-ipv6", "RTM_GETRULE dump, AF_INET6: the default rules and from 2001:db8::/32 priority 100 table 1000",
		ns.dump(t, unix.RTM_GETRULE, &Rule{Family: FamilyIPv6}))

	// Next-hop objects.
	nhs := ns.dump(t, unix.RTM_GETNEXTHOP, &NextHopObject{})
	nhID := func(ids ...uint32) func(netlink.RawMessage) bool {
		return func(m netlink.RawMessage) bool { return slices.Contains(ids, decode[NextHopObject](t, m).ID) }
	}
	write("nexthop-single", "RTM_GETNEXTHOP dump: id 1 via 192.0.2.2 dev v0, id 2 via 192.0.2.3 dev v0, id 3 blackhole,\nid 4 via 2001:db8::2 dev v0", pick(nhs, nhID(1, 2, 3, 4)))
	write("nexthop-group", "RTM_GETNEXTHOP dump: id 10 group 1/2,3", pick(nhs, nhID(10)))
	write("nexthop-resilient", "RTM_GETNEXTHOP dump: id 20 group 1/2 type resilient buckets 8 idle_timer 60", pick(nhs, nhID(20)))
	write("nexthop-group-stats", "RTM_GETNEXTHOP dump of groups (NHA_GROUPS) with NHA_OP_FLAGS NHA_OP_FLAG_DUMP_STATS|NHA_OP_FLAG_DUMP_HW_STATS:\ngroups 10 and 20 with their NHA_GROUP_STATS",
		ns.dump(t, unix.RTM_GETNEXTHOP, &NextHopObject{Groups: true, OpFlags: OpDumpStats | OpDumpHWStats}))
	write("nexthop-bucket", "RTM_GETNEXTHOPBUCKET dump: the 8 buckets of resilient group 20",
		ns.dump(t, unix.RTM_GETNEXTHOPBUCKET, &NextHopObject{}))

	// Traffic control.
	qdiscs := ns.dump(t, unix.RTM_GETQDISC, &Tc{})
	qdisc := func(idx netlink.IfIndex, kind string) []netlink.RawMessage {
		return pick(qdiscs, func(m netlink.RawMessage) bool {
			q := decode[Tc](t, m)
			return q.Index == idx && q.Kind == kind
		})
	}
	write("tc-noqueue", "RTM_GETQDISC dump: the noqueue root qdisc of lo", qdisc(lo, "noqueue"))
	write("tc-htb", "RTM_GETQDISC and RTM_GETTCLASS dumps of v0: tc qdisc add dev v0 root handle 1: htb default 10;\ntc class add dev v0 parent 1: classid 1:10 htb rate 1mbit ceil 2mbit",
		append(qdisc(v0, "htb"), ns.dump(t, unix.RTM_GETTCLASS, &Tc{Index: v0})...))
	write("tc-ingress", "RTM_GETQDISC dump: tc qdisc add dev v0 ingress", qdisc(v0, "ingress"))
	write("tc-tbf", "RTM_GETQDISC dump: tc qdisc add dev v1 root tbf rate 1mbit burst 32kbit latency 400ms", qdisc(v1, "tbf"))
	write("tc-pfifo-fast", "RTM_GETQDISC dump: tc qdisc add dev v2 root pfifo_fast", qdisc(v2, "pfifo_fast"))
	write("tc-pfifo", "RTM_GETQDISC dump: tc qdisc add dev v3 root handle 3: pfifo limit 50", qdisc(v3, "pfifo"))
	write("tc-bfifo", "RTM_GETQDISC dump: tc qdisc add dev v5 root handle 5: bfifo limit 10000", qdisc(v5, "bfifo"))
	write("tc-clsact", "RTM_GETQDISC dump: tc qdisc add dev v4 clsact", qdisc(v4, "clsact"))
	write("tc-filter-u32", "RTM_GETTFILTER dump of v0 parent 1:\ntc filter add dev v0 parent 1: protocol ip prio 10 u32 match ip dst 192.0.2.10/32 flowid 1:10",
		ns.dump(t, unix.RTM_GETTFILTER, &Tc{Index: v0, Parent: NewHandle(1, 0)}))
	t.Logf("captured from kernel %s into %s", kernel, dir)
}
