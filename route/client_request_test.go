package route

// Unit tests of the requests the Client builds; no kernel needed.

import (
	"context"
	"net/netip"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

func TestClientAddrMessage(t *testing.T) {
	p := netip.MustParsePrefix
	a, err := addrMessage(3, p("10.2.0.1/24"), &AddrOptions{
		Peer: p("10.2.0.2/32"), Label: "eth0:1", Flags: AddrNoPrefixRoute | AddrNoDAD,
		ValidLifetime: 90 * time.Second, Metric: 5,
	}, false)
	if err != nil {
		t.Fatal(err)
	}
	if a.Local != netip.MustParseAddr("10.2.0.1") || a.Address != netip.MustParseAddr("10.2.0.2") || a.PrefixLen != 32 {
		t.Errorf("peer address: local %v address %v /%d", a.Local, a.Address, a.PrefixLen)
	}
	if a.Flags != AddrFlags8(AddrNoDAD) || a.AllFlags != AddrNoPrefixRoute|AddrNoDAD {
		t.Errorf("flags %v, all flags %v", a.Flags, a.AllFlags)
	}
	if a.CacheInfo == nil || a.CacheInfo.Valid != 90 || a.CacheInfo.Preferred != 90 {
		t.Errorf("cache info %+v, want 90 s valid and preferred", a.CacheInfo)
	}
	if a.Index != 3 || a.Label != "eth0:1" || a.Extra == nil || a.Extra.RoutePriority != 5 || a.Scope != ScopeUniverse {
		t.Errorf("address %+v", a)
	}

	lo, _ := addrMessage(1, p("127.0.0.2/8"), nil, false)
	if lo.Scope != ScopeHost {
		t.Errorf("127.0.0.2/8 scope %v, want host", lo.Scope)
	}
	del, _ := addrMessage(1, p("10.0.0.1/8"), &AddrOptions{Flags: AddrNoDAD, Metric: 9}, true)
	if del.AllFlags != 0 || del.Extra != nil {
		t.Errorf("deletion carries settings: %+v", del)
	}
	for _, o := range []*AddrOptions{
		{Broadcast: netip.MustParseAddr("10.0.0.255")},
		{Peer: p("10.0.0.2/32")},
		{ValidLifetime: -time.Second},
	} {
		if _, err := addrMessage(1, p("2001:db8::1/64"), o, false); err == nil {
			t.Errorf("IPv6 address with %+v: no error", o)
		}
	}
	if _, err := addrMessage(1, netip.Prefix{}, nil, false); err == nil {
		t.Error("invalid prefix: no error")
	}
}

func TestClientLifetime(t *testing.T) {
	for d, want := range map[time.Duration]uint32{
		0:                       Forever,
		time.Second:             1,
		1500 * time.Millisecond: 2,
		time.Hour:               3600,
		1 << 62:                 Forever,
	} {
		if got := lifetime(d); got != want {
			t.Errorf("lifetime(%v) = %d, want %d", d, got, want)
		}
	}
}

func TestClientRouteMessage(t *testing.T) {
	ctx := context.Background()
	var c *Client // no link names below, so no requests
	p := netip.MustParsePrefix
	gw := netip.MustParseAddr("10.0.0.1")
	for _, tc := range []struct {
		dst   string
		o     *RouteOptions
		del   bool
		scope Scope
		typ   RouteType
		proto Protocol
	}{
		{"10.1.0.0/16", &RouteOptions{Gateway: gw}, false, ScopeUniverse, TypeUnicast, ProtoBoot},
		{"10.1.0.0/16", nil, false, ScopeLink, TypeUnicast, ProtoBoot},
		{"10.1.0.0/16", nil, true, ScopeNowhere, TypeUnspec, ProtoUnspec},
		{"10.1.0.1/32", &RouteOptions{Type: TypeLocal}, false, ScopeHost, TypeLocal, ProtoBoot},
		{"10.1.0.255/32", &RouteOptions{Type: TypeBroadcast}, false, ScopeLink, TypeBroadcast, ProtoBoot},
		{"10.1.0.0/16", &RouteOptions{Type: TypeBlackhole}, false, ScopeUniverse, TypeBlackhole, ProtoBoot},
		{"10.1.0.0/16", &RouteOptions{Type: TypeBlackhole}, true, ScopeNowhere, TypeBlackhole, ProtoUnspec},
		{"2001:db8::/32", nil, false, ScopeUniverse, TypeUnicast, ProtoBoot},
		{"10.1.0.0/16", &RouteOptions{Scope: new(ScopeSite), Protocol: ProtoStatic}, false, ScopeSite, TypeUnicast, ProtoStatic},
	} {
		r, err := c.routeMessage(ctx, p(tc.dst), tc.o, tc.del)
		if err != nil {
			t.Fatal(err)
		}
		if r.Scope != tc.scope || r.Type != tc.typ || r.Protocol != tc.proto {
			t.Errorf("%s %+v del=%v: scope %v type %v proto %v, want %v %v %v",
				tc.dst, tc.o, tc.del, r.Scope, r.Type, r.Protocol, tc.scope, tc.typ, tc.proto)
		}
	}

	r, _ := c.routeMessage(ctx, p("0.0.0.0/0"), &RouteOptions{Gateway: netip.MustParseAddr("fe80::1"), Table: 1000}, false)
	if r.Dst.IsValid() || r.DstLen != 0 || r.Table != 0 || r.TableID != 1000 || r.Gateway.IsValid() || extraOf(r).Via.Addr() != netip.MustParseAddr("fe80::1") {
		t.Errorf("default route via IPv6 in table 1000: %+v", r)
	}
	r, _ = c.routeMessage(ctx, p("10.0.0.0/8"), &RouteOptions{Multipath: []RoutePath{{Gateway: gw, Weight: 3, OnLink: true}, {Gateway: gw}}}, false)
	if mp := extraOf(r).Multipath; len(mp) != 2 || mp[0].Weight() != 3 || mp[1].Weight() != 1 ||
		mp[0].Flags != NextHopFlags(RouteOnLink) || r.Table != Table8(TableMain) || r.Scope != ScopeUniverse {
		t.Errorf("multipath route: %+v", r)
	}
	for _, o := range []*RouteOptions{
		{Multipath: []RoutePath{{Weight: 257}}},
	} {
		if _, err := c.routeMessage(ctx, p("10.0.0.0/8"), o, false); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
	if _, err := c.routeMessage(ctx, p("2001:db8::/32"), &RouteOptions{Gateway: gw}, false); err == nil {
		t.Error("IPv6 route via an IPv4 gateway: no error")
	}
}

func TestClientRuleMessage(t *testing.T) {
	r, err := ruleMessage(&RuleOptions{Src: netip.MustParsePrefix("2001:db8::/32"), Invert: true}, false)
	if err != nil {
		t.Fatal(err)
	}
	if r.Family != FamilyIPv6 || r.SrcLen != 32 || r.Action != ActionToTable || r.FullTable() != TableMain || r.Flags != RuleInvert {
		t.Errorf("rule %+v", r)
	}
	r, _ = ruleMessage(&RuleOptions{Table: 5000}, true)
	if r.Family != FamilyIPv4 || r.Action != ActionUnspec || r.Table != 0 || r.TableID != 5000 {
		t.Errorf("deletion %+v", r)
	}
	r, _ = ruleMessage(&RuleOptions{Action: ActionBlackhole}, false)
	if r.FullTable() != 0 {
		t.Errorf("blackhole rule has table %v", r.FullTable())
	}
	if _, err := ruleMessage(&RuleOptions{Src: netip.MustParsePrefix("10.0.0.0/8"), Dst: netip.MustParsePrefix("::/0")}, false); err == nil {
		t.Error("mixed families: no error")
	}
}

// TestClientLinkOptions checks the flags and the zero values that the Link
// struct would leave out.
func TestClientLinkOptions(t *testing.T) {
	req := &Link{Name: "x0"}
	o := &LinkOptions{Up: new(true), ARP: new(false), Promisc: new(false), TxQueueLen: new(uint32(0)), Group: new(uint32(0)), Alias: new("")}
	done, err := o.apply(context.Background(), nil, req)
	if err != nil {
		t.Fatal(err)
	}
	done()
	if req.Flags != IffUp|IffNoARP || req.Change != IffUp|IffNoARP|IffPromisc {
		t.Errorf("flags %v change %v", req.Flags, req.Change)
	}
	b, err := nltag.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	var got Link
	if err := nltag.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	has := map[uint16]bool{}
	for _, a := range got.Wire.Order {
		has[a&nltag.TypeMask] = true
	}
	for _, typ := range []uint16{unix.IFLA_IFNAME, unix.IFLA_TXQLEN, unix.IFLA_GROUP, unix.IFLA_IFALIAS} {
		if !has[typ] {
			t.Errorf("request lacks attribute %d: %v", typ, got.Wire.Order)
		}
	}
	if *got.TxQueueLen != 0 || *got.Group != 0 || *got.Alias != "" {
		t.Errorf("request decodes to %+v", got)
	}

	if _, err := (&LinkOptions{NoMaster: true, Master: ByName("br0")}).apply(context.Background(), nil, &Link{}); err == nil {
		t.Error("Master and NoMaster: no error")
	}
	req = &Link{}
	if _, err := (&LinkOptions{NoMaster: true, NetNS: conn.NetNSPID(42)}).apply(context.Background(), nil, req); err != nil {
		t.Fatal(err)
	}
	if req.Master == nil || *req.Master != 0 || req.NetNSPID != 42 {
		t.Errorf("nomaster and netns pid: %+v", req)
	}
}

// TestClientDialNotANamespace: Dial refuses a missing namespace, and a FIFO
// at once (its open would otherwise wait for a writer, past the context).
func TestClientDialNotANamespace(t *testing.T) {
	if _, err := Dial(context.Background(), &Options{NetNS: conn.NetNSName("nltest-missing")}); err == nil {
		t.Error("Dial in a missing namespace: no error")
	}
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := unix.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := Dial(ctx, &Options{NetNS: conn.NetNSPath(fifo)}); err == nil || ctx.Err() != nil {
		t.Errorf("Dial into a FIFO = %v after %v", err, ctx.Err())
	}
}

func TestClientEvent(t *testing.T) {
	for typ, del := range map[uint16]bool{unix.RTM_NEWLINK: false, unix.RTM_DELLINK: true, unix.RTM_DELADDR: true, unix.RTM_NEWROUTE: false} {
		ev := Event{Type: netlink.MsgType(typ)}
		if ev.Deleted() != del {
			t.Errorf("%v: Deleted() = %v", ev, ev.Deleted())
		}
	}
	if s := (Event{Type: unix.RTM_NEWNEIGH}).String(); s != "RTM_NEWNEIGH" {
		t.Errorf("String() = %q", s)
	}
}
