package main

// The program is checked against iproute2: state made by one is shown the
// same way by the other, as JSON (key by key) and as text (line by line).

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nltag/go-netlink/examples/internal/clitest"
	"github.com/nltag/go-netlink/internal/nltest"
)

// realIP runs ip(8) and returns its output and whether it succeeded.
func realIP(args ...string) (stdout, stderr string, ok bool) {
	stdout, stderr, code := clitest.Exec("ip", args...)
	return stdout, stderr, code == 0
}

// extraKeys are keys the program prints that this ip(8) may not: newer
// iproute2 prints the address protocol (IFA_PROTO) as "protocol".
var extraKeys = map[string]bool{"protocol": true}

// volatile are values that change between two runs: timers and finite
// lifetimes.
var volatile = regexp.MustCompile(`(_timer|_life_time|^ageing|^used)$`)

// compareJSON reports where mine differs from ip's: every key of mine must
// be in ip's with the same value; ip may show more.
func compareJSON(path string, mine, ip any) []string {
	switch m := mine.(type) {
	case map[string]any:
		i, ok := ip.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: object, ip shows %v", path, ip)}
		}
		var diffs []string
		for k, v := range m {
			iv, ok := i[k]
			switch {
			case !ok && extraKeys[k]:
			case !ok:
				diffs = append(diffs, fmt.Sprintf("%s.%s = %v, ip does not show it", path, k, v))
			case volatile.MatchString(k):
			default:
				diffs = append(diffs, compareJSON(path+"."+k, v, iv)...)
			}
		}
		return diffs
	case []any:
		i, ok := ip.([]any)
		if !ok || len(i) != len(m) {
			return []string{fmt.Sprintf("%s: %d elements, ip shows %v", path, len(m), ip)}
		}
		var diffs []string
		for n := range m {
			diffs = append(diffs, compareJSON(fmt.Sprintf("%s[%d]", path, n), m[n], i[n])...)
		}
		return diffs
	}
	if !reflect.DeepEqual(mine, ip) {
		return []string{fmt.Sprintf("%s = %v, ip shows %v", path, mine, ip)}
	}
	return nil
}

// sameJSON runs both programs with -j and args and compares the results.
func sameJSON(t *testing.T, ctx context.Context, ns string, args ...string) {
	t.Helper()
	full := append([]string{"-n", ns, "-j"}, args...)
	out, errs, code := clitest.Run(ctx, run, full...)
	if code != 0 {
		t.Errorf("ip %s: exit %d: %s", strings.Join(args, " "), code, errs)
		return
	}
	want, errs, ok := realIP(full...)
	if !ok {
		t.Fatalf("ip(8) %s: %s", strings.Join(args, " "), errs)
	}
	var mine, theirs any
	if err := json.Unmarshal([]byte(out), &mine); err != nil {
		t.Fatalf("ip %s: invalid JSON: %v\n%s", strings.Join(args, " "), err, out)
	}
	if err := json.Unmarshal([]byte(want), &theirs); err != nil {
		t.Fatal(err)
	}
	for _, d := range compareJSON("", mine, theirs) {
		t.Errorf("ip -j %s: %s", strings.Join(args, " "), d)
	}
}

// sameText runs both programs with args and compares their text output,
// ignoring spaces at line ends.
func sameText(t *testing.T, ctx context.Context, ns string, args ...string) {
	t.Helper()
	full := append([]string{"-n", ns}, args...)
	out, errs, code := clitest.Run(ctx, run, full...)
	if code != 0 {
		t.Errorf("ip %s: exit %d: %s", strings.Join(args, " "), code, errs)
		return
	}
	want, errs, ok := realIP(full...)
	if !ok {
		t.Fatalf("ip(8) %s: %s", strings.Join(args, " "), errs)
	}
	trim := clitest.TrimLines
	if trim(out) != trim(want) {
		t.Errorf("ip %s:\n--- this program\n%s\n--- ip(8)\n%s", strings.Join(args, " "), out, want)
	}
}

