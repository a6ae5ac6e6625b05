package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"net/netip"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	vnl "github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/netlink"
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

// BenchmarkRouteInstall installs a table of 10,000 IPv4 routes (through r0
// and its gateway, as a daemon installing a table does) with each way,
// interleaved in chunks of 250 (in an order drawn for each chunk), each in
// a table of its own, and reports
// the time per route of each:
//
//   - ours-index: Client.RouteAdd per route, the link by index, which costs
//     nothing;
//   - ours-name: the same by name, which costs a lookup per route;
//   - ours-batch: a route.Batch per chunk, the link by index;
//   - vishvananda: its RouteAdd per route, which takes an index;
//   - raw-1: a bare socket, prebuilt requests, one per sendmsg, each ACK
//     read before the next request (the floor for one call per route);
//   - raw-64: the same requests packed 64 to a sendmsg, the ACKs read after
//     each (the floor for pipelined writes);
//   - raw-64q: the same with an ACK asked for on the last request of each
//     sendmsg only, as route.Batch does (conn.Conn.ExecuteBatchQuiet): the
//     kernel answers failures anyway, so one answer per sendmsg remains.
//
// The raw requests are built before the clock starts; the libraries build
// theirs in the call, as an application's do. One op is one round of all;
// the tables are flushed between rounds with the timer stopped. Beside the
// time per route it reports the process's CPU time per route (user and
// system), which the waits of a busy machine do not inflate, and its two
// parts apart (sampled by the kernel at ticks: their split is rough, their
// sum is not).
func BenchmarkRouteInstall(b *testing.B) {
	needEnv(b)
	ctx := context.Background()
	c := env.clients
	r0, err := c.Route.LinkByName(ctx, "r0")
	if err != nil {
		b.Fatal(err)
	}
	gw := netip.MustParseAddr("192.0.2.2")
	prefix := func(i int) netip.Prefix {
		return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), 0}), 24)
	}
	// each makes a way that adds one route per call; all its work counts.
	each := func(add func(p netip.Prefix, table route.Table) error) func(int, route.Table) func() error {
		return func(start int, table route.Table) func() error {
			return func() error {
				for i := start; i < start+installChunk; i++ {
					if err := add(prefix(i), table); err != nil {
						return err
					}
				}
				return nil
			}
		}
	}
	// raw makes a way that sends the chunk's requests per to a sendmsg,
	// quiet: with an ACK asked for on the last of each only; they are
	// built when the chunk is prepared, off the clock.
	raw := func(per int, quiet bool) func(int, route.Table) func() error {
		return func(start int, table route.Table) func() error {
			var ds [][]byte
			var d []byte
			for i := start; i < start+installChunk; i++ {
				r := &route.Route{Family: route.FamilyIPv4, DstLen: 24, Dst: prefix(i).Addr(), TableID: table,
					Protocol: route.ProtoBoot, Scope: route.ScopeUniverse, Type: route.TypeUnicast, Gateway: gw, OIF: r0.Index}
				last := (i-start+1)%per == 0 || i == start+installChunk-1
				flags := netlink.Request | netlink.Acknowledge | netlink.Create | netlink.Excl
				if quiet && !last {
					flags &^= netlink.Acknowledge
				}
				var err error
				if d, err = netlink.AppendMessage(d, netlink.Message{Header: netlink.Header{Type: unix.RTM_NEWROUTE,
					Flags: flags, Seq: uint32(i + 1)}, Body: r}); err != nil {
					b.Fatal(err)
				}
				if last {
					ds, d = append(ds, d), nil
				}
			}
			return func() error {
				for k, d := range ds {
					answers := min(per, installChunk-k*per)
					if quiet {
						answers = 1
					}
					if failed, err := c.Raw.ExchangePacked(d, answers); err != nil || failed > 0 {
						return fmt.Errorf("raw: %d failed, %v", failed, err)
					}
				}
				return nil
			}
		}
	}
	type way struct {
		name  string
		table route.Table
		prep  func(start int, table route.Table) func() error
	}
	libs := []way{
		{"ours-index", 100, each(func(p netip.Prefix, table route.Table) error {
			return c.Route.RouteAdd(ctx, p, &route.RouteOptions{Dev: route.ByIndex(r0.Index), Gateway: gw, Table: table})
		})},
		{"ours-name", 101, each(func(p netip.Prefix, table route.Table) error {
			return c.Route.RouteAdd(ctx, p, &route.RouteOptions{Dev: route.ByName("r0"), Gateway: gw, Table: table})
		})},
		{"vishvananda", 102, each(func(p netip.Prefix, table route.Table) error {
			a := p.Addr().As4()
			return c.V.RouteAdd(&vnl.Route{
				LinkIndex: int(r0.Index), Gw: gw.AsSlice(), Table: int(table),
				Dst: &net.IPNet{IP: a[:], Mask: net.CIDRMask(p.Bits(), 32)},
			})
		})},
		{"ours-batch", 103, func(start int, table route.Table) func() error {
			return func() error {
				bt := c.Route.NewBatch()
				for i := start; i < start+installChunk; i++ {
					if err := bt.RouteAdd(ctx, prefix(i), &route.RouteOptions{Dev: route.ByIndex(r0.Index), Gateway: gw, Table: table}); err != nil {
						return err
					}
				}
				return bt.Run(ctx)
			}
		}},
		{"raw-1", 104, raw(1, false)},
		{"raw-64", 105, raw(64, false)},
		{"raw-64q", 106, raw(64, true)},
	}
	// BENCH_INSTALL_WAYS (names, comma-separated) runs only those ways, so
	// that a CPU profile of the run shows one way's costs.
	if w := os.Getenv("BENCH_INSTALL_WAYS"); w != "" {
		libs = slices.DeleteFunc(libs, func(l way) bool {
			return !slices.Contains(strings.Split(w, ","), l.name)
		})
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
	user := make([]time.Duration, len(libs))
	sys := make([]time.Duration, len(libs))
	// The ways take their turns in an order drawn afresh for each chunk:
	// the kernel finishes some work of a turn after it (it frees the
	// trie's replaced nodes after an RCU grace period), which then counts
	// against the next way, and a fixed order would charge each way its
	// fixed predecessor's.
	order := rand.New(rand.NewPCG(1, 2))
	for b.Loop() {
		for start := 0; start < installRoutes; start += installChunk {
			for _, j := range order.Perm(len(libs)) {
				l := libs[j]
				add := l.prep(start, l.table)
				u0, s0 := userSys(b)
				t0 := time.Now()
				if err := add(); err != nil {
					b.Fatal(l.name, err)
				}
				spent[j] += time.Since(t0)
				u1, s1 := userSys(b)
				user[j] += u1 - u0
				sys[j] += s1 - s0
			}
		}
		b.StopTimer()
		flush()
		b.StartTimer()
	}
	for j, l := range libs {
		b.ReportMetric(float64(spent[j].Nanoseconds())/float64(b.N*installRoutes), "ns/route-"+l.name)
		per := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / float64(b.N*installRoutes) }
		b.ReportMetric(per(user[j]+sys[j]), "cpu-ns/route-"+l.name)
		b.ReportMetric(per(user[j]), "user-ns/route-"+l.name)
		b.ReportMetric(per(sys[j]), "sys-ns/route-"+l.name)
	}
}

// cpuTime returns the user and system time the process has used, kernel
// work on its behalf included: on a loaded machine, a measure of cost that
// waiting for a CPU does not inflate.
func cpuTime(b *testing.B) time.Duration {
	u, s := userSys(b)
	return u + s
}

// userSys returns cpuTime's two parts: user and system time.
func userSys(b *testing.B) (user, sys time.Duration) {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano())
}
