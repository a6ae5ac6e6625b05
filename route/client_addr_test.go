package route_test

import (
	"errors"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/route"
)

// ipAddr returns ip's addr_info entry for local address local on dev, or
// nil.
func (e *clientEnv) ipAddr(t *testing.T, dev, local string) map[string]any {
	t.Helper()
	for _, l := range e.objects(t, "addr", "show", "dev", dev) {
		infos, _ := l["addr_info"].([]any)
		for _, i := range infos {
			if m, ok := i.(map[string]any); ok && m["local"] == local {
				return m
			}
		}
	}
	return nil
}

func TestClientAddr(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, `
link add v0 type veth peer name v1
link set v0 up
link set v1 up`)
	p := netip.MustParsePrefix
	for _, tc := range []struct {
		prefix string
		o      *route.AddrOptions
		want   []string
	}{
		{"10.1.0.1/24", &route.AddrOptions{Label: "v0:lan", Broadcast: netip.MustParseAddr("10.1.0.255")},
			[]string{"family", "inet", "prefixlen", "24", "label", "v0:lan", "broadcast", "10.1.0.255", "scope", "global"}},
		{"10.2.0.1/32", &route.AddrOptions{Peer: p("10.2.0.2/32")},
			[]string{"address", "10.2.0.2", "prefixlen", "32"}},
		{"10.3.0.1/24", &route.AddrOptions{Scope: route.ScopeLink, Metric: 50},
			[]string{"scope", "link", "metric", "50"}},
		{"10.4.0.1/24", &route.AddrOptions{ValidLifetime: 300 * time.Second, PreferredLifetime: 100 * time.Second},
			[]string{"dynamic", "true"}},
		{"127.1.0.1/8", nil, []string{"scope", "host"}},
		{"2001:db8::1/64", &route.AddrOptions{Flags: route.AddrNoDAD | route.AddrNoPrefixRoute},
			[]string{"family", "inet6", "prefixlen", "64", "nodad", "true", "noprefixroute", "true"}},
		{"2001:db8:1::1/64", &route.AddrOptions{Flags: route.AddrNoDAD, Metric: 77},
			[]string{"metric", "77"}},
	} {
		dev := "v0"
		if strings.HasPrefix(tc.prefix, "127.") {
			dev = "lo"
		}
		if err := e.c.AddrAdd(e.ctx, route.ByName(dev), p(tc.prefix), tc.o); err != nil {
			t.Errorf("AddrAdd %s: %v", tc.prefix, err)
			continue
		}
		local := p(tc.prefix).Addr().String()
		a := e.ipAddr(t, dev, local)
		if a == nil {
			t.Errorf("AddrAdd %s: ip does not show it", tc.prefix)
			continue
		}
		expect(t, tc.prefix, a, tc.want...)
	}
	a := e.ipAddr(t, "v0", "10.4.0.1")
	if v, _ := strconv.Atoi(field(a, "valid_life_time")); v <= 290 || v > 300 {
		t.Errorf("valid_life_time %d, want about 300", v)
	}
	if v, _ := strconv.Atoi(field(a, "preferred_life_time")); v <= 90 || v > 100 {
		t.Errorf("preferred_life_time %d, want about 100", v)
	}
	// noprefixroute: the kernel added no route for 2001:db8::/64.
	for _, r := range e.objects(t, "-6", "route", "show", "dev", "v0") {
		if field(r, "dst") == "2001:db8::/64" {
			t.Error("noprefixroute address has a prefix route")
		}
	}

	if err := e.c.AddrAdd(e.ctx, route.ByName("v0"), p("10.1.0.1/24"), nil); !errors.Is(err, unix.EEXIST) {
		t.Errorf("adding 10.1.0.1/24 again: %v, want EEXIST", err)
	}
	// Replace changes an address in place: the lifetime becomes finite.
	if err := e.c.AddrReplace(e.ctx, route.ByName("v0"), p("10.1.0.1/24"), &route.AddrOptions{ValidLifetime: time.Hour}); err != nil {
		t.Fatal(err)
	}
	expect(t, "replaced", e.ipAddr(t, "v0", "10.1.0.1"), "valid_life_time", "3600", "dynamic", "true")
	if err := e.c.AddrReplace(e.ctx, route.ByName("v0"), p("10.5.0.1/24"), nil); err != nil {
		t.Fatal(err)
	}

	for _, d := range []struct {
		prefix string
		o      *route.AddrOptions
	}{
		{"10.5.0.1/24", nil},
		{"10.2.0.1/32", &route.AddrOptions{Peer: p("10.2.0.2/32")}},
		{"2001:db8::1/64", nil},
	} {
		if err := e.c.AddrDel(e.ctx, route.ByName("v0"), p(d.prefix), d.o); err != nil {
			t.Errorf("AddrDel %s: %v", d.prefix, err)
		}
		if e.ipAddr(t, "v0", p(d.prefix).Addr().String()) != nil {
			t.Errorf("AddrDel %s: ip still shows it", d.prefix)
		}
	}
	if err := e.c.AddrDel(e.ctx, route.ByName("v0"), p("10.5.0.1/24"), nil); !errors.Is(err, unix.EADDRNOTAVAIL) {
		t.Errorf("deleting 10.5.0.1/24 again: %v, want EADDRNOTAVAIL", err)
	}
}

