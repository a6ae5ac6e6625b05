package sockdiag

import (
	"context"
	"net"
	"runtime"
	"testing"
	"weak"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/nltest"
)

// TestStreamForgetsValues checks the iterators' "constant memory": a loop
// that keeps no socket lets the garbage collector take the early ones
// while the dump goes on.
func TestStreamForgetsValues(t *testing.T) {
	const sockets = 200 // many blocks of blocks.MinSize
	ns := nltest.NewNS(t)
	ns.Do(t, func() {
		for range sockets {
			c, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { c.Close() })
		}
	})
	c, err := Dial(context.Background(), &Options{NetNS: conn.NetNSPath(ns.Path)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var first weak.Pointer[InetSocket]
	n := 0
	for s, err := range c.InetSockets(context.Background(), &InetFilter{Family: FamilyIPv4, Protocol: ProtocolUDP}) {
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			first = weak.Make(s)
		}
		if n++; n == sockets/2 {
			runtime.GC()
			runtime.GC()
			if first.Value() != nil {
				t.Fatalf("after %d of %d sockets, the first is still reachable", n, sockets)
			}
		}
	}
	if n != sockets {
		t.Fatalf("%d sockets, want %d", n, sockets)
	}
}