// setup is state made with iproute2, one command a line.
const setup = `
link add v0 type veth peer name v1
link set v0 up
link set v1 up mtu 1450 alias second-veth
link property add dev v0 altname veth-zero
link add br0 type bridge
link add v2 type veth peer name v3
link set v2 master br0
link set v2 type bridge_slave hairpin on isolated on learning off cost 9
link add mv0 link v0 type macvlan mode bridge
link add mt0 link v0 type macvtap mode vepa
link add vx0 type vxlan id 42 dstport 4789 local 192.0.2.1 remote 192.0.2.2 dev v0 ttl 64
link add vx6 type vxlan id 7 dstport 4790 remote 2001:db8::9 local 2001:db8::1 nolearning
link add ifb0 type ifb
link set ifb0 group 5 txqueuelen 0
tuntap add tap0 mode tap
tuntap add tun0 mode tun multi_queue
addr add 10.1.0.1/24 brd + dev v0 label v0:lan
addr add 10.1.0.9/24 dev v0 metric 40
addr add 10.2.0.1 peer 10.2.0.2/32 dev v0
addr add 10.3.0.1/24 dev v1 scope link noprefixroute
addr add 2001:db8::1/64 dev v0 nodad
addr add 2001:db8:1::1/64 dev v0 nodad noprefixroute
route add default via 10.1.0.254 metric 10
route add 192.0.2.0/24 via 10.1.0.2 table 1000
route add 198.51.100.0/24 via 10.1.0.3 proto static
route add 198.51.100.128/25 dev v1 scope link src 10.3.0.1
route add blackhole 203.0.113.0/24
route add unreachable 203.0.113.1
route add prohibit 203.0.113.2
route add 100.64.0.0/24 nexthop via 10.1.0.2 dev v0 weight 1 nexthop via 10.1.0.3 dev v0 weight 3
route add 100.65.0.0/24 via 172.16.0.1 dev v0 onlink
route add 100.66.0.0/24 via 10.1.0.2 mtu 1400 advmss 1300
route add 100.67.0.0/24 via inet6 2001:db8::2 dev v0
route add 2001:db8:2::/64 via 2001:db8::2 metric 5
route add unreachable 2001:db8:3::/64
neigh add 10.1.0.7 lladdr 02:00:00:00:00:07 dev v0
neigh add 10.1.0.8 lladdr 02:00:00:00:00:08 dev v0 nud stale
neigh add 2001:db8::7 lladdr 02:00:00:00:00:09 dev v0 router
neigh add proxy 10.1.0.50 dev v0
rule add from 10.9.0.0/16 table 1000 pref 100
rule add not to 10.8.0.0/16 iif v0 lookup 2000 pref 200
rule add fwmark 0x10/0xff table 300 pref 300
rule add from 10.6.0.0/16 unreachable pref 400
rule add oif v1 table main pref 500
-6 rule add from 2001:db8::/32 table 5 pref 50`

func newNS(t *testing.T, script string) (*nltest.NS, context.Context) {
	t.Helper()
	ns := nltest.NewNS(t)
	// Without duplicate address detection, link-local addresses are not
	// tentative for their first second or two: ip and the program under
	// test, run one after the other, could see them before and after.
	ns.Do(t, func() {
		for _, conf := range []string{"all", "default"} {
			if err := os.WriteFile("/proc/sys/net/ipv6/conf/"+conf+"/accept_dad", []byte("0"), 0); err != nil {
				t.Fatal(err)
			}
		}
	})
	clitest.IPScript(t, ns, script)
	return ns, clitest.Context(t)
}

// TestShowMatchesIP shows state made with iproute2 with both programs.
func TestShowMatchesIP(t *testing.T) {
	ns, ctx := newNS(t, setup)
	time.Sleep(100 * time.Millisecond) // let carrier and operational states settle
	for _, args := range [][]string{
		{"link", "show"},
		{"-d", "link", "show"},
		{"link", "show", "dev", "v1"},
		{"link", "show", "type", "veth"},
		{"link", "show", "master", "br0"},
		{"addr", "show"},
		{"-4", "addr", "show"},
		{"-6", "addr", "show", "dev", "v0"},
		{"route", "show"},
		{"route", "show", "table", "all"},
		{"-6", "route", "show"},
		{"route", "show", "table", "1000"},
		{"route", "show", "dev", "v1"},
		{"route", "show", "proto", "static"},
		{"route", "show", "type", "blackhole"},
		{"route", "show", "100.64.0.0/24"},
		{"-d", "route", "show"},
		{"route", "get", "192.0.2.5"},
		{"route", "get", "100.66.0.9"},
		{"-6", "route", "get", "2001:db8:2::1"},
		{"neigh", "show"},
		{"neigh", "show", "dev", "v0"},
		{"neigh", "show", "proxy"},
		{"-6", "neigh", "show"},
		{"rule", "show"},
		{"-6", "rule", "show"},
	} {
		sameJSON(t, ctx, ns.Name, args...)
	}
	for _, args := range [][]string{
		{"link", "show"},
		{"addr", "show"},
		{"route", "show"},
		{"route", "show", "table", "all"},
		{"-6", "route", "show"},
		{"neigh", "show"},
		{"rule", "show"},
		{"-6", "rule", "show"},
	} {
		sameText(t, ctx, ns.Name, args...)
	}
}

