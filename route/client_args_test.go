package route_test

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strings"
	"testing"

	"github.com/nltag/go-netlink/conn/conntest"
	"github.com/nltag/go-netlink/route"
)

// TestClientRefusesBadArguments: each call is refused with an *ArgError that
// names the argument and the rule, and sends nothing.
func TestClientRefusesBadArguments(t *testing.T) {
	c, f := fakeClient(t, conntest.AckAll)
	ctx := context.Background()
	var nilBridge *route.Bridge
	p := netip.MustParsePrefix("192.0.2.1/24")
	badNames := map[string]string{
		"":                 "empty link name",
		"sixteen-bytes-xx": "longer than the kernel's 15",
		"victim\x00-tmp":   "contains",
		"a/b":              "contains",
		"a b":              "contains",
		"a\tb":             "contains",
		"a:b":              "contains",
		"..":               "not allowed",
	}
	type call struct {
		name string
		arg  string // want ArgError.Arg
		rule string // in ArgError.Rule
		do   func() error
	}
	var calls []call
	for n, rule := range badNames {
		calls = append(calls,
			call{"LinkAdd " + n, "name", rule, func() error { return c.LinkAdd(ctx, n, &route.Dummy{}, nil) }},
			call{"LinkSet " + n, "link", rule, func() error { return c.LinkSet(ctx, route.ByName(n), &route.LinkOptions{Up: new(true)}) }},
			call{"LinkDel " + n, "link", rule, func() error { return c.LinkDel(ctx, route.ByName(n)) }},
			call{"LinkByName " + n, "link", rule, func() error { _, err := c.LinkByName(ctx, n); return err }},
			call{"AddrAdd " + n, "dev", rule, func() error { return c.AddrAdd(ctx, route.ByName(n), p, nil) }},
			call{"NeighAdd " + n, "dev", rule, func() error { return c.NeighAdd(ctx, route.ByName(n), p.Addr(), nil) }},
			call{"RouteAdd " + n, "RouteOptions.Dev", rule, func() error { return c.RouteAdd(ctx, p, &route.RouteOptions{Dev: route.ByName(n)}) }},
			call{"WaitForLink " + n, "name", rule, func() error { _, err := c.WaitForLink(ctx, n); return err }},
		)
		if n != "" {
			calls = append(calls,
				call{"NewName " + n, "LinkOptions.NewName", rule, func() error { return c.LinkSet(ctx, route.ByIndex(1), &route.LinkOptions{NewName: n}) }},
				call{"Veth.Peer " + n, "Veth.Peer", rule, func() error { return c.LinkAdd(ctx, "v0", &route.Veth{Peer: n}, nil) }},
				call{"RuleOptions.IIF " + n, "RuleOptions.IIF", rule, func() error { return c.RuleAdd(ctx, &route.RuleOptions{IIF: n}) }},
			)
		}
	}
	calls = append(calls,
		call{"typed nil kind", "kind", "no link kind", func() error { return c.LinkAdd(ctx, "br0", nilBridge, nil) }},
		call{"nil kind", "kind", "no link kind", func() error { return c.LinkAdd(ctx, "br0", nil, nil) }},
		call{"short hwaddr", "LinkOptions.HardwareAddr", "5 bytes; this link type takes 6", func() error {
			return c.LinkAdd(ctx, "d0", &route.Dummy{}, &route.LinkOptions{HardwareAddr: net.HardwareAddr{2, 0, 0, 0, 1}})
		}},
		call{"long hwaddr", "LinkOptions.HardwareAddr", "the kernel takes 1 to 32", func() error {
			return c.LinkSet(ctx, route.ByIndex(1), &route.LinkOptions{HardwareAddr: make(net.HardwareAddr, 33)})
		}},
		call{"small MTU", "LinkOptions.MTU", "below 68", func() error {
			return c.LinkAdd(ctx, "v0", &route.Veth{}, &route.LinkOptions{MTU: 60})
		}},
		call{"index beyond int32", "link", "beyond the kernel's largest", func() error { _, err := c.LinkByIndex(ctx, 1<<31); return err }},
		call{"index 0", "link", "no link given", func() error { return c.LinkDel(ctx, route.ByIndex(0)) }},
		call{"no parent", "VLAN.Parent", "no link given", func() error { return c.LinkAdd(ctx, "vl0", &route.VLAN{ID: 5}, nil) }},
		call{"VLAN id", "VLAN.ID", "4094", func() error { return c.LinkAdd(ctx, "vl0", &route.VLAN{Parent: route.ByIndex(1), ID: 4095}, nil) }},
		call{"VNI", "Vxlan.ID", "24 bits", func() error { return c.LinkAdd(ctx, "vx0", &route.Vxlan{ID: 1 << 24}, nil) }},
		call{"NeighOptions.LLAddr", "NeighOptions.LLAddr", "1 to 32", func() error {
			return c.NeighAdd(ctx, route.ByIndex(1), p.Addr(), &route.NeighOptions{LLAddr: net.HardwareAddr{}})
		}},
	)
	for _, cl := range calls {
		err := cl.do()
		if n := len(f.Requests()); n != 0 {
			t.Fatalf("%s: %d requests sent", cl.name, n)
		}
		var ae *route.ArgError
		if !errors.As(err, &ae) {
			t.Errorf("%s: %v, want an *ArgError", cl.name, err)
			continue
		}
		if ae.Arg != cl.arg || !strings.Contains(ae.Rule, cl.rule) {
			t.Errorf("%s: ArgError{%q, %q}, want %q and a rule with %q", cl.name, ae.Arg, ae.Rule, cl.arg, cl.rule)
		}
		if !strings.Contains(err.Error(), ae.Arg+": ") || strings.Count(err.Error(), "route:") != 1 {
			t.Errorf("%s: text %q does not name the argument once, under one prefix", cl.name, err)
		}
	}
	// Good arguments are sent.
	if err := c.LinkDel(ctx, route.ByName("eth0")); err != nil {
		t.Error(err)
	}
	if err := c.LinkAdd(ctx, "v0", &route.Veth{Peer: "v1"}, &route.LinkOptions{MTU: 9000, HardwareAddr: net.HardwareAddr{2, 0, 0, 0, 0, 1}}); err != nil {
		t.Error(err)
	}
	if n := len(f.Requests()); n != 2 {
		t.Errorf("%d requests for two good calls", n)
	}
}

