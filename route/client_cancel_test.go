package route

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/nltest"
)

// TestDumpCancelledMidway cancels a list while its dump is being decoded:
// the list ends with the context's error and nothing else, and the
// Client's next list, on the same socket, is whole and holds nothing of
// the abandoned dump.
func TestDumpCancelledMidway(t *testing.T) {
	const routes = 2000 // several datagrams
	ns := nltest.NewNS(t)
	var cmds strings.Builder
	for i := range routes {
		fmt.Fprintf(&cmds, "route add blackhole 10.%d.%d.0/24 table 100\n", 100+i>>8, i&0xff)
	}
	ns.Batch(t, cmds.String())
	c, err := Dial(context.Background(), &Options{NetNS: conn.NetNSPath(ns.Path)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	req := &Route{Family: FamilyIPv4, TableID: 100}
	for range 3 {
		ctx, cancel := context.WithCancel(context.Background())
		seen := 0
		rs, err := dump[Route](ctx, c, unix.RTM_GETROUTE, unix.RTM_NEWROUTE, req, func(*Route) bool {
			if seen++; seen == 1 {
				cancel()
			}
			return true
		})
		cancel()
		if !errors.Is(err, context.Canceled) || rs != nil || seen >= routes {
			t.Errorf("cancelled list: %d routes, %v after %d decoded; want none, context.Canceled, fewer than %d", len(rs), err, seen, routes)
		}
		// The next request, and the neighbours' list in between (another
		// type of reply that must not meet the abandoned routes).
		if _, err := c.NeighList(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		all, err := c.RouteList(context.Background(), &RouteFilter{Family: FamilyIPv4, Table: 100})
		if err != nil || len(all) != routes {
			t.Fatalf("the list after: %d routes, %v; want %d", len(all), err, routes)
		}
	}
}