// jf returns the value at a dotted path of ip's JSON as text, "" when
// absent; lists are joined by commas.
func jf(m map[string]any, path string) string {
	var v any = m
	for k := range strings.SplitSeq(path, ".") {
		o, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		if v, ok = o[k]; !ok {
			return ""
		}
	}
	switch v := v.(type) {
	case nil:
		return "null"
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case []any:
		var s []string
		for _, e := range v {
			s = append(s, fmt.Sprint(e))
		}
		return strings.Join(s, ",")
	}
	return fmt.Sprint(v)
}

// ipObjects runs ip -j -n ns args and decodes the objects.
func ipObjects(t *testing.T, ns string, args ...string) []map[string]any {
	t.Helper()
	out, errs, ok := realIP(append([]string{"-n", ns, "-j"}, args...)...)
	if !ok {
		t.Fatalf("ip %s: %s", strings.Join(args, " "), errs)
	}
	var v []map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("ip %s: %v", strings.Join(args, " "), err)
	}
	return v
}

// addrInfo returns the addr_info entry of local on dev, or nil.
func addrInfo(t *testing.T, ns, dev, local string) map[string]any {
	t.Helper()
	for _, l := range ipObjects(t, ns, "addr", "show", "dev", dev) {
		infos, _ := l["addr_info"].([]any)
		for _, i := range infos {
			if m := i.(map[string]any); m["local"] == local {
				return m
			}
		}
	}
	return nil
}