// TestClientErrorPrefix: an operation made of others says "route:" once.
func TestClientErrorPrefix(t *testing.T) {
	c, _ := fakeClient(t, conntest.AckAll)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.WaitForLink(ctx, "lo")
	if err == nil || err.Error() != "route: wait for link lo: monitor: context canceled" {
		t.Errorf("WaitForLink = %q", err)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("WaitForLink = %v, want context.Canceled", err)
	}
}

// TestLinkRef covers the small type every link argument takes.
func TestLinkRef(t *testing.T) {
	for _, c := range []struct {
		r      route.LinkRef
		zero   bool
		str    string
		index  bool
		byName bool
	}{
		{route.LinkRef{}, true, "none", false, false},
		{route.ByIndex(0), true, "none", false, false},
		{route.ByIndex(7), false, "index 7", true, false},
		{route.ByName("eth0"), false, "eth0", false, true},
		{route.ByName(""), false, `""`, false, true},
		{route.ByName("a b\n"), false, `"a b\n"`, false, true},
		{(&route.Link{Index: 9}).Ref(), false, "index 9", true, false},
	} {
		_, isIndex := c.r.Index()
		_, isName := c.r.Name()
		if c.r.IsZero() != c.zero || c.r.String() != c.str || isIndex != c.index || isName != c.byName {
			t.Errorf("%#v: IsZero %v String %q Index %v Name %v", c.r, c.r.IsZero(), c.r.String(), isIndex, isName)
		}
	}
}
