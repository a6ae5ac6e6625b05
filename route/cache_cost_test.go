package route

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/internal/nltest"
)

// TestCacheCost measures, with NLTEST_CACHE_COST_ROUTES routes (default
// 2,000), the time of a full resync beside a plain RouteList of the same
// routes (best of 5 each, interleaved; wall and CPU time), and the heap a
// Cache holds per route beside a RouteList's result. The bounds are loose: they catch a
// resync that does far more than list, or a per-route cost that balloons.
// Under the race detector it only checks that the Cache holds the routes.
func TestCacheCost(t *testing.T) {
	n := nltest.EnvInt(t, "NLTEST_CACHE_COST_ROUTES", 2000)
	ns := newCacheNS(t)
	var b strings.Builder
	b.WriteString("link add d0 type veth peer name d0p\nlink set d0p up\nlink set d0 up\n")
	for i := range n {
		fmt.Fprintf(&b, "route add 10.%d.%d.%d/32 dev d0\n", i>>16&0xff, i>>8&0xff, i&0xff)
	}
	ns.Batch(t, b.String())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()

	heap := func() uint64 {
		var m runtime.MemStats
		runtime.GC()
		runtime.GC()
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	base := heap()
	c, cc := dialCache(t, ns.NS, 0, nil)
	cached := heap()
	_, _, routes, _ := cc.Snapshot().Len()
	if routes < n {
		t.Fatalf("the Cache holds %d routes, want at least %d", routes, n)
	}
	perCached := float64(cached-base) / float64(routes)
	list, err := c.RouteList(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	perListed := float64(heap()-cached) / float64(len(list))
	runtime.KeepAlive(list)
	list = nil

	// Wall time, and the process's CPU time, which a loaded machine
	// inflates less.
	type cost struct{ wall, cpu time.Duration }
	measure := func(f func() error) cost {
		cpu0, start := cpuTime(t), time.Now()
		if err := f(); err != nil {
			t.Fatal(err)
		}
		return cost{time.Since(start), cpuTime(t) - cpu0}
	}
	var lists, resyncs []cost
	for range 5 {
		lists = append(lists, measure(func() error { _, err := c.RouteList(ctx, nil); return err }))
		resyncs = append(resyncs, measure(func() error { return cc.Resync(ctx) }))
	}
	best := func(cs []cost) cost {
		b := cs[0]
		for _, c := range cs {
			b.wall, b.cpu = min(b.wall, c.wall), min(b.cpu, c.cpu)
		}
		return b
	}
	l, r := best(lists), best(resyncs)
	ratio := float64(r.cpu) / float64(l.cpu)
	t.Logf("%d routes, best of 5: RouteList %v wall, %v CPU; full resync %v wall, %v CPU (%.2f× in CPU); heap per route: cached %.0f B, listed %.0f B",
		routes, l.wall.Round(time.Millisecond), l.cpu.Round(time.Millisecond), r.wall.Round(time.Millisecond), r.cpu.Round(time.Millisecond), ratio, perCached, perListed)
	if membound.RaceEnabled {
		return
	}
	if perCached > 2048 {
		t.Errorf("%.0f bytes per cached route, want at most 2048", perCached)
	}
	// A resync also opens a socket, lists links, addresses and neighbours
	// and compares every object with the one held: 20 ms covers the fixed
	// part.
	if r.cpu > 8*l.cpu+20*time.Millisecond {
		t.Errorf("a resync takes %.2f× the CPU time of a RouteList, want at most 8× and 20 ms", ratio)
	}
}

// cpuTime returns the CPU time the process has used, user and system.
func cpuTime(t *testing.T) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
