package route_test

import (
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/route"
)

// routeSetup is a namespace with two links, addresses and a second table.
const routeSetup = `
link add v0 type veth peer name v1
link set v0 up
link set v1 up
addr add 10.1.0.1/24 dev v0
addr add 2001:db8::1/64 dev v0 nodad
addr add 10.7.0.1/24 dev v1`

// ipRoute returns the routes `ip -j -d [-6] route show ...` prints for dst.
func (e *clientEnv) ipRoutes(t *testing.T, dst string, args ...string) []map[string]any {
	t.Helper()
	var fam []string
	if strings.Contains(dst, ":") {
		fam = []string{"-6"}
	}
	return e.objects(t, append(append(fam, "-d", "route", "show"), append(args, dst)...)...)
}

func TestClientRouteAdd(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, routeSetup)
	ip := netip.MustParseAddr
	p := netip.MustParsePrefix
	for _, tc := range []struct {
		dst  string
		o    *route.RouteOptions
		show []string // extra arguments of ip route show
		want []string
	}{
		{"0.0.0.0/0", &route.RouteOptions{Gateway: ip("10.1.0.254")}, nil,
			[]string{"dst", "default", "gateway", "10.1.0.254", "dev", "v0", "protocol", "boot", "scope", "global", "type", "unicast"}},
		{"192.0.2.0/24", &route.RouteOptions{Gateway: ip("10.1.0.2"), Dev: route.ByName("v0"), Metric: 300, Protocol: route.ProtoStatic}, nil,
			[]string{"gateway", "10.1.0.2", "dev", "v0", "metric", "300", "protocol", "static"}},
		{"192.0.2.0/24", &route.RouteOptions{Gateway: ip("10.1.0.3"), Table: 1000}, []string{"table", "1000"},
			[]string{"gateway", "10.1.0.3"}},
		{"198.51.100.0/24", &route.RouteOptions{Dev: route.ByName("v0"), PrefSrc: ip("10.1.0.1"), Table: 7}, []string{"table", "7"},
			[]string{"dev", "v0", "scope", "link", "prefsrc", "10.1.0.1"}},
		{"198.51.100.128/25", &route.RouteOptions{Dev: route.ByName("v0"), Scope: new(route.ScopeHost)}, nil,
			[]string{"scope", "host"}},
		{"203.0.113.0/24", &route.RouteOptions{Type: route.TypeBlackhole}, nil, []string{"type", "blackhole"}},
		{"203.0.113.1/32", &route.RouteOptions{Type: route.TypeUnreachable}, nil, []string{"type", "unreachable"}},
		{"203.0.113.2/32", &route.RouteOptions{Type: route.TypeProhibit}, nil, []string{"type", "prohibit"}},
		{"10.1.0.99/32", &route.RouteOptions{Type: route.TypeLocal, Dev: route.ByName("v0"), Table: route.TableLocal}, []string{"table", "local"},
			[]string{"type", "local", "scope", "host"}},
		{"100.64.0.0/24", &route.RouteOptions{Multipath: []route.RoutePath{
			{Gateway: ip("10.1.0.2"), Dev: route.ByName("v0"), Weight: 1},
			{Gateway: ip("10.7.0.2"), Dev: route.ByName("v1"), Weight: 3},
		}}, nil, []string{"nexthops", `{"dev":"v0","flags":[],"gateway":"10.1.0.2","weight":1},{"dev":"v1","flags":[],"gateway":"10.7.0.2","weight":3}`}},
		{"100.65.0.0/24", &route.RouteOptions{Gateway: ip("172.16.0.1"), Dev: route.ByName("v0"), OnLink: true}, nil,
			[]string{"gateway", "172.16.0.1", "flags", "onlink"}},
		{"100.66.0.0/24", &route.RouteOptions{Gateway: ip("10.1.0.2"), Metrics: &route.Metrics{MTU: 1400, AdvMSS: 1300}}, nil,
			[]string{"metrics", `{"advmss":1300,"mtu":1400}`}},
		{"100.67.0.0/24", &route.RouteOptions{Gateway: ip("2001:db8::2"), Dev: route.ByName("v0")}, nil,
			[]string{"via.family", "inet6", "via.host", "2001:db8::2", "dev", "v0"}},
		{"2001:db8:1::/64", &route.RouteOptions{Gateway: ip("2001:db8::2"), Dev: route.ByName("v0"), Metric: 5}, nil,
			[]string{"gateway", "2001:db8::2", "dev", "v0", "metric", "5"}},
		{"::/0", &route.RouteOptions{Gateway: ip("2001:db8::fe"), Dev: route.ByName("v0")}, nil,
			[]string{"dst", "default", "gateway", "2001:db8::fe", "metric", "1024"}},
		{"2001:db8:2::/48", &route.RouteOptions{Type: route.TypeUnreachable}, nil, []string{"type", "unreachable"}},
	} {
		if err := e.c.RouteAdd(e.ctx, p(tc.dst), tc.o); err != nil {
			t.Errorf("RouteAdd %s: %v", tc.dst, err)
			continue
		}
		rs := e.ipRoutes(t, tc.dst, tc.show...)
		if len(rs) != 1 {
			t.Errorf("RouteAdd %s: ip shows %d routes", tc.dst, len(rs))
			continue
		}
		expect(t, tc.dst, rs[0], tc.want...)
	}

	err := e.c.RouteAdd(e.ctx, p("192.0.2.0/24"), &route.RouteOptions{Gateway: ip("10.1.0.9"), Metric: 300})
	if !errors.Is(err, unix.EEXIST) {
		t.Errorf("adding 192.0.2.0/24 again: %v, want EEXIST", err)
	}
	if err := e.c.RouteAdd(e.ctx, p("192.0.2.0/24"), &route.RouteOptions{Table: 99999, Gateway: ip("192.168.99.1")}); err == nil ||
		!errors.Is(err, unix.ENETUNREACH) || !strings.Contains(err.Error(), "Nexthop has invalid gateway") {
		t.Errorf("unreachable gateway: %v, want ENETUNREACH with the kernel's text", err)
	}

	// Replace, append, delete.
	if err := e.c.RouteReplace(e.ctx, p("192.0.2.0/24"), &route.RouteOptions{Gateway: ip("10.1.0.4"), Metric: 300}); err != nil {
		t.Fatal(err)
	}
	expect(t, "replaced", e.ipRoutes(t, "192.0.2.0/24")[0], "gateway", "10.1.0.4", "protocol", "boot")
	if err := e.c.RouteAppend(e.ctx, p("192.0.2.0/24"), &route.RouteOptions{Gateway: ip("10.1.0.5"), Metric: 300}); err != nil {
		t.Fatal(err)
	}
	if rs := e.ipRoutes(t, "192.0.2.0/24"); len(rs) != 2 || field(rs[1], "gateway") != "10.1.0.5" {
		t.Errorf("after RouteAppend, ip shows %v", rs)
	}
	if err := e.c.RouteDel(e.ctx, p("192.0.2.0/24"), &route.RouteOptions{Gateway: ip("10.1.0.5"), Metric: 300}); err != nil {
		t.Fatal(err)
	}
	if rs := e.ipRoutes(t, "192.0.2.0/24"); len(rs) != 1 || field(rs[0], "gateway") != "10.1.0.4" {
		t.Errorf("after RouteDel of the appended route, ip shows %v", rs)
	}
	for _, d := range []struct {
		dst  string
		o    *route.RouteOptions
		show []string
	}{
		{"192.0.2.0/24", &route.RouteOptions{Table: 1000}, []string{"table", "1000"}},
		{"203.0.113.0/24", nil, nil},
		{"10.1.0.99/32", &route.RouteOptions{Table: route.TableLocal, Type: route.TypeLocal}, []string{"table", "local"}},
		{"2001:db8:1::/64", nil, nil},
		{"0.0.0.0/0", nil, nil},
	} {
		if err := e.c.RouteDel(e.ctx, p(d.dst), d.o); err != nil {
			t.Errorf("RouteDel %s: %v", d.dst, err)
		}
		if rs := e.ipRoutes(t, d.dst, d.show...); len(rs) != 0 {
			t.Errorf("RouteDel %s: ip still shows %v", d.dst, rs)
		}
	}
	if err := e.c.RouteDel(e.ctx, p("203.0.113.0/24"), nil); !errors.Is(err, unix.ESRCH) {
		t.Errorf("deleting 203.0.113.0/24 again: %v, want ESRCH", err)
	}
}

