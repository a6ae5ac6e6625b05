package bench

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	vnl "github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/route"
)

// installRoutes is the size of the table BenchmarkRouteInstall installs
// with each library, and installChunk how many routes one library adds
// before the next takes its turn: interleaving in small chunks spreads a
// change of machine load over the libraries alike.
const (
	installRoutes = 10_000
	installChunk  = 250
)

// BenchmarkRouteInstall installs a table of 10,000 IPv4 routes (one request
// each, through r0 and its gateway, as a daemon installing a table does)
// with each library, interleaved, each in a table of its own, and reports
// the time per route of each (wall clock, and the process's CPU time): ours-index names the link by index, which
// costs nothing; ours-name by name, which costs a lookup per route;
// vishvananda/netlink takes an index. One op is one round of all three;
// the tables are flushed between rounds with the timer stopped.
func BenchmarkRouteInstall(b *testing.B) {
	needEnv(b)
	ctx := context.Background()
	c := env.clients
	r0, err := c.Route.LinkByName(ctx, "r0")
	if err != nil {
		b.Fatal(err)
	}
	gw := netip.MustParseAddr("192.0.2.2")
	libs := []struct {
		name  string
		table route.Table
		add   func(p netip.Prefix, table route.Table) error
	}{
		{"ours-index", 100, func(p netip.Prefix, table route.Table) error {
			return c.Route.RouteAdd(ctx, p, &route.RouteOptions{Dev: route.ByIndex(r0.Index), Gateway: gw, Table: table})
		}},
		{"ours-name", 101, func(p netip.Prefix, table route.Table) error {
			return c.Route.RouteAdd(ctx, p, &route.RouteOptions{Dev: route.ByName("r0"), Gateway: gw, Table: table})
		}},
		{"vishvananda", 102, func(p netip.Prefix, table route.Table) error {
			a := p.Addr().As4()
			return c.V.RouteAdd(&vnl.Route{
				LinkIndex: int(r0.Index), Gw: gw.AsSlice(), Table: int(table),
				Dst: &net.IPNet{IP: a[:], Mask: net.CIDRMask(p.Bits(), 32)},
			})
		}},
	}
	flush := func() {
		for _, l := range libs {
			// An empty table does not exist, which flush reports.
			err := env.ns.IP("route", "flush", "table", fmt.Sprint(l.table))
			if err != nil && !strings.Contains(err.Error(), "does not exist") {
				b.Fatal(err)
			}
		}
	}
	flush()
	spent := make([]time.Duration, len(libs))
	cpu := make([]time.Duration, len(libs)) // the process's user and system time
	for b.Loop() {
		for start := 0; start < installRoutes; start += installChunk {
			for j, l := range libs {
				c0, t0 := cpuTime(b), time.Now()
				for i := start; i < start+installChunk; i++ {
					p := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), 0}), 24)
					if err := l.add(p, l.table); err != nil {
						b.Fatal(err)
					}
				}
				spent[j] += time.Since(t0)
				cpu[j] += cpuTime(b) - c0
			}
		}
		b.StopTimer()
		flush()
		b.StartTimer()
	}
	for j, l := range libs {
		b.ReportMetric(float64(spent[j].Nanoseconds())/float64(b.N*installRoutes), "ns/route-"+l.name)
		b.ReportMetric(float64(cpu[j].Nanoseconds())/float64(b.N*installRoutes), "cpu-ns/route-"+l.name)
	}
}

// cpuTime returns the user and system time the process has used, kernel
// work on its behalf included: on a loaded machine, a measure of cost that
// waiting for a CPU does not inflate.
func cpuTime(b *testing.B) time.Duration {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