// TestCommandsAgreeWithIP changes a namespace with this program, checking
// each change with ip(8).
func TestCommandsAgreeWithIP(t *testing.T) {
	ns, ctx := newNS(t, "")
	other := nltest.NewNS(t)
	one := func(args ...string) func(t *testing.T) map[string]any {
		return func(t *testing.T) map[string]any {
			objs := ipObjects(t, ns.Name, args...)
			if len(objs) != 1 {
				t.Fatalf("ip %s: %d objects", strings.Join(args, " "), len(objs))
			}
			return objs[0]
		}
	}
	count := func(n int, args ...string) func(t *testing.T) map[string]any {
		return func(t *testing.T) map[string]any {
			if objs := ipObjects(t, ns.Name, args...); len(objs) != n {
				t.Errorf("ip %s: %d objects, want %d", strings.Join(args, " "), len(objs), n)
			}
			return nil
		}
	}
	addr := func(dev, local string) func(t *testing.T) map[string]any {
		return func(t *testing.T) map[string]any { return addrInfo(t, ns.Name, dev, local) }
	}
	for _, s := range []struct {
		cmd  string
		show func(t *testing.T) map[string]any
		want []string // path, value pairs
	}{
		{"link add v0 type veth peer name v1", one("-d", "link", "show", "v0"), []string{"linkinfo.info_kind", "veth", "link", "v1"}},
		{"link set v0 up mtu 1400 address 02:00:00:00:00:01", one("link", "show", "v0"), []string{"mtu", "1400", "address", "02:00:00:00:00:01"}},
		{"link set dev v1 up", one("link", "show", "v0"), []string{"flags", "BROADCAST,MULTICAST,UP,LOWER_UP"}},
		{"link set v0 multicast off dynamic on trailers off broadcast 02:ff:ff:ff:ff:ff", one("link", "show", "v0"),
			[]string{"flags", "BROADCAST,DYNAMIC,NOTRAILERS,UP,LOWER_UP", "broadcast", "02:ff:ff:ff:ff:ff"}},
		{"link set v0 multicast on dynamic off trailers on brd ff:ff:ff:ff:ff:ff", one("link", "show", "v0"),
			[]string{"flags", "BROADCAST,MULTICAST,UP,LOWER_UP", "broadcast", "ff:ff:ff:ff:ff:ff"}},
		{"link add br0 type bridge stp_state 1", one("-d", "link", "show", "br0"), []string{"linkinfo.info_data.stp_state", "1"}},
		{"link set v1 master br0", one("link", "show", "v1"), []string{"master", "br0"}},
		{"link set v1 type bridge_slave hairpin on learning off flood off mcast_flood off proxy_arp on neigh_suppress on isolated on cost 9 priority 5 guard on root_block on",
			one("-d", "link", "show", "v1"), []string{"linkinfo.info_slave_data.hairpin", "true", "linkinfo.info_slave_data.learning", "false",
				"linkinfo.info_slave_data.flood", "false", "linkinfo.info_slave_data.mcast_flood", "false", "linkinfo.info_slave_data.proxy_arp", "true",
				"linkinfo.info_slave_data.neigh_suppress", "true", "linkinfo.info_slave_data.isolated", "true", "linkinfo.info_slave_data.cost", "9",
				"linkinfo.info_slave_data.priority", "5", "linkinfo.info_slave_data.guard", "true", "linkinfo.info_slave_data.root_block", "true"}},
		{"link set dev v1 type bridge_slave hairpin off", one("-d", "link", "show", "v1"),
			[]string{"linkinfo.info_slave_data.hairpin", "false", "linkinfo.info_slave_data.isolated", "true"}},
		{"link set v1 nomaster", one("link", "show", "v1"), []string{"master", ""}},
		{"link set v1 txqueuelen 0", one("link", "show", "v1"), []string{"txqlen", ""}},
		{"link set v1 alias hello group 4 promisc on allmulticast on arp off", one("link", "show", "v1"),
			[]string{"ifalias", "hello", "group", "4", "flags", "BROADCAST,MULTICAST,NOARP,ALLMULTI,PROMISC,UP,LOWER_UP"}},
		{"link set v1 promisc off arp on allmulticast off", one("link", "show", "v1"), []string{"flags", "BROADCAST,MULTICAST,UP,LOWER_UP"}},
		{"link add link v0 name mv0 type macvlan mode private", one("-d", "link", "show", "mv0"), []string{"link", "v0", "linkinfo.info_data.mode", "private"}},
		{"link add mt0 link v0 txqueuelen 100 type macvtap mode bridge", one("-d", "link", "show", "mt0"),
			[]string{"linkinfo.info_kind", "macvtap", "linkinfo.info_data.mode", "bridge", "txqlen", "100"}},
		{"link add vx0 type vxlan id 9 remote 192.0.2.9 local 192.0.2.1 dstport 4789 dev v0 ttl 10 nolearning", one("-d", "link", "show", "vx0"),
			[]string{"linkinfo.info_data.id", "9", "linkinfo.info_data.remote", "192.0.2.9", "linkinfo.info_data.local", "192.0.2.1",
				"linkinfo.info_data.port", "4789", "linkinfo.info_data.link", "v0", "linkinfo.info_data.ttl", "10", "linkinfo.info_data.learning", "false"}},
		{"link add tap0 up type tap multi_queue", one("-d", "link", "show", "tap0"),
			[]string{"linkinfo.info_data.type", "tap", "linkinfo.info_data.multi_queue", "true", "flags", "NO-CARRIER,BROADCAST,MULTICAST,UP"}},
		{"link add tun0 type tun", one("-d", "link", "show", "tun0"), []string{"linkinfo.info_data.type", "tun", "link_type", "none"}},
		{"link set tun0 name tun1", one("link", "show", "tun1"), []string{"ifname", "tun1"}},
		{"link add ifb0 mtu 1280 type ifb", one("-d", "link", "show", "ifb0"), []string{"linkinfo.info_kind", "ifb", "mtu", "1280"}},
		{"link del ifb0", count(0, "link", "show", "type", "ifb"), nil},
		{"link add p0 type veth peer name p1 mtu 9000 address 02:00:00:00:00:09 txqueuelen 3", one("link", "show", "p1"),
			[]string{"mtu", "9000", "address", "02:00:00:00:00:09", "txqlen", "3", "link", "p0"}},
		{"link add n0 type veth peer name n1 netns " + other.Name, one("link", "show", "n0"), []string{"link_index", "2", "link_netnsid", "0"}},
		{"link set mv0 netns " + other.Name, count(0, "link", "show", "type", "macvlan"), nil},

		{"addr add 10.1.0.1/24 brd + dev v0 label v0:x", addr("v0", "10.1.0.1"), []string{"broadcast", "10.1.0.255", "label", "v0:x", "prefixlen", "24"}},
		{"addr add 10.2.0.1 peer 10.2.0.2/32 dev v0", addr("v0", "10.2.0.1"), []string{"address", "10.2.0.2", "prefixlen", "32"}},
		{"addr add 10.3.0.1/24 dev v0 scope link metric 30 valid_lft 300 preferred_lft 200", addr("v0", "10.3.0.1"),
			[]string{"scope", "link", "metric", "30", "dynamic", "true"}},
		{"addr add 2001:db8::1/64 dev v0 nodad", addr("v0", "2001:db8::1"), []string{"nodad", "true", "noprefixroute", ""}},
		{"addr add 2001:db8:9::1/64 dev v0 nodad noprefixroute", addr("v0", "2001:db8:9::1"), []string{"nodad", "true", "noprefixroute", "true"}},
		{"addr replace 10.3.0.1/24 dev v0 scope link valid_lft forever preferred_lft forever", addr("v0", "10.3.0.1"),
			[]string{"valid_life_time", "4294967295", "dynamic", ""}},
		{"addr add 10.4.0.1/24 dev v0 anycast 10.4.0.5", addr("v0", "10.4.0.1"), []string{"prefixlen", "24"}},
		{"addr del 10.2.0.1 peer 10.2.0.2/32 dev v0", addr("v0", "10.2.0.1"), nil},

		{"route add default via 10.1.0.254 dev v0", one("route", "show", "default"), []string{"gateway", "10.1.0.254", "dev", "v0"}},
		{"route add 192.0.2.0/24 via 10.1.0.2 table 1000 metric 5 proto static", one("route", "show", "table", "1000"),
			[]string{"dst", "192.0.2.0/24", "gateway", "10.1.0.2", "metric", "5", "protocol", "static"}},
		{"route replace 192.0.2.0/24 via 10.1.0.3 table 1000 metric 5", one("route", "show", "table", "1000"), []string{"gateway", "10.1.0.3", "protocol", ""}},
		{"route add 198.51.100.0/24 dev v0 src 10.1.0.1", one("route", "show", "198.51.100.0/24"), []string{"scope", "link", "prefsrc", "10.1.0.1"}},
		{"route add blackhole 203.0.113.0/24", one("route", "show", "203.0.113.0/24"), []string{"type", "blackhole"}},
		{"route add unreachable 203.0.113.1", one("route", "show", "203.0.113.1"), []string{"type", "unreachable"}},
		{"route add prohibit 203.0.113.2 metric 3", one("route", "show", "203.0.113.2"), []string{"type", "prohibit", "metric", "3"}},
		{"route add local 10.1.0.77 dev v0 table local", one("route", "show", "table", "local", "10.1.0.77"), []string{"type", "local", "scope", "host"}},
		{"route add 100.64.0.0/24 nexthop via 10.1.0.2 dev v0 weight 2 nexthop via 10.1.0.3 dev v0 weight 5", one("route", "show", "100.64.0.0/24"),
			[]string{"nexthops", "map[dev:v0 flags:[] gateway:10.1.0.2 weight:2],map[dev:v0 flags:[] gateway:10.1.0.3 weight:5]"}},
		{"route add 100.65.0.0/24 via 172.16.0.1 dev v0 onlink", one("route", "show", "100.65.0.0/24"), []string{"flags", "onlink"}},
		{"route add 100.66.0.0/24 via 10.1.0.2 mtu lock 1300 advmss 1200", one("route", "show", "100.66.0.0/24"),
			[]string{"metrics", "map[advmss:1200 mtu:1300]"}},
		{"route add 100.67.0.0/24 via inet6 2001:db8::2 dev v0", one("route", "show", "100.67.0.0/24"), []string{"via.family", "inet6", "via.host", "2001:db8::2"}},
		{"route add 2001:db8:5::/64 via 2001:db8::5 dev v0 metric 7", one("-6", "route", "show", "2001:db8:5::/64"), []string{"gateway", "2001:db8::5", "metric", "7"}},
		{"-6 route add default via 2001:db8::fe dev v0", one("-6", "route", "show", "default"), []string{"gateway", "2001:db8::fe"}},
		{"route add 100.68.0.0/24 via 10.1.0.4", one("route", "show", "100.68.0.0/24"), []string{"gateway", "10.1.0.4"}},
		{"route append 100.68.0.0/24 via 10.1.0.5", count(2, "route", "show", "100.68.0.0/24"), nil},
		{"route del 100.68.0.0/24 via 10.1.0.4", one("route", "show", "100.68.0.0/24"), []string{"gateway", "10.1.0.5"}},
		{"route del 203.0.113.0/24", count(0, "route", "show", "203.0.113.0/24"), nil},

		{"neigh add 10.1.0.7 lladdr 02:00:00:00:00:07 dev v0", one("neigh", "show", "10.1.0.7"), []string{"lladdr", "02:00:00:00:00:07", "state", "PERMANENT"}},
		{"neigh replace 10.1.0.7 lladdr 02:00:00:00:00:08 dev v0 nud reachable", one("neigh", "show", "10.1.0.7"), []string{"lladdr", "02:00:00:00:00:08", "state", "REACHABLE"}},
		{"neigh add 2001:db8::7 lladdr 02:00:00:00:00:09 dev v0 router", one("neigh", "show", "2001:db8::7"), []string{"router", "null"}},
		{"neigh add proxy 10.1.0.50 dev v0", one("neigh", "show", "proxy"), []string{"dst", "10.1.0.50", "proxy", "null"}},
		{"neigh del 10.1.0.7 dev v0", count(0, "neigh", "show", "10.1.0.7"), nil},

		{"rule add from 10.9.0.0/16 table 1000 pref 100", one("rule", "show", "pref", "100"), []string{"src", "10.9.0.0", "srclen", "16", "table", "1000"}},
		{"rule add not to 10.8.0.0/16 iif v0 lookup 2000 pref 200", one("rule", "show", "pref", "200"), []string{"not", "null", "dst", "10.8.0.0", "iif", "v0"}},
		{"rule add fwmark 0x10/0xff lookup 300 pref 300", one("rule", "show", "pref", "300"), []string{"fwmark", "0x10", "fwmask", "0xff"}},
		{"rule add from 10.6.0.0/16 unreachable pref 400", one("rule", "show", "pref", "400"), []string{"action", "unreachable"}},
		{"-6 rule add from 2001:db8::/32 table 5 pref 50", one("-6", "rule", "show", "pref", "50"), []string{"src", "2001:db8::", "table", "5"}},
		{"rule del pref 300", count(0, "rule", "show", "pref", "300"), nil},
	} {
		args := append([]string{"-n", ns.Name}, strings.Fields(s.cmd)...)
		if _, errs, code := clitest.Run(ctx, run, args...); code != 0 {
			t.Errorf("ip %s: exit %d: %s", s.cmd, code, errs)
			continue
		}
		m := s.show(t)
		if s.want == nil {
			if m != nil {
				t.Errorf("after ip %s, ip(8) shows %v", s.cmd, m)
			}
			continue
		}
		if m == nil {
			t.Errorf("after ip %s, ip(8) shows nothing", s.cmd)
			continue
		}
		for i := 0; i+1 < len(s.want); i += 2 {
			if got := jf(m, s.want[i]); got != s.want[i+1] {
				t.Errorf("after ip %s: %s = %q, want %q", s.cmd, s.want[i], got, s.want[i+1])
			}
		}
	}
	var moved []map[string]any
	other.IPJSON(t, &moved, "link", "show")
	var names []string
	for _, l := range moved {
		names = append(names, jf(l, "ifname"))
	}
	if want := "lo,n1,mv0"; strings.Join(names, ",") != want {
		t.Errorf("the other namespace holds %v, want %s", names, want)
	}

	// The listings agree with ip(8) after this program's changes too.
	for _, args := range [][]string{
		{"-d", "link", "show"}, {"addr", "show"}, {"route", "show", "table", "all"}, {"neigh", "show"}, {"rule", "show"},
	} {
		sameJSON(t, ctx, ns.Name, args...)
	}
}