// TestClientRouteList lists routes made with iproute2, filtered in the
// kernel, and compares them with ip's view of the same filter.
func TestClientRouteList(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, routeSetup+`
route add 192.0.2.0/24 via 10.1.0.2 table 1000
route add 198.51.100.0/24 via 10.7.0.2 proto static
route add 203.0.113.0/24 via 10.1.0.3 proto 99 metric 20
route add blackhole 100.64.0.0/10
route add 2001:db8:9::/48 via 2001:db8::9 table 1000`)
	key := func(r *route.Route) string {
		dst := r.DstPrefix().String()
		if r.DstLen == 0 {
			dst = "default"
		} else if r.DstLen == uint8(r.Dst.BitLen()) {
			dst = r.Dst.String()
		}
		return dst + " " + r.Gateway.String()
	}
	ipKey := func(m map[string]any) string {
		gw := field(m, "gateway")
		if gw == "" {
			gw = "invalid IP"
		}
		return field(m, "dst") + " " + gw
	}
	for _, tc := range []struct {
		f    route.RouteFilter
		args []string
	}{
		{route.RouteFilter{Table: route.TableMain, Family: route.FamilyIPv4}, []string{"-4", "route", "show", "table", "main"}},
		{route.RouteFilter{Table: 1000, Family: route.FamilyIPv4}, []string{"-4", "route", "show", "table", "1000"}},
		{route.RouteFilter{Table: 1000, Family: route.FamilyIPv6}, []string{"-6", "route", "show", "table", "1000"}},
		{route.RouteFilter{Family: route.FamilyIPv4}, []string{"-4", "route", "show", "table", "all"}},
		{route.RouteFilter{Family: route.FamilyIPv4, Table: route.TableMain, Protocol: route.ProtoStatic}, []string{"-4", "route", "show", "proto", "static"}},
		{route.RouteFilter{Family: route.FamilyIPv4, Table: route.TableMain, Protocol: 99}, []string{"-4", "route", "show", "proto", "99"}},
		{route.RouteFilter{Family: route.FamilyIPv4, Table: route.TableMain, Dev: route.ByName("v1")}, []string{"-4", "route", "show", "dev", "v1"}},
		{route.RouteFilter{Family: route.FamilyIPv4, Table: route.TableMain, Type: route.TypeBlackhole}, []string{"-4", "route", "show", "type", "blackhole"}},
		{route.RouteFilter{Family: route.FamilyIPv6, Table: route.TableLocal, Type: route.TypeLocal}, []string{"-6", "route", "show", "table", "local", "type", "local"}},
	} {
		rs, err := e.c.RouteList(e.ctx, &tc.f)
		if err != nil {
			t.Errorf("RouteList(%+v): %v", tc.f, err)
			continue
		}
		var got, want []string
		for _, r := range rs {
			got = append(got, key(r))
		}
		for _, m := range e.objects(t, tc.args...) {
			want = append(want, ipKey(m))
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("RouteList(%+v):\n got %q\nwant %q (ip %s)", tc.f, got, want, strings.Join(tc.args, " "))
		}
	}

	var n int
	for r, err := range e.c.Routes(e.ctx, &route.RouteFilter{Table: 1000}) {
		if err != nil {
			t.Fatal(err)
		}
		if r.FullTable() != 1000 {
			t.Errorf("Routes(table 1000) yields a route of table %v", r.FullTable())
		}
		n++
	}
	if n != 2 {
		t.Errorf("Routes(table 1000) yields %d routes, want 2", n)
	}
	if _, err := e.c.RouteList(e.ctx, &route.RouteFilter{Family: route.FamilyIPv4, Table: 4242}); !errors.Is(err, unix.ENOENT) {
		t.Errorf("listing a missing table: %v, want ENOENT", err)
	}
}

