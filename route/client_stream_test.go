package route

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"weak"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/nltest"
)

// TestStreamForgetsValues checks that an iterator holds no value it has
// handed out: a loop that keeps none lets the garbage collector take the
// early ones while the dump goes on, so that iterating a large dump takes
// memory for a block, not for the dump.
func TestStreamForgetsValues(t *testing.T) {
	const routes = 200 // many blocks of blocks.MinSize
	ns := nltest.NewNS(t)
	var cmds strings.Builder
	for i := range routes {
		fmt.Fprintf(&cmds, "route add blackhole 10.2.%d.0/24 table 100\n", i)
	}
	ns.Batch(t, cmds.String())
	c, err := Dial(context.Background(), &Options{NetNS: conn.NetNSPath(ns.Path)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	var first weak.Pointer[Route]
	n := 0
	for r, err := range c.Routes(context.Background(), &RouteFilter{Family: FamilyIPv4, Table: 100}) {
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			first = weak.Make(r)
		}
		if n++; n == routes/2 {
			runtime.GC()
			runtime.GC()
			if first.Value() != nil {
				t.Fatalf("after %d of %d routes, the first is still reachable", n, routes)
			}
		}
	}
	if n != routes {
		t.Fatalf("%d routes, want %d", n, routes)
	}
}