// TestErrors: bad arguments give the usage and status 2; the kernel's
// refusals give its text, as ip(8) prints it, and status 2, as ip(8)'s.
func TestErrors(t *testing.T) {
	ctx := context.Background()
	for _, args := range [][]string{
		{}, {"bogus"}, {"-x", "link"}, {"-n"}, {"link", "set"}, {"link", "add", "x0"},
		{"link", "set", "x0", "mtu", "big"}, {"link", "set", "x0", "type", "bridge_slave", "hairpin", "maybe"},
		{"link", "set", "x0", "type", "bridge_slave", "bogus"}, {"link", "set", "x0", "type", "vxlan"}, {"link", "add", "x0", "type", "vxlan", "remote", "192.0.2.1"},
		{"addr", "add", "10.0.0.1/24"}, {"addr", "add", "10.0.0.300/24", "dev", "lo"},
		{"route", "add"}, {"route", "add", "10.0.0.0/8", "nexthop", "via", "10.0.0.1", "weight", "0"},
		{"route", "frobnicate"}, {"neigh", "add", "10.0.0.1"}, {"rule", "add", "lookup", "x"}, {"monitor", "bogus"},
		{"watch", "bogus"}, {"watch", "buffer"}, {"watch", "buffer", "-1"},
	} {
		out, errs, code := clitest.Run(ctx, run, args...)
		if code != 2 || out != "" || !strings.Contains(errs, "Usage: ip") {
			t.Errorf("ip %s: exit %d, stdout %q, stderr %q; want 2 and the usage", strings.Join(args, " "), code, out, errs)
		}
	}

	ns, ctx := newNS(t, `
link add v0 type veth peer name v1
link set v0 up
addr add 10.1.0.1/24 dev v0`)
	for _, cmd := range []string{
		"addr add 10.1.0.1/24 dev v0",
		"link add v0 type veth peer name v9",
		"route add 10.9.0.0/24 via 192.168.77.1",
		"route del 203.0.113.99/32",
		"neigh del 10.1.0.99 dev v0",
		"rule del pref 4242",
		"link set v0 carrier on",
	} {
		args := append([]string{"-n", ns.Name}, strings.Fields(cmd)...)
		_, errs, code := clitest.Run(ctx, run, args...)
		var want bytes.Buffer
		ipCmd := exec.Command("ip", args...)
		ipCmd.Stderr = &want
		if ipCmd.Run() == nil {
			t.Fatalf("ip(8) %s succeeded", cmd)
		}
		if ipCode := ipCmd.ProcessState.ExitCode(); code != 2 || code != ipCode || errs != want.String() {
			t.Errorf("ip %s: exit %d, stderr %q; want 2 and ip(8)'s %d, %q", cmd, code, errs, ipCode, want.String())
		}
	}
	_, errs, code := clitest.Run(ctx, run, "-n", ns.Name, "link", "add", "d0", "type", "dummy")
	if code != 2 || !strings.Contains(errs, `"dummy"`) || !strings.Contains(errs, "Unknown device type") {
		t.Errorf("ip link add type dummy: exit %d, stderr %q; want 2, the kind and the kernel's text", code, errs)
	}
	// ip(8) looks names up first: an unknown one is its own error, with
	// status 1.
	for _, cmd := range []string{"link set nope up", "link del nope", "addr add 10.9.0.1/24 dev nope",
		"route add 10.9.0.0/24 dev nope", "neigh add 10.1.0.9 lladdr 02:00:00:00:00:09 dev nope",
		"link show dev nope", "addr show dev nope", "link show dev a/b"} {
		args := append([]string{"-n", ns.Name}, strings.Fields(cmd)...)
		_, errs, code := clitest.Run(ctx, run, args...)
		var want bytes.Buffer
		ipCmd := exec.Command("ip", args...)
		ipCmd.Stderr = &want
		ipCmd.Run()
		if ipCode := ipCmd.ProcessState.ExitCode(); code != ipCode || errs != want.String() {
			t.Errorf("ip %s: exit %d, stderr %q; want ip(8)'s %d, %q", cmd, code, errs, ipCode, want.String())
		}
	}
	for _, args := range [][]string{{"help"}, {"link", "help"}, {"-n", ns.Name, "help"}} {
		out, errs, code := clitest.Run(ctx, run, args...)
		if code != 2 || out != "" || !strings.HasPrefix(errs, "Usage: ip") {
			t.Errorf("ip %s: exit %d, stdout %q, stderr %q; want 2 and only the usage", strings.Join(args, " "), code, out, errs)
		}
	}
}