func TestClientRouteGet(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, routeSetup+`
route add 192.0.2.0/24 via 10.1.0.2
route add 2001:db8:5::/64 via 2001:db8::5`)
	for _, tc := range []struct {
		dst  string
		o    *route.RouteGetOptions
		args []string
	}{
		{"192.0.2.77", nil, nil},
		{"10.7.0.9", nil, nil},
		{"192.0.2.77", &route.RouteGetOptions{Src: netip.MustParseAddr("10.7.0.1"), Mark: 5}, []string{"from", "10.7.0.1", "mark", "5"}},
		{"2001:db8:5::1", nil, nil},
		{"192.0.2.77", &route.RouteGetOptions{FIBMatch: true}, []string{"fibmatch"}},
	} {
		r, err := e.c.RouteGet(e.ctx, netip.MustParseAddr(tc.dst), tc.o)
		if err != nil {
			t.Errorf("RouteGet %s: %v", tc.dst, err)
			continue
		}
		var fam []string
		if strings.Contains(tc.dst, ":") {
			fam = []string{"-6"}
		}
		w := e.objects(t, append(append(fam, "route", "get", tc.dst), tc.args...)...)[0]
		dev, err := e.c.LinkByIndex(e.ctx, r.OIF)
		if err != nil {
			t.Fatal(err)
		}
		dst := r.Dst.String()
		if tc.o != nil && tc.o.FIBMatch {
			dst = r.DstPrefix().String()
		}
		expect(t, tc.dst, w, "dst", dst, "dev", dev.Name, "gateway", optString(r.Gateway), "prefsrc", optString(r.PrefSrc))
	}
	if _, err := e.c.RouteGet(e.ctx, netip.MustParseAddr("172.31.0.1"), &route.RouteGetOptions{OIF: route.ByName("v1"), Src: netip.MustParseAddr("10.9.9.9")}); err == nil {
		t.Error("RouteGet with a foreign source address: no error")
	}
}

