package route_test

import (
	"context"
	"net/netip"
	"testing"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/route"
)

// BenchmarkRouteAddDel adds a route by index and deletes it again, per op:
// what a single change costs the caller besides the kernel's work, which
// is the same for every library. Its user-space instructions, which
// cachegrind counts without the machine's noise, are those of RouteAdd
// and RouteDel alone:
//
//	go test -c -o /tmp/route.test ./route && valgrind --tool=cachegrind --cache-sim=no \
//	  /tmp/route.test -test.run '^$' -test.bench RouteAddDel -test.benchtime 20000x
func BenchmarkRouteAddDel(b *testing.B) {
	ns := nltest.NewNS(b)
	ns.Batch(b, "link add v0 type veth peer name v1\nlink set v0 up\nlink set v1 up\naddr add 10.1.0.1/24 dev v0")
	ctx := context.Background()
	c, err := route.Dial(ctx, &route.Options{NetNS: conn.NetNSName(ns.Name)})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	l, err := c.LinkByName(ctx, "v0")
	if err != nil {
		b.Fatal(err)
	}
	dst := netip.MustParsePrefix("192.0.2.0/24")
	o := &route.RouteOptions{Dev: route.ByIndex(l.Index), Gateway: netip.MustParseAddr("10.1.0.2"), Table: 100}
	b.ReportAllocs()
	for b.Loop() {
		if err := c.RouteAdd(ctx, dst, o); err != nil {
			b.Fatal(err)
		}
		if err := c.RouteDel(ctx, dst, o); err != nil {
			b.Fatal(err)
		}
	}
}