// TestMonitor watches changes made by ip(8), as text and as JSON.
func TestMonitor(t *testing.T) {
	ns, ctx := newNS(t, "")
	for _, json := range []bool{false, true} {
		mctx, cancel := context.WithCancel(ctx)
		args := []string{"-n", ns.Name, "monitor", "link", "address", "route"}
		if json {
			args = append([]string{"-j"}, args...)
		}
		type result struct {
			out  string
			code int
		}
		done := make(chan result, 1)
		w := &nltest.Buffer{}
		go func() {
			code := run(mctx, args, w, w)
			done <- result{w.String(), code}
		}()
		// The monitor subscribes when it starts; wait for it to do so.
		time.Sleep(200 * time.Millisecond)
		suffix := fmt.Sprint(json)[:1]
		ns.IP(t, "link", "add", "m"+suffix, "type", "veth", "peer", "name", "p"+suffix)
		ns.IP(t, "addr", "add", "10.9.9.1/24", "dev", "m"+suffix)
		ns.IP(t, "addr", "del", "10.9.9.1/24", "dev", "m"+suffix)
		ns.IP(t, "link", "del", "m"+suffix)
		time.Sleep(200 * time.Millisecond)
		cancel()
		r := <-done
		if r.code != 0 {
			t.Fatalf("monitor: exit %d\n%s", r.code, r.out)
		}
		m := "m" + suffix
		want := []string{": " + m + "@p" + suffix + ": <", "    inet 10.9.9.1/24 scope global " + m, "Deleted ", "inet 10.9.9.1/24",
			"Deleted local 10.9.9.1 dev " + m + " table local", "Deleted ", ": " + m + ": <"}
		if json {
			want = []string{`"ifname":"` + m + `"`, `"local":"10.9.9.1"`, `{"deleted":true`, `"local":"10.9.9.1"`,
				`{"deleted":true`, `"ifname":"` + m + `"`}
		}
		rest := r.out
		for _, w := range want {
			i := strings.Index(rest, w)
			if i < 0 {
				t.Errorf("monitor (json %v): %q missing or out of order in\n%s", json, w, r.out)
				break
			}
			rest = rest[i+len(w):]
		}
	}
}