// TestClientAddrList lists addresses made with iproute2, filtered by link
// and family in the kernel, and compares them with ip's view.
func TestClientAddrList(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, `
link add v0 type veth peer name v1
addr add 10.1.0.1/24 dev v0 label v0:a
addr add 10.1.0.2/24 dev v0
addr add 10.9.0.1/16 dev v1 valid_lft 1000 preferred_lft 500
addr add 2001:db8::1/64 dev v0 nodad
addr add 2001:db8::2/64 dev v1 nodad`)
	for _, tc := range []struct {
		f    route.AddrFilter
		args []string
	}{
		{route.AddrFilter{}, nil},
		{route.AddrFilter{Dev: route.ByName("v0")}, []string{"dev", "v0"}},
		{route.AddrFilter{Family: route.FamilyIPv4}, []string{"-4"}},
		{route.AddrFilter{Family: route.FamilyIPv6, Dev: route.ByName("v1")}, []string{"-6", "dev", "v1"}},
	} {
		as, err := e.c.AddrList(e.ctx, &tc.f)
		if err != nil {
			t.Fatal(err)
		}
		var got, want []string
		for _, a := range as {
			got = append(got, a.Prefix().String()+" "+strconv.Itoa(int(a.Index))+" "+a.Label)
		}
		args := []string{"addr", "show"}
		if len(tc.args) > 0 && strings.HasPrefix(tc.args[0], "-") {
			args = append([]string{tc.args[0]}, append(args, tc.args[1:]...)...)
		} else {
			args = append(args, tc.args...)
		}
		for _, l := range e.objects(t, args...) {
			infos, _ := l["addr_info"].([]any)
			for _, i := range infos {
				m := i.(map[string]any)
				want = append(want, field(m, "local")+"/"+field(m, "prefixlen")+" "+field(l, "ifindex")+" "+field(m, "label"))
			}
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("AddrList(%+v):\n got %q\nwant %q", tc.f, got, want)
		}
	}
	as, err := e.c.AddrList(e.ctx, &route.AddrFilter{Dev: route.ByName("v1"), Family: route.FamilyIPv4})
	if err != nil || len(as) != 1 {
		t.Fatalf("AddrList(v1, IPv4) = %v, %v", as, err)
	}
	if ci := as[0].CacheInfo; ci == nil || ci.Valid > 1000 || ci.Valid < 990 || ci.Preferred > 500 || ci.Preferred < 490 {
		t.Errorf("10.9.0.1/16 lifetimes %+v, want 1000 and 500 seconds", as[0].CacheInfo)
	}
}
