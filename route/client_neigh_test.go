package route_test

import (
	"errors"
	"net"
	"net/netip"
	"slices"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/route"
)

func TestClientNeigh(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, `
link add v0 type veth peer name v1
link set v0 up
addr add 10.1.0.1/24 dev v0
addr add 2001:db8::1/64 dev v0 nodad`)
	mac := func(s string) net.HardwareAddr { m, _ := net.ParseMAC(s); return m }
	ip := netip.MustParseAddr
	neigh := func(args ...string) map[string]any {
		ns := e.objects(t, append([]string{"neigh", "show"}, args...)...)
		if len(ns) != 1 {
			t.Fatalf("ip neigh show %v: %d entries", args, len(ns))
		}
		return ns[0]
	}

	if err := e.c.NeighAdd(e.ctx, route.ByName("v0"), ip("10.1.0.7"), &route.NeighOptions{LLAddr: mac("02:00:00:00:00:07")}); err != nil {
		t.Fatal(err)
	}
	expect(t, "10.1.0.7", neigh("10.1.0.7"), "dev", "v0", "lladdr", "02:00:00:00:00:07", "state", "PERMANENT")
	if err := e.c.NeighAdd(e.ctx, route.ByName("v0"), ip("10.1.0.7"), &route.NeighOptions{LLAddr: mac("02:00:00:00:00:08")}); !errors.Is(err, unix.EEXIST) {
		t.Errorf("adding 10.1.0.7 again: %v, want EEXIST", err)
	}
	if err := e.c.NeighReplace(e.ctx, route.ByName("v0"), ip("10.1.0.7"), &route.NeighOptions{LLAddr: mac("02:00:00:00:00:08"), State: route.NUDStale}); err != nil {
		t.Fatal(err)
	}
	expect(t, "replaced", neigh("10.1.0.7"), "lladdr", "02:00:00:00:00:08", "state", "STALE")
	if err := e.c.NeighAdd(e.ctx, route.ByName("v0"), ip("2001:db8::7"), &route.NeighOptions{LLAddr: mac("02:00:00:00:00:09"), Router: true}); err != nil {
		t.Fatal(err)
	}
	r := neigh("2001:db8::7")
	if _, ok := r["router"]; !ok {
		t.Errorf("2001:db8::7: ip shows %v, want router", r)
	}
	if err := e.c.NeighAdd(e.ctx, route.ByName("v0"), ip("10.1.0.50"), &route.NeighOptions{Proxy: true}); err != nil {
		t.Fatal(err)
	}
	expect(t, "proxy", neigh("proxy", "10.1.0.50"), "dev", "v0")

	// Lists, compared with ip's (which leaves out NOARP entries).
	for _, tc := range []struct {
		f    route.NeighFilter
		args []string
	}{
		{route.NeighFilter{Dev: route.ByName("v0")}, []string{"neigh", "show", "dev", "v0"}},
		{route.NeighFilter{Family: route.FamilyIPv6}, []string{"-6", "neigh", "show"}},
		{route.NeighFilter{Proxy: true}, []string{"neigh", "show", "proxy"}},
	} {
		ns, err := e.c.NeighList(e.ctx, &tc.f)
		if err != nil {
			t.Fatal(err)
		}
		var got, want []string
		for _, n := range ns {
			if n.State&route.NUDNoARP == 0 {
				got = append(got, n.Dst.String()+" "+n.LLAddr.String())
			}
		}
		for _, m := range e.objects(t, tc.args...) {
			want = append(want, field(m, "dst")+" "+field(m, "lladdr"))
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("NeighList(%+v) = %q, ip shows %q", tc.f, got, want)
		}
	}

	if err := e.c.NeighDel(e.ctx, route.ByName("v0"), ip("10.1.0.7"), nil); err != nil {
		t.Fatal(err)
	}
	if err := e.c.NeighDel(e.ctx, route.ByName("v0"), ip("10.1.0.50"), &route.NeighOptions{Proxy: true}); err != nil {
		t.Fatal(err)
	}
	if ns := e.objects(t, "-4", "neigh", "show", "dev", "v0"); len(ns) != 0 {
		t.Errorf("after NeighDel, ip shows %v", ns)
	}
	if ns := e.objects(t, "neigh", "show", "proxy"); len(ns) != 0 {
		t.Errorf("after NeighDel of the proxy entry, ip shows %v", ns)
	}
	if err := e.c.NeighDel(e.ctx, route.ByName("v0"), ip("10.1.0.7"), nil); !errors.Is(err, unix.ENOENT) {
		t.Errorf("deleting 10.1.0.7 again: %v, want ENOENT", err)
	}
}

// TestClientNeighNoARP: NeighList, "unlike ip(8), keeps NUD_NOARP
// entries", which ip neigh show leaves out.
func TestClientNeighNoARP(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, `
link add v0 type veth peer name v1
neigh add 10.1.0.8 lladdr 02:00:00:00:00:08 dev v0 nud noarp`)
	ns, err := e.c.NeighList(e.ctx, &route.NeighFilter{Dev: route.ByName("v0"), Family: route.FamilyIPv4})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, n := range ns {
		found = found || n.Dst == netip.MustParseAddr("10.1.0.8") && n.State&route.NUDNoARP != 0
	}
	if !found {
		t.Errorf("NeighList leaves out the NOARP entry: %v", ns)
	}
	if n := e.objects(t, "neigh", "show", "dev", "v0"); len(n) != 0 {
		t.Logf("ip neigh show now shows NOARP entries: %v", n)
	}
}

// TestClientNeighLLAddrLength: the kernel cuts a neighbour's link-layer
// address that is longer than the link's to the link's length, without a
// word (`ip neigh add ... lladdr 01:02:03:04:05:06:07` stores
// 01:02:03:04:05:06). The Client refuses it, with the link named by index
// as by name, and sends nothing.
func TestClientNeighLLAddrLength(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, "link add v0 type veth peer name v1\nlink set v0 up")
	v0, err := e.c.LinkGet(e.ctx, route.ByName("v0"))
	if err != nil {
		t.Fatal(err)
	}
	long := net.HardwareAddr{2, 0, 0, 0, 0, 7, 9}
	for _, dev := range []route.LinkRef{route.ByName("v0"), route.ByIndex(v0.Index)} {
		err := e.c.NeighAdd(e.ctx, dev, netip.MustParseAddr("10.1.0.7"), &route.NeighOptions{LLAddr: long})
		var ae *route.ArgError
		if !errors.As(err, &ae) || ae.Arg != "NeighOptions.LLAddr" {
			t.Errorf("NeighAdd dev %v with a 7-byte address: %v, want an ArgError for NeighOptions.LLAddr", dev, err)
		}
	}
	if ns := e.objects(t, "neigh", "show", "dev", "v0"); len(ns) != 0 {
		t.Errorf("entries made: %v", ns)
	}
}