// TestHostAddr runs the README's command in the host namespace: reading
// needs no privileges and changes nothing. The JSON agrees with ip(8)'s.
func TestHostAddr(t *testing.T) {
	if _, err := exec.LookPath("ip"); err != nil {
		t.Skip("no ip(8)")
	}
	ctx := context.Background()
	out, errs, code := clitest.Run(ctx, run, "addr")
	if code != 0 || !strings.Contains(out, ": lo: <LOOPBACK") {
		t.Fatalf("ip addr: exit %d\n%s%s", code, out, errs)
	}
	mine, errs, code := clitest.Run(ctx, run, "-j", "addr", "show", "lo")
	if code != 0 {
		t.Fatal(errs)
	}
	theirs, _, ok := realIP("-j", "addr", "show", "lo")
	if !ok {
		t.Skip("ip -j addr show lo failed")
	}
	var m, i any
	if err := json.Unmarshal([]byte(mine), &m); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(theirs), &i); err != nil {
		t.Fatal(err)
	}
	for _, d := range compareJSON("", m, i) {
		t.Error(d)
	}
}

// missingInOrder returns the first of want that out lacks, each looked for
// after the one before; "" if out has them all in order.
func missingInOrder(out string, want []string) string {
	for _, s := range want {
		i := strings.Index(out, s)
		if i < 0 {
			return s
		}
		out = out[i+len(s):]
	}
	return ""
}