// optString prints a valid address, or "" for the zero one.
func optString(a netip.Addr) string {
	if !a.IsValid() {
		return ""
	}
	return a.String()
}

// TestClientRouteReplaceIdempotent: "RouteReplace adds a route to dst or
// replaces the one there": it creates an absent route, and replacing it
// again with the same options leaves one route, without error.
func TestClientRouteReplaceIdempotent(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, routeSetup)
	dst := netip.MustParsePrefix("192.0.2.0/24")
	o := &route.RouteOptions{Gateway: netip.MustParseAddr("10.1.0.2"), Metric: 50}
	for i := range 3 {
		if err := e.c.RouteReplace(e.ctx, dst, o); err != nil {
			t.Fatalf("RouteReplace #%d: %v", i+1, err)
		}
		rs := e.ipRoutes(t, dst.String())
		if len(rs) != 1 {
			t.Fatalf("after RouteReplace #%d, ip shows %d routes: %v", i+1, len(rs), rs)
		}
		expect(t, "replaced", rs[0], "gateway", "10.1.0.2", "metric", "50")
	}
	// NeighReplace and AddrReplace create too.
	mac := []byte{2, 0, 0, 0, 0, 9}
	if err := e.c.NeighReplace(e.ctx, route.ByName("v0"), netip.MustParseAddr("10.1.0.9"), &route.NeighOptions{LLAddr: mac}); err != nil {
		t.Errorf("NeighReplace of an absent entry: %v", err)
	}
	if n := e.objects(t, "neigh", "show", "10.1.0.9", "dev", "v0"); len(n) != 1 {
		t.Errorf("after NeighReplace, ip shows %v", n)
	}
	for range 2 {
		if err := e.c.AddrReplace(e.ctx, route.ByName("v1"), netip.MustParsePrefix("10.8.0.1/24"), nil); err != nil {
			t.Errorf("AddrReplace: %v", err)
		}
	}
}

// TestClientRouteListAll: "The zero RouteFilter lists the routes of every
// table and family (including the local table)", as ip shows with table
// all, both families.
func TestClientRouteListAll(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, routeSetup+`
route add 192.0.2.0/24 via 10.1.0.2 table 1000`)
	// The kernel adds IPv6 routes of its own as links come up: list until
	// two lists in a row agree.
	var rs []*route.Route
	var want int
	for range 20 {
		var err error
		if rs, err = e.c.RouteList(e.ctx, nil); err != nil {
			t.Fatal(err)
		}
		want = len(e.objects(t, "-4", "route", "show", "table", "all")) + len(e.objects(t, "-6", "route", "show", "table", "all"))
		if len(rs) == want {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	var local, v4, v6, t1000 bool
	for _, r := range rs {
		local = local || r.FullTable() == route.TableLocal
		v4 = v4 || r.Family == route.FamilyIPv4
		v6 = v6 || r.Family == route.FamilyIPv6
		t1000 = t1000 || r.FullTable() == 1000
	}
	if len(rs) != want || !local || !v4 || !v6 || !t1000 {
		t.Errorf("RouteList(nil): %d routes (local %v, IPv4 %v, IPv6 %v, table 1000 %v); ip shows %d", len(rs), local, v4, v6, t1000, want)
	}
	// RuleList(FamilyUnspec) lists the rules of every family: IPv4 and
	// IPv6 as ip shows them, and those of multicast routing.
	rules, err := e.c.RuleList(e.ctx, route.FamilyUnspec)
	if err != nil {
		t.Fatal(err)
	}
	fams := map[route.Family]int{}
	for _, r := range rules {
		fams[r.Family]++
	}
	if n4, n6 := len(e.objects(t, "-4", "rule", "show")), len(e.objects(t, "-6", "rule", "show")); fams[route.FamilyIPv4] != n4 || fams[route.FamilyIPv6] != n6 {
		t.Errorf("RuleList(FamilyUnspec): rules by family %v, ip shows %d IPv4 and %d IPv6", fams, n4, n6)
	}
	t.Logf("RuleList(FamilyUnspec): rules by family %v", fams)
}
