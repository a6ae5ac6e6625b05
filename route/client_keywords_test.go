package route_test

import (
	"errors"
	"net"
	"net/netip"
	"os/exec"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/route"
)

// TestClientLinkSetFlags sets the device flags and addresses that
// guile-netlink's link-set takes (multicast, dynamic, trailers, carrier,
// broadcast), naming the link by index as guile-netlink may, and checks
// them with ip(8).
func TestClientLinkSetFlags(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, "link add v0 type veth peer name v1")
	v0, err := e.c.LinkByName(e.ctx, "v0")
	if err != nil {
		t.Fatal(err)
	}
	brd, _ := net.ParseMAC("02:ff:ff:ff:ff:ff")
	if err := e.c.LinkSet(e.ctx, route.ByIndex(v0.Index), &route.LinkOptions{
		Multicast: new(false), Dynamic: new(true), Trailers: new(false), AllMulticast: new(true), Broadcast: brd,
	}); err != nil {
		t.Fatal(err)
	}
	expect(t, "v0", e.link(t, "v0"), "flags", "BROADCAST,ALLMULTI,DYNAMIC,NOTRAILERS,M-DOWN", "broadcast", "02:ff:ff:ff:ff:ff")
	// And back.
	if err := e.c.LinkSet(e.ctx, route.ByIndex(v0.Index), &route.LinkOptions{
		Multicast: new(true), Dynamic: new(false), Trailers: new(true), AllMulticast: new(false),
	}); err != nil {
		t.Fatal(err)
	}
	expect(t, "v0", e.link(t, "v0"), "flags", "BROADCAST,MULTICAST,M-DOWN")

	// Veth has no carrier switch: the kernel refuses, as it refuses ip(8).
	err = e.c.LinkSet(e.ctx, route.ByName("v0"), &route.LinkOptions{Carrier: new(true)})
	_, ipErr := exec.Command("ip", "-n", e.Name, "link", "set", "v0", "carrier", "on").Output()
	if !errors.Is(err, unix.EOPNOTSUPP) || ipErr == nil {
		t.Errorf("carrier on a veth: %v (ip: %v), want EOPNOTSUPP from both", err, ipErr)
	}

	var ae *route.ArgError
	err = e.c.LinkSet(e.ctx, route.ByName("v0"), &route.LinkOptions{Broadcast: net.HardwareAddr{}})
	if !errors.As(err, &ae) || ae.Arg != "LinkOptions.Broadcast" {
		t.Errorf("an empty broadcast address: %v, want an ArgError", err)
	}
}

// TestClientAddrAnycast adds addresses with IFA_ANYCAST, as guile-netlink's
// addr-add #:anycast: the kernel takes them as ip(8)'s.
func TestClientAddrAnycast(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, "link add v0 type veth peer name v1")
	for _, tc := range []struct{ prefix, anycast string }{{"10.1.0.1/24", "10.1.0.5"}, {"2001:db8::1/64", "2001:db8::5"}} {
		o := &route.AddrOptions{Anycast: netip.MustParseAddr(tc.anycast), Flags: route.AddrNoDAD}
		if err := e.c.AddrAdd(e.ctx, route.ByName("v0"), netip.MustParsePrefix(tc.prefix), o); err != nil {
			t.Fatal(err)
		}
		local := netip.MustParsePrefix(tc.prefix).Addr().String()
		if e.ipAddr(t, "v0", local) == nil {
			t.Errorf("ip does not show %s", local)
		}
	}
	as, err := e.c.AddrList(e.ctx, &route.AddrFilter{Dev: route.ByName("v0")})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if a.Extra != nil && a.Extra.Anycast.IsValid() {
			t.Errorf("the kernel reports %s with anycast %s", a.Local, a.Extra.Anycast)
		}
	}
	err = e.c.AddrAdd(e.ctx, route.ByName("v0"), netip.MustParsePrefix("10.2.0.1/24"), &route.AddrOptions{Anycast: netip.MustParseAddr("2001:db8::5")})
	var ae *route.ArgError
	if !errors.As(err, &ae) || ae.Arg != "AddrOptions.Anycast" {
		t.Errorf("an IPv6 anycast address for an IPv4 one: %v, want an ArgError", err)
	}
}

// TestClientNoLink: a link the kernel lacks, named by name or index, in
// the call's link or in another argument, gives a NoLinkError that names
// the argument and matches ENODEV.
func TestClientNoLink(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, "link add v0 type veth peer name v1")
	for _, tc := range []struct {
		what string
		err  error
		arg  string
		link route.LinkRef
	}{
		{"LinkSet by name", e.c.LinkSet(e.ctx, route.ByName("nope"), &route.LinkOptions{Up: new(true)}), "link", route.ByName("nope")},
		{"LinkSet by index", e.c.LinkSet(e.ctx, route.ByIndex(999), &route.LinkOptions{Up: new(true)}), "link", route.ByIndex(999)},
		{"LinkDel", e.c.LinkDel(e.ctx, route.ByName("nope")), "link", route.ByName("nope")},
		{"LinkGet", func() error { _, err := e.c.LinkGet(e.ctx, route.ByIndex(999)); return err }(), "link", route.ByIndex(999)},
		{"master", e.c.LinkSet(e.ctx, route.ByName("v0"), &route.LinkOptions{Master: route.ByName("br9")}), "LinkOptions.Master", route.ByName("br9")},
		{"AddrAdd", e.c.AddrAdd(e.ctx, route.ByName("nope"), netip.MustParsePrefix("10.0.0.1/24"), nil), "dev", route.ByName("nope")},
		{"FDBAdd", e.c.FDBAdd(e.ctx, route.ByName("nope"), net.HardwareAddr{2, 0, 0, 0, 0, 1}, nil), "dev", route.ByName("nope")},
	} {
		var nl *route.NoLinkError
		if !errors.As(tc.err, &nl) || !errors.Is(tc.err, unix.ENODEV) || nl.Arg != tc.arg || nl.Link != tc.link {
			t.Errorf("%s: %v, want a NoLinkError for %s %v matching ENODEV", tc.what, tc.err, tc.arg, tc.link)
		}
	}
}