// TestWatch follows a storm of alias changes through `ip watch` with a 4
// KiB buffer: the kernel drops events, the watch prints a resync instead
// of an error, and the last changes arrive.
func TestWatch(t *testing.T) {
	ns, ctx := newNS(t, "")
	// Up: the kernel announces no alias change of a link that is down.
	ns.Batch(t, "link add w0 type veth peer name w1\nlink set w1 up\nlink set w0 up\n")
	for _, json := range []bool{false, true} {
		// Not ctx: its 30 s cover the whole test, which under load two
		// storms outlast.
		wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		args := []string{"-n", ns.Name, "watch", "buffer", "4096", "link", "address"}
		if json {
			args = append([]string{"-j"}, args...)
		}
		done := make(chan int, 1)
		w := &nltest.Buffer{}
		go func() { done <- run(wctx, args, w, w) }()
		time.Sleep(200 * time.Millisecond)
		resync := "Resync 1: events were lost"
		if json {
			resync = `{"resync":1}`
		}
		// An overrun depends on the reader's pace: storm from three
		// processes until one shows.
		var batch strings.Builder
		for i := range 1000 {
			fmt.Fprintf(&batch, "link set w0 alias a%d\n", i)
		}
		file := filepath.Join(t.TempDir(), "batch")
		if err := os.WriteFile(file, []byte(batch.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		for try := 0; try < 10 && !strings.Contains(w.String(), resync); try++ {
			var wg sync.WaitGroup
			for range 3 {
				wg.Go(func() {
					if out, err := exec.Command("ip", "-n", ns.Name, "-batch", file).CombinedOutput(); err != nil {
						t.Errorf("ip -batch: %v\n%s", err, out)
					}
				})
			}
			wg.Wait()
			time.Sleep(100 * time.Millisecond)
		}
		suffix := fmt.Sprint(json)[:1]
		ns.IP(t, "addr", "add", "10.9.9.1/24", "dev", "w0", "label", "w0:"+suffix)
		want := []string{resync, "inet 10.9.9.1/24 scope global w0:" + suffix}
		if json {
			want[1] = `"label":"w0:` + suffix + `"`
		}
		// The watch may still be printing the storm's backlog: wait for
		// the lines, not for a fixed time.
		missing := missingInOrder(w.String(), want)
		for deadline := time.Now().Add(20 * time.Second); missing != "" && time.Now().Before(deadline); {
			time.Sleep(20 * time.Millisecond)
			missing = missingInOrder(w.String(), want)
		}
		cancel()
		if code := <-done; code != 0 {
			t.Fatalf("watch: exit %d\n%s", code, w.String())
		}
		if missing != "" {
			t.Errorf("watch (json %v): %q missing or out of order after 20 s in\n%.3000s", json, missing, w.String())
		}
		ns.IP(t, "addr", "del", "10.9.9.1/24", "dev", "w0")
	}
}
